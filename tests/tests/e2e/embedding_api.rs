//! The library as a service embeds it: no file access unless asked, everything from memory,
//! errors that show no line of another file, caches that notice a changed file, bounded reads.

use std::path::Path;

use letterpress::{
    find_letterhead, load_letter_str, render, Env, ErrorKind, FileAccess, RenderOptions, Resources,
};
use letterpress_tests::pdf::Pdf;

fn assets() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/letterpress-assets"
    ))
}

/// The `/Width` of every image XObject in a PDF.
fn image_widths(pdf: &[u8]) -> Vec<i64> {
    let doc = lopdf::Document::load_mem(pdf).expect("parses");
    let mut v: Vec<i64> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image"))
        .filter_map(|s| s.dict.get(b"Width").and_then(|w| w.as_i64()).ok())
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn the_default_env_reads_no_file_and_quotes_none() {
    let res = Resources::new();
    for name in ["/etc/passwd", "../../../../etc/passwd", "letterhead.yaml"] {
        let letter = load_letter_str(
            &format!("letterhead: {name}\nrecipient: [A]\nbody: x\n"),
            "letter.yaml",
        )
        .expect("parses");
        let e = find_letterhead(&letter, &Env::default(), &res).expect_err("no file access");
        assert!(
            matches!(e.kind, ErrorKind::NoFileAccess { .. })
                || e.to_string().contains("no such letterhead"),
            "{name}: {e}"
        );
        assert!(!e.to_string().contains("root:"), "{e}");
        // The only line quoted is the letter's own.
        assert_eq!(
            e.origin.as_ref().map(|o| o.source_line.as_str()),
            Some(format!("letterhead: {name}").as_str())
        );
    }
    let letter = load_letter_str(
        "recipient: [A]\nbody: x\nsignatures: [{ name: A, image: /etc/hostname }]\n",
        "letter.yaml",
    )
    .expect("parses");
    let errs =
        render(&letter, &Env::default(), &res, &RenderOptions::default()).expect_err("refused");
    assert!(
        matches!(errs.0[0].kind, ErrorKind::NoFileAccess { .. }),
        "{errs}"
    );
}

#[test]
fn an_error_in_another_file_keeps_its_place_but_not_its_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("secret.yaml"), "password: hunter2\n").expect("write");
    let letter = load_letter_str(
        "letterhead: secret.yaml\nrecipient: [A]\nbody: x\n",
        dir.path().join("letter.yaml"),
    )
    .expect("parses");
    let e = find_letterhead(&letter, &Env::confined(dir.path()), &Resources::new())
        .expect_err("not a letterhead");
    let o = e.origin.as_ref().expect("placed");
    assert!(o.file.ends_with("secret.yaml"), "{e}");
    assert_eq!((o.line, o.column), (1, 1));
    assert_eq!(o.source_line, "", "no line of another file");
    assert!(!format!("{e:?}").contains("hunter2"));
}

#[test]
fn letterheads_images_and_fonts_from_memory() {
    let res = Resources::new();
    let read = |p: &str| std::fs::read(assets().join(p)).expect("asset");
    res.insert_family(
        "House Sans",
        read("fonts/NotoSans-Regular.ttf"),
        Some(read("fonts/NotoSans-Bold.ttf")),
        None,
        None,
    )
    .expect("parses");
    res.insert_file(
        "brand/band.png",
        read("letterheads/nowak-pr/header-small.png"),
    );
    res.insert_file(
        "brand/letterhead.yaml",
        "name: Haus & Co\nheader: { image: band.png, height: 15mm, alt: Haus und Co }\n\
         font: { family: House Sans, size: 10pt }\n",
    );
    res.insert_letterhead("haus", "brand/letterhead.yaml");
    for (name, path) in [
        ("haus", "nowhere/letter.yaml"),
        ("brand/letterhead.yaml", "letter.yaml"),
    ] {
        let letter = load_letter_str(
            &format!("letterhead: {name}\nlanguage: de\nrecipient: [Max Muster]\nbody: Grüße aus dem Speicher.\n"),
            path,
        )
        .expect("parses");
        let out =
            render(&letter, &Env::default(), &res, &RenderOptions::default()).expect("renders");
        let pdf = Pdf::parse(&out.output.pdf).expect("parses");
        assert!(pdf.text().contains("Grüße aus dem Speicher."), "{name}");
        assert!(
            pdf.fonts().iter().any(|f| f.base_font.contains("NotoSans")),
            "{name}: {:?}",
            pdf.fonts()
        );
        let w = image_widths(&out.output.pdf);
        assert!(
            !w.is_empty() && w.iter().all(|&x| x == 2480),
            "{name}: the band (and its mask): {w:?}"
        );
    }
}

