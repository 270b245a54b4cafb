//! letterpress embedded in another program, on its dependencies as published: renders inside
//! rayon's `par_iter`, from scoped threads sharing one `Resources`, inside a small-stack thread
//! pool as a web server has, nested in another parallel loop, and through `merge_each`. A stack
//! overflow, panic or abort in any of them fails the test (the process dies).

use std::sync::atomic::{AtomicUsize, Ordering};

use letterpress::merge::{merge_each, Record, Template};
use letterpress::{load_letter_str, render, render_file, Env, RenderOptions, Resources};
use letterpress_embed::{example_letters, letter_yaml};
use letterpress_tests::pdf::Pdf;
use rayon::prelude::*;

/// Render letter `i` from a string and check its PDF: it parses, has the page count of the page
/// model and carries the letter's own number in its text.
fn render_and_check(i: usize, res: &Resources) {
    let letter = load_letter_str(&letter_yaml(i), &format!("letter-{i}.yaml")).expect("parses");
    let out = render(&letter, &Env::default(), res, &RenderOptions::default())
        .unwrap_or_else(|e| panic!("letter {i}: {e}"));
    check_pdf(&out.output.pdf, out.output.document.pages.len(), &format!("Letter number {i}."));
}

fn check_pdf(bytes: &[u8], pages: usize, needle: &str) {
    assert!(bytes.starts_with(b"%PDF-"));
    let pdf = Pdf::parse(bytes).expect("the PDF parses");
    assert_eq!(pdf.page_count(), pages);
    let text = pdf.text();
    assert!(text.contains(needle), "`{needle}` not in {text:?}");
}

#[test]
fn renders_in_a_rayon_par_iter() {
    let res = Resources::new();
    (0..200).into_par_iter().for_each(|i| render_and_check(i, &res));
}

#[test]
fn renders_the_examples_from_files_in_a_rayon_par_iter() {
    let res = Resources::new();
    let letters = example_letters();
    assert!(letters.len() >= 8, "the repository's examples: {letters:?}");
    let done = AtomicUsize::new(0);
    (0..letters.len() * 6).into_par_iter().for_each(|i| {
        let path = &letters[i % letters.len()];
        let out = render_file(path, &Env::from_process(), &res, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let pdf = Pdf::parse(&out.output.pdf).expect("parses");
        assert_eq!(pdf.page_count(), out.output.document.pages.len());
        done.fetch_add(1, Ordering::Relaxed);
    });
    assert_eq!(done.into_inner(), letters.len() * 6);
}

#[test]
fn scoped_threads_share_one_resources() {
    let res = Resources::new();
    std::thread::scope(|s| {
        for t in 0..4 {
            let res = &res;
            s.spawn(move || {
                for i in 0..15 {
                    render_and_check(t * 100 + i, res);
                }
            });
        }
    });
}

#[test]
fn a_small_stack_thread_pool_as_a_web_server_has() {
    // Web servers' worker pools often run with small stacks; 512 KiB is a quarter of Rust's
    // default for spawned threads.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .stack_size(512 * 1024)
        .build()
        .expect("a pool");
    let res = Resources::new();
    pool.install(|| (0..60).into_par_iter().for_each(|i| render_and_check(i, &res)));
}

#[test]
fn nested_parallel_loops() {
    let res = Resources::new();
    (0..8).into_par_iter().for_each(|outer| {
        (0..8)
            .into_par_iter()
            .for_each(|inner| render_and_check(outer * 10 + inner, &res));
    });
}

#[test]
fn merge_each_from_a_program() {
    let template = Template::new(
        load_letter_str(
            "language: de\ndate: 2026-11-26\nrecipient: [\"{{ firma }}\", Hauptstraße 1, 80331 München]\n\
             subject: Kündigung\nbody: \"wir beenden die Zusammenarbeit mit {{ firma }} zum 1. Mai 2027.\"\n",
            "serienbrief.yaml",
        )
        .expect("parses"),
    )
    .expect("compiles");
    let records: Vec<Record> = (1..=120)
        .map(|n| Record {
            number: n,
            fields: [("firma".to_string(), format!("Firma {n} GmbH"))].into(),
        })
        .collect();
    let res = Resources::new();
    let seen = std::sync::Mutex::new(Vec::new());
    // Called from inside a parallel loop of the embedding program, as a job queue would.
    (0..2).into_par_iter().for_each(|_| {
        merge_each(&template, &records, &Env::default(), &res, &RenderOptions::default(), |item| {
            let out = item.result.unwrap_or_else(|e| panic!("record {}: {e}", item.record));
            check_pdf(
                &out.output.pdf,
                out.output.document.pages.len(),
                &format!("Firma {} GmbH", item.record),
            );
            seen.lock().expect("not poisoned").push(item.record);
        });
    });
    let mut seen = seen.into_inner().expect("not poisoned");
    seen.sort_unstable();
    let expected: Vec<usize> = (1..=120).flat_map(|n| [n, n]).collect();
    assert_eq!(seen, expected, "every record twice, none lost");
}
