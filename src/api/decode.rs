//! Decoding API bodies into wire types with errors that name the offending field.
use serde::de::DeserializeOwned;

/// A body that did not match the expected shape, with the JSON path where it broke.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("at `{path}`: {message}")]
pub struct DecodeError {
    /// JSON path of the field that failed, such as `data[2].createdAt` (`.` for the whole body).
    pub path: String,
    pub message: String,
}

/// Decodes `body` as `T`; unknown fields are ignored, wrong types are reported with their path.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let inner = error.inner();
        let message = inner.to_string();
        // The path says where; the position in the text ("at line 1 column 143") only adds noise.
        let position = format!(" at line {} column {}", inner.line(), inner.column());
        let message = message.strip_suffix(&position).map_or_else(|| message.clone(), str::to_owned);
        DecodeError { path: error.path().to_string(), message }
    })
}
