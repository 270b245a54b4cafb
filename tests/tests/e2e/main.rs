//! The library end to end, in one test binary: each module renders letters and reads the PDFs
//! back (text, positions, structure, standards), or feeds the library what a user or an
//! attacker would. The command line's own tests are in `crates/letterpress-cli/tests/cli/`.
//!
//! Run one module with `cargo test -p letterpress-tests --test e2e MODULE::`.

mod address_uniform;
mod archival;
mod artwork;
mod artwork_limits;
mod attention;
mod combined_stream;
mod common;
mod confinement;
mod embedding_api;
mod enclosures;
mod errors;
mod examples;
mod fonts;
mod format_doc;
mod fuzz_replay;
mod grammar;
mod images;
mod international;
mod international_fields;
mod last_page;
mod limits;
mod markup;
mod merge;
mod merge_text;
mod press;
mod print_area;
mod print_ready;
mod schema;
mod snapshots;
mod table_links;
mod typography;
mod us_layout;
mod window;
