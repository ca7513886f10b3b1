//! Reading a connection string from a `.env` file: `DATABASE_URL` (what apps use) or `DIRECT_URL`.
use std::path::Path;

/// The variables a `.env` written by ppg (or by Prisma's tooling) holds.
pub const DATABASE_URL: &str = "DATABASE_URL";
pub const DIRECT_URL: &str = "DIRECT_URL";

/// The value of the first of `keys` that `path` sets (its last assignment wins, as in a shell), and the
/// key it came from. Errors name the file and the keys, never a value.
pub fn read(path: &Path, keys: &[&'static str]) -> Result<(&'static str, String), String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    keys.iter()
        .find_map(|key| value_of(&text, key).map(|value| (*key, value)))
        .ok_or_else(|| format!("{} sets none of {}", path.display(), keys.join(", ")))
}

/// The value `text` gives `key`: `KEY=value`, `export KEY=value`, quoted with `"` or `'`, or bare with
/// an optional ` # comment`. An empty value counts as unset.
pub fn value_of(text: &str, key: &str) -> Option<String> {
    text.lines().filter_map(|line| assignment(line, key)).next_back().filter(|value| !value.is_empty())
}

fn assignment(line: &str, key: &str) -> Option<String> {
    let line = line.trim_start();
    let line = line.strip_prefix("export ").map_or(line, str::trim_start);
    let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?.trim_start();
    Some(match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let inner = &rest[1..];
            let end = inner.find(quote).unwrap_or(inner.len());
            let value = &inner[..end];
            match quote {
                '"' => value.replace("\\\"", "\"").replace("\\n", "\n"),
                _ => value.to_owned(),
            }
        }
        _ => {
            let bare = rest.split(" #").next().unwrap_or(rest);
            bare.trim_end().to_owned()
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn quoted_bare_exported_and_commented_values_are_read() {
        let text = "# comment\nOTHER=1\nDATABASE_URL=\"postgres://a:b@h/?sslmode=require\"\nexport DIRECT_URL='postgres://c@d/' \nX_DATABASE_URL=no\n";
        assert_eq!(value_of(text, DATABASE_URL).unwrap(), "postgres://a:b@h/?sslmode=require");
        assert_eq!(value_of(text, DIRECT_URL).unwrap(), "postgres://c@d/");
        assert_eq!(value_of("DATABASE_URL = postgres://x@y/ # the app\n", DATABASE_URL).unwrap(), "postgres://x@y/");
        assert_eq!(value_of("DATABASE_URL=one\nDATABASE_URL=two\n", DATABASE_URL).unwrap(), "two");
        assert_eq!(value_of("DATABASE_URL=\n", DATABASE_URL), None);
        assert_eq!(value_of("DATABASE_URLX=1\n", DATABASE_URL), None);
    }

    #[test]
    fn the_first_key_set_wins_and_errors_name_no_value() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(&path, "DIRECT_URL=postgres://direct@h/\n").unwrap();
        assert_eq!(read(&path, &[DATABASE_URL, DIRECT_URL]).unwrap(), (DIRECT_URL, "postgres://direct@h/".to_owned()));
        std::fs::write(&path, "OTHER=sk_secret\n").unwrap();
        let error = read(&path, &[DATABASE_URL, DIRECT_URL]).unwrap_err();
        assert!(error.contains("sets none of DATABASE_URL, DIRECT_URL") && !error.contains("sk_"), "{error}");
        assert!(read(&dir.path().join("missing"), &[DATABASE_URL]).unwrap_err().starts_with("cannot read"));
    }
}
