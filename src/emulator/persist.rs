//! The state file: read at start, written atomically (temp file, fsync, rename) after every change.
use std::path::Path;

use tokio::io::AsyncWriteExt;

use super::StartError;
use super::model::World;

/// Reads and checks a world from a JSON file; the error names the line when the JSON is broken.
pub fn read(path: &Path) -> Result<World, String> {
    let text = std::fs::read(path).map_err(|error| error.to_string())?;
    let mut deserializer = serde_json::Deserializer::from_slice(&text);
    let world: World = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| format!("at `{}`: {}", error.path(), error.inner()))?;
    world.check()?;
    Ok(world)
}

pub fn load(path: &Path) -> Result<World, StartError> {
    read(path).map_err(|message| StartError::State { path: path.to_owned(), message })
}

/// Refuses a state file that could not be saved: a file marked read-only, a folder marked read-only or
/// missing, or one in which the temporary file cannot be created. Permission bits are checked as well as
/// a real attempt, so that a read-only mark is honoured even for root, who may write anyway.
pub fn check_writable(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err("it is a folder, not a file".to_owned()),
        Ok(meta) if meta.permissions().readonly() => return Err("the file is read-only".to_owned()),
        Ok(_) => {
            std::fs::OpenOptions::new().append(true).open(path).map_err(|error| format!("cannot write it: {error}"))?;
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error.to_string()),
    }
    let folder = match path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        Some(parent) => parent.to_owned(),
        None => std::path::PathBuf::from("."),
    };
    let meta = std::fs::metadata(&folder).map_err(|error| format!("its folder {}: {error}", folder.display()))?;
    if meta.permissions().readonly() {
        return Err(format!("its folder {} is read-only", folder.display()));
    }
    let probe = temp_path(path);
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)
        .map_err(|error| format!("cannot write in its folder {}: {error}", folder.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// The temporary file beside `path` that a save writes before renaming it over `path`.
fn temp_path(path: &Path) -> std::path::PathBuf {
    let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{file_name}.tmp"))
}

/// Writes `world` to `path` so that a crash at any moment leaves the old file or the new one whole.
pub async fn save(path: &Path, world: &World) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(world).map_err(std::io::Error::other)?;
    let temp = temp_path(path);
    let mut file = tokio::fs::File::create(&temp).await?;
    file.write_all(&json).await?;
    file.sync_all().await?;
    drop(file);
    tokio::fs::rename(&temp, path).await?;
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty())
        && let Ok(directory) = tokio::fs::File::open(parent).await
    {
        let _ = directory.sync_all().await;
    }
    Ok(())
}
