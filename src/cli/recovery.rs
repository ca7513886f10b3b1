//! `ppg backups list`, `ppg restore` (into a new database, or in place behind a confirmation), `ppg usage`.
use chrono::{DateTime, Duration, NaiveDate, Utc};
use clap::{Args, Subcommand};
use futures::{StreamExt, TryStreamExt};

use super::context::{Context, Failure};
use super::output::{self, ago, named};
use super::{databases, guard, uncertain};
use crate::api::lenient::mebibytes;
use crate::api::{Backup, Database, Error, InPlaceRestore, NewDatabase, RestoreStep, SafetyCopy, Usage, backup_at};
use crate::format::{Table, count, gib, parse_when, sanitize};
use crate::verdict::SentRestore;

/// How many per-day usage requests run at once.
const DAILY_CONCURRENCY: usize = 6;

#[derive(Debug, Subcommand)]
pub enum BackupsCommand {
    /// List the backups of a database, newest first.
    List {
        database: String,
        /// How many, 1 to 100 (the API's default is 25).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100))]
        limit: Option<u32>,
    },
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("target").required(true).args(["into", "new"]))]
#[command(group = clap::ArgGroup::new("which").required(true).args(["backup", "at"]))]
pub struct RestoreArgs {
    /// The backup to restore.
    #[arg(long, value_name = "BACKUP")]
    backup: Option<String>,
    /// Restore the newest completed backup taken at or before TIME: an RFC 3339 time, a date (its end),
    /// `2026-11-10 03:00`, or `yesterday 03:00` (UTC).
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// The database the backup belongs to.
    #[arg(long, value_name = "DB")]
    source_database: String,
    /// Restore over this existing database, replacing all its data (needs --confirm TARGET).
    #[arg(long, value_name = "TARGET")]
    into: Option<String>,
    /// Restore into a new database of this name, in the source's project (safe: nothing is overwritten).
    #[arg(long, value_name = "NAME")]
    new: Option<String>,
    /// The target's id, to confirm an in-place restore.
    #[arg(long, value_name = "TARGET")]
    confirm: Option<String>,
    /// Restore in place without first copying the target to `<target>-before-restore-<time>`.
    #[arg(long)]
    no_safety_copy: bool,
}

#[derive(Debug, Args)]
pub struct UsageArgs {
    database: String,
    /// First day (YYYY-MM-DD, or an RFC 3339 time); default: the start of this month (last 30 days with --daily).
    #[arg(long, value_parser = parse_start)]
    from: Option<DateTime<Utc>>,
    /// Last day, included (YYYY-MM-DD, or an RFC 3339 time); default: now.
    #[arg(long, value_parser = parse_end)]
    to: Option<DateTime<Utc>>,
    /// One row per day (one request per day).
    #[arg(long)]
    daily: bool,
}

fn parse_time(text: &str, day_offset: i64) -> Result<DateTime<Utc>, String> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(day.and_time(chrono::NaiveTime::MIN).and_utc() + Duration::days(day_offset));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| format!("{text:?} is not a date (YYYY-MM-DD) or an RFC 3339 time"))
}

fn parse_start(text: &str) -> Result<DateTime<Utc>, String> {
    parse_time(text, 0)
}

/// A day given as the end means the whole day, so the period ends at the next midnight.
fn parse_end(text: &str) -> Result<DateTime<Utc>, String> {
    parse_time(text, 1)
}

pub async fn backups(
    context: &Context,
    BackupsCommand::List { database, limit }: BackupsCommand,
) -> Result<(), Failure> {
    let list = context.client.backups(&database, limit).await?;
    let (count, has_more) = (list.data.total(), list.pagination.has_more);
    let retention = list.meta.backup_retention_days.map_or_else(|| "unknown".to_owned(), |days| format!("{days} days"));
    let newest_first = |backups: &mut Vec<Backup>| backups.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    output::list(context, (list.data, None), newest_first, |backups| {
        let mut table = Table::new(&["CREATED", "AGE", "TYPE", "SIZE", "STATUS", "ID"]).align_right(3);
        for backup in backups {
            table.row(vec![
                backup.created_at.format("%Y-%m-%d %H:%M UTC"),
                ago(&backup.created_at),
                backup.backup_type.to_string(),
                backup.size.as_ref().map_or_else(|| "-".to_owned(), mebibytes),
                backup.status.to_string(),
                backup.id.clone(),
            ]);
        }
        table
    })?;
    if context.json {
        return Ok(());
    }
    let more = if has_more { " (older ones exist: raise --limit)" } else { "" };
    output::note(&format!("{count} backup(s), newest first{more}; retention: {retention}"));
    Ok(())
}

