//! `ppg emulator`: serve the Management API emulator until Ctrl-C or SIGTERM.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::{exit, fail};
use crate::emulator::{self, Config, DEFAULT_TOKEN, Faults, MAX_READY_AFTER, RateLimit, Seed};

#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:4466")]
    addr: SocketAddr,
    /// The world to start from: demo, empty, or a JSON file in the state format.
    #[arg(long, default_value = "demo")]
    seed: Seed,
    /// Load the world from FILE when it exists and save it there after every change.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// The bearer token the API accepts.
    #[arg(long, default_value = DEFAULT_TOKEN)]
    token: String,
    /// How long a database stays provisioning or recovering, such as 3s or 500ms; at most 1y.
    #[arg(long, default_value = "3s", value_parser = humantime::parse_duration)]
    ready_after: Duration,
    /// Delay added to every API request, such as 50ms.
    #[arg(long, default_value = "0ms", value_parser = humantime::parse_duration)]
    latency: Duration,
    /// Fraction of API requests, from 0 to 1, that fail with 500 or 503.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    fail_rate: f64,
    /// Requests allowed per second (N/s) or minute (N/m); beyond it, 429 with Retry-After.
    #[arg(long, value_name = "N/s")]
    rate_limit: Option<RateLimit>,
    /// Seed of the faults: the same seed and requests give the same failures.
    #[arg(long, default_value_t = 0)]
    fault_seed: u64,
    /// Back databases and connections with this PostgreSQL (an admin connection string, or `-` to read it
    /// from stdin): minted strings then really connect. Also read from PPG_EMULATOR_POSTGRES.
    #[arg(long, value_name = "ADMIN_URL", env = "PPG_EMULATOR_POSTGRES", hide_env_values = true)]
    postgres: Option<String>,
    /// The plan's limit on databases: creating one more answers 402 `planLimitReached`.
    #[arg(long, value_name = "N")]
    max_databases: Option<usize>,
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("{text:?} is not a fraction between 0 and 1")),
    }
}

pub async fn run(args: EmulatorArgs) -> ExitCode {
    if args.ready_after > MAX_READY_AFTER {
        let asked = humantime::format_duration(args.ready_after);
        return fail(exit::USAGE, &format!("--ready-after {asked} is too long; at most 1y (365.25 days) is accepted"));
    }
    let postgres = match args.postgres.as_deref() {
        Some("-") => {
            let mut line = String::new();
            if let Err(error) = std::io::stdin().read_line(&mut line) {
                return fail(exit::USAGE, &format!("--postgres -: cannot read stdin: {error}"));
            }
            Some(line.trim().to_owned())
        }
        other => other.map(str::to_owned),
    };
    let config = Config {
        addr: args.addr,
        seed: args.seed,
        state_file: args.state,
        token: args.token,
        faults: Faults {
            latency: args.latency,
            fail_rate: args.fail_rate,
            rate_limit: args.rate_limit,
            seed: args.fault_seed,
        },
        ready_after: args.ready_after,
        clock: None,
        postgres,
        max_databases: args.max_databases,
    };
    let token = config.token.clone();
    let running = match emulator::start(config).await {
        Ok(running) => running,
        Err(error) => return fail(exit::USAGE, &error.to_string()),
    };
    let announced =
        super::output::out(&format!("ppg emulator listening on http://{} (token: {token})\n", running.addr()));
    if let Err(failure) = announced {
        // Nobody reads the address (stdout is closed): serving would help no one.
        running.shutdown().await;
        return failure.report();
    }
    wait_for_stop().await;
    running.shutdown().await;
    ExitCode::SUCCESS
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one.
async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
