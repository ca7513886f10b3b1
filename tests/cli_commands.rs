//! The real `ppg` binary's read commands against the emulator: aligned tables, and `--json` equal to the API's objects.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli_support;
mod common;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use cli_support::{Harness, bare_command, by_id, project_seed, run, sorted_ids};
use ppg::emulator::Seed;
use serde_json::Value;

fn name_of(item: &Value) -> &str {
    item["name"].as_str().unwrap_or_else(|| panic!("no name in {item}"))
}

fn id_of(item: &Value) -> &str {
    item["id"].as_str().unwrap_or_else(|| panic!("no id in {item}"))
}

#[test]
fn account_lists_completions_and_config_path() {
    let h = Harness::demo();
    let me = h.data("/v1/me", &[]);
    let whoami = h.ppg(&["whoami"]);
    whoami.ok();
    assert_eq!(whoami.header(), ["WHAT", "WHO"]);
    whoami.has_row(&["user", "Ada Lovelace", me["user"]["email"].as_str().unwrap()]);
    whoami.has_row(&["workspace", "Acme", me["workspace"]["id"].as_str().unwrap()]);
    assert_eq!(h.ppg(&["whoami", "--json"]).ok().json(), me);

    let workspaces = h.list_all("/v1/workspaces");
    let table = h.ppg(&["workspaces", "list"]);
    assert_eq!(table.ok().header(), ["NAME", "ID", "CREATED"]);
    for workspace in &workspaces {
        table.has_row(&[name_of(workspace), id_of(workspace)]);
    }
    assert_eq!(by_id(h.ppg(&["workspaces", "list", "--json"]).ok().json_array()), by_id(workspaces));

    let regions = h.data("/v1/regions/postgres", &[]);
    let table = h.ppg(&["regions", "list"]);
    assert_eq!(table.ok().header(), ["ID", "NAME", "STATUS"]);
    for region in regions.as_array().unwrap() {
        table.has_row(&[id_of(region), name_of(region)]);
    }
    assert_eq!(h.ppg(&["regions", "list", "--json"]).ok().json(), regions);

    let bash = h.ppg(&["completions", "bash"]);
    bash.ok().stdout_has("_ppg").stdout_has("complete -F");
    for word in ["projects", "databases", "connections", "backups", "restore", "usage", "--confirm"] {
        bash.stdout_has(word);
    }
    assert!(bash.stderr.is_empty(), "completions print nothing else: {}", bash.printed());
    h.ppg(&["completions", "zsh"]).ok().stdout_has("#compdef ppg");

    // `config path` needs no token and honours XDG_CONFIG_HOME, else falls back to $HOME/.config.
    let home = h.home.path();
    let path = run(bare_command(home).args(["config", "path"]), &["config", "path"]);
    assert_eq!(path.ok().stdout.trim_end(), home.join("config/ppg/config.toml").to_str().unwrap());
    let args = ["config", "path"];
    let fallback = run(bare_command(home).env_remove("XDG_CONFIG_HOME").args(args), &args);
    assert_eq!(fallback.ok().stdout.trim_end(), home.join(".config/ppg/config.toml").to_str().unwrap());
}

#[test]
fn projects_and_databases_are_listed_whole() {
    let h = Harness::demo();
    h.wait_until_settled();
    let projects = h.list_all("/v1/projects");
    assert!(projects.len() > 4, "the demo pages with a limit of 4: {projects:?}");
    let table = h.ppg(&["projects", "list"]);
    assert_eq!(table.ok().header(), ["NAME", "ID", "REGION", "CREATED"]);
    for project in &projects {
        table.has_row(&[name_of(project), id_of(project), project["defaultRegion"].as_str().unwrap()]);
    }
    assert_eq!(table.stdout.lines().count(), projects.len() + 1, "one row per project\n{}", table.printed());
    assert_eq!(by_id(h.ppg(&["projects", "list", "--json"]).ok().json_array()), by_id(projects.clone()));

    let project = &projects[0];
    let path = format!("/v1/projects/{}", id_of(project));
    let get = h.ppg(&["projects", "get", id_of(project)]);
    get.ok().has_row(&[name_of(project), id_of(project)]);
    assert_eq!(h.ppg(&["projects", "get", id_of(project), "--json"]).ok().json(), h.data(&path, &[]));

    let databases = h.list_all("/v1/databases");
    let table = h.ppg(&["databases", "list"]);
    // The demo's storefront has branches: the table names them.
    let header = ["PROJECT", "NAME", "BRANCH", "ID", "STATUS", "REGION", "DEFAULT", "CREATED"];
    assert_eq!(table.ok().header(), header);
    for database in &databases {
        let project = database["project"]["name"].as_str().unwrap();
        let mut cells = vec![project, name_of(database), id_of(database), database["status"].as_str().unwrap()];
        if database["isDefault"] == true {
            cells.push("★");
        }
        table.has_row(&cells);
    }
    assert_eq!(by_id(h.ppg(&["databases", "list", "--json"]).ok().json_array()), by_id(databases.clone()));

    // --project: that project's databases and no other.
    let project = projects.iter().find(|p| databases.iter().filter(|d| d["project"]["id"] == p["id"]).count() > 1);
    let project = id_of(project.expect("a demo project with several databases"));
    let own = h.list_all(&format!("/v1/projects/{project}/databases"));
    let listed = h.ppg(&["databases", "list", "--project", project, "--json"]).ok().json_array();
    assert_eq!(by_id(listed), by_id(own.clone()));
    let table = h.ppg(&["databases", "list", "--project", project]);
    table.ok();
    for database in &databases {
        let mine = own.iter().any(|d| d["id"] == database["id"]);
        assert_eq!(table.stdout.contains(id_of(database)), mine, "{} in --project {project}", id_of(database));
    }

    let main = h.id_of("databases", "main-db");
    let get = h.ppg(&["databases", "get", &main]);
    assert_eq!(get.ok().header(), ["FIELD", "VALUE"]);
    get.has_row(&["name", "main-db"]).has_row(&["id", &main]).has_row(&["default", "yes"]);
    get.has_row(&["connections", "app-server", "ci"]);
    let path = format!("/v1/databases/{main}");
    assert_eq!(h.ppg(&["databases", "get", &main, "--json"]).ok().json(), h.data(&path, &[]));
}

