//! `ppg tokens list|create|revoke`: the workspace's service tokens. A new token's value is printed once, on
//! stdout, and never logged. The token ppg itself runs with is marked, and revoking it needs `--own-token`
//! besides the usual `--confirm`, since ppg (and whatever shares the token) is refused from then on.
use chrono::Utc;
use clap::Subcommand;

use super::context::{Context, Failure};
use super::guard;
use super::output::{self, ago, named};
use super::uncertain;
use crate::api::{Error, Me, ServiceToken};
use crate::format::{Table, sanitize};

#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// List the workspace's service tokens, newest first; the one ppg uses is marked.
    List,
    /// Create a service token; its value is printed once.
    Create {
        #[arg(long)]
        name: String,
    },
    /// Revoke a service token; needs --confirm with its id (and --own-token for the one ppg uses).
    Revoke {
        id: String,
        #[arg(long, value_name = "ID")]
        confirm: Option<String>,
        /// Also revoke the token this ppg is running with (it is refused from then on).
        #[arg(long)]
        own_token: bool,
    },
}

/// The workspace of the token, and the id of the service token ppg runs with when the API says so.
struct Whoami {
    workspace: String,
    own: Option<String>,
}

async fn whoami(context: &Context) -> Result<Whoami, Failure> {
    let me: Me = context.client.me().await?;
    let workspace = me
        .workspace
        .map(|workspace| workspace.id)
        .ok_or_else(|| Failure::Reported("the API did not say which workspace the token belongs to".to_owned()))?;
    let own = (me.credential.kind == "service_token").then_some(me.credential.id).flatten();
    Ok(Whoami { workspace, own })
}

pub async fn run(context: &Context, command: TokensCommand) -> Result<(), Failure> {
    let client = &context.client;
    let who = whoami(context).await?;
    match command {
        TokensCommand::List => {
            let read = client.service_tokens(&who.workspace).until_error().await;
            let newest_first = |tokens: &mut Vec<ServiceToken>| {
                tokens.sort_by(|a, b| (&b.created_at, &b.id).cmp(&(&a.created_at, &a.id)));
            };
            output::list(context, read, newest_first, |tokens| tokens_table(tokens, who.own.as_deref()))
        }
        TokensCommand::Create { name } => {
            guard::writable(context, "create a service token")?;
            let listed = || client.service_tokens(&who.workspace).all();
            let sent = uncertain::sending(&listed().await?, &name);
            match client.create_service_token(&who.workspace, &name).await {
                Ok(created) => {
                    if context.json {
                        return output::json(&created);
                    }
                    output::note(&format!("created service token {}", named(&created.token.name, &created.token.id)));
                    if let Err(failure) = output::out(&format!("{}\n", sanitize(&created.value))) {
                        output::note("ppg: the token could not be written to stdout; revoke it and create another.");
                        return Err(failure);
                    }
                    output::note("The API shows this token only once: keep it now, in a secret store.");
                    Ok(())
                }
                Err(error @ Error::OutcomeUnknown { .. }) => {
                    let hint = |id: &str| {
                        format!(
                            "Its value was lost with the answer: revoke it (`ppg tokens revoke {id} --confirm {id}`) and create another."
                        )
                    };
                    uncertain::settle_create(context, "service token", (error, &sent), listed(), hint).await
                }
                Err(error) => Err(error.into()),
            }
        }
        TokensCommand::Revoke { id, confirm, own_token } => {
            guard::writable(context, "revoke a service token")?;
            let tokens = client.service_tokens(&who.workspace).all().await?;
            let Some(token) = tokens.iter().find(|token| token.id == id) else {
                return Err(Failure::NotFound(format!("the workspace has no service token {}", sanitize(&id))));
            };
            let name = named(&token.name, &token.id);
            let is_own = who.own.as_deref() == Some(id.as_str());
            let consequence = match is_own {
                true => {
                    format!("this revokes service token {name}, THE ONE THIS ppg IS USING: ppg is refused from then on")
                }
                false => format!("this revokes service token {name}: whatever uses it is refused from then on"),
            };
            guard::confirmed(&id, confirm.as_deref(), &consequence)?;
            if is_own && !own_token {
                return Err(Failure::Refused(format!(
                    "{consequence}. Pass --own-token as well to revoke it, after setting up another token"
                )));
            }
            match client.revoke_service_token(&who.workspace, &id).await {
                Ok(()) => {}
                Err(error @ Error::OutcomeUnknown { .. }) if !is_own => {
                    let still_there = async {
                        let tokens = client.service_tokens(&who.workspace).all().await?;
                        tokens.into_iter().find(|token| token.id == id).ok_or_else(|| gone(&id))
                    };
                    uncertain::settle_delete(error, still_there).await?
                }
                Err(error) => return Err(error.into()),
            }
            output::note(&format!("revoked service token {name}"));
            Ok(())
        }
    }
}

/// What a token that is no longer listed reads as: not found, as a lookup by id would say.
fn gone(id: &str) -> Error {
    let route = crate::api::Route { method: "GET", path: format!("service token {id}") };
    Error::Status { route, status: 404, code: None, message: "no longer listed".to_owned(), hint: None }
}

fn tokens_table(tokens: &[ServiceToken], own: Option<&str>) -> Table {
    let mut table = Table::new(&["NAME", "ID", "HINT", "CREATED", "EXPIRES", "USED BY PPG"]);
    for token in tokens {
        table.row(vec![
            output::or_dash(&token.name),
            token.id.clone(),
            token.value_hint.clone(),
            ago(&token.created_at),
            token.expiry(Utc::now()),
            if own == Some(token.id.as_str()) { "★ this one".to_owned() } else { String::new() },
        ]);
    }
    table
}
