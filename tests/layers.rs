//! The module layering that `lib.rs` declares holds: every `crate::…` path in a
//! module's non-test code names the module itself or one declared before it.
//! `src/lib.rs` is the one module map: its `mod` items, parsed with `syn`, in
//! order, are the layers, lowest first.
//! Test code (files named `tests*.rs`, `testutil.rs`, `fake.rs`, and the
//! `#[cfg(test)] mod tests` at the end of a file) may reach anywhere.

use std::path::{Path, PathBuf};

/// The modules `src/lib.rs` declares, lowest first.
fn layers() -> Vec<String> {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("read src/lib.rs");
    let file = syn::parse_file(&text).expect("src/lib.rs parses");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn rank(layers: &[String], module: &str) -> Option<usize> {
    layers.iter().position(|m| m == module)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_test_file(path: &Path) -> bool {
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    name.starts_with("tests")
        || name.ends_with("_tests")
        || name == "testutil"
        || name == "fake"
        || path.components().any(|c| c.as_os_str() == "tests")
}

/// The top-level modules a line's `crate::` paths name.
fn named_modules(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let ident: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(ident);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out
}

#[test]
fn no_module_imports_one_above_it() {
    let layers = layers();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for path in files {
        let rel = path.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("")
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(own) = rank(&layers, &top) else {
            wrong.push(format!(
                "{}: module {top} is not in the layer list",
                rel.display()
            ));
            continue;
        };
        if is_test_file(rel) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        for (n, line) in text.lines().enumerate() {
            if line.starts_with("#[cfg(test)]")
                && text
                    .lines()
                    .nth(n + 1)
                    .is_some_and(|l| l.starts_with("mod "))
            {
                break;
            }
            if line.trim_start().starts_with("//") {
                continue;
            }
            for m in named_modules(line) {
                if rank(&layers, &m).is_some_and(|r| r > own) {
                    wrong.push(format!("{}:{}: {top} imports {m}", rel.display(), n + 1));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports up the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_map_names_every_module_once_lowest_first() {
    let layers = layers();
    assert_eq!(layers.first().map(String::as_str), Some("private_file"));
    assert_eq!(layers.last().map(String::as_str), Some("commands"));
    let mut sorted = layers.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        layers.len(),
        "a module declared twice: {layers:?}"
    );
    assert!(rank(&layers, "domain") < rank(&layers, "store"));
    assert!(rank(&layers, "domain") < rank(&layers, "clock"));
}

#[test]
fn the_check_sees_grouped_and_plain_paths() {
    assert_eq!(named_modules("use crate::store::Db;"), ["store"]);
    assert_eq!(
        named_modules("use crate::{config::Config, queue};"),
        ["config", "queue"]
    );
    assert_eq!(
        named_modules("let x = crate::clock::now() + crate::app::Y;"),
        ["clock", "app"]
    );
}
