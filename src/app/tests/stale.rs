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
    assert!(!app.jump_requests.contains(&asked), "an answer is taken once");
}
