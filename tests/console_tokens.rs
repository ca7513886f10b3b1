//! The Service tokens section of the console: the workspace's tokens listed with this console's own marked,
//! `n` creating one whose value shows once (masked until revealed, in no message), `d` revoking after the
//! typed name (twice asked for the console's own token), read-only refusing, a failed list retried with `R`,
//! and a create whose answer was lost settled by looking, never sent again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod console;

use console::Harness;
use crossterm::event::KeyCode;
use ppg::app::{Node, Overlay, Pane, RowKey, SecretPanel, detail_rows};
use serde_json::json;

/// The demo's token the console runs with (`/v1/me` names it as the credential).
const OWN: &str = "ppg emulator";

fn workspace(harness: &Harness) -> String {
    harness.app().data.workspace_id().expect("the workspace is known").to_owned()
}

fn tokens_path(harness: &Harness) -> String {
    format!("/v1/workspaces/{}/service-tokens", workspace(harness))
}

/// The demo with the Service tokens section selected and its list read.
fn on_tokens() -> Harness {
    let mut harness = Harness::demo();
    harness.select(&Node::ServiceTokens);
    harness
}

fn token_id(harness: &Harness, name: &str) -> String {
    harness.record("serviceTokens", name)["id"].as_str().unwrap().to_owned()
}

/// The frame's line holding `text`.
fn line_with(harness: &Harness, text: &str) -> String {
    let frame = harness.frame();
    frame.lines().find(|line| line.contains(text)).unwrap_or_else(|| panic!("no line with {text}:\n{frame}")).to_owned()
}

fn panel(harness: &Harness) -> &SecretPanel {
    harness.secret_panel()
}

#[test]
fn the_section_lists_the_tokens_with_this_consoles_own_marked() {
    let harness = on_tokens();
    let rows = harness.app().rows();
    assert_eq!(rows.last().map(|row| (&row.node, row.depth)), Some((&Node::ServiceTokens, 1)), "the last row");
    let frame = harness.frame();
    assert!(frame.contains("Service tokens of"), "{frame}");
    for header in ["NAME", "HINT", "CREATED", "EXPIRES"] {
        assert!(frame.contains(header), "{header}: {frame}");
    }
    assert!(line_with(&harness, OWN).contains("★ this console"), "{frame}");
    for other in ["github-actions", "vercel-deploy"] {
        let line = line_with(&harness, other);
        assert!(!line.contains("this console's"), "{line}");
    }
    assert!(line_with(&harness, "Service tokens (3)").contains("Service tokens (3)"), "the tree counts them");
    assert!(line_with(&harness, OWN).contains("never"), "no expiry reads never");
    let own = harness.app().data.own_token().unwrap().to_owned();
    assert_eq!(own, token_id(&harness, OWN), "the emulator names the console's token as its credential");
}

#[test]
fn the_filter_and_the_id_copy_work_on_tokens() {
    let mut harness = on_tokens();
    harness.press(KeyCode::Tab);
    assert_eq!(harness.app().browse.focus, Pane::Detail);
    harness.keys("/github");
    harness.press(KeyCode::Enter);
    assert!(harness.frame().contains("github-actions") && !harness.frame().contains("vercel-deploy"));
    harness.keys("y");
    assert_eq!(harness.copied(), [token_id(&harness, "github-actions")]);
}

#[test]
fn n_creates_a_token_shown_once_masked_until_revealed_and_nowhere_else() {
    let mut harness = on_tokens();
    harness.keys("n");
    assert_eq!(harness.form().title, "New service token");
    harness.keys("deploy-bot");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST {}", tokens_path(&harness))]);
    let value = panel(&harness).secrets[0].text.clone();
    assert!(value.starts_with("ppg_st_"), "the minted value");
    assert_eq!(panel(&harness).title, "deploy-bot");
    let frame = harness.frame();
    assert!(frame.contains("New service token · deploy-bot"), "{frame}");
    assert!(!frame.contains(&value), "masked until revealed: {frame}");
    assert!(!frame.contains("write .env"), "no .env for a token: {frame}");
    assert!(frame.contains("does not go in .env"), "{frame}");
    harness.keys("s");
    assert!(harness.frame().contains(&value), "revealed: {}", harness.frame());
    harness.keys("w");
    assert!(harness.frame().contains("a service token does not go in .env"), "{}", harness.frame());
    harness.keys("y");
    assert_eq!(harness.copied(), std::slice::from_ref(&value));

    // Nowhere else: not in the status line, the message log, or anything the app would print with Debug.
    let app = harness.app();
    assert!(!harness.toast().contains(&value));
    assert!(
        app.messages.iter().all(|message| !message.text.contains(&value) && !format!("{message:?}").contains(&value))
    );
    assert!(!format!("{app:?}").contains(&value), "the app's Debug leaves the value out");

    harness.press(KeyCode::Esc);
    assert!(harness.app().overlay.is_none());
    let id = token_id(&harness, "deploy-bot");
    assert_eq!(harness.app().browse.detail_selected, Some(RowKey::Id(id)), "the new token is selected");
    assert_eq!(harness.app().browse.focus, Pane::Detail);
    assert!(line_with(&harness, "deploy-bot").contains("›"), "{}", harness.frame());
    assert!(!harness.frame().contains(&value));
}

