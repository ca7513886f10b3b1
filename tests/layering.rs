//! The structure of `src/`: which top-level module may import which (the table in docs/architecture.md), and no
//! import circles, neither between top-level modules nor between the files of one module.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and the modules it may import; `cli` (the binary's front) may import them all.
const ALLOWED: &[(&str, &[&str])] = &[
    ("format", &[]),
    ("api", &["format"]),
    ("verdict", &["api"]),
    ("config", &["api"]),
    ("connect", &["api", "format", "verdict"]),
    ("emulator", &["api", "format", "connect"]),
    ("app", &["api", "format", "verdict"]),
    ("ui", &["app", "api", "format"]),
    ("runtime", &["app", "api", "config", "emulator", "connect"]),
    ("tui", &["app", "ui", "runtime", "api", "emulator", "connect"]),
    ("cli", &["*"]),
];

/// A module path (`["app", "replies"]`) for each file of `src/`, with the text of that file.
fn sources() -> BTreeMap<Vec<String>, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).unwrap();
                let mut module: Vec<String> =
                    relative.with_extension("").iter().map(|part| part.to_string_lossy().into_owned()).collect();
                if module.last().is_some_and(|last| last == "mod") {
                    module.pop();
                }
                if module == ["lib"] || module == ["main"] {
                    module.clear();
                }
                // Unit tests may import whatever they test; they are not part of the structure.
                let is_test = |part: &String| part == "tests" || part.starts_with("tests_") || part.ends_with("_tests");
                if module.iter().any(is_test) {
                    continue;
                }
                found.insert(module, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    found
}

/// The code of a file without its comments (doc links name modules they do not import) and without its
/// unit tests (`#[cfg(test)] mod tests { … }`, last in a file: tests may import whatever they test).
fn code(text: &str) -> String {
    let text = text.find("#[cfg(test)]\nmod ").map_or(text, |tests| &text[..tests]);
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| line.split(" // ").next().unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a file names through `crate::` or `super::`, as module-relative segments from the crate root:
/// `use` trees expanded (`use super::{a, b::C}`), and paths written inline in the code.
fn named_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let code = code(text);
    let mut paths = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut index = 0;
    while index < bytes.len() {
        let rest: String = bytes[index..bytes.len().min(index + 7)].iter().collect();
        let starts_word = index == 0 || !(bytes[index - 1].is_alphanumeric() || bytes[index - 1] == '_');
        let prefix = if rest.starts_with("crate::") {
            Some(("crate", 7))
        } else if rest.starts_with("super::") {
            Some(("super", 7))
        } else {
            None
        };
        let Some((kind, length)) = prefix.filter(|_| starts_word) else {
            index += 1;
            continue;
        };
        // The tree that follows: up to the end of the path (or of the braces it opens).
        let mut end = index + length;
        let mut depth = 0;
        while end < bytes.len() {
            let c = bytes[end];
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => break,
                _ => {}
            }
            end += 1;
        }
        let tree: String = bytes[index + length..end].iter().collect();
        // `super` in `a/b.rs` is `a`; in `a/mod.rs` (the module `a` itself) it is `a`'s parent: both are the
        // module path without its last segment.
        let mut base: Vec<String> = match kind {
            "crate" => Vec::new(),
            _ => module[..module.len().saturating_sub(1)].to_vec(),
        };
        let mut tree = tree.as_str();
        while let Some(after) = tree.strip_prefix("super::") {
            base.pop();
            tree = after;
        }
        expand(&base, tree, &mut paths);
        index = end;
    }
    paths
}

/// Expands a use tree (`a::{b, c::D}`) under `base` into full paths.
fn expand(base: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim().trim_end_matches("::");
    if let Some(open) = tree.find('{') {
        let head: Vec<String> =
            tree[..open].split("::").filter(|part| !part.is_empty()).map(|part| part.trim().to_owned()).collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut prefix = base.to_vec();
        prefix.extend(head);
        let mut depth = 0;
        let mut start = 0;
        for (at, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&prefix, &inner[start..at], out);
                    start = at + 1;
                }
                _ => {}
            }
        }
        expand(&prefix, &inner[start..], out);
    } else {
        let mut path = base.to_vec();
        path.extend(
            tree.split("::")
                .map(|part| part.split(" as ").next().unwrap_or(part).trim().to_owned())
                .filter(|part| !part.is_empty() && part != "self"),
        );
        out.push(path);
    }
}