pub async fn restore(context: &Context, args: RestoreArgs) -> Result<(), Failure> {
    guard::writable(context, "restore a backup")?;
    if args.no_safety_copy && args.new.is_some() {
        return Err(Failure::Usage(
            "--no-safety-copy goes with --into: a restore into a new database overwrites nothing".into(),
        ));
    }
    let client = &context.client;
    let source = client.database(&args.source_database).await?;
    let backup = match (&args.backup, &args.at) {
        (Some(id), _) => find_backup(context, &args.source_database, id).await?,
        (None, Some(time)) => backup_at_time(context, &args.source_database, time).await?,
        (None, None) => return Err(Failure::Usage("say which backup: --backup BACKUP or --at TIME".into())),
    };
    if let Some(name) = args.new {
        let project =
            source.project.as_ref().map(|p| p.id.clone()).ok_or_else(|| {
                Failure::Reported(format!("the API did not say which project {} belongs to", source.id))
            })?;
        let new = NewDatabase {
            name: Some(name),
            region: source.region.as_ref().map(|region| region.id.clone()),
            source: Some(crate::api::DatabaseSource::Backup {
                database_id: source.id.clone(),
                backup_id: backup.id.clone(),
            }),
        };
        return databases::create(context, &project, new).await;
    }
    let Some(target_id) = args.into else {
        return Err(Failure::Usage("say where to restore: --new NAME or --into TARGET".into()));
    };
    let target = client.database(&target_id).await?;
    if target.is_default {
        return Err(Failure::Refused(format!(
            "{} is a default database and cannot be restored over; restore into a new database with --new NAME",
            named(&target.name, &target.id)
        )));
    }
    let kept = match args.no_safety_copy {
        true => "all of its current data is lost (--no-safety-copy: no copy is made first)",
        false => "its current data is first copied to a new database, kept until you delete it",
    };
    let consequence = format!(
        "this replaces everything in database {} with backup {} of {} ({}): {kept}",
        named(&target.name, &target.id),
        backup.id,
        backup.created_at.format("%Y-%m-%d %H:%M UTC"),
        ago(&backup.created_at)
    );
    guard::confirmed(&target.id, args.confirm.as_deref(), &consequence)?;
    let plan = InPlaceRestore::plan(target, &source.id, &backup.id, !args.no_safety_copy, Utc::now())
        .map_err(Failure::Reported)?;
    let copy = match plan.first() {
        RestoreStep::MakeCopy(copy) => Some(make_copy(context, &plan, copy).await?),
        RestoreStep::Restore => None,
    };
    let target = &plan.target;
    let sent = SentRestore {
        source_database: source.id.clone(),
        backup: backup.id.clone(),
        before: Some((target.status.clone(), target.source.clone())),
    };
    let restored = match client.restore(&target.id, &source.id, &backup).await {
        Ok(restored) => restored,
        Err(error @ Error::OutcomeUnknown { .. }) => {
            uncertain::settle_restore((error, &sent), client.database(&target.id)).await?
        }
        Err(error) => return Err(error.into()),
    };
    if context.json {
        return output::json(&restored);
    }
    output::note(&format!(
        "restore started: {} is {}; it keeps its connections",
        named(&restored.name, &restored.id),
        restored.status
    ));
    if let Some(copy) = copy {
        output::note(&InPlaceRestore::kept(&copy));
    }
    Ok(())
}

/// Makes the safety copy; any failure, a lost answer included, ends the command with nothing restored.
async fn make_copy(context: &Context, plan: &InPlaceRestore, copy: SafetyCopy) -> Result<Database, Failure> {
    let client = &context.client;
    let name = copy.new.name.clone().unwrap_or_default();
    output::note(&format!(
        "ppg: copying {} to {} before the restore",
        named(&plan.target.name, &plan.target.id),
        sanitize(&name)
    ));
    let sent = uncertain::sending(&client.databases(Some(&copy.project)).all().await?, &name);
    match client.create_database(&copy.project, &copy.new).await {
        Ok(made) => Ok(made),
        Err(error @ Error::OutcomeUnknown { .. }) => {
            let hint = |id: &str| format!("If {id} is to be the copy, restore again with --no-safety-copy");
            let now = client.databases(Some(&copy.project)).all();
            let settled = uncertain::settle_create(context, "database", (error, &sent), now, hint).await;
            Err(match settled {
                Err(Failure::Reported(message)) => Failure::Reported(format!("{message}. Nothing was restored")),
                Err(other) => other,
                Ok(()) => Failure::Reported(plan.copy_failed("its answer was lost")),
            })
        }
        Err(error) => {
            let why = match super::plan::explained(context, error).await {
                Failure::Api(error) => error.to_string(),
                Failure::Reported(message) => message,
                _ => "it was refused".to_owned(),
            };
            Err(Failure::Reported(plan.copy_failed(&why)))
        }
    }
}

