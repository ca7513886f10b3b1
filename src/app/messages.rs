//! The message log (`!`): every toast as it was shown, with its time; each failure with its error and
//! advice; and what ppg found when it looked into a lost answer. A toast leaves the status line after a few
//! seconds; the log keeps it for the session (the newest [`KEPT`]).
use std::collections::VecDeque;

use chrono::{DateTime, Utc};

use super::Tone;
use crate::api::Error;

/// How many messages the log keeps; older ones are dropped first.
pub const KEPT: usize = 1000;

/// One entry of the message log.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub at: DateTime<Utc>,
    pub tone: Tone,
    /// The toast as shown; for a failure, what ppg was doing ("loading backups of main-db").
    pub text: String,
    /// A failure's error, shown below the text with its advice.
    pub error: Option<Error>,
    /// What ppg found when it looked, one line each (a lost answer's re-read list).
    pub findings: Vec<String>,
    /// How many times in a row the same message was said (a key pressed again): one entry, counted.
    pub times: usize,
}

impl Message {
    pub fn said(at: DateTime<Utc>, tone: Tone, text: String) -> Self {
        Message { at, tone, text, error: None, findings: Vec::new(), times: 1 }
    }

    pub fn failed(at: DateTime<Utc>, doing: String, error: Error) -> Self {
        Message { error: Some(error), ..Message::said(at, Tone::Error, doing) }
    }
}

/// The session's messages, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Messages {
    entries: VecDeque<Message>,
}

impl Messages {
    /// Adds `message`; the same message said again right after the last one counts it there instead.
    pub fn push(&mut self, message: Message) {
        if let Some(last) = self.entries.back_mut()
            && last.tone == message.tone
            && last.text == message.text
            && last.error == message.error
            && last.findings == message.findings
        {
            last.times += 1;
            last.at = message.at;
            return;
        }
        if self.entries.len() == KEPT {
            self.entries.pop_front();
        }
        self.entries.push_back(message);
    }

    /// Adds what ppg found to the newest message (said just before, by the same decision).
    pub fn add_findings(&mut self, findings: Vec<String>) {
        if let Some(last) = self.entries.back_mut() {
            last.findings.extend(findings);
        }
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Message> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn last(&self) -> Option<&Message> {
        self.entries.back()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        "2026-11-15T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_message_said_again_is_counted_not_repeated() {
        let mut log = Messages::default();
        log.push(Message::said(at(), Tone::Info, "read-only mode".into()));
        log.push(Message::said(at(), Tone::Info, "read-only mode".into()));
        log.push(Message::said(at(), Tone::Success, "copied".into()));
        log.push(Message::said(at(), Tone::Info, "read-only mode".into()));
        let counted: Vec<(&str, usize)> = log.iter().map(|message| (message.text.as_str(), message.times)).collect();
        assert_eq!(counted, [("read-only mode", 2), ("copied", 1), ("read-only mode", 1)]);
    }

    #[test]
    fn the_log_keeps_the_newest() {
        let mut log = Messages::default();
        for index in 0..KEPT + 5 {
            log.push(Message::said(at(), Tone::Info, format!("message {index}")));
        }
        assert_eq!(log.len(), KEPT);
        assert_eq!(log.iter().next().map(|message| message.text.as_str()), Some("message 5"));
        assert_eq!(log.last().map(|message| message.text.as_str()), Some(&*format!("message {}", KEPT + 4)));
    }
}
