//! `t`: tests a database's connection in the background, every endpoint at once, with the strings ppg holds
//! or through a temporary connection made for it and deleted after; answered by `Msg::Tested`.
use futures::future::join_all;

use super::Runtime;
use crate::api::Client;
use crate::app::{Msg, Probe, ProbeFailure, ProbeStep, RequestId, TemporaryEnd, Tested, Via};
use crate::connect::{self, PingReport, Target, Temporary, millis_text};

impl Runtime {
    /// Starts the test; it counts as in flight until its answer is sent.
    pub(super) fn test(&mut self, request: RequestId, database: String, via: Via) {
        let client = self.client.clone();
        let tx = self.tx.clone();
        let flight = self.flights.start();
        let temporary = matches!(via, Via::Temporary { .. }).then(|| self.temporaries.start());
        tokio::spawn(async move {
            let tested = match via {
                Via::Held { strings, .. } => Tested { probes: Ok(probe_all(&strings).await), temporary: None },
                Via::Temporary { database } => through_temporary(client, &database).await,
            };
            let _ = tx.send(Msg::Tested { request, database, tested });
            drop((flight, temporary));
        });
    }
}

/// Tests each `(endpoint, string)` at once.
async fn probe_all(strings: &[(String, String)]) -> Vec<Probe> {
    join_all(strings.iter().map(|(endpoint, text)| probe(endpoint, text))).await
}

async fn probe(endpoint: &str, text: &str) -> Probe {
    match Target::parse(text) {
        Ok(target) => probe_of(endpoint, &connect::ping(&target).await),
        Err(error) => Probe {
            endpoint: endpoint.to_owned(),
            address: String::new(),
            steps: Vec::new(),
            failure: Some(ProbeFailure { step: "read the string".to_owned(), message: error.0, likely: None }),
        },
    }
}

/// The console's account of a ping: each step, and where and why it stopped.
fn probe_of(endpoint: &str, report: &PingReport) -> Probe {
    let steps = report
        .steps
        .iter()
        .map(|done| ProbeStep {
            label: done.step.label().to_owned(),
            took: done.took.map(millis_text),
            detail: done.detail.clone(),
        })
        .collect();
    let failure = report.failure.as_ref().map(|broken| ProbeFailure {
        step: broken.step.label().to_owned(),
        message: broken.problem.message(),
        likely: broken.problem.likely().map(str::to_owned),
    });
    Probe { endpoint: endpoint.to_owned(), address: format!("{}:{}", report.host, report.port), steps, failure }
}

/// Creates a temporary connection, tests its strings, and deletes it whatever the test found.
async fn through_temporary(client: Option<Client>, database: &str) -> Tested {
    let temporary = match make_temporary(client, database).await {
        Ok(temporary) => temporary,
        Err(why) => return Tested { probes: Err(why), temporary: None },
    };
    let strings = Via::strings_of(temporary.connection());
    let probes = match strings.is_empty() {
        true => Err(format!("the API minted no pooled or direct string for {}", temporary.name())),
        false => Ok(probe_all(&strings).await),
    };
    Tested { probes, temporary: Some(end_of(temporary).await) }
}

/// A temporary connection on `database`, or why there is none (nothing is left behind then).
pub(super) async fn make_temporary(client: Option<Client>, database: &str) -> Result<Temporary, String> {
    let client = client.ok_or_else(|| "no API to make a temporary connection with".to_owned())?;
    Temporary::create(&client, database, &connect::temporary_name())
        .await
        .map_err(|error| format!("could not create a temporary connection: {error}"))
}

/// Deletes a temporary connection, and says what became of it.
pub(super) async fn end_of(temporary: Temporary) -> TemporaryEnd {
    let name = temporary.name().to_owned();
    match temporary.delete().await {
        Ok(()) => TemporaryEnd::Deleted { name },
        Err(left) => TemporaryEnd::Left { message: left.to_string() },
    }
}
