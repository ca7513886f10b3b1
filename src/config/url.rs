//! API URLs as ppg takes them from `--api-url`, `PPG_API_URL` and a profile's `api_url`: checked, and
//! normalised to the server's base (no trailing `/`, no trailing `/v1`).

/// The version prefix of every path ppg sends.
const VERSION: &str = "/v1";

/// Checks that `url` is an absolute http(s) URL with a host and no query, fragment, credentials or
/// whitespace, and normalises it: trailing `/`s go, and so does a trailing `/v1` (every path ppg sends
/// starts with `/v1`, so `https://api.prisma.io/v1/` names the same server as `https://api.prisma.io`).
/// The error is a reason that does not repeat the URL, to finish "the API URL from X …".
pub fn normalize_api_url(url: &str) -> Result<String, String> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| url.get(scheme.len()..)).flatten())
    else {
        return Err("must start with http:// or https://".to_owned());
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters".to_owned());
    }
    if url.contains(['?', '#']) {
        return Err("must not have a query or fragment".to_owned());
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err("must not contain credentials (user:password@)".to_owned());
    }
    if authority.is_empty() || authority.starts_with(':') {
        return Err("has no host".to_owned());
    }
    let trimmed = url.trim_end_matches('/');
    let path_start = scheme_end(url) + authority.len();
    let base = match trimmed.len().checked_sub(VERSION.len()).filter(|at| *at >= path_start) {
        Some(at) if trimmed.get(at..).is_some_and(|tail| tail.eq_ignore_ascii_case(VERSION)) => {
            trimmed.get(..at).unwrap_or(trimmed).trim_end_matches('/')
        }
        _ => trimmed,
    };
    Ok(base.to_owned())
}

/// Where the authority starts: just after `scheme://` (the scheme was checked to be http or https).
fn scheme_end(url: &str) -> usize {
    url.find("://").map_or(0, |at| at + 3)
}

#[cfg(test)]
mod tests {
    use super::normalize_api_url;

    #[test]
    fn a_trailing_v1_names_the_same_server() {
        for url in
            ["http://127.0.0.1:4466", "http://127.0.0.1:4466/", "http://127.0.0.1:4466/v1", "http://127.0.0.1:4466/v1/"]
        {
            assert_eq!(normalize_api_url(url).as_deref(), Ok("http://127.0.0.1:4466"), "{url}");
        }
        assert_eq!(
            normalize_api_url("https://proxy.example/prisma/V1/").as_deref(),
            Ok("https://proxy.example/prisma")
        );
        assert_eq!(normalize_api_url("https://proxy.example/v1x").as_deref(), Ok("https://proxy.example/v1x"));
        assert_eq!(normalize_api_url("https://proxy.example/v2").as_deref(), Ok("https://proxy.example/v2"));
    }

    #[test]
    fn a_host_named_v1_is_kept() {
        assert_eq!(normalize_api_url("http://v1").as_deref(), Ok("http://v1"));
        assert_eq!(normalize_api_url("http:///v1"), Err("has no host".to_owned()));
    }

    #[test]
    fn bad_urls_give_a_reason_without_the_url() {
        assert!(normalize_api_url("ftp://x").is_err());
        assert!(normalize_api_url("http://x/?q=1").is_err());
        assert!(normalize_api_url("http://user:pw@x").unwrap_err().contains("credentials"));
    }
}
