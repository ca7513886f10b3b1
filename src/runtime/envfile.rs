//! Writing minted strings into `./.env`: only when git ignores it (or after asking), other lines untouched.
use std::path::Path;
use std::process::{Command, Stdio};

use crate::app::EnvRefusal;

/// Whether git would keep `path` out of commits: `Some(true)` ignored, `Some(false)` not, `None` when
/// there is no repository here (or no git), so nothing can be committed by accident.
pub fn ignored_by_git(path: &Path) -> Option<bool> {
    let status = Command::new("git")
        .arg("check-ignore")
        .arg("-q")
        .arg(path)
        .current_dir(path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    match status.code() {
        Some(0) => Some(true),
        Some(1) => Some(false),
        _ => None,
    }
}

/// The variable a line sets (`KEY=…` or `export KEY=…`), if any.
fn key_of(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = line.strip_prefix("export ").unwrap_or(line);
    line.split_once('=').map(|(key, _)| key.trim()).filter(|key| !key.is_empty() && !key.starts_with('#'))
}

/// `existing` with each of `lines` replacing the line that sets the same variable, or appended.
pub fn merge(existing: &str, lines: &[String]) -> String {
    let mut out: Vec<String> = existing.lines().map(str::to_owned).collect();
    for line in lines {
        let Some(key) = key_of(line) else { continue };
        match out.iter_mut().find(|old| key_of(old) == Some(key)) {
            Some(old) => *old = line.clone(),
            None => out.push(line.clone()),
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Writes `lines` into the `.env` at `path` (temp file, then rename; new files readable by the owner only).
pub fn write(path: &Path, lines: &[String], force: bool) -> Result<String, EnvRefusal> {
    if !force && ignored_by_git(path) == Some(false) {
        return Err(EnvRefusal::NotIgnored);
    }
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(EnvRefusal::Failed(format!("cannot read {}: {error}", path.display()))),
    };
    let merged = merge(&existing, lines);
    let temp = path.with_file_name(".env.ppg-tmp");
    let failed = |error: std::io::Error| EnvRefusal::Failed(format!("cannot write {}: {error}", path.display()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    {
        use std::io::Write;
        let mut file = options.open(&temp).map_err(failed)?;
        file.write_all(merged.as_bytes()).map_err(failed)?;
        file.sync_all().map_err(failed)?;
    }
    std::fs::rename(&temp, path).map_err(failed)?;
    let keys: Vec<&str> = lines.iter().filter_map(|line| key_of(line)).collect();
    Ok(format!("wrote {} to {}", keys.join(" and "), path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_replaces_only_its_variables_and_keeps_the_rest() {
        let existing = "# app\nPORT=3000\nexport DATABASE_URL=\"old\"\nDIRECT_URL=old\n";
        let lines = vec!["DATABASE_URL=\"new-pooled\"".to_owned(), "DIRECT_URL=\"new-direct\"".to_owned()];
        assert_eq!(
            merge(existing, &lines),
            "# app\nPORT=3000\nDATABASE_URL=\"new-pooled\"\nDIRECT_URL=\"new-direct\"\n"
        );
        assert_eq!(merge("", &lines[..1]), "DATABASE_URL=\"new-pooled\"\n");
        assert_eq!(merge("PORT=1", &lines[1..]), "PORT=1\nDIRECT_URL=\"new-direct\"\n");
    }

    #[test]
    fn writes_outside_a_repository_and_asks_inside_one_when_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "KEEP=1\n").unwrap();
        let lines = vec!["DATABASE_URL=\"x\"".to_owned()];
        if ignored_by_git(&path).is_none() {
            assert!(write(&path, &lines, false).is_ok());
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "KEEP=1\nDATABASE_URL=\"x\"\n");
        }
        let git =
            |args: &[&str]| Command::new("git").args(args).current_dir(dir.path()).output().map(|o| o.status.success());
        if git(&["init", "-q"]).unwrap_or(false) {
            assert_eq!(write(&path, &lines, false), Err(EnvRefusal::NotIgnored));
            assert!(write(&path, &lines, true).is_ok(), "asked, then forced");
            std::fs::write(dir.path().join(".gitignore"), ".env\n").unwrap();
            assert!(write(&path, &lines, false).is_ok());
        }
    }
}
