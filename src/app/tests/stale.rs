//! Answers nobody waits for any more are dropped: the jump index's lists of an old profile never land in
//! the new one's data.
use super::*;

#[test]
fn a_late_jump_list_from_the_old_profile_is_dropped() {
    let mut app = browsing();
    let effects = update(&mut app, char(':'));
    let asked = request_of(&effects, |f| *f == Fetch::AllDatabases);
    update(&mut app, Msg::Connected(Badges { profile: Some("other".into()), ..Badges::default() }));
    let old = vec![database("db_old", "proj_old", "old", "ready", false)];
    update(&mut app, reply(asked, Reply::AllDatabases(Ok(old.into()))));
    assert!(app.data.database("db_old").is_none(), "the old profile's database landed in the new one");

    // The answer the app waits for still lands.
    let effects = update(&mut app, char(':'));
    let asked = request_of(&effects, |f| *f == Fetch::AllDatabases);
    let fresh = vec![database("db_new", "proj_new", "new", "ready", false)];
    update(&mut app, reply(asked, Reply::AllDatabases(Ok(fresh.clone().into()))));
    assert!(app.data.database("db_new").is_some());
    update(&mut app, reply(asked, Reply::AllDatabases(Ok(fresh.into()))));
    assert!(!app.activity.jump_requests.contains(&asked), "an answer is taken once");
}

#[test]
fn a_poll_answer_nobody_awaits_changes_nothing() {
    let mut app = browsing();
    let effects = update(&mut app, char('R'));
    let request = request_of(&effects, |f| matches!(f, Fetch::Databases { .. }));
    let busy = vec![database("db_1", "proj_a", "main", "provisioning", true)];
    let reply_to = |request| {
        reply(request, Reply::Databases { project: "proj_a".into(), result: Ok(busy.clone().into()), cut_short: None })
    };
    let effects = update(&mut app, reply_to(request));
    let first = request_of(&effects, |f| matches!(f, Fetch::Database { .. }));
    let still_busy = Reply::Database { database: "db_1".into(), result: Ok(busy[0].clone()) };
    let effects = update(&mut app, reply(first, still_busy));
    let second = request_of(&effects, |f| matches!(f, Fetch::Database { .. }));
    // The first look answers again, late, saying ready: the second look is the one awaited.
    let ready = database("db_1", "proj_a", "main", "ready", true);
    let effects =
        update(&mut app, reply(first, Reply::Database { database: "db_1".into(), result: Ok(ready.clone()) }));
    assert!(effects.is_empty());
    assert_eq!(app.activity.polling.get("db_1").map(|poll| poll.request), Some(second));
    update(&mut app, reply(second, Reply::Database { database: "db_1".into(), result: Ok(ready) }));
    assert!(app.activity.polling.is_empty(), "the awaited look ends the polling");
}
