//! Page-model snapshots: every example's pages as a short JSON digest (each text line's role,
//! position and text; each image's and rule's box; the structure node it belongs to), compared
//! with `tests/snapshots/NAME.json`. A change of layout shows as a readable diff of positions.
//! Accept a deliberate change with `UPDATE_SNAPSHOTS=1 cargo test -p letterpress-tests --test
//! e2e snapshots::`, after looking at the pages.

use std::path::{Path, PathBuf};

use letterpress::layout::model::{Document, Item};
use letterpress::{Env, RenderOptions, Resources};
use letterpress_tests::{examples, repo_root};
use serde_json::{json, Value};

/// A length in points to the hundredth (0.0035 mm): finer than any change that matters,
/// coarse enough to be the same on every machine.
fn pt(v: f32) -> Value {
    json!((f64::from(v) * 100.0).round() / 100.0)
}

/// One item as the digest shows it.
fn item(i: &Item) -> Value {
    match i {
        Item::Text(t) => json!({
            "text": t.text(), "role": format!("{:?}", t.role),
            "x": pt(t.x), "y": pt(t.y), "w": pt(t.width()), "block": t.block,
        }),
        Item::Image(b) => json!({
            "image": b.role, "x": pt(b.x), "y": pt(b.y), "w": pt(b.w), "h": pt(b.h), "block": b.block,
        }),
        Item::Rule(r) => json!({
            "rule": format!("{:?}", r.kind), "x1": pt(r.x1), "y1": pt(r.y1),
            "x2": pt(r.x2), "y2": pt(r.y2), "width": pt(r.width),
        }),
    }
}

/// The digest of a page model.
fn digest(doc: &Document) -> Value {
    json!({
        "meta": doc.meta,
        "structure": doc.structure,
        "pages": doc.pages.iter().map(|p| json!({
            "number": p.number, "width": pt(p.width), "height": pt(p.height),
            "items": p.items.iter().map(item).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn snapshot_path(letter: &Path) -> PathBuf {
    let stem = letter.file_stem().expect("a file name").to_string_lossy();
    repo_root()
        .join("tests/snapshots")
        .join(format!("{stem}.json"))
}

/// The first place two digests differ, as a path into the JSON.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                first_difference(va, vb, &format!("{at}.{k}"))
            })
        }
        (Value::Array(x), Value::Array(y)) => (0..x.len().max(y.len())).find_map(|i| {
            let (va, vb) = (
                x.get(i).unwrap_or(&Value::Null),
                y.get(i).unwrap_or(&Value::Null),
            );
            first_difference(va, vb, &format!("{at}[{i}]"))
        }),
        _ if a == b => None,
        _ => Some(format!("{at}: snapshot {a}, now {b}")),
    }
}

#[test]
fn every_example_lays_out_as_its_snapshot() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for path in examples() {
        let out = letterpress::render_file(
            &path,
            // A fixed today: an undated example (minimal) is dated the same on every run.
            &Env::from_process()
                .with_today(letterpress::NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date")),
            &Resources::new(),
            &RenderOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{} does not render: {e}", path.display()));
        let now = digest(&out.output.document);
        let file = snapshot_path(&path);
        if update {
            let text = serde_json::to_string_pretty(&now).expect("serialises") + "\n";
            std::fs::write(&file, text).expect("write the snapshot");
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            failures.push(format!(
                "{}: no snapshot (run with UPDATE_SNAPSHOTS=1)",
                file.display()
            ));
            continue;
        };
        let was: Value = serde_json::from_str(&text).expect("the snapshot is JSON");
        if let Some(d) = first_difference(&was, &now, "") {
            failures.push(format!("{}: {d}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "page models differ from their snapshots (accept a deliberate change with \
         UPDATE_SNAPSHOTS=1, after looking at the pages):\n{}",
        failures.join("\n")
    );
}
