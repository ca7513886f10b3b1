//! Secrets that reads may still carry in deprecated fields, replaced before anything else sees them.
//!
//! Only the answers that mint credentials (creates and rotations) may show a secret; a list or a get
//! that carries `directConnection.pass`, `apiKeys[].connectionString` and the like has them replaced
//! by [`REDACTED`] as soon as it arrives, so no table, screen, log or `--json` output can show them.
use serde_json::Value;

/// What a secret of a read reads as.
pub const REDACTED: &str = "<redacted>";

/// Field names whose string values are secrets wherever they appear in a read.
const SECRET_FIELDS: [&str; 3] = ["pass", "password", "connectionString"];

/// The body with every secret field's value replaced; borrowed untouched when no such field can be in it.
pub fn read_body(body: bytes::Bytes) -> bytes::Bytes {
    // A key may also be spelt with escapes (`"pa\u0073s"`): then only parsing can tell.
    let mentions = |field: &str| contains_bytes(&body, format!("\"{field}\"").as_bytes());
    if !SECRET_FIELDS.iter().any(|field| mentions(field)) && !contains_bytes(&body, b"\\u") {
        return body;
    }
    let Ok(mut value) = serde_json::from_slice::<Value>(&body) else {
        return body;
    };
    if !redact(&mut value) {
        return body;
    }
    serde_json::to_vec(&value).map(bytes::Bytes::from).unwrap_or(body)
}

/// Replaces every secret string in `value`; true when any was found.
pub fn redact(value: &mut Value) -> bool {
    match value {
        Value::Object(fields) => {
            let mut found = false;
            for (key, field) in fields.iter_mut() {
                if SECRET_FIELDS.contains(&key.as_str()) && matches!(field, Value::String(text) if text != REDACTED) {
                    *field = Value::String(REDACTED.to_owned());
                    found = true;
                } else {
                    found |= redact(field);
                }
            }
            found
        }
        Value::Array(items) => items.iter_mut().fold(false, |found, item| redact(item) | found),
        _ => false,
    }
}

fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_of_reads_are_replaced_everywhere() {
        let body = json!({"data": [{"id": "con_1", "directConnection": {"host": "h", "user": "u", "pass": "sk_1"},
            "apiKeys": [{"connectionString": "postgres://u:sk_2@h/"}], "name": "pass"}]});
        let out = read_body(serde_json::to_vec(&body).unwrap().into());
        let text = String::from_utf8(out.to_vec()).unwrap();
        assert!(!text.contains("sk_"), "{text}");
        assert_eq!(text.matches(REDACTED).count(), 2, "{text}");
        assert!(text.contains("\"name\":\"pass\""), "values named pass are not secrets: {text}");
    }

    #[test]
    fn keys_spelt_with_escapes_are_found_too() {
        let body = br#"{"data": {"directConnection": {"pa\u0073s": "sk_1"}}}"#;
        let out = read_body(bytes::Bytes::from_static(body));
        assert!(!String::from_utf8_lossy(&out).contains("sk_1"), "{out:?}");
    }

    #[test]
    fn bodies_without_secrets_are_untouched() {
        let body = bytes::Bytes::from_static(b"{\"data\": [ {\"id\": \"x\"} ]}");
        assert_eq!(read_body(body.clone()), body);
    }
}
