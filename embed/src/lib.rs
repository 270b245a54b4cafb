//! Shared helpers of the embedding test and the throughput probe: the letters they render.

use std::path::PathBuf;

/// The repository's examples folder.
pub fn examples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples"))
}

/// The example letters, in name order.
pub fn example_letters() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(examples())
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A letter written as a program would, from a string, different for each `i`.
pub fn letter_yaml(i: usize) -> String {
    format!(
        "language: en-GB\ndate: 2026-11-26\nrecipient: [Client {i} Ltd, {i} High Street, Oxford OX1 4AB]\n\
         subject: Ending our cooperation, letter {i}\nopening: Dear Sir or Madam,\n\
         body: |\n  We are ending our cooperation as of 1 May 2027. Letter number {i}.\n\n  \
         The handover of all files will be complete by 15 April.\nclosing: Yours faithfully\n\
         signatures:\n  - name: Anna Nowak\n"
    )
}