#[test]
fn d_revokes_a_token_after_its_name_is_typed() {
    let mut harness = on_tokens();
    let id = token_id(&harness, "github-actions");
    harness.focus_row(&id);
    harness.keys("d");
    assert!(harness.confirm().require.is_some(), "the name is asked for");
    harness.keys("nope");
    harness.press(KeyCode::Enter);
    assert!(harness.confirm().error.as_deref().unwrap().starts_with("That is not the name"));
    for _ in 0.."nope".len() {
        harness.press(KeyCode::Backspace);
    }
    harness.keys("github-actions");
    assert!(harness.writes().is_empty(), "nothing sent before Enter");
    harness.press(KeyCode::Enter);
    let revoke = format!("DELETE {}/{id}", tokens_path(&harness));
    assert_eq!(harness.writes(), std::slice::from_ref(&revoke));
    assert!(harness.records("serviceTokens").iter().all(|token| token["id"] != id.as_str()));
    let after = harness.requests_after(&revoke);
    assert!(after.contains(&format!("GET {}", tokens_path(&harness))), "a fresh list: {after:?}");
    let listed =
        detail_rows(harness.app(), &Node::ServiceTokens).iter().map(|row| row.id().to_owned()).collect::<Vec<_>>();
    assert!(!listed.contains(&id) && listed.len() == 2, "{listed:?}");
    assert!(harness.toast().starts_with("revoked service token github-actions"), "{}", harness.toast());
}

#[test]
fn the_consoles_own_token_asks_twice_and_esc_at_the_second_step_revokes_nothing() {
    let mut harness = on_tokens();
    let own = token_id(&harness, OWN);
    harness.focus_row(&own);
    harness.keys("d");
    let first = harness.confirm().lines.join(" ");
    assert!(first.contains("THE ONE THIS CONSOLE USES") && first.contains("every request it makes will be refused"));
    harness.keys(OWN);
    harness.press(KeyCode::Enter);
    assert!(harness.confirm().require.is_none(), "the second step is a yes or no");
    assert!(harness.confirm().title.contains("own token"), "{}", harness.confirm().title);
    assert!(harness.frame().contains("Really revoke"), "{}", harness.frame());
    assert!(harness.writes().is_empty(), "nothing sent after the first step");
    harness.press(KeyCode::Esc);
    assert!(harness.app().overlay.is_none());
    assert!(harness.writes().is_empty(), "Esc at the second step revokes nothing");
    assert!(harness.records("serviceTokens").iter().any(|token| token["id"] == own.as_str()));

    // Both steps passed: revoked, and the message says what it means and what to do.
    harness.keys("d");
    harness.keys(OWN);
    harness.press(KeyCode::Enter);
    harness.press(KeyCode::Enter);
    assert!(harness.app().overlay.is_none(), "Enter on the second step's Cancel closes it");
    assert!(harness.writes().is_empty());
    harness.keys("d");
    harness.keys(OWN);
    harness.press(KeyCode::Enter);
    harness.press(KeyCode::Right);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("DELETE {}/{own}", tokens_path(&harness))]);
    let toast = harness.toast();
    assert!(toast.contains("the one this console used") && toast.contains("set another token"), "{toast}");
    assert!(harness.records("serviceTokens").iter().all(|token| token["id"] != own.as_str()));
}

#[test]
fn read_only_refuses_n_and_d_before_any_request() {
    let mut harness = on_tokens();
    harness.app_mut().session.badges.read_only = true;
    harness.keys("n");
    assert!(harness.app().overlay.is_none());
    assert!(harness.toast().starts_with("read-only mode"), "{}", harness.toast());
    harness.focus_row(&token_id(&harness, "github-actions"));
    harness.keys("d");
    assert!(harness.app().overlay.is_none());
    assert!(harness.toast().starts_with("read-only mode"), "{}", harness.toast());
    assert!(harness.writes().is_empty());
}

#[test]
fn a_failed_list_shows_the_failure_and_r_retries() {
    let mut harness = Harness::demo();
    let path = tokens_path(&harness);
    harness.fail_reads(&path, 8);
    harness.select(&Node::ServiceTokens);
    assert!(harness.app().data.service_tokens.error().is_some(), "the list failed");
    assert!(line_with(&harness, "⚠ 503").contains("Service tokens"), "{}", harness.frame());
    assert!(harness.frame().contains("retry"), "{}", harness.frame());
    harness.keys("R");
    assert!(harness.app().data.service_tokens.error().is_none());
    assert!(line_with(&harness, OWN).contains("★ this console"), "{}", harness.frame());
}