/// The newest completed backup at or before the time given, said out loud.
async fn backup_at_time(context: &Context, database: &str, time: &str) -> Result<Backup, Failure> {
    let at = parse_when(time, Utc::now()).map_err(Failure::Usage)?;
    let list = context.client.backups(database, Some(100)).await?;
    let Some(backup) = backup_at(&list.data, at).cloned() else {
        return Err(Failure::NotFound(format!(
            "database {database} has no completed backup at or before {} among its latest {} (see `ppg backups \
             list {database}`)",
            at.format("%Y-%m-%d %H:%M:%S UTC"),
            list.data.total()
        )));
    };
    output::note(&format!(
        "ppg: the newest completed backup at or before {} is {} of {} ({})",
        at.format("%Y-%m-%d %H:%M:%S UTC"),
        backup.id,
        backup.created_at.format("%Y-%m-%d %H:%M UTC"),
        ago(&backup.created_at)
    ));
    Ok(backup)
}

async fn find_backup(context: &Context, database: &str, id: &str) -> Result<Backup, Failure> {
    let list = context.client.backups(database, Some(100)).await?;
    if let Some(unreadable) = list.data.unreadable.iter().find(|item| item.id.as_deref() == Some(id)) {
        return Err(Failure::Reported(format!(
            "backup {id} is listed, but ppg cannot read it ({}): it cannot be restored from ppg",
            unreadable.reason_in("data")
        )));
    }
    list.data.into_iter().find(|backup| backup.id == id).ok_or_else(|| {
        Failure::NotFound(format!(
            "backup {id} is not among the backups of database {database} (see `ppg backups list {database}`)"
        ))
    })
}

/// The longest range `--daily` reads: one request per day, so a typo in `--from` cannot send thousands.
pub const MAX_DAILY_DAYS: i64 = 366;

/// Refuses a range that starts in the future, ends before it starts, or (daily) is longer than
/// `MAX_DAILY_DAYS`, before any request.
fn check_range(args: &UsageArgs, now: DateTime<Utc>, end: DateTime<Utc>) -> Result<(), Failure> {
    let Some(from) = args.from else { return Ok(()) };
    if from > now {
        return Err(Failure::Usage(format!(
            "--from {} is in the future: there is no usage there yet",
            from.date_naive()
        )));
    }
    if end <= from {
        return Err(Failure::Usage("--to must come after --from".to_owned()));
    }
    let days = (end - from).num_days();
    if args.daily && days > MAX_DAILY_DAYS {
        return Err(Failure::Usage(format!(
            "--daily reads one day per request, at most {MAX_DAILY_DAYS} days; this range has {days}: \
             narrow --from/--to, or leave out --daily for one total"
        )));
    }
    Ok(())
}

pub async fn usage(context: &Context, args: UsageArgs) -> Result<(), Failure> {
    let now = Utc::now();
    let today = now.date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
    let end = args.to.unwrap_or(if args.daily { today + Duration::days(1) } else { now });
    check_range(&args, now, end)?;
    if !args.daily {
        let usage = context.client.usage(&args.database, args.from, args.to).await?;
        if context.json {
            return output::json(&usage);
        }
        let mut table = Table::new(&["FROM", "TO", "OPERATIONS", "STORAGE"]).align_right(2).align_right(3);
        table.row(usage_row(&usage, "%Y-%m-%d %H:%M"));
        output::table(&table)?;
        return Ok(());
    }
    let start = args.from.unwrap_or(end - Duration::days(30));
    let days: Vec<DateTime<Utc>> =
        std::iter::successors(Some(start), |day| Some(*day + Duration::days(1))).take_while(|day| *day < end).collect();
    let client = &context.client;
    let database = args.database.as_str();
    let per_day: Vec<Usage> = futures::stream::iter(days)
        .map(|day| client.usage(database, Some(day), Some((day + Duration::days(1)).min(end))))
        .buffered(DAILY_CONCURRENCY)
        .try_collect()
        .await?;
    if context.json {
        return output::json(&per_day);
    }
    let mut table = Table::new(&["DAY", "OPERATIONS", "STORAGE"]).align_right(1).align_right(2);
    for usage in &per_day {
        let [day, _, operations, storage] = usage_row(usage, "%Y-%m-%d").try_into().unwrap_or_default();
        table.row(vec![day, operations, storage]);
    }
    let total: f64 = per_day.iter().map(|usage| usage.metrics.operations.used).sum();
    table.row(vec!["total".into(), count(total as u64), String::new()]);
    output::table(&table)?;
    Ok(())
}

fn usage_row(usage: &Usage, format: &str) -> Vec<String> {
    vec![
        usage.period.start.format(format).to_string(),
        usage.period.end.format(format).to_string(),
        count(usage.metrics.operations.used as u64),
        gib(usage.metrics.storage.used),
    ]
}