#[test]
fn a_listing_follows_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let seed = project_seed(dir.path(), 230);
    let h = Harness::start(common::config(Seed::File(seed)));
    let api = h.list_all("/v1/projects");
    assert_eq!(api.len(), 230);
    h.clear_requests();
    let listed = h.ppg(&["projects", "list", "--json"]).ok().json_array();
    assert_eq!(listed.len(), 230, "one array of every page");
    assert_eq!(by_id(listed), by_id(api.clone()));
    let log = h.requests();
    assert!(log.len() >= 2, "230 projects take more than one page: {log:?}");
    for (i, request) in log.iter().enumerate() {
        assert_eq!(
            (&request["method"], &request["path"], &request["status"]),
            (&"GET".into(), &"/v1/projects".into(), &200.into())
        );
        let cursor = request["query"].as_str().is_some_and(|query| query.contains("cursor="));
        assert_eq!(cursor, i > 0, "only the pages after the first carry a cursor: {request}");
    }
    let table = h.ppg(&["projects", "list"]);
    table.ok();
    assert_eq!(table.stdout.lines().count(), 231, "a header and every project");
    for project in &api {
        table.has_row(&[name_of(project), id_of(project)]);
    }
}

#[test]
fn connections_and_backups_are_listed() {
    let h = Harness::demo();
    let main = h.id_of("databases", "main-db");
    let connections = h.list_all(&format!("/v1/databases/{main}/connections"));
    assert!(connections.len() >= 2, "main-db has connections: {connections:?}");
    let table = h.ppg(&["connections", "list", &main]);
    assert_eq!(table.ok().header(), ["NAME", "ID", "KIND", "ENDPOINTS", "CREATED"]);
    for connection in &connections {
        table.has_row(&[name_of(connection), id_of(connection), connection["kind"].as_str().unwrap()]);
    }
    assert!(!table.stdout.contains("postgres://"), "a listing shows no secrets\n{}", table.printed());
    let listed = h.ppg(&["connections", "list", &main, "--json"]).ok().json_array();
    assert_eq!(by_id(listed), by_id(connections));

    let path = format!("/v1/databases/{main}/backups");
    let api = h.data(&path, &[("limit", "3")]);
    let api = api.as_array().unwrap();
    let three = h.ppg(&["backups", "list", &main, "--limit", "3", "--json"]).ok().json_array();
    assert_eq!(&three, api, "the newest three, in the API's order");
    let table = h.ppg(&["backups", "list", &main, "--limit", "3"]);
    assert_eq!(table.ok().header(), ["CREATED", "AGE", "TYPE", "SIZE", "STATUS", "ID"]);
    assert_eq!(table.stdout.lines().count(), 4, "a header and three backups\n{}", table.printed());
    for backup in api {
        table.has_row(&[id_of(backup), backup["status"].as_str().unwrap(), backup["backupType"].as_str().unwrap()]);
    }
    table.stderr_has("3 backup(s)").stderr_has("retention: 30 days");
    let default = h.ppg(&["backups", "list", &main, "--json"]).ok().json_array();
    assert_eq!(sorted_ids(&default), sorted_ids(h.data(&path, &[]).as_array().unwrap()), "the API's default limit");
}

