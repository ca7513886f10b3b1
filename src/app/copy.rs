//! The copy menu: every string a user may want from a connection, computed here so it is tested.
use crate::api::Connection;

#[derive(Debug, Clone, PartialEq)]
pub struct CopyItem {
    pub label: String,
    /// Exactly what goes on the clipboard.
    pub text: String,
    /// Whether `text` holds a secret (shown masked in the menu).
    pub secret: bool,
    /// Instead of copying, Enter does this (offered when no full string is in memory).
    pub act: Option<MenuAct>,
}

/// What a row of the copy menu may do instead of copying: the two ways to get a full string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuAct {
    /// Opens the new-connection form for the connection's database.
    NewConnection,
    /// Opens the rotation dialog for this connection.
    Rotate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CopyMenu {
    pub title: String,
    pub items: Vec<CopyItem>,
    pub selected: usize,
    /// Said when no secret is in memory: why, and the two ways to get one.
    pub note: Option<String>,
}

/// Why the full strings are missing, and what to do about it.
pub const NO_SECRET_NOTE: &str = "The API shows a connection's password only once, when it is created or rotated, \
and ppg has not seen it in this session. To get a full connection string, either create a new connection \
(running apps keep working) or rotate this one (apps using it must be updated).";

fn item(label: impl Into<String>, text: impl Into<String>, secret: bool) -> CopyItem {
    CopyItem { label: label.into(), text: text.into(), secret, act: None }
}

fn act(label: &str, what: &str, act: MenuAct) -> CopyItem {
    CopyItem { label: label.to_owned(), text: what.to_owned(), secret: false, act: Some(act) }
}

/// The menu for `listed` (as the API lists it), using `minted` (its create or rotate answer) when
/// this session has one.
pub fn menu(listed: &Connection, minted: Option<&Connection>) -> CopyMenu {
    let mut items = vec![item("id", listed.id.clone(), false)];
    for (name, endpoint) in listed.endpoints.named() {
        items.push(item(format!("{name} host:port"), endpoint.address(), false));
    }
    let mut note = Some(NO_SECRET_NOTE.to_owned());
    if let Some(minted) = minted {
        for (name, text) in minted.minted() {
            items.push(item(format!("{name} connection string"), text, true));
        }
        if let Some(main) = minted.database_url() {
            items.push(item("DATABASE_URL line", format!("DATABASE_URL=\"{main}\""), true));
            note = None;
        }
    }
    if note.is_some() {
        items.push(act("create a new connection", "… with its own strings; apps keep working", MenuAct::NewConnection));
        items.push(act("rotate this one", "… new strings; apps using it must be updated", MenuAct::Rotate));
    }
    CopyMenu { title: format!("Copy from {}", listed.name), items, selected: 0, note }
}

/// `postgres://3f9a…:••••@pooled.db.prisma.io:5432/…`: enough to recognise, nothing to steal.
pub fn mask(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return "••••".to_owned();
    };
    if let Some((credentials, host)) = rest.split_once('@') {
        let user: String = credentials.split(':').next().unwrap_or_default().chars().take(4).collect();
        return format!("{scheme}://{user}…:••••@{host}");
    }
    match rest.split_once("api_key=") {
        Some((before, _)) => format!("{scheme}://{before}api_key=••••"),
        None => format!("{scheme}://••••"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ConnectionKind, Endpoint, Endpoints};

    fn connection(minted: bool) -> Connection {
        let endpoint = |host: &str| Endpoint {
            host: host.to_owned(),
            port: 5432.into(),
            connection_string: minted.then(|| format!("postgres://abcdef:sk_pw@{host}:5432/?sslmode=require")),
        };
        Connection {
            id: "con_1".into(),
            resource_type: "connection".into(),
            url: String::new(),
            name: "app".into(),
            created_at: chrono::Utc::now().into(),
            kind: ConnectionKind::Postgres,
            endpoints: Endpoints {
                direct: Some(endpoint("db.prisma.io")),
                pooled: Some(endpoint("pooled.db.prisma.io")),
                accelerate: None,
            },
            database: None,
            direct_connection: None,
            connection_string: None,
            host: None,
            user: None,
            pass: None,
        }
    }

    #[test]
    fn without_a_secret_offers_ids_addresses_and_both_ways_to_a_string() {
        let menu = menu(&connection(false), None);
        let copies: Vec<&str> = menu.items.iter().filter(|i| i.act.is_none()).map(|i| i.text.as_str()).collect();
        assert_eq!(copies, ["con_1", "db.prisma.io:5432", "pooled.db.prisma.io:5432"]);
        let acts: Vec<MenuAct> = menu.items.iter().filter_map(|i| i.act).collect();
        assert_eq!(acts, [MenuAct::NewConnection, MenuAct::Rotate]);
        assert_eq!(menu.note.as_deref(), Some(NO_SECRET_NOTE));
        let with_secret = super::menu(&connection(false), Some(&connection(true)));
        assert!(with_secret.items.iter().all(|i| i.act.is_none()), "a held string needs neither");
    }

    #[test]
    fn with_a_secret_offers_the_exact_strings() {
        let minted = connection(true);
        let menu = menu(&connection(false), Some(&minted));
        let find = |label: &str| menu.items.iter().find(|i| i.label == label).map(|i| i.text.clone());
        assert_eq!(
            find("pooled connection string").as_deref(),
            Some("postgres://abcdef:sk_pw@pooled.db.prisma.io:5432/?sslmode=require")
        );
        assert_eq!(
            find("direct connection string").as_deref(),
            Some("postgres://abcdef:sk_pw@db.prisma.io:5432/?sslmode=require")
        );
        assert_eq!(
            find("DATABASE_URL line").as_deref(),
            Some("DATABASE_URL=\"postgres://abcdef:sk_pw@pooled.db.prisma.io:5432/?sslmode=require\"")
        );
        assert_eq!(menu.note, None);
    }

    #[test]
    fn masks_passwords_and_keys() {
        assert_eq!(
            mask("postgres://abcdef12:sk_pw@pooled.db.prisma.io:5432/?sslmode=require"),
            "postgres://abcd…:••••@pooled.db.prisma.io:5432/?sslmode=require"
        );
        assert_eq!(
            mask("prisma+postgres://accelerate.prisma-data.net/?api_key=KEY"),
            "prisma+postgres://accelerate.prisma-data.net/?api_key=••••"
        );
        assert!(!mask("DATABASE_URL=\"postgres://u:sk_pw@h/\"").contains("sk_pw"));
    }
}