#[test]
fn a_file_rewritten_in_place_is_not_served_stale() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sig = dir.path().join("sig.png");
    let letter = load_letter_str(
        "recipient: [A]\nbody: x\nsignatures: [{ name: A, image: sig.png }]\n",
        dir.path().join("letter.yaml"),
    )
    .expect("parses");
    let (res, env) = (Resources::new(), Env::confined(dir.path()));
    let mut widths = Vec::new();
    for src in [
        "letterheads/nowak-pr/signatures/anna-nowak.png",
        "letterheads/nowak-pr/header-small.png",
    ] {
        std::fs::copy(assets().join(src), &sig).expect("copy");
        let out = render(&letter, &env, &res, &RenderOptions::default()).expect("renders");
        widths.push(image_widths(&out.output.pdf));
    }
    assert_ne!(widths[0], widths[1], "the second render uses the new file");
    // Memory wins over disk, and registering again replaces.
    res.insert_file(
        dir.path().join("sig.png"),
        std::fs::read(assets().join("letterheads/nowak-pr/signatures/anna-nowak.png"))
            .expect("asset"),
    );
    let out = render(&letter, &env, &res, &RenderOptions::default()).expect("renders");
    assert_eq!(image_widths(&out.output.pdf), widths[0]);
}

#[test]
fn a_cached_file_is_not_served_to_a_narrower_env() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        assets().join("letterheads/nowak-pr/signatures/anna-nowak.png"),
        dir.path().join("sig.png"),
    )
    .expect("copy");
    let letter = load_letter_str(
        "recipient: [A]\nbody: x\nsignatures: [{ name: A, image: sig.png }]\n",
        dir.path().join("letter.yaml"),
    )
    .expect("parses");
    let res = Resources::new();
    render(
        &letter,
        &Env::unrestricted(),
        &res,
        &RenderOptions::default(),
    )
    .expect("renders");
    let errs =
        render(&letter, &Env::default(), &res, &RenderOptions::default()).expect_err("sandbox");
    assert!(
        matches!(errs.0[0].kind, ErrorKind::NoFileAccess { .. }),
        "{errs}"
    );
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let errs = render(
        &letter,
        &Env::confined(elsewhere.path()),
        &res,
        &RenderOptions::default(),
    )
    .expect_err("outside");
    assert!(
        matches!(errs.0[0].kind, ErrorKind::OutsideRoot { .. }),
        "{errs}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_named_as_a_file_is_refused_without_blocking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("sig.png");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for image in ["sig.png", "/dev/zero"] {
        let letter = load_letter_str(
            &format!("recipient: [A]\nbody: x\nsignatures: [{{ name: A, image: {image} }}]\n"),
            dir.path().join("letter.yaml"),
        )
        .expect("parses");
        let errs = render(
            &letter,
            &Env::unrestricted(),
            &Resources::new(),
            &RenderOptions::default(),
        )
        .expect_err("not a regular file");
        assert!(
            errs.0[0].to_string().contains("not a regular file"),
            "{image}: {errs}"
        );
    }
    let mut env = Env::default();
    env.files = FileAccess::Any;
    assert!(
        env.check_read(&fifo).is_ok(),
        "allowed, and still refused by the read itself"
    );
}

#[test]
fn the_bundled_letterheads_need_no_file_access() {
    let res = Resources::new();
    let names: Vec<String> = res.letterheads(&Env::default()).into_keys().collect();
    assert_eq!(
        names,
        ["brightline-us", "hartmann-legal", "nordwerk", "nowak-pr"]
    );
    for name in &names {
        let letter = load_letter_str(
            &format!("letterhead: {name}\nrecipient: [A]\nbody: x\n"),
            "l.yaml",
        )
        .expect("parses");
        let out = render(&letter, &Env::default(), &res, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // Raster artwork shows as images; SVG artwork is drawn as vectors, so the page model
        // is asked (its header image item came from the bundled file).
        let header = out.output.document.pages[0]
            .items
            .iter()
            .any(|i| matches!(i, letterpress::layout::model::Item::Image(b) if b.role == "header"));
        assert!(header, "{name}: its artwork");
    }
}

#[test]
fn every_cache_lives_in_the_resources_a_caller_owns() {
    // The set paragraphs belong to the Resources that served the letter: a new Resources
    // starts cold whatever other Resources in the process have done, and clear() empties it.
    let letter = letterpress::load_letter_str(
        "recipient: [Jan Kowalski]\nbody: Dziękujemy za współpracę.\n",
        "letter.yaml",
    )
    .expect("parses");
    let warm = letterpress::Resources::new();
    letterpress::render(
        &letter,
        &letterpress::Env::default(),
        &warm,
        &letterpress::RenderOptions::default(),
    )
    .expect("renders");
    assert!(
        !warm.paragraphs().is_empty(),
        "the render set its paragraphs in `warm`"
    );
    let fresh = letterpress::Resources::new();
    assert!(fresh.paragraphs().is_empty(), "a new Resources is cold");
    warm.clear();
    assert!(
        warm.paragraphs().is_empty(),
        "clear() empties the paragraphs too"
    );
}
