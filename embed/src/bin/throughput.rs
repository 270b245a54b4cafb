//! Throughput of an embedding program: N letters (default 1,000) rendered in a rayon
//! `par_iter`, one shared `Resources`, PDFs kept in memory. Prints letters/s. The letters are
//! built from strings (no letterhead), or are N copies of the letter file given second.
//!
//! ```sh
//! cargo run --release --manifest-path embed/Cargo.toml --bin throughput -- 1000
//! # with the workspace's vendored krilla instead of the published one:
//! cargo run --release --manifest-path embed/Cargo.toml --bin throughput \
//!     --config 'patch.crates-io.krilla.path="../vendor/krilla"' -- 1000
//! ```

use std::time::Instant;

use letterpress::{load_letter_str, render, Env, RenderOptions, Resources};
use letterpress_embed::letter_yaml;
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1000);
    let res = Resources::new();
    let letters = match std::env::args().nth(2) {
        Some(path) => {
            let one = letterpress::load_letter(path.as_ref())?;
            vec![one; n]
        }
        None => (0..n)
            .map(|i| load_letter_str(&letter_yaml(i), "letter.yaml"))
            .collect::<Result<Vec<_>, _>>()?,
    };
    let env = Env::unrestricted();
    let start = Instant::now();
    let bytes: usize = letters
        .par_iter()
        .map(|l| {
            render(l, &env, &res, &RenderOptions::default())
                .map(|out| out.output.pdf.len())
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .sum();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{n} letters in {secs:.3} s: {:.0} letters/s, {:.1} KB per letter, {} threads",
        n as f64 / secs,
        bytes as f64 / n as f64 / 1000.0,
        rayon::current_num_threads()
    );
    Ok(())
}
