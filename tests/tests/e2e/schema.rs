//! The JSON Schemas of the letter and letterhead formats (`letterpress schema`): every example
//! letter and bundled letterhead validates against them, and a wrong key, a wrong value or a
//! missing required key fails, as the loader would refuse it.

use serde_json::Value;

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("YAML to JSON")
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).expect("the schema is a valid JSON Schema")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_example_letter_validates_against_the_letter_schema() {
    let v = validator(&letterpress::spec::letter_schema());
    for path in letterpress_tests::examples() {
        let doc = yaml(&std::fs::read_to_string(&path).expect("read"));
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
    }
}

#[test]
fn every_bundled_letterhead_validates_against_the_letterhead_schema() {
    let v = validator(&letterpress::spec::letterhead_schema());
    let dir = letterpress_tests::repo_root().join("letterheads");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("letterheads/") {
        let path = entry.expect("entry").path().join("letterhead.yaml");
        if !path.is_file() {
            continue;
        }
        let doc = yaml(&std::fs::read_to_string(&path).expect("read"));
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
        n += 1;
    }
    assert!(n >= 3, "the bundled letterheads were found ({n})");
}

#[test]
fn a_wrong_key_fails_at_the_top_and_in_nested_mappings() {
    let v = validator(&letterpress::spec::letter_schema());
    let good = "recipient: [Ms Jane Doe]\nbody: Hello.\n";
    assert!(errors(&v, &yaml(good)).is_empty());
    let errs = errors(&v, &yaml(&format!("{good}subjet: Hi\n")));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("subjet"), "{errs:?}");
    let errs = errors(
        &v,
        &yaml(&format!("{good}signatures:\n  - name: A\n    rol: B\n")),
    );
    assert!(errs.iter().any(|e| e.contains("rol")), "{errs:?}");
    let errs = errors(
        &v,
        &yaml(&format!("{good}style:\n  font:\n    famly: Noto Sans\n")),
    );
    assert!(errs.iter().any(|e| e.contains("famly")), "{errs:?}");
}

#[test]
fn required_keys_and_wrong_values_fail() {
    let v = validator(&letterpress::spec::letter_schema());
    assert!(
        !errors(&v, &yaml("body: Hello.\n")).is_empty(),
        "recipient is required"
    );
    assert!(
        !errors(&v, &yaml("recipient: [A]\n")).is_empty(),
        "body is required"
    );
    for bad in [
        "language: sk",
        "layout: din5008b",
        "recipient_title: Herr",
        "date: 26.11.2026",
        "style: { accent: blue }",
        "style: { font: { size: 11 } }",
        "style: { marks: maybe }",
        "style: { accent_cmyk: [100, 60, 0] }",
        "style: { accent_cmyk: [100, 160, 0, 40] }",
        "cc: Jane Smith",
    ] {
        let doc = yaml(&format!("recipient: [A]\nbody: x\n{bad}\n"));
        assert!(!errors(&v, &doc).is_empty(), "`{bad}` must fail the schema");
    }
    for good in [
        "language: en-GB",
        "layout: us-letter",
        "recipient_title: Pani",
        "date: 2026-11-26",
        "style: { accent: \"#1F4E79\", font: { size: 10.5pt } }",
        "style: { accent: \"#1F4E79\", accent_cmyk: [100, 60, 0, 40] }",
        "references: { your_ref: A/1, Projekt: X }",
    ] {
        let doc = yaml(&format!("recipient: [A]\nbody: x\n{good}\n"));
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "`{good}` must pass: {errs:?}");
    }
}

#[test]
fn the_schema_knows_every_key_of_the_format_and_documents_it() {
    let schema = letterpress::spec::letter_schema();
    let props = schema["properties"].as_object().expect("properties");
    let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = letterpress::spec::LETTER_KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(
        keys, expected,
        "the schema and the loader know the same keys"
    );
    for (k, p) in props {
        assert!(
            p.get("description").is_some_and(Value::is_string),
            "`{k}` has a description for editors' hovers: {p}"
        );
    }
    let lh = letterpress::spec::letterhead_schema();
    let mut keys: Vec<&str> = lh["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut expected = letterpress::spec::LETTERHEAD_KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
}
