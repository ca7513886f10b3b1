//! What the PostgreSQL behind `--postgres` should hold for a world, and the statements that take it there
//! from what the emulator remembers making: pure, so that it is tested without a server.
use std::collections::BTreeMap;

use crate::api::ConnectionKind;
use crate::emulator::model::{PostgresRecord, RoleRecord, World};

/// Every name the emulator creates starts with this.
pub const PREFIX: &str = "ppg_emu_";

/// PostgreSQL's longest identifier, in bytes.
const MAX_NAME: usize = 63;

/// The name, in PostgreSQL, of the database for the record `id` (and of its owner group role), or of the
/// login role for the connection `id`: the prefix, the instance tag, then the id in lowercase letters,
/// digits and `_`.
pub fn name(instance: &str, id: &str) -> String {
    let tail: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let mut name = format!("{PREFIX}{instance}_{tail}");
    name.truncate(MAX_NAME);
    name
}

/// A fingerprint of a password, kept instead of the password to notice that it changed.
pub fn fingerprint(secret: &str) -> String {
    let folded =
        secret.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| crate::emulator::ids::mix(hash ^ u64::from(byte)));
    format!("{folded:016x}")
}

/// A login role as the world wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub database: String,
    pub secret: String,
}

/// What the server should hold: databases (each with its owner group of the same name) and login roles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Desired {
    pub databases: Vec<String>,
    pub logins: BTreeMap<String, Login>,
}

impl Desired {
    /// Every database of the world, and every Postgres connection (Accelerate ones have no role).
    pub fn of(world: &World, instance: &str) -> Self {
        let databases = world.databases.keys().map(|id| name(instance, id)).collect();
        let logins = world
            .connections
            .values()
            .filter(|connection| connection.kind != ConnectionKind::Accelerate)
            .filter(|connection| world.databases.contains_key(&connection.database_id))
            .map(|connection| {
                let login =
                    Login { database: name(instance, &connection.database_id), secret: connection.secret.clone() };
                (name(instance, &connection.id), login)
            })
            .collect();
        Self { databases, logins }
    }
}

/// One statement, with what it does to the record once it succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Run it in this database; `None`: in the admin connection's.
    pub database: Option<String>,
    pub statement: Statement,
    pub effect: Effect,
}

/// A statement; the password ones are written at execution, as SCRAM verifiers (never the password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    Sql(String),
    CreateLogin { role: String, group: String, secret: String },
    SetPassword { role: String, secret: String },
}

impl Statement {
    /// What it does, for an error message (no secret in it).
    pub fn describe(&self) -> String {
        match self {
            Statement::Sql(sql) => sql.clone(),
            Statement::CreateLogin { role, .. } => format!("CREATE ROLE {} LOGIN", ident(role)),
            Statement::SetPassword { role, .. } => format!("ALTER ROLE {} PASSWORD", ident(role)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    AddDatabase(String),
    RemoveDatabase(String),
    AddRole(String, RoleRecord),
    RemoveRole(String),
    SetPassword(String, String),
}

/// Records a step's effect once it has succeeded.
pub fn apply(record: &mut PostgresRecord, effect: &Effect) {
    match effect {
        Effect::None => {}
        Effect::AddDatabase(name) => {
            record.databases.insert(name.clone());
        }
        Effect::RemoveDatabase(name) => {
            record.databases.remove(name);
        }
        Effect::AddRole(name, role) => {
            record.roles.insert(name.clone(), role.clone());
        }
        Effect::RemoveRole(name) => {
            record.roles.remove(name);
        }
        Effect::SetPassword(name, fingerprint) => {
            if let Some(role) = record.roles.get_mut(name) {
                role.password = Some(fingerprint.clone());
            }
        }
    }
}

/// The statements that take the server from `record` (what the emulator made) to `desired`: drops first
/// (only of names in `record`), then creations and password changes.
pub fn plan(desired: &Desired, record: &PostgresRecord) -> Vec<Step> {
    let mut steps = Vec::new();
    let admin = |sql: String, effect: Effect| Step { database: None, statement: Statement::Sql(sql), effect };
    let wanted_database = |name: &String| desired.databases.contains(name);
    for database in record.databases.iter().filter(|name| !wanted_database(name)) {
        steps.push(admin(
            format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", ident(database)),
            Effect::RemoveDatabase(database.clone()),
        ));
    }
    for (role, kept) in &record.roles {
        let still_wanted = match kept.login {
            true => desired.logins.get(role).is_some_and(|login| login.database == kept.database),
            false => wanted_database(role),
        };
        if still_wanted {
            continue;
        }
        if kept.login && wanted_database(&kept.database) && record.databases.contains(&kept.database) {
            // Whatever the role made in its database goes to the database's owner group first.
            let sql = format!(
                "REASSIGN OWNED BY {} TO {}; DROP OWNED BY {}",
                ident(role),
                ident(&kept.database),
                ident(role)
            );
            steps.push(Step {
                database: Some(kept.database.clone()),
                statement: Statement::Sql(sql),
                effect: Effect::None,
            });
        }
        steps.push(admin(format!("DROP ROLE IF EXISTS {}", ident(role)), Effect::RemoveRole(role.clone())));
    }
    for database in desired.databases.iter().filter(|name| !record.databases.contains(*name)) {
        if !record.roles.contains_key(database) {
            let group = RoleRecord { database: database.clone(), login: false, password: None };
            steps.push(admin(
                format!("CREATE ROLE {} NOLOGIN", ident(database)),
                Effect::AddRole(database.clone(), group),
            ));
        }
        steps.push(admin(
            format!("CREATE DATABASE {} OWNER {}", ident(database), ident(database)),
            Effect::AddDatabase(database.clone()),
        ));
        steps.push(admin(format!("REVOKE ALL ON DATABASE {} FROM PUBLIC", ident(database)), Effect::None));
    }
    for (role, login) in &desired.logins {
        let print = fingerprint(&login.secret);
        match record.roles.get(role) {
            Some(kept) if kept.login && kept.database == login.database => {
                if kept.password.as_deref() != Some(print.as_str()) {
                    steps.push(Step {
                        database: None,
                        statement: Statement::SetPassword { role: role.clone(), secret: login.secret.clone() },
                        effect: Effect::SetPassword(role.clone(), print),
                    });
                }
            }
            _ => {
                let kept = RoleRecord { database: login.database.clone(), login: true, password: Some(print) };
                steps.push(Step {
                    database: None,
                    statement: Statement::CreateLogin {
                        role: role.clone(),
                        group: login.database.clone(),
                        secret: login.secret.clone(),
                    },
                    effect: Effect::AddRole(role.clone(), kept),
                });
            }
        }
    }
    steps
}

/// A quoted identifier: `"name"`, with `"` doubled.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A quoted literal: `'text'`, with `'` doubled (the server's `standard_conforming_strings` is on since 9.1).
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