/// The names a module root re-exports from its own files (`pub use replies::on_reply;`), so that a path
/// through the root is counted against the file that defines the name.
fn reexports(modules: &BTreeMap<Vec<String>, String>) -> BTreeMap<(Vec<String>, String), Vec<String>> {
    let mut found = BTreeMap::new();
    for (module, text) in modules {
        for line in code(text).lines() {
            let Some(tree) = line.trim().strip_prefix("pub use ").and_then(|rest| rest.strip_suffix(';')) else {
                continue;
            };
            if tree.starts_with("crate::") || tree.starts_with("super::") {
                continue;
            }
            let mut paths = Vec::new();
            expand(&[], tree, &mut paths);
            for path in paths {
                let child: Vec<String> = module.iter().cloned().chain(path.first().cloned()).collect();
                if let (Some(name), true) = (path.last(), modules.contains_key(&child)) {
                    let name = tree_alias(tree, name);
                    found.insert((module.clone(), name), child);
                }
            }
        }
    }
    found
}

/// The name a re-export is known by (`x as y` → `y`).
fn tree_alias(tree: &str, name: &str) -> String {
    tree.split([',', '{', '}'])
        .map(str::trim)
        .find_map(|part| part.strip_prefix(&format!("{name} as ")).map(str::to_owned))
        .unwrap_or_else(|| name.to_owned())
}

/// The file each named path lands in: the longest prefix that is a module, or through a re-export of it.
fn edges(modules: &BTreeMap<Vec<String>, String>) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let reexported = reexports(modules);
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in modules {
        for path in named_paths(module, text) {
            let Some(length) = (1..=path.len()).rev().find(|&length| modules.contains_key(&path[..length])) else {
                continue;
            };
            let mut target = path[..length].to_vec();
            if let Some(child) = path.get(length).and_then(|name| reexported.get(&(target.clone(), name.clone()))) {
                target = child.clone();
            }
            if &target != module && !module.starts_with(&target) {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// The circles among `nodes` under `edges` (strongly connected parts of more than one node).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.keys().chain(edges.values().flatten()).collect();
    let reaches = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(node) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> = nodes.iter().map(|node| (*node, reaches(node))).collect();
    let mut found: Vec<Vec<String>> = Vec::new();
    for node in &nodes {
        let circle: Vec<String> = nodes
            .iter()
            .filter(|other| reach[node].contains(**other) && reach[*other].contains(*node))
            .map(|other| (*other).clone())
            .collect();
        if circle.len() > 1 && !found.contains(&circle) {
            found.push(circle);
        }
    }
    found
}

#[test]
fn top_level_modules_import_only_what_the_layering_allows() {
    let modules = sources();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (from, targets) in edges(&modules) {
        let Some(from_top) = from.first() else { continue };
        for target in targets {
            let to_top = &target[0];
            if to_top == from_top {
                continue;
            }
            let rule = allowed.get(from_top.as_str()).unwrap_or_else(|| panic!("{from_top} is not in ALLOWED"));
            if !rule.contains(&"*") && !rule.contains(&to_top.as_str()) {
                wrong.push(format!("{} imports {}", from.join("/"), target.join("/")));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against docs/architecture.md's layering:\n{}", wrong.join("\n"));
}

#[test]
fn no_module_imports_in_a_circle() {
    let modules = sources();
    let edges = edges(&modules);
    let mut found = Vec::new();
    // Between top-level modules.
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in &edges {
        for target in targets {
            if let (Some(a), Some(b)) = (from.first(), target.first()) {
                if a != b {
                    top.entry(a.clone()).or_default().insert(b.clone());
                }
            }
        }
    }
    found.extend(circles(&top));
    // Between the files of each module (a file may use its module's root; the root declares them).
    let mut inner: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in &edges {
        for target in targets {
            if from.len() >= 2 && target.len() >= 2 && from[0] == target[0] {
                inner.entry(from.join("/")).or_default().insert(target.join("/"));
            }
        }
    }
    found.extend(circles(&inner));
    let within = |circle: &Vec<String>| {
        let split = |name: &String| name.split('/').map(str::to_owned).collect::<Vec<_>>();
        let mut lines = Vec::new();
        for from in circle {
            for to in edges.get(&split(from)).into_iter().flatten() {
                if circle.contains(&to.join("/")) || circle.contains(&to[0]) && from.split('/').count() == 1 {
                    lines.push(format!("    {from} → {}", to.join("/")));
                }
            }
        }
        lines.join("\n")
    };
    let listed: Vec<String> =
        found.iter().map(|circle| format!("{}\n{}", circle.join(" ⇄ "), within(circle))).collect();
    assert!(listed.is_empty(), "import circles:\n{}", listed.join("\n"));
}

#[test]
fn the_reader_sees_through_use_trees_and_reexports() {
    let mut paths = Vec::new();
    expand(&["app".to_owned()], "{model::{Node, Section}, msg::Effect}", &mut paths);
    assert_eq!(paths, [vec!["app", "model", "Node"], vec!["app", "model", "Section"], vec!["app", "msg", "Effect"]]);
    let module = ["app".to_owned(), "replies".to_owned()];
    let named = named_paths(&module, "use super::{changes, forms::Form};\nlet x = crate::ui::draw(f);");
    assert_eq!(named, [vec!["app", "changes"], vec!["app", "forms", "Form"], vec!["ui", "draw"]]);
}
