//! Visual regression tests: every page of every `examples/*.yaml`, drawn by `letterpress render
//! --format png` at 36 dpi, must look like its reference `tests/visual/EXAMPLE-N.png` (8-bit
//! grey) within the tolerance of `letterpress_tests::visual`. A page that does not gets a diff
//! image (red: ink that is new there, blue: ink that is gone) and the new render in
//! `target/visual-diff/`.
//!
//! After an intended change of the pages, regenerate the references and look at them
//! (`git diff --stat tests/visual`, an image viewer) before committing:
//!
//! ```sh
//! UPDATE_VISUAL=1 cargo test -p letterpress-cli --test cli visual::
//! ```

use std::path::{Path, PathBuf};

use letterpress_tests::visual::{self, Gray};
use letterpress_tests::{cli, examples, repo_root, target_dir};

/// The references' resolution: an A4 page is 297 × 420 pixels, a 5 mm move 7 pixels.
const DPI: u32 = 36;

fn references() -> PathBuf {
    repo_root().join("tests").join("visual")
}

fn stem(example: &Path) -> String {
    example
        .file_stem()
        .expect("an example has a name")
        .to_string_lossy()
        .into_owned()
}

/// The page number of `name` if it is a page image of the example `stem` (`STEM-N.png`).
fn page_of(name: &str, stem: &str) -> Option<u32> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let n = rest.strip_suffix(".png")?;
    n.parse()
        .ok()
        .filter(|_| n.bytes().all(|b| b.is_ascii_digit()))
}

/// The page images of `stem` in `dir`, by page number.
fn pages_in(dir: &Path, stem: &str) -> Vec<(u32, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut pages: Vec<(u32, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            page_of(&name, stem).map(|n| (n, e.path()))
        })
        .collect();
    pages.sort();
    pages
}

/// Render `example` into `dir` as `STEM-N.png`, one per page, and read them back in grey.
fn render(example: &Path, dir: &Path) -> Vec<(u32, Gray)> {
    let stem = stem(example);
    let out = dir.join(format!("{stem}-{{p}}.png"));
    let run = cli::run(
        cli::cmd()
            // examples/minimal.yaml has no date: today's would change its page every day.
            .env("SOURCE_DATE_EPOCH", "1795651200")
            .arg("render")
            .arg(example)
            .args(["--format", "png", "--dpi", &DPI.to_string(), "-o"])
            .arg(&out),
    );
    assert_eq!(run.code, Some(0), "{}: {run}", example.display());
    let pages = pages_in(dir, &stem);
    assert!(!pages.is_empty(), "{}: no page written", example.display());
    pages
        .into_iter()
        .map(|(n, p)| (n, Gray::read_png(&p).unwrap_or_else(|e| panic!("{e}"))))
        .collect()
}

