//! Moves through the tree as a user would: onto a node with `j`/`k`, into a project's database, into a
//! database's section, onto its newest backup, into a copy menu holding minted strings; and the ids of
//! what the demo names.
use crossterm::event::KeyCode;
use ppg::app::{Node, Pane, Section};

use super::Harness;

impl Harness {
    /// Moves the tree's selection onto `node` with `j`/`k`, as a user would (Tab first, from the right pane).
    pub fn select(&mut self, node: &Node) {
        if self.app().browse.focus == Pane::Detail {
            self.press(KeyCode::Tab);
        }
        for _ in 0..500 {
            let rows = self.app().rows();
            let target = rows.iter().position(|row| &row.node == node).expect("the node is in the tree");
            let at = self.app().tree_index(&rows);
            if target == at {
                return;
            }
            self.press(if target > at { KeyCode::Char('j') } else { KeyCode::Char('k') });
        }
        panic!("could not reach {node:?}");
    }

    pub fn project_id(&self, name: &str) -> String {
        self.app().data.projects().iter().find(|project| project.name == name).expect("a demo project").id.clone()
    }

    /// The id of a database by name (its project's databases must be loaded).
    pub fn database_id(&self, name: &str) -> String {
        let databases = self.app().data.databases.values().filter_map(|d| d.value()).flatten();
        databases.into_iter().find(|database| database.name == name).expect("a loaded database").id.clone()
    }

    /// Opens a project (and the database's branch, if it has one) and selects one of its databases, loading
    /// what they show.
    pub fn open_database(&mut self, project: &str, database: &str) -> String {
        let project = self.project_id(project);
        self.expand(&Node::Project(project));
        let id = self.database_id(database);
        let app = self.app();
        if let Some(branch) = app.data.database(&id).and_then(|database| app.data.branch_node_of(database)) {
            self.expand(&branch);
        }
        self.select(&Node::Database(id.clone()));
        id
    }

    /// Selects `node` and opens it with `l`, unless it is open.
    fn expand(&mut self, node: &Node) {
        self.select(node);
        if !self.app().browse.expanded.contains(node) {
            self.press(KeyCode::Char('l'));
        }
    }

    /// Opens a section of a database with `1`–`3`.
    pub fn open_section(&mut self, project: &str, database: &str, section: Section) -> String {
        let id = self.open_database(project, database);
        self.keys(match section {
            Section::Connections => "1",
            Section::Backups => "2",
            Section::Usage => "3",
        });
        id
    }

    /// Opens a database's Backups and focuses its newest backup's row; gives the backup's id.
    pub fn focus_newest_backup(&mut self, project: &str, database: &str) -> String {
        let id = self.open_section(project, database, Section::Backups);
        let backup = self.backups_of(&id)[0]["id"].as_str().unwrap().to_owned();
        self.focus_row(&backup);
        backup
    }

    /// Opens the copy menu of main-db's first connection after minting its strings (a rotation mints them
    /// as creating does, and keeps the listed row and its age as they were).
    pub fn copy_menu_with_minted_strings(&mut self) {
        let database = self.open_section("checkout-service", "main-db", Section::Connections);
        let listed = self.app().data.connections_of(&database)[0].clone();
        let minted = self.block_on(self.client.rotate_connection(&listed.id)).unwrap();
        self.app_mut().session.secrets.insert(listed.id.clone(), minted);
        self.press(KeyCode::Tab);
        self.keys("y");
    }
}
