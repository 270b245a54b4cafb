//! Line-breaking benchmark: the 21 paragraphs (~1,500 words) of the peer benchmark's long
//! Polish letter (`examples/bench-pl-long.yaml`), each shaped, given its break opportunities and
//! hyphenation points and broken by Knuth–Plass, as the layout does.
//!
//! Run with `cargo bench -p letterpress --bench linebreak`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use letterpress::text::{self, Align, Block, Breaker, ParagraphStyle};
use letterpress::{find_letterhead, load_letter, resolve, Env, Resources};

fn linebreak(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bench-pl-long.yaml");
    let env = Env::from_process();
    let res = Resources::new();
    let letter = load_letter(&path).expect("example loads");
    let head = find_letterhead(&letter, &env, &res).expect("letterhead");
    let r = resolve(&letter, head.as_ref(), &env, &res).expect("resolves");
    let paragraphs: Vec<_> = r
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(spans) => Some(spans.clone()),
            _ => None,
        })
        .collect();
    let words: usize = paragraphs
        .iter()
        .flat_map(|p| p.iter())
        .map(|s| s.text.split_whitespace().count())
        .sum();
    let style = ParagraphStyle {
        size: r.size,
        width: r.geometry.text_width(),
        align: Align::Justify,
        lang: r.lang,
        hyphenate: true,
    };
    let mut g = c.benchmark_group(format!(
        "bench-pl-long: {} paragraphs, {words} words",
        paragraphs.len()
    ));
    g.throughput(Throughput::Elements(paragraphs.len() as u64));
    g.bench_function("shape + break + set every paragraph", |b| {
        b.iter(|| {
            for p in &paragraphs {
                // `typeset_with` does not cache: every iteration shapes and breaks.
                let set =
                    text::typeset_with(&r.fonts, p, &style, Breaker::KnuthPlass).expect("sets");
                std::hint::black_box(set.lines.len());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, linebreak);
criterion_main!(benches);
