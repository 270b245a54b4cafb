//! The `letterpress` command as a user runs it, in one test binary: its commands and their
//! exit codes, bad inputs and what they print, merges at scale, page images, the visual
//! regression tests of every example, `watch`.
//!
//! Run one module with `cargo test -p letterpress-cli --test cli MODULE::`; accept deliberate
//! changes of the examples' pictures with `UPDATE_VISUAL=1 cargo test -p letterpress-cli
//! --test cli visual::`.

mod bad_inputs;
mod cli;
mod commands;
mod merge_combined;
mod merge_scale;
mod page_images;
mod press;
mod visual;
#[cfg(unix)]
mod watch;
