//! Render benchmarks: one letter through each stage, and a 100-letter merge in one process.
//!
//! Run with `cargo bench -p letterpress --bench render`. The fonts and images are loaded once
//! (`Resources`), as a batch or a long-running service would.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use letterpress::merge::{merge_each, Record, Template};
use letterpress::{find_letterhead, layout, load_letter, resolve, Env, RenderOptions, Resources};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn single(c: &mut Criterion) {
    let env = Env::from_process();
    let res = Resources::new();
    let opts = RenderOptions::default();
    for name in [
        "bench-pl",
        "termination-pl",
        "long-us",
        "minimal",
        "legal-notice-de",
    ] {
        let path = root().join(format!("examples/{name}.yaml"));
        let letter = load_letter(&path).expect("example loads");
        // Warm the shared resources once.
        letterpress::render(&letter, &env, &res, &opts).expect("renders");
        let mut g = c.benchmark_group(name);
        // Cold paragraphs, as in a process that renders one letter: the cache of set
        // paragraphs is emptied before each iteration (the merge below keeps it).
        g.bench_function("render (load→pdf)", |b| {
            b.iter_batched(
                || res.paragraphs().clear(),
                |()| letterpress::render_file(&path, &env, &res, &opts).expect("renders"),
                BatchSize::PerIteration,
            )
        });
        let head = find_letterhead(&letter, &env, &res).expect("letterhead");
        let resolved = resolve(&letter, head.as_ref(), &env, &res).expect("resolves");
        g.bench_function("layout", |b| {
            b.iter_batched(
                || res.paragraphs().clear(),
                |()| layout(&resolved).expect("lays out"),
                BatchSize::PerIteration,
            )
        });
        let doc = layout(&resolved).expect("lays out").output;
        g.bench_function("pdf", |b| {
            b.iter(|| letterpress::pdf::write(&doc, &opts.pdf).expect("writes"))
        });
        g.finish();
    }
}

fn merge(c: &mut Criterion) {
    let env = Env::from_process();
    let res = Resources::new();
    let opts = RenderOptions::default();
    // The peer benchmark's one-page letter, the firm's name per record.
    let yaml = std::fs::read_to_string(root().join("examples/bench-pl.yaml")).expect("example");
    let line = "  - \"Hurtownia Spożywcza „Żurawiec” S.A.\"";
    assert!(yaml.contains(line), "the recipient line to replace");
    let yaml = yaml.replacen(line, "  - \"{{ company }}\"", 1);
    let letter =
        letterpress::load_letter_str(&yaml, root().join("examples/merge.yaml")).expect("loads");
    let template = Template::new(letter).expect("compiles");
    let records: Vec<Record> = (1..=100)
        .map(|n| Record {
            number: n,
            fields: [("company".to_string(), format!("Firma nr {n} sp. z o.o."))]
                .into_iter()
                .collect(),
        })
        .collect();
    let mut g = c.benchmark_group("merge");
    g.sample_size(10);
    g.throughput(Throughput::Elements(records.len() as u64));
    g.bench_function("100 letters, all cores", |b| {
        b.iter(|| {
            merge_each(&template, &records, &env, &res, &opts, |item| {
                let r = item.result.expect("renders");
                std::hint::black_box(r.output.pdf.len());
            })
        })
    });
    g.finish();
}

criterion_group!(benches, single, merge);
criterion_main!(benches);
