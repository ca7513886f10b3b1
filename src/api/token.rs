//! The API token, held so that it never shows up in debug output, logs or error messages.

/// A bearer token. `Debug` prints a placeholder and there is no `Display`: the only way to the
/// text is `expose`, called where the `Authorization` header is built.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token, trimming the whitespace that files and command output tend to carry.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into().trim().to_owned())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What in the token cannot go into an HTTP header (`Authorization: Bearer …` takes visible ASCII,
    /// spaces and tabs), named without showing it: "a line break", "a control character", "a non-ASCII
    /// character". `None` when the token can be sent.
    pub fn unsendable(&self) -> Option<&'static str> {
        self.0.chars().find(|&c| !(c == ' ' || c == '\t' || c.is_ascii_graphic())).map(|c| match c {
            '\n' | '\r' => "a line break",
            c if c.is_control() => "a control character",
            _ => "a non-ASCII character",
        })
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…redacted…)")
    }
}

#[cfg(test)]
mod tests {
    use super::Token;

    #[test]
    fn debug_never_shows_the_token() {
        let token = Token::new("  sk_live_secret_value\n");
        assert_eq!(token.expose(), "sk_live_secret_value");
        let debug = format!("{token:?} {:?}", Some(&token));
        assert!(!debug.contains("secret"), "{debug}");
    }

    #[test]
    fn a_token_that_cannot_be_a_header_says_why_without_showing_it() {
        assert_eq!(Token::new("sk_ok-token.1").unsendable(), None);
        assert_eq!(Token::new("a\nb").unsendable(), Some("a line break"));
        assert_eq!(Token::new("a\u{7}b").unsendable(), Some("a control character"));
        assert_eq!(Token::new("aéb").unsendable(), Some("a non-ASCII character"));
    }
}