#[test]
fn a_create_whose_answer_was_lost_is_looked_for_never_sent_again() {
    let mut harness = on_tokens();
    let path = tokens_path(&harness);
    harness.lose_after("POST", &path);
    harness.keys("n");
    harness.keys("ci-bot");
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("POST {path}")], "sent once");
    assert!(!matches!(harness.app().overlay, Some(Overlay::Secrets(_))), "no value came back");
    let toast = harness.toast();
    assert!(toast.contains("WAS created") && toast.contains("revoke it (d) and create another"), "{toast}");
    assert_eq!(harness.records("serviceTokens").iter().filter(|token| token["name"] == "ci-bot").count(), 1);
}

#[test]
fn help_here_lists_the_sections_keys() {
    let mut harness = on_tokens();
    harness.keys("?");
    let frame = harness.frame();
    assert!(frame.contains("In Service tokens: n new token"), "{frame}");
}

#[test]
fn a_deleted_last_project_gives_way_to_a_project_not_to_the_tokens() {
    let mut harness = Harness::demo();
    let id = harness.select_project("storefront");
    assert_eq!(harness.app().rows().last().unwrap().node, Node::ServiceTokens, "below the last project");
    harness.keys("d");
    harness.keys("storefront");
    harness.press(KeyCode::Enter);
    assert!(harness.records("projects").iter().all(|project| project["id"] != id.as_str()));
    assert_eq!(harness.app().selected_node(), Node::Project(harness.project_id("mobile-api")));
}

#[test]
fn a_token_that_does_not_decode_shows_as_unreadable_and_is_never_acted_on() {
    let mut github = String::new();
    let mut harness = Harness::demo_edited(|demo, world| {
        github = token_id(demo, "github-actions");
        world["serviceTokens"][&github]["overrides"] = json!({"name": null});
    });
    harness.select(&Node::ServiceTokens);
    let label = format!("unreadable service token {github}");
    assert!(harness.frame().contains(&label), "{}", harness.frame());
    assert!(harness.frame().contains("vercel-deploy"), "the others stay readable");
    harness.focus_row(&github);
    harness.keys("d");
    assert!(harness.app().overlay.is_none());
    assert!(harness.toast().starts_with("ppg cannot read this item"), "{}", harness.toast());
    assert!(harness.writes().is_empty());
}

#[test]
fn the_value_shows_even_when_another_box_opened_while_it_was_on_its_way() {
    let mut harness = Harness::slow(std::time::Duration::from_millis(200));
    harness.select(&Node::ServiceTokens);
    harness.keys("n");
    harness.keys("late-bot");
    // Sent, the form cancelled while the answer is on its way, and help opened over the tree.
    harness.ahead(&[KeyCode::Enter, KeyCode::Esc, KeyCode::Char('?')]);
    assert_eq!(harness.writes().len(), 1, "sent once");
    assert_eq!(panel(&harness).title, "late-bot", "the only chance to see the value wins over help");
}

#[test]
fn a_revoke_whose_answer_was_lost_is_told_by_its_verdict() {
    for made in [true, false] {
        let mut harness = on_tokens();
        let id = token_id(&harness, "github-actions");
        let path = format!("{}/{id}", tokens_path(&harness));
        harness.focus_row(&id);
        let toast = harness.lose_a_delete(&path, "github-actions", made);
        if made {
            let verdict = "the service token github-actions WAS revoked, though the answer was lost; selected ";
            assert!(toast.starts_with(verdict), "{toast}");
        } else {
            assert_eq!(toast, "the service token github-actions was NOT revoked: it is safe to try again");
        }
    }
}

/// A token whose expiry has passed says so (`expired`, as of the console's clock), and one the
/// API sent without a name is known by its id, also when it is revoked.
#[test]
fn an_expired_token_says_so_and_a_nameless_one_is_known_by_its_id() {
    let mut harness = Harness::demo_edited(|demo, world| {
        world["serviceTokens"][token_id(demo, "vercel-deploy")]["expiresAt"] = json!("2026-11-01T00:00:00Z");
        world["serviceTokens"][token_id(demo, "github-actions")]["name"] = json!("");
    });
    let github = token_id(&harness, "");
    harness.select(&Node::ServiceTokens);
    assert!(line_with(&harness, "vercel-deploy").contains(" expired "), "{}", harness.frame());
    assert!(!harness.frame().contains("github-actions"), "{}", harness.frame());
    assert!(line_with(&harness, &github[..12]).contains("never"), "{}", harness.frame());
    harness.focus_row(&github);
    harness.keys("d");
    harness.keys(&github);
    harness.press(KeyCode::Enter);
    assert_eq!(harness.writes(), [format!("DELETE {}/{github}", tokens_path(&harness))]);
    assert!(harness.toast().starts_with(&format!("revoked service token {github};")), "{}", harness.toast());
}
