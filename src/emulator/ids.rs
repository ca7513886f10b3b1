//! Minting ids and secrets of the real shapes, deterministically from the world's counter.

/// SplitMix64: a tiny, well-known mixing function; good enough to make ids and faults look random.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// `len` characters from `alphabet`, drawn from the stream that starts at `seed`.
fn draw(seed: u64, len: usize, alphabet: &[u8]) -> String {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = mix(state);
            char::from(alphabet[(state % alphabet.len() as u64) as usize])
        })
        .collect()
}

const BASE36: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const KEY: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Advances `counter` and returns a fresh value to mint from.
pub fn next(counter: &mut u64) -> u64 {
    *counter += 1;
    mix(*counter ^ 0x7070_6700_0000_0000)
}

/// An id such as `proj_k3x…`: the kind prefix, then 24 lowercase letters and digits.
pub fn id(prefix: &str, counter: &mut u64) -> String {
    format!("{prefix}_{}", draw(next(counter), 24, BASE36))
}

/// A Postgres user: 64 hexadecimal characters.
pub fn user(counter: &mut u64) -> String {
    draw(next(counter), 64, HEX)
}

/// A password of the contract's form, `sk_` then 40 characters.
pub fn password(counter: &mut u64) -> String {
    format!("sk_{}", draw(next(counter), 40, KEY))
}

/// An Accelerate API key.
pub fn api_key(counter: &mut u64) -> String {
    draw(next(counter), 48, KEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_prefix_and_never_repeat() {
        let mut counter = 0;
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| id("con", &mut counter)).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| id.starts_with("con_") && id.len() == 28));
        assert!(ids.iter().all(|id| id[4..].bytes().all(|b| BASE36.contains(&b))));
    }

    #[test]
    fn secrets_have_the_contract_shapes() {
        let mut counter = 7;
        let user = user(&mut counter);
        assert_eq!(user.len(), 64);
        assert!(user.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(password(&mut counter).starts_with("sk_"));
    }
}
