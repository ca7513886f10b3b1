//! Tests of the clipboard: the OSC 52 sequence (wrapped for tmux and screen, capped), the path chosen.
use super::*;

const NO_DISPLAY: TerminalEnv = TerminalEnv::new(false, false, None);

fn base64(input: &str) -> String {
    let mut out = Vec::new();
    base64_encode_into(input.as_bytes(), &mut out);
    String::from_utf8(out).unwrap()
}

fn env_of(vars: &[(&str, &str)]) -> TerminalEnv {
    let vars: Vec<(String, OsString)> = vars.iter().map(|(k, v)| (k.to_string(), OsString::from(v))).collect();
    TerminalEnv::from_vars(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
}

#[test]
fn base64_matches_rfc_4648_vectors() {
    let vectors = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];
    for (input, expected) in vectors {
        assert_eq!(base64(input), expected, "base64({input:?})");
        assert_eq!(base64_len(input.len()), expected.len());
    }
}

#[test]
fn base64_uses_the_whole_alphabet_and_utf8_bytes() {
    assert_eq!(base64("\u{fb}\u{ef}"), "w7vDrw==");
    let mut out = Vec::new();
    base64_encode_into(&[0x00, 0x10, 0x83, 0x10, 0x51, 0x87, 0x20, 0x92, 0x8b, 0xfb, 0xef, 0xff], &mut out);
    assert_eq!(out, b"ABCDEFGHIJKL++//");
}

#[test]
fn osc52_plain() {
    assert_eq!(osc52_sequence("hello", None).unwrap(), b"\x1b]52;c;aGVsbG8=\x07");
}

#[test]
fn osc52_wrapped_for_tmux_doubles_esc() {
    assert_eq!(
        osc52_sequence("hello", Some(Multiplexer::Tmux)).unwrap(),
        b"\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\"
    );
}

#[test]
fn osc52_wrapped_for_screen() {
    assert_eq!(osc52_sequence("hello", Some(Multiplexer::Screen)).unwrap(), b"\x1bP\x1b]52;c;aGVsbG8=\x07\x1b\\");
}

#[test]
fn osc52_for_screen_is_cut_into_pieces_that_rejoin_to_the_plain_sequence() {
    let text = "postgres://user:secret@db.prisma.io:5432/postgres?sslmode=require&x=".repeat(20);
    let plain = osc52_sequence(&text, None).unwrap();
    let wrapped = osc52_sequence(&text, Some(Multiplexer::Screen)).unwrap();
    let mut rejoined = Vec::new();
    let mut pieces = 0;
    let mut rest = wrapped.as_slice();
    while !rest.is_empty() {
        let body = rest.strip_prefix(b"\x1bP").unwrap();
        let end = body.windows(2).position(|w| w == b"\x1b\\").unwrap();
        assert!(end <= SCREEN_CHUNK);
        rejoined.extend_from_slice(&body[..end]);
        rest = &body[end + 2..];
        pieces += 1;
    }
    assert!(pieces > 1);
    assert_eq!(rejoined, plain);
}

#[test]
fn osc52_refuses_payloads_over_the_cap() {
    let largest = "a".repeat(OSC52_MAX_PAYLOAD / 4 * 3);
    assert_eq!(base64_len(largest.len()), OSC52_MAX_PAYLOAD);
    assert!(osc52_sequence(&largest, Some(Multiplexer::Tmux)).is_ok());
    let too_large = format!("{largest}b");
    let error = osc52_sequence(&too_large, None).unwrap_err();
    assert!(matches!(error, CopyError::TooLarge { encoded: 100_004, limit: OSC52_MAX_PAYLOAD }), "{error:?}");
    assert!(!error.to_string().contains("aaaa"), "the message never carries the text");
}

#[test]
fn too_large_writes_nothing() {
    let mut out = Vec::new();
    let mut clipboard = Clipboard::new(ClipboardMode::Osc52, NO_DISPLAY);
    let result = clipboard.copy(&"x".repeat(80_000), &mut out);
    assert!(matches!(result, Err(CopyError::TooLarge { .. })), "{result:?}");
    assert!(out.is_empty());
}

#[test]
fn auto_without_display_writes_osc52() {
    let mut out = Vec::new();
    let mut clipboard = Clipboard::new(ClipboardMode::Auto, NO_DISPLAY);
    assert_eq!(clipboard.copy("hello", &mut out).unwrap(), CopyPath::Osc52 { wrapped_for: None });
    assert_eq!(out, b"\x1b]52;c;aGVsbG8=\x07");
    assert!(clipboard.native.is_none(), "arboard was not touched");
}

