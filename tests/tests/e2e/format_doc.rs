//! The format contract in the repository (`docs/letter-format.md`) stays in step with the code:
//! every key the JSON Schemas know (letter and letterhead, nested keys included) is named in
//! it, its full letter and letterhead examples validate against the schemas, and the README
//! links to it.

use std::collections::BTreeSet;

use serde_json::Value;

fn doc() -> String {
    let path = letterpress_tests::repo_root().join("docs/letter-format.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every property name of a schema, at any depth (definitions included).
fn keys(schema: &Value, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(m) => {
            if let Some(Value::Object(props)) = m.get("properties") {
                out.extend(props.keys().cloned());
            }
            m.values().for_each(|v| keys(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// The ```yaml blocks of the page, in order.
fn yaml_blocks(doc: &str) -> Vec<String> {
    doc.split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next().map(str::to_string))
        .collect()
}

#[test]
fn every_key_of_the_schemas_is_named_in_the_format_doc() {
    let doc = doc();
    let mut all = BTreeSet::new();
    keys(&letterpress::spec::letter_schema(), &mut all);
    keys(&letterpress::spec::letterhead_schema(), &mut all);
    assert!(all.len() > 50, "the schemas' keys are read: {all:?}");
    let missing: Vec<&String> = all
        .iter()
        .filter(|k| !doc.contains(&format!("{k}:")) && !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "keys the schema knows that docs/letter-format.md does not name: {missing:?}"
    );
}

#[test]
fn the_docs_full_examples_validate_against_the_schemas() {
    let blocks = yaml_blocks(&doc());
    let find = |start: &str| {
        blocks
            .iter()
            .find(|b| b.starts_with(start))
            .unwrap_or_else(|| panic!("a yaml block starting with `{start}`"))
    };
    for (block, schema) in [
        (find("letterhead:"), letterpress::spec::letter_schema()),
        (find("name:"), letterpress::spec::letterhead_schema()),
        (
            find("recipient: [Example"),
            letterpress::spec::letter_schema(),
        ),
    ] {
        let v = jsonschema::validator_for(&schema).expect("a valid schema");
        let doc: Value = serde_saphyr::from_str(block).expect("YAML");
        let errs: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errs.is_empty(), "{errs:#?}\n{block}");
    }
}

#[test]
fn the_readme_links_to_the_format_doc() {
    let readme = std::fs::read_to_string(letterpress_tests::repo_root().join("README.md"))
        .expect("README.md");
    assert!(readme.contains("(docs/letter-format.md)"));
}
