//! `y`: the copy menu's exact strings on a connection, and elsewhere the id of what is selected.
use super::*;

#[test]
fn the_copy_menu_yields_the_exact_strings() {
    let mut app = browsing();
    update(&mut app, char('j'));
    let effects = update(&mut app, char('1'));
    let request = request_of(&effects, |f| matches!(f, Fetch::Connections { .. }));
    update(
        &mut app,
        reply(
            request,
            Reply::Connections {
                database: "db_1".into(),
                result: Ok(vec![connection("con_1", "db_1", false)].into()),
                cut_short: None,
            },
        ),
    );
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, char('y'));
    let Some(Overlay::Copy(menu)) = &app.overlay else { panic!("no copy menu: {:?}", app.overlay) };
    assert!(menu.note.is_some(), "no secret in memory: the menu says why");
    update(&mut app, char('j'));
    update(&mut app, char('j'));
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Copy { text: "pooled.db.prisma.io:5432".into(), label: "pooled host:port".into() }]
    );

    app.session.secrets.insert("con_1".into(), connection("con_1", "db_1", true));
    update(&mut app, char('y'));
    let Some(Overlay::Copy(menu)) = &app.overlay else { panic!("no copy menu") };
    let pooled = menu.items.iter().position(|item| item.label == "pooled connection string").unwrap();
    for _ in 0..pooled {
        update(&mut app, char('j'));
    }
    let effects = update(&mut app, key(KeyCode::Enter));
    let expected = "postgres://u1:sk_secret@pooled.db.prisma.io:5432/?sslmode=require";
    assert_eq!(effects, vec![Effect::Copy { text: expected.into(), label: "pooled connection string".into() }]);
}

#[test]
fn y_elsewhere_copies_the_id() {
    let mut app = browsing();
    update(&mut app, char('j'));
    let effects = update(&mut app, char('y'));
    assert_eq!(effects, vec![Effect::Copy { text: "db_1".into(), label: "database id".into() }]);
}
