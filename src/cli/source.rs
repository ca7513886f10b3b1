//! Where `ppg ping` and `ppg connect` get their connection string: `--url`, `--env-file`, or a database
//! reached through a temporary connection (`DB --temporary`), the only change either command may make.
use std::io::BufRead;
use std::path::PathBuf;

use clap::Args;

use super::context::{Context, Failure};
use super::endings::Endings;
use super::guard;
use super::output::{self, named};
use crate::config::{Env, Overrides};
use crate::connect::{self, CreateError, Endpoint, Target, Temporary, dotenv};

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The database (its id) to reach through a temporary connection: needs --temporary, since ppg keeps
    /// no connection strings.
    #[arg(value_name = "DB", conflicts_with_all = ["url", "env_file"])]
    pub database: Option<String>,
    /// The connection string; `-` reads it from stdin, so that it shows in no process list.
    #[arg(long, value_name = "URL", conflicts_with = "env_file")]
    pub url: Option<String>,
    /// Read the string from a .env file: DATABASE_URL (or DIRECT_URL), or DIRECT_URL first with --direct.
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// Create a temporary connection to DB, use it, and delete it when done (also on Ctrl-C or a signal).
    #[arg(long, requires = "database")]
    pub temporary: bool,
    /// Use the pooled string.
    #[arg(long, conflicts_with = "direct")]
    pub pooled: bool,
    /// Use the direct string (the default for DB --temporary).
    #[arg(long)]
    pub direct: bool,
}

impl SourceArgs {
    pub fn endpoint(&self) -> Endpoint {
        if self.pooled { Endpoint::Pooled } else { Endpoint::Direct }
    }
}

/// The string to use, decided from the arguments alone.
pub enum Source {
    /// A string given by `--url` or found in a `.env` file.
    Given { target: Target },
    /// A temporary connection to this database.
    Temporary { database: String },
}

/// Reads `--url` (from stdin for `-`) or `--env-file`, or takes `DB --temporary`; anything else is a usage
/// error that says what to pass.
pub fn choose(args: &SourceArgs) -> Result<Source, Failure> {
    let parse = |text: &str, from: String| {
        Target::parse(text)
            .map(|target| Source::Given { target })
            .map_err(|error| Failure::Usage(format!("{from}: {error}")))
    };
    if let Some(url) = &args.url {
        if url == "-" {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|error| Failure::Usage(format!("cannot read the string from stdin: {error}")))?;
            return parse(&line, "the string read from stdin".to_owned());
        }
        return parse(url, "--url".to_owned());
    }
    if let Some(file) = &args.env_file {
        let keys: &[&'static str] = match args.direct {
            true => &[dotenv::DIRECT_URL, dotenv::DATABASE_URL],
            false if args.pooled => &[dotenv::DATABASE_URL],
            false => &[dotenv::DATABASE_URL, dotenv::DIRECT_URL],
        };
        let (key, value) = dotenv::read(file, keys).map_err(Failure::Usage)?;
        return parse(&value, format!("{key} of {}", file.display()));
    }
    match (&args.database, args.temporary) {
        (Some(database), true) => Ok(Source::Temporary { database: database.clone() }),
        (Some(database), false) => Err(Failure::Usage(format!(
            "ppg keeps no connection strings, so it holds no secret for {}: add --temporary to create a temporary \
             connection (deleted when done), or pass --url or --env-file",
            crate::format::sanitize(database)
        ))),
        (None, _) => Err(Failure::Usage("say which connection: --url URL, --env-file FILE, or DB --temporary".into())),
    }
}

/// The API context for a temporary connection: configuration, token, and the read-only guard.
pub fn context_for_temporary(env: &Env, overrides: &Overrides, json: bool) -> Result<Context, Failure> {
    let context = Context::new(env, overrides, json)?;
    if let Err(refused) = guard::writable(&context, "create a temporary connection") {
        context.finish();
        return Err(refused);
    }
    Ok(context)
}

/// What became of the use of a temporary connection.
pub enum Used<T> {
    Done(T),
    /// Cut short by this signal (its number).
    Stopped(u8),
}

/// Creates a temporary connection to `database`, hands it to `use_it`, and deletes it afterwards, whatever
/// happened: `use_it` ran to its end, or a signal cut it (or the creation) short. Answers what `use_it`
/// gave and, when the delete failed, the message naming the connection to delete by hand.
pub async fn temporarily<T>(
    context: &Context,
    database: &str,
    endings: &mut Endings,
    use_it: impl AsyncFnOnce(&Temporary, &mut Endings) -> Used<T>,
) -> Result<(Used<T>, Option<String>), Failure> {
    let client = &context.client;
    let name = connect::temporary_name();
    let created = tokio::select! {
        created = Temporary::create(client, database, &name) => created,
        signal = endings.next() => {
            output::note(&format!("ppg: stopped by {}; making sure the temporary connection {name} is not left", Endings::name(signal)));
            let left = connect::remove_named(client, database, &name).await.err();
            return Ok((Used::Stopped(signal), left));
        }
    };
    let temporary = match created {
        Ok(temporary) => temporary,
        Err(CreateError::Api(error)) => return Err(error.into()),
        Err(CreateError::Lost(message)) => return Err(Failure::Reported(message)),
    };
    let shown = named(temporary.name(), temporary.id());
    output::note(&format!("ppg: created the temporary connection {shown}; it is deleted when done"));
    let used = use_it(&temporary, endings).await;
    let left = match temporary.delete().await {
        Ok(()) => {
            output::note(&format!("ppg: deleted the temporary connection {shown}"));
            None
        }
        Err(leftover) => Some(leftover.to_string()),
    };
    Ok((used, left))
}
