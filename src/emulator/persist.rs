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

/// Writes `world` to `path` so that a crash at any moment leaves the old file or the new one whole.
pub async fn save(path: &Path, world: &World) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(world).map_err(std::io::Error::other)?;
    let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{file_name}.tmp"));
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
