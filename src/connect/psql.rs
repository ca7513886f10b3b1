//! Running psql with a connection in its environment (`PGHOST`, `PGPASSWORD`, …), never on its command line.
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use super::target::Target;

/// The variable that names another psql (a path, or a name looked up in `PATH`).
pub const PSQL_VAR: &str = "PPG_PSQL";

/// How to get psql, for the message when it is missing.
pub const INSTALL_HINT: &str = "install the PostgreSQL client: `apt-get install postgresql-client` (Debian, Ubuntu), \
     `dnf install postgresql` (Fedora), `brew install libpq` (macOS), or set PPG_PSQL to a psql";

/// Variables of the caller's environment that would send psql elsewhere than the target: removed.
pub const CLEARED: [&str; 4] = ["PGHOSTADDR", "PGSERVICE", "PGSERVICEFILE", "PGREQUIRESSL"];

/// Finds psql: `$PPG_PSQL` when set (a path, or a name in `PATH`), else `psql` in `PATH`. The error says
/// what was looked for and how to get psql.
pub fn find(ppg_psql: Option<&OsStr>, path: Option<&OsStr>) -> Result<PathBuf, String> {
    let wanted = ppg_psql.filter(|value| !value.is_empty()).unwrap_or(OsStr::new("psql"));
    let wanted_path = Path::new(wanted);
    if wanted_path.components().count() > 1 || wanted_path.is_absolute() {
        return match is_executable(wanted_path) {
            true => Ok(wanted_path.to_owned()),
            false => Err(format!("{PSQL_VAR} names {}, which is not an executable file", wanted_path.display())),
        };
    }
    let found = path
        .map(std::env::split_paths)
        .into_iter()
        .flatten()
        .map(|dir| dir.join(wanted_path))
        .find(|candidate| is_executable(candidate));
    found.ok_or_else(|| match ppg_psql.is_some_and(|value| !value.is_empty()) {
        true => format!("{PSQL_VAR} names {}, which is not in PATH", wanted_path.display()),
        false => format!("psql is not installed (not in PATH): {INSTALL_HINT}"),
    })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// The libpq variables that carry `target` (the password among them: only a process of the same user
/// can read another's environment, while anyone can read its arguments).
pub fn environment(target: &Target) -> Vec<(&'static str, OsString)> {
    let mut vars = vec![
        ("PGHOST", OsString::from(&target.host)),
        ("PGPORT", OsString::from(target.port.to_string())),
        ("PGUSER", OsString::from(&target.user)),
        ("PGDATABASE", OsString::from(target.database.as_deref().unwrap_or(&target.user))),
        ("PGSSLMODE", OsString::from(target.ssl_mode.name())),
    ];
    if let Some(password) = &target.password {
        vars.push(("PGPASSWORD", OsString::from(password.expose())));
    }
    if let Some(root) = &target.root_cert {
        vars.push(("PGSSLROOTCERT", root.as_os_str().to_owned()));
    }
    if let Some(limit) = target.connect_timeout {
        vars.push(("PGCONNECT_TIMEOUT", OsString::from(limit.as_secs().to_string())));
    }
    vars
}

/// `program ARGS…` with `target` in its environment and [`CLEARED`] removed; stdin, stdout and stderr
/// are inherited. A `std` command, so that the console can run it with the terminal handed over.
pub fn command(program: &Path, target: &Target, args: &[OsString]) -> std::process::Command {
    let mut command = std::process::Command::new(program);
    command.args(args);
    for name in CLEARED {
        command.env_remove(name);
    }
    command.envs(environment(target));
    command
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_carries_everything_and_the_arguments_nothing() {
        let target =
            Target::parse("postgres://me:sk_pw@db.example:6543/app?sslmode=verify-full&sslrootcert=/ca.pem").unwrap();
        let command = command(Path::new("/bin/psql"), &target, &["-c".into(), "select 1".into()]);
        let args: Vec<&OsStr> = command.get_args().collect();
        assert_eq!(args, ["-c", "select 1"]);
        let envs: Vec<(String, Option<String>)> = command
            .get_envs()
            .map(|(k, v)| (k.to_string_lossy().into_owned(), v.map(|v| v.to_string_lossy().into_owned())))
            .collect();
        let has = |name: &str, value: &str| envs.contains(&(name.to_owned(), Some(value.to_owned())));
        assert!(has("PGHOST", "db.example") && has("PGPORT", "6543") && has("PGUSER", "me"));
        assert!(has("PGPASSWORD", "sk_pw") && has("PGDATABASE", "app") && has("PGSSLMODE", "verify-full"));
        assert!(has("PGSSLROOTCERT", "/ca.pem"));
        assert!(envs.contains(&("PGHOSTADDR".to_owned(), None)), "PGHOSTADDR is removed");
    }

    #[test]
    fn psql_is_found_in_path_or_named_and_its_absence_says_how_to_get_it() {
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("psql");
        std::fs::write(&fake, "#!/bin/sh\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(find(None, Some(dir.path().as_os_str())).unwrap(), fake);
        assert_eq!(find(Some(fake.as_os_str()), None).unwrap(), fake);
        let empty = tempfile::tempdir().unwrap();
        let missing = find(None, Some(empty.path().as_os_str())).unwrap_err();
        assert!(missing.contains("not installed") && missing.contains("apt-get install postgresql-client"));
        let named = find(Some(OsStr::new("/nowhere/psql")), None).unwrap_err();
        assert!(named.contains("PPG_PSQL names /nowhere/psql"), "{named}");
    }
}
