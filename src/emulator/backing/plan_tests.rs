use super::*;

fn desired(databases: &[&str], logins: &[(&str, &str, &str)]) -> Desired {
    Desired {
        databases: databases.iter().map(|name| (*name).to_owned()).collect(),
        logins: logins
            .iter()
            .map(|(role, database, secret)| {
                ((*role).to_owned(), Login { database: (*database).to_owned(), secret: (*secret).to_owned() })
            })
            .collect(),
    }
}

fn run(desired: &Desired, record: &mut PostgresRecord) -> Vec<String> {
    let steps = plan(desired, record);
    for step in &steps {
        apply(record, &step.effect);
    }
    steps.iter().map(|step| step.statement.describe()).collect()
}

#[test]
fn names_are_prefixed_tagged_safe_and_short() {
    assert_eq!(name("k3x9aa", "db_abc123"), "ppg_emu_k3x9aa_db_abc123");
    assert_eq!(name("k3x9aa", "Con-\"X\"; drop"), "ppg_emu_k3x9aa_con__x___drop");
    assert_eq!(name("k3x9aa", &"a".repeat(100)).len(), 63);
    assert_eq!(ident("a\"b"), "\"a\"\"b\"");
    assert_eq!(literal("it's"), "'it''s'");
    assert_ne!(fingerprint("sk_one"), fingerprint("sk_two"));
    assert!(!fingerprint("sk_secret").contains("sk_"));
}

#[test]
fn a_new_world_creates_groups_databases_and_logins_and_then_nothing() {
    let mut record = PostgresRecord { instance: "t".into(), ..PostgresRecord::default() };
    let want = desired(&["d1"], &[("r1", "d1", "sk_a")]);
    let done = run(&want, &mut record);
    assert_eq!(
        done,
        [
            "CREATE ROLE \"d1\" NOLOGIN",
            "CREATE DATABASE \"d1\" OWNER \"d1\"",
            "REVOKE ALL ON DATABASE \"d1\" FROM PUBLIC",
            "CREATE ROLE \"r1\" LOGIN",
        ]
    );
    assert!(record.databases.contains("d1") && record.roles.contains_key("r1") && record.roles.contains_key("d1"));
    assert!(run(&want, &mut record).is_empty(), "a second sync changes nothing");
}

#[test]
fn a_rotation_changes_the_password_and_a_delete_drops_only_what_was_made() {
    let mut record = PostgresRecord { instance: "t".into(), ..PostgresRecord::default() };
    run(&desired(&["d1", "d2"], &[("r1", "d1", "sk_a"), ("r2", "d2", "sk_b")]), &mut record);
    let rotated = run(&desired(&["d1", "d2"], &[("r1", "d1", "sk_new"), ("r2", "d2", "sk_b")]), &mut record);
    assert_eq!(rotated, ["ALTER ROLE \"r1\" PASSWORD"]);

    let without_r1 = run(&desired(&["d1", "d2"], &[("r2", "d2", "sk_b")]), &mut record);
    assert_eq!(without_r1, ["REASSIGN OWNED BY \"r1\" TO \"d1\"; DROP OWNED BY \"r1\"", "DROP ROLE IF EXISTS \"r1\""]);

    let without_d2 = run(&desired(&["d1"], &[]), &mut record);
    assert_eq!(
        without_d2,
        ["DROP DATABASE IF EXISTS \"d2\" WITH (FORCE)", "DROP ROLE IF EXISTS \"d2\"", "DROP ROLE IF EXISTS \"r2\""]
    );
    let everything = run(&Desired::default(), &mut record);
    assert_eq!(everything, ["DROP DATABASE IF EXISTS \"d1\" WITH (FORCE)", "DROP ROLE IF EXISTS \"d1\""]);
    assert_eq!(record, PostgresRecord { instance: "t".into(), ..PostgresRecord::default() });
}

#[test]
fn the_password_reaches_no_description() {
    let record = PostgresRecord { instance: "t".into(), ..PostgresRecord::default() };
    for step in plan(&desired(&["d"], &[("r", "d", "sk_secret")]), &record) {
        assert!(!step.statement.describe().contains("sk_secret"), "{step:?}");
    }
}