/// The `startDate` of a logged usage request's raw query, decoded enough to compare with a day.
fn start_date(query: &str) -> String {
    let value = query.split('&').find_map(|pair| pair.strip_prefix("startDate=")).unwrap_or_default();
    value.replace("%3A", ":")
}

#[test]
fn usage_for_a_period_and_per_day() {
    let h = Harness::demo();
    let main = h.id_of("databases", "main-db");
    let today = Utc::now().date_naive();
    let days: Vec<_> = (1..=3).rev().map(|back| today - Duration::days(back)).collect();
    let (from, to) = (days[0].to_string(), days[2].to_string());
    let midnight = |day: chrono::NaiveDate| day.and_time(NaiveTime::MIN).and_utc();

    let table = h.ppg(&["usage", &main]);
    assert_eq!(table.ok().header(), ["FROM", "TO", "OPERATIONS", "STORAGE"]);
    let range = h.ppg(&["usage", &main, "--from", &from, "--to", &to, "--json"]).ok().json();
    let start = midnight(days[0]).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let end = midnight(today).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let query = [("startDate", start.as_str()), ("endDate", end.as_str())];
    let api = h.block_on(h.emu.get_query(&format!("/v1/databases/{main}/usage"), &query)).expect(200).json();
    assert_eq!(range["metrics"], api["metrics"], "the whole of --to's day is included");
    let period_of =
        |usage: &Value, edge: &str| usage["period"][edge].as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
    assert_eq!((period_of(&range, "start"), period_of(&range, "end")), (midnight(days[0]), midnight(today)));
    let table = h.ppg(&["usage", &main, "--from", &from, "--to", &to]);
    table.ok().has_row(&[&format!("{from} 00:00"), &format!("{today} 00:00")]);

    h.clear_requests();
    let daily = h.ppg(&["usage", &main, "--daily", "--from", &from, "--to", &to, "--json"]).ok().json_array();
    assert_eq!(daily.len(), 3, "one window per day");
    for (usage, day) in daily.iter().zip(&days) {
        assert_eq!(period_of(usage, "start"), midnight(*day));
        assert_eq!(period_of(usage, "end"), midnight(*day + Duration::days(1)));
    }
    let operations = |usage: &Value| usage["metrics"]["operations"]["used"].as_f64().unwrap();
    let total: f64 = daily.iter().map(operations).sum();
    assert!(total > 0.0, "main-db is busy on recent days");
    assert_eq!(total, operations(&range), "the days add up to the period");
    let usage_path = format!("/v1/databases/{main}/usage");
    let log: Vec<Value> = h.requests().into_iter().filter(|r| r["path"] == usage_path.as_str()).collect();
    assert_eq!(log.len(), 3, "one usage request per day: {log:?}");
    let mut starts: Vec<String> = log.iter().map(|r| start_date(r["query"].as_str().unwrap())).collect();
    starts.sort();
    let expected: Vec<String> = days.iter().map(|day| format!("{day}T00:00:00Z")).collect();
    assert_eq!(starts, expected);

    let table = h.ppg(&["usage", &main, "--daily", "--from", &from, "--to", &to]);
    assert_eq!(table.ok().header(), ["DAY", "OPERATIONS", "STORAGE"]);
    assert_eq!(table.stdout.lines().count(), 5, "a header, three days and a total\n{}", table.printed());
    for day in &days {
        table.has_row(&[&day.to_string()]);
    }
    table.has_row(&["total"]);
}

#[test]
fn untrusted_names_are_escaped_in_tables() {
    let h = Harness::demo();
    let id = h.id_of("projects", "billing");
    let evil = "bill\x1b[2J\x1b]0;pwned\x07\ning";
    let json = h.ppg(&["projects", "rename", &id, evil, "--json"]).ok().json();
    assert_eq!(json["name"], evil, "--json keeps the name as the API has it");
    let renamed = h.ppg(&["projects", "rename", &id, evil]);
    renamed.ok().stderr_has("bill\\x1b[2J");
    assert!(!renamed.stderr.contains('\x1b'), "the message escapes the name\n{}", renamed.printed());
    let count = h.records("projects").len();
    for args in [vec!["projects", "list"], vec!["projects", "get", &id], vec!["databases", "list"]] {
        let table = h.ppg(&args);
        table.ok().has_row(&["bill\\x1b[2J\\x1b]0;pwned\\x07\\ning"]);
        for raw in ['\x1b', '\x07'] {
            assert!(
                !table.stdout.contains(raw) && !table.stderr.contains(raw),
                "{raw:?} printed raw\n{}",
                table.printed()
            );
        }
        if args == ["projects", "list"] {
            assert_eq!(table.stdout.lines().count(), count + 1, "a newline in a name does not split its row");
        }
    }
}
