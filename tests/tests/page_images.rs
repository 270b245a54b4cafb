//! `letterpress render --format png`: page images of the page's shape at the resolution asked
//! for, Typst's `{n}` page names, and the same refusals as a PDF output.

use std::path::Path;

use letterpress_tests::cli::{cmd, run};
use letterpress_tests::visual::Gray;

const LETTER: &str = "\
language: en-GB
date: 2026-11-26
recipient: [Ms Jane Doe, 12 High Street, Oxford OX1 4AB]
subject: Your order
body: |
  Thank you for your letter of 3 November.
closing: Yours sincerely
";

/// Pixels of `mm` millimetres at `dpi` (rounded down, as the page is cut to whole pixels).
fn pixels(mm: f64, dpi: u32) -> i64 {
    (mm / 25.4 * f64::from(dpi)).floor() as i64
}

fn assert_size(img: &Gray, (w_mm, h_mm): (f64, f64), dpi: u32) {
    let (w, h) = (pixels(w_mm, dpi), pixels(h_mm, dpi));
    assert!(
        (i64::from(img.width) - w).abs() <= 1 && (i64::from(img.height) - h).abs() <= 1,
        "{}×{} pixels, a page of {w_mm}×{h_mm} mm at {dpi} dpi is {w}×{h}",
        img.width,
        img.height
    );
}

fn ink(img: &Gray) -> usize {
    img.pixels.iter().filter(|&&p| p < 128).count()
}

#[test]
fn a4_and_letter_pages_become_images_of_their_shape() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("a4.yaml"), LETTER).expect("write");
    std::fs::write(dir.join("us.yaml"), format!("layout: us-letter\n{LETTER}")).expect("write");
    for (name, size, dpi) in [("a4", (210.0, 297.0), 50), ("us", (215.9, 279.4), 72)] {
        let r = run(cmd().current_dir(dir).args([
            "render",
            &format!("{name}.yaml"),
            "--format",
            "png",
            "--dpi",
            &dpi.to_string(),
        ]));
        assert_eq!(r.code, Some(0), "{r}");
        assert!(r.stderr.contains(&format!("1 page at {dpi} dpi")), "{r}");
        let img = Gray::read_png(&dir.join(format!("{name}.png"))).expect("a PNG");
        assert_size(&img, size, dpi);
        assert!(ink(&img) > 500, "{name}: the page has text on it");
    }
}

#[test]
fn several_pages_take_a_page_number_in_the_name() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let example = letterpress_tests::repo_root().join("examples/long-us.yaml");
    let single = run(cmd()
        .arg("render")
        .arg(&example)
        .arg("-o")
        .arg(dir.join("page.png")));
    assert_eq!(single.code, Some(2), "{single}");
    assert!(
        single.stderr.contains("{n}"),
        "the message says how: {single}"
    );
    assert_eq!(
        std::fs::read_dir(dir).expect("list").count(),
        0,
        "nothing written"
    );

    let r = run(cmd()
        .arg("render")
        .arg(&example)
        .args(["--dpi", "20", "-o"])
        .arg(dir.join("page-{n}.png")));
    assert_eq!(r.code, Some(0), "{r}");
    // long-us takes 4 pages (its closing no longer stands alone on a fifth).
    let pages: Vec<String> = (1..=4).map(|n| format!("page-{n}.png")).collect();
    for page in &pages {
        let img = Gray::read_png(&dir.join(page)).expect("a page image");
        assert_size(&img, (215.9, 279.4), 20);
    }
    assert_eq!(std::fs::read_dir(dir).expect("list").count(), pages.len());
}

#[test]
fn format_is_inferred_and_dpi_belongs_to_images() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("letter.yaml"), LETTER).expect("write");
    let r = run(cmd()
        .current_dir(dir)
        .args(["render", "letter.yaml", "-o", "x.png"]));
    assert_eq!(r.code, Some(0), "{r}");
    let head = std::fs::read(dir.join("x.png")).expect("written");
    assert!(head.starts_with(b"\x89PNG"), "a PNG from the .png name");

    let r = run(cmd()
        .current_dir(dir)
        .args(["render", "letter.yaml", "--dpi", "100"]));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(r.stderr.contains("--format png"), "{r}");
    let r = run(cmd().current_dir(dir).args([
        "render",
        "letter.yaml",
        "--format",
        "png",
        "--dpi",
        "5000",
    ]));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(!Path::new(&dir.join("letter.pdf")).exists());
}

#[test]
fn a_page_image_never_overwrites_an_input() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let png = std::fs::read(letterpress_tests::repo_root().join("letterheads/nowak-pr/header.png"))
        .expect("a bundled image");
    std::fs::write(dir.join("sig.png"), &png).expect("write");
    std::fs::write(
        dir.join("letter.yaml"),
        format!("{LETTER}signatures:\n  - {{ name: A, image: sig.png }}\n"),
    )
    .expect("write");
    let r = run(cmd()
        .current_dir(dir)
        .args(["render", "letter.yaml", "-o", "sig.png"]));
    assert_eq!(r.code, Some(2), "{r}");
    assert!(r.stderr.contains("signature image"), "{r}");
    assert_eq!(
        std::fs::read(dir.join("sig.png")).expect("read"),
        png,
        "untouched"
    );
}
