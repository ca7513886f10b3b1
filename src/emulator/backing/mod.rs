//! `--postgres`: the emulator backed by a real PostgreSQL. A database is a database there, a connection a
//! login role with its password and access to its database only; changes are carried out in the server
//! as they are made, and the minted strings point at it.
mod plan;

use std::hash::BuildHasher;

use tokio::sync::Mutex;

use super::model::{PostgresRecord, World};
use crate::connect::{Journal, Problem, Target, open};

pub use plan::name;

/// Where the minted strings point: the admin connection's server, with TLS when it speaks TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub host: String,
    pub port: u16,
    /// `require` when the server offered TLS to the admin connection, else `disable`.
    pub sslmode: &'static str,
    /// The tag in every name this emulator creates.
    pub instance: String,
}

impl Served {
    /// `host:port`, the host in brackets when it is an IPv6 address.
    pub fn authority(&self) -> String {
        match self.host.contains(':') {
            true => format!("[{}]:{}", self.host, self.port),
            false => format!("{}:{}", self.host, self.port),
        }
    }
}

/// The admin connection, and where strings point.
pub struct Backing {
    admin: Target,
    client: Mutex<Option<tokio_postgres::Client>>,
    tls: bool,
}

impl Backing {
    /// Parses the admin URL and logs in; the error says what failed, without the password.
    pub async fn connect(url: &str) -> Result<Self, String> {
        let admin = Target::parse(url).map_err(|error| format!("--postgres: {error}"))?;
        let mut journal = Journal::default();
        let session = open(&admin, &mut journal).await.map_err(|broken| {
            let likely = broken.problem.likely().map(|text| format!(" ({text})")).unwrap_or_default();
            format!(
                "--postgres {}: {} failed: {}{likely}",
                admin.redacted(),
                broken.step.label(),
                broken.problem.message()
            )
        })?;
        Ok(Self { admin, client: Mutex::new(Some(session.client)), tls: journal.tls.is_some() })
    }

    /// The endpoint for `record`'s instance.
    pub fn served(&self, record: &PostgresRecord) -> Served {
        Served {
            host: self.admin.host.clone(),
            port: self.admin.port,
            sslmode: if self.tls { "require" } else { "disable" },
            instance: record.instance.clone(),
        }
    }

    /// Brings the server in line with `world` (its `postgres` record is created when missing, with a fresh
    /// instance tag). Each statement that succeeds is recorded at once, so a failure half-way leaves a
    /// record that is true, and the next sync goes on from there.
    pub async fn sync(&self, world: &mut World) -> Result<(), String> {
        if world.postgres.is_none() {
            world.postgres = Some(PostgresRecord { instance: instance(), ..Default::default() });
        }
        let tag = world.postgres.as_ref().map(|record| record.instance.clone()).unwrap_or_default();
        let desired = plan::Desired::of(world, &tag);
        self.carry_out(&desired, world).await
    }

    /// Drops everything this emulator created (for an emulator whose world is not kept in a state file).
    pub async fn teardown(&self, world: &mut World) -> Result<(), String> {
        self.carry_out(&plan::Desired::default(), world).await
    }

    async fn carry_out(&self, desired: &plan::Desired, world: &mut World) -> Result<(), String> {
        let Some(record) = world.postgres.as_mut() else { return Ok(()) };
        for step in plan::plan(desired, record) {
            let sql = match &step.statement {
                plan::Statement::Sql(sql) => sql.clone(),
                plan::Statement::CreateLogin { role, group, secret } => format!(
                    "CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}",
                    plan::ident(role),
                    plan::literal(&verifier(secret)),
                    plan::ident(group)
                ),
                plan::Statement::SetPassword { role, secret } => {
                    format!("ALTER ROLE {} PASSWORD {}", plan::ident(role), plan::literal(&verifier(secret)))
                }
            };
            let done = match &step.database {
                None => self.in_admin(&sql).await,
                Some(database) => self.in_database(database, &sql).await,
            };
            done.map_err(|problem| format!("{}: {}", step.statement.describe(), problem.message()))?;
            plan::apply(record, &step.effect);
        }
        Ok(())
    }

    /// Runs `sql` on the admin connection, logging in again when the last one was lost.
    async fn in_admin(&self, sql: &str) -> Result<(), Problem> {
        let mut client = self.client.lock().await;
        if client.as_ref().is_none_or(tokio_postgres::Client::is_closed) {
            let session = open(&self.admin, &mut Journal::default()).await.map_err(|broken| broken.problem)?;
            *client = Some(session.client);
        }
        let Some(client) = client.as_ref() else { return Err(Problem::Broken("no admin connection".to_owned())) };
        client.batch_execute(sql).await.map_err(|error| Problem::of_driver(&error))
    }

    /// Runs `sql` as the admin in another database, on a connection of its own.
    async fn in_database(&self, database: &str, sql: &str) -> Result<(), Problem> {
        let target = Target { database: Some(database.to_owned()), ..self.admin.clone() };
        let session = open(&target, &mut Journal::default()).await.map_err(|broken| broken.problem)?;
        session.client.batch_execute(sql).await.map_err(|error| Problem::of_driver(&error))
    }
}

/// The SCRAM-SHA-256 verifier of a password: what the server stores, so the password itself never
/// reaches it (nor its logs, should a statement be logged).
fn verifier(secret: &str) -> String {
    postgres_protocol::password::scram_sha_256(secret.as_bytes())
}

/// Six random lowercase letters and digits.
fn instance() -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let random =
        std::collections::hash_map::RandomState::new().hash_one((std::time::SystemTime::now(), std::process::id()));
    (0..6).map(|shift| char::from(DIGITS[((random >> (shift * 8)) % 36) as usize])).collect()
}
