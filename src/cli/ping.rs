//! `ppg ping`: test a connection from here, step by step, and print the figures (a table, or `--json`).
use clap::Args;
use serde_json::json;

use super::context::Failure;
use super::endings::Endings;
use super::exit;
use super::output;
use super::source::{self, Source, SourceArgs, Used};
use crate::config::{Env, Overrides};
use crate::connect::{self, PingReport, millis_text};
use crate::format::Table;

#[derive(Debug, Args)]
pub struct PingArgs {
    #[command(flatten)]
    source: SourceArgs,
}

/// Exit 0 when the database answered `SELECT 1`, 1 otherwise (the report says at which step and why).
pub async fn run(args: PingArgs, env: &Env, overrides: &Overrides, json: bool) -> Result<(), Failure> {
    let database = match source::choose(&args.source)? {
        Source::Given { target } => {
            let report = connect::ping(&target).await;
            show(&report, json, None)?;
            return verdict(&report);
        }
        Source::Temporary { database } => database,
    };
    let mut endings = Endings::listen().map_err(|error| Failure::Usage(format!("cannot watch signals: {error}")))?;
    let context = source::context_for_temporary(env, overrides, json)?;
    let endpoint = args.source.endpoint();
    let outcome = source::temporarily(&context, &database, &mut endings, async |temporary, endings| {
        let identity = json!({ "id": temporary.id(), "name": temporary.name() });
        let target = match temporary.target(endpoint) {
            Ok((target, _)) => target,
            Err(message) => return Used::Done(Err(message)),
        };
        tokio::select! {
            report = connect::ping(&target) => Used::Done(Ok((report, identity))),
            signal = endings.next() => Used::Stopped(signal),
        }
    })
    .await;
    context.finish();
    let (used, left) = outcome?;
    let (report, mut identity) = match used {
        Used::Stopped(signal) => {
            output::note(&format!("ppg: stopped by {}", Endings::name(signal)));
            if let Some(left) = left {
                output::note(&format!("ppg: {left}"));
            }
            return Err(Failure::Quiet(exit::signal(signal)));
        }
        Used::Done(Err(message)) => {
            return Err(Failure::Reported(left.map_or(message.clone(), |left| format!("{message}; {left}"))));
        }
        Used::Done(Ok(done)) => done,
    };
    identity["deleted"] = json!(left.is_none());
    show(&report, json, Some(identity))?;
    match left {
        Some(left) => Err(Failure::Reported(format!("{left} (the ping itself: {})", summary(&report)))),
        None => verdict(&report),
    }
}

fn verdict(report: &PingReport) -> Result<(), Failure> {
    match &report.failure {
        None => {
            output::note(&format!("ppg: {}", summary(report)));
            Ok(())
        }
        Some(broken) => {
            output::note(&format!("ppg: {} failed: {}", broken.step.label(), broken.problem.message()));
            if let Some(likely) = broken.problem.likely() {
                output::note(&format!("ppg: likely: {likely}"));
            }
            Err(Failure::Quiet(exit::API))
        }
    }
}

fn summary(report: &PingReport) -> String {
    match &report.failure {
        None => format!("the database answered; {} in all", millis_text(report.total)),
        Some(broken) => format!("no answer: {} failed", broken.step.label()),
    }
}

/// The report on stdout: the JSON figures, or the target line and a table of the steps.
fn show(report: &PingReport, json: bool, temporary: Option<serde_json::Value>) -> Result<(), Failure> {
    if json {
        let mut value = serde_json::to_value(report).map_err(|error| Failure::Reported(error.to_string()))?;
        if let (Some(temporary), Some(fields)) = (temporary, value.as_object_mut()) {
            fields.insert("temporary".to_owned(), temporary);
        }
        return output::json(&value);
    }
    let mut table = Table::new(&["step", "time", "detail"]);
    for done in &report.steps {
        let took = done.took.map_or_else(|| "-".to_owned(), millis_text);
        table.row(vec![done.step.label().to_owned(), took, done.detail.clone()]);
        if done.step == connect::Step::Authenticate {
            let version = report.server_version.clone().unwrap_or_else(|| "not reported".to_owned());
            table.row(vec!["server version".to_owned(), String::new(), version]);
        }
    }
    if let Some(broken) = &report.failure {
        table.row(vec![broken.step.label().to_owned(), "FAILED".to_owned(), broken.problem.message()]);
    }
    let mut text = format!("ping {}\n", crate::format::sanitize(&report.target));
    if !report.ignored_parameters.is_empty() {
        text.push_str(&format!("(not used by ppg: {})\n", report.ignored_parameters.join(", ")));
    }
    output::out(&text)?;
    output::table(&table)
}
