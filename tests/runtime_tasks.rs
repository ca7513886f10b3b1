//! The runtime's fetches against a slow emulator: a newer fetch of the same thing aborts the older, and
//! talking to another API aborts every fetch in flight, so no useless answer ever arrives.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use ppg::api::{Client, ClientOptions, Token};
use ppg::app::{Effect, Fetch, Msg};
use ppg::emulator::{Config, Faults, Seed};
use ppg::runtime::{Profiles, Runtime};
use tokio::sync::mpsc;

/// The request ids of the replies, up to and including the one for `last`.
async fn replies_until(rx: &mut mpsc::UnboundedReceiver<Msg>, last: u64) -> Vec<u64> {
    let mut seen = Vec::new();
    loop {
        let msg = tokio::time::timeout(common::DEADLINE, rx.recv()).await.expect("a reply in time").unwrap();
        if let Msg::Reply { request, .. } = msg {
            seen.push(request);
            if request == last {
                return seen;
            }
        }
    }
}

#[tokio::test]
async fn useless_fetches_are_aborted() {
    let faults = Faults { latency: Duration::from_millis(300), ..Faults::default() };
    let emu = common::start(Config { faults, ..common::config(Seed::Demo) }).await;
    let client = Client::new(ClientOptions::new(emu.base.clone(), Token::new(emu.token.clone()))).unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut runtime = Runtime::new(Some(client), tx, Profiles::default());

    // A refresh of the same list while the first read is on its way: only the second answers.
    runtime.run(Effect::Fetch { request: 1, fetch: Fetch::Projects }).await;
    runtime.run(Effect::Fetch { request: 2, fetch: Fetch::Projects }).await;
    assert_eq!(replies_until(&mut rx, 2).await, [2]);

    // Another API (here a profile that cannot be switched to): everything in flight is useless.
    runtime.run(Effect::Fetch { request: 3, fetch: Fetch::Me }).await;
    runtime.run(Effect::SwitchProfile("nowhere".into())).await;
    runtime.run(Effect::Fetch { request: 4, fetch: Fetch::Regions }).await;
    assert_eq!(replies_until(&mut rx, 4).await, [4], "the answer to 3 would have come first");
}