/// Replace the references of one example by its pages.
fn update(stem: &str, pages: &[(u32, Gray)]) {
    for (_, old) in pages_in(&references(), stem) {
        std::fs::remove_file(&old).unwrap_or_else(|e| panic!("{}: {e}", old.display()));
    }
    for (n, page) in pages {
        let path = references().join(format!("{stem}-{n}.png"));
        page.write_png(&path).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Compare one example's pages with its references; the problems, described.
fn check(stem: &str, pages: &[(u32, Gray)]) -> Vec<String> {
    let refs = pages_in(&references(), stem);
    let mut problems = Vec::new();
    if refs.len() != pages.len() {
        problems.push(format!(
            "{stem}: {} pages, the references have {}",
            pages.len(),
            refs.len()
        ));
    }
    for ((n, page), (_, ref_path)) in pages.iter().zip(&refs) {
        let reference = Gray::read_png(ref_path).unwrap_or_else(|e| panic!("{e}"));
        let name = format!("{stem}-{n}.png");
        match visual::compare(&reference, page) {
            None => problems.push(format!(
                "{name}: {}×{} pixels, the reference {}×{}",
                page.width, page.height, reference.width, reference.height
            )),
            Some(c) if !c.passes() => {
                let diff = write_diff(&name, &reference, page);
                problems.push(format!(
                    "{name}: {} of {} pixels differ (at most {:.0} may); diff image: {}",
                    c.differing,
                    c.total,
                    visual::AREA_TOLERANCE * c.total as f64,
                    diff.display()
                ));
            }
            Some(_) => {}
        }
    }
    problems
}

/// Write the diff image and the new render into `target/visual-diff/`; the diff's path.
fn write_diff(name: &str, reference: &Gray, page: &Gray) -> PathBuf {
    let dir = target_dir().join("visual-diff");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let diff = dir.join(name.replace(".png", "-diff.png"));
    let rgb = visual::diff_image(reference, page);
    visual::write_png(&diff, page.width, page.height, png::ColorType::Rgb, &rgb)
        .unwrap_or_else(|e| panic!("{e}"));
    page.write_png(&dir.join(name))
        .unwrap_or_else(|e| panic!("{e}"));
    diff
}

#[test]
fn every_example_page_looks_as_its_reference() {
    let updating = std::env::var_os("UPDATE_VISUAL").is_some_and(|v| v != "0");
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut problems = Vec::new();
    for example in examples() {
        let stem = stem(&example);
        let pages = render(&example, tmp.path());
        if updating {
            update(&stem, &pages);
        } else {
            problems.extend(check(&stem, &pages));
        }
    }
    assert!(
        problems.is_empty(),
        "{} page(s) differ from tests/visual/:\n  {}\nIf the change is intended, regenerate the references with\n  UPDATE_VISUAL=1 cargo test -p letterpress-cli --test cli visual::\nand look at them before committing.",
        problems.len(),
        problems.join("\n  ")
    );
}

/// Every reference belongs to an example (a removed example leaves no stale pages behind).
#[test]
fn every_reference_belongs_to_an_example() {
    let stems: Vec<String> = examples().iter().map(|e| stem(e)).collect();
    let entries = std::fs::read_dir(references()).expect("tests/visual/ exists");
    for e in entries.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            stems.iter().any(|s| page_of(&name, s).is_some()),
            "tests/visual/{name} is no example's page: remove it"
        );
    }
}

/// Every reference page: its faintest line of text (the band of rows with the least ink, at
/// least 3 pixels tall: lines of text, not the 1-pixel rules and fold marks) moved down by 5 mm
/// fails the comparison; noise of half the pixel tolerance on every pixel passes it.
#[test]
fn a_line_moved_by_5_mm_fails_and_rendering_noise_passes() {
    let five_mm = (5.0 / 25.4 * f64::from(DPI)).round() as u32;
    let refs: Vec<PathBuf> = std::fs::read_dir(references())
        .expect("tests/visual/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert!(!refs.is_empty(), "no references in tests/visual/");
    for path in refs {
        let page = Gray::read_png(&path).unwrap_or_else(|e| panic!("{e}"));
        let ink = |&(a, b): &(u32, u32)| {
            (a..=b)
                .flat_map(|y| (0..page.width).map(move |x| (x, y)))
                .filter(|&(x, y)| page.get(x, y) < 128)
                .count()
        };
        let Some(faintest) = visual::ink_bands(&page)
            .into_iter()
            .filter(|(a, b)| b - a + 1 >= 3)
            .min_by_key(ink)
        else {
            continue;
        };
        let moved = visual::move_rows(&page, faintest, five_mm);
        let c = visual::compare(&page, &moved).expect("same size");
        assert!(
            !c.passes(),
            "{}: rows {faintest:?} moved by {five_mm} px pass the comparison ({c:?})",
            path.display()
        );
        let noisy = with_noise(&page, visual::PIXEL_TOLERANCE / 2);
        let c = visual::compare(&page, &noisy).expect("same size");
        assert!(
            c.passes(),
            "{}: noise fails the comparison ({c:?})",
            path.display()
        );
    }
}

/// Every pixel moved by up to ±`amount` grey levels (a fixed pseudo-random sequence).
fn with_noise(page: &Gray, amount: u8) -> Gray {
    let mut state: u32 = 0x2545_f491;
    let mut out = page.clone();
    for p in &mut out.pixels {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let offset = (state >> 24) as i32 % (2 * i32::from(amount) + 1) - i32::from(amount);
        *p = (i32::from(*p) + offset).clamp(0, 255) as u8;
    }
    out
}

#[test]
fn page_names_are_matched_exactly() {
    assert_eq!(page_of("bench-pl-2.png", "bench-pl"), Some(2));
    assert_eq!(page_of("bench-pl-long-2.png", "bench-pl"), None);
    assert_eq!(page_of("bench-pl-2.png.orig", "bench-pl"), None);
    assert_eq!(page_of("bench-pl-+2.png", "bench-pl"), None);
}
