//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the same functions the
//! cargo-fuzz targets call (`fuzz/common/targets.rs`), on the stable toolchain and without
//! libFuzzer: every input that once found a bug, and the minimized coverage corpus, stays a
//! regression test in CI.

use std::path::PathBuf;

#[path = "../../../fuzz/common/targets.rs"]
mod targets;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = letterpress_tests::repo_root()
        .join("fuzz")
        .join("corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the corpus {} is empty", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}

fn replay(target: &str, f: fn(&[u8])) {
    for (path, bytes) in corpus(target) {
        let r = std::panic::catch_unwind(|| f(&bytes));
        assert!(r.is_ok(), "{target}: {} panics", path.display());
    }
}

#[test]
fn load_corpus_replays_without_panic() {
    replay("load", targets::load);
}

#[test]
fn image_header_corpus_replays_without_panic() {
    replay("image_header", targets::image_header);
}

#[test]
fn artwork_corpus_replays_without_panic() {
    replay("artwork", targets::artwork);
}

#[test]
fn pipeline_corpus_replays_without_panic() {
    replay("pipeline", targets::pipeline);
}

#[test]
fn markup_corpus_replays_without_panic() {
    replay("markup", targets::markup);
}

#[test]
fn merge_corpus_replays_without_panic() {
    replay("merge", targets::merge);
}

#[test]
fn enclosure_corpus_replays_without_panic() {
    replay("enclosure", targets::enclosure);
}