#[test]
fn native_without_display_fails_and_writes_nothing() {
    let mut out = Vec::new();
    let mut clipboard = Clipboard::new(ClipboardMode::Native, TerminalEnv::new(false, true, Some(Multiplexer::Tmux)));
    let error = clipboard.copy("sk_secret", &mut out).unwrap_err();
    assert!(matches!(error, CopyError::NoDisplay), "{error:?}");
    assert!(!error.to_string().contains("sk_secret"));
    assert!(out.is_empty());
    assert!(clipboard.native.is_none(), "arboard was not touched");
}

#[test]
fn auto_over_ssh_with_display_uses_osc52() {
    let mut out = Vec::new();
    let mut clipboard = Clipboard::new(ClipboardMode::Auto, TerminalEnv::new(true, true, Some(Multiplexer::Tmux)));
    let path = clipboard.copy("hello", &mut out).unwrap();
    assert_eq!(path, CopyPath::Osc52 { wrapped_for: Some(Multiplexer::Tmux) });
    assert_eq!(out, b"\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\");
    assert!(clipboard.native.is_none(), "arboard was not touched");
}

#[test]
fn osc52_mode_ignores_the_display() {
    let mut out = Vec::new();
    let mut clipboard = Clipboard::new(ClipboardMode::Osc52, TerminalEnv::new(true, false, Some(Multiplexer::Screen)));
    assert_eq!(clipboard.copy("hello", &mut out).unwrap(), CopyPath::Osc52 { wrapped_for: Some(Multiplexer::Screen) });
    assert_eq!(out, b"\x1bP\x1b]52;c;aGVsbG8=\x07\x1b\\");
    assert!(clipboard.native.is_none());
}

/// With a display claimed but none really there, arboard fails to start: Auto falls back to OSC 52 and
/// the failure is remembered. Skipped where a real display exists, so a developer's clipboard is left alone.
#[test]
fn auto_falls_back_when_arboard_fails_and_remembers_the_failure() {
    if ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|name| std::env::var_os(name).is_some())
        || cfg!(any(target_os = "macos", target_os = "windows"))
    {
        return;
    }
    let mut clipboard = Clipboard::new(ClipboardMode::Auto, TerminalEnv::new(true, false, None));
    for _ in 0..2 {
        let mut out = Vec::new();
        assert_eq!(clipboard.copy("hello", &mut out).unwrap(), CopyPath::Osc52 { wrapped_for: None });
        assert_eq!(out, b"\x1b]52;c;aGVsbG8=\x07");
        assert!(matches!(clipboard.native, Some(Err(_))));
    }
    clipboard.mode = ClipboardMode::Native;
    let error = clipboard.copy("hello", &mut Vec::new()).unwrap_err();
    assert!(matches!(error, CopyError::Native(_)), "{error:?}");
}

#[test]
fn a_failing_terminal_is_an_error() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let result = Clipboard::new(ClipboardMode::Auto, NO_DISPLAY).copy("hello", &mut Broken);
    assert!(matches!(result, Err(CopyError::Terminal(_))), "{result:?}");
}

#[test]
fn environment_detection() {
    let plain = env_of(&[("TERM", "xterm-256color")]);
    assert_eq!((plain.ssh, plain.multiplexer), (false, None));
    let ssh = env_of(&[("SSH_TTY", "/dev/pts/3")]);
    assert!(ssh.ssh);
    assert!(env_of(&[("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")]).ssh);
    assert!(!env_of(&[("SSH_TTY", "")]).ssh, "empty counts as unset");
    let tmux = env_of(&[("TMUX", "/tmp/tmux-1000/default,1,0"), ("TERM", "screen-256color")]);
    assert_eq!(tmux.multiplexer, Some(Multiplexer::Tmux), "tmux wins over its screen TERM");
    assert_eq!(env_of(&[("TERM", "screen.xterm-256color")]).multiplexer, Some(Multiplexer::Screen));
    assert_eq!(env_of(&[("STY", "1234.pts-0.host"), ("TERM", "xterm")]).multiplexer, Some(Multiplexer::Screen));
    if !cfg!(any(target_os = "macos", target_os = "windows")) {
        assert!(!plain.display);
        assert!(env_of(&[("DISPLAY", ":0")]).display);
        assert!(env_of(&[("WAYLAND_DISPLAY", "wayland-0")]).display);
        assert!(!env_of(&[("DISPLAY", "")]).display);
    }
}

#[test]
fn debug_never_shows_text() {
    let mut clipboard = Clipboard::new(ClipboardMode::Auto, NO_DISPLAY);
    clipboard.copy("sk_secret", &mut Vec::new()).unwrap();
    assert!(!format!("{clipboard:?}").contains("sk_secret"));
}
