//! Reads confined to a folder (`Env::root`, the CLI's `--root`, by default the letter's own
//! folder): no `..`, absolute path or symbolic link may reach a file outside it; the bundled
//! fonts and letterheads stay allowed.

use std::path::Path;

use letterpress::{Env, ErrorKind, RenderOptions, Resources};
use letterpress_tests::cli::{cmd, run};
use letterpress_tests::repo_root;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::create_dir_all(dir.path().join("letters/img")).expect("dirs");
    std::fs::create_dir_all(dir.path().join("secret")).expect("dirs");
    let sig = repo_root().join("letterheads/nowak-pr/signatures/anna-nowak.png");
    std::fs::copy(&sig, dir.path().join("secret/sig.png")).expect("copy");
    std::fs::copy(&sig, dir.path().join("letters/img/sig.png")).expect("copy");
    dir
}

fn letter(dir: &Path, name: &str, image: &str) -> std::path::PathBuf {
    let p = dir.join("letters").join(name);
    std::fs::write(
        &p,
        format!("recipient: [Ms Jane Doe, 1 High Street]\nbody: x\nsignatures:\n  - name: A\n    image: {image}\n"),
    )
    .expect("write");
    p
}

#[test]
fn dot_dot_absolute_and_symlinks_are_refused_by_default() {
    let dir = setup();
    let secret = dir.path().join("secret/sig.png");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, dir.path().join("letters/img/link.png")).expect("symlink");
    let mut cases = vec![
        letter(dir.path(), "dotdot.yaml", "../secret/sig.png"),
        letter(dir.path(), "absolute.yaml", &secret.display().to_string()),
    ];
    if cfg!(unix) {
        cases.push(letter(dir.path(), "link.yaml", "img/link.png"));
    }
    for l in cases {
        let r = run(cmd().arg("render").arg(&l));
        assert_eq!(r.code, Some(1), "{}: {r}", l.display());
        assert!(
            r.stderr.contains("is outside the allowed folder"),
            "{}: {r}",
            l.display()
        );
        assert!(r.stderr.contains(":5:"), "names the line of `image:`: {r}");
        assert!(r.stderr.contains("--root"), "says how to widen it: {r}");
        assert!(!l.with_extension("pdf").exists(), "no output");
    }
    // Inside the folder it works, and the bundled letterheads are allowed from anywhere.
    let ok = letter(dir.path(), "ok.yaml", "img/sig.png");
    let r = run(cmd().arg("render").arg(&ok));
    assert_eq!(r.code, Some(0), "{r}");
    let bundled = dir.path().join("letters/bundled.yaml");
    std::fs::write(&bundled, "letterhead: nowak-pr\nrecipient: [A]\nbody: x\n").expect("write");
    let r = run(cmd().arg("render").arg(&bundled));
    assert_eq!(r.code, Some(0), "{r}");
}

#[test]
fn root_widens_and_narrows_the_allowed_folder() {
    let dir = setup();
    let l = letter(dir.path(), "dotdot.yaml", "../secret/sig.png");
    let r = run(cmd().arg("render").arg(&l).arg("--root").arg(dir.path()));
    assert_eq!(r.code, Some(0), "a wider root allows ../secret: {r}");
    // A root that does not hold the letter refuses the letter itself.
    let r = run(cmd()
        .arg("check")
        .arg(&l)
        .arg("--root")
        .arg(dir.path().join("secret")));
    assert_eq!(r.code, Some(1), "{r}");
    assert!(r.stderr.contains("is outside the allowed folder"), "{r}");
    let r = run(cmd()
        .arg("render")
        .arg(&l)
        .arg("--root")
        .arg(dir.path().join("nope")));
    assert_eq!(
        r.code,
        Some(2),
        "a root that is not a folder is a usage error: {r}"
    );
}

#[test]
fn the_library_confines_reads_with_env_root() {
    let dir = setup();
    let l = letter(dir.path(), "dotdot.yaml", "../secret/sig.png");
    let mut env = Env::from_process();
    env.files = letterpress::FileAccess::Root(dir.path().join("letters"));
    let errs = letterpress::render_file(&l, &env, &Resources::new(), &RenderOptions::default())
        .expect_err("outside")
        .0;
    assert!(
        matches!(errs[0].kind, ErrorKind::OutsideRoot { .. }),
        "{errs:?}"
    );
    // No root: the embedding program decides what to read.
    let open = Env::from_process();
    assert!(
        letterpress::render_file(&l, &open, &Resources::new(), &RenderOptions::default()).is_ok()
    );
}

#[test]
fn a_link_retargeted_outside_is_refused_by_resources_that_allowed_it_before() {
    // A merge or a service keeps one `Resources` for many letters and remembers which reads
    // the root allowed; a file read anew from disk is still checked anew.
    let dir = setup();
    let link = dir.path().join("letters/img/link.png");
    std::os::unix::fs::symlink("sig.png", &link).expect("symlink");
    let l = letter(dir.path(), "link.yaml", "img/link.png");
    let mut env = Env::from_process();
    env.files = letterpress::FileAccess::Root(dir.path().join("letters"));
    let res = Resources::new();
    let opts = RenderOptions::default();
    letterpress::render_file(&l, &env, &res, &opts).expect("inside the root");
    // The secret differs in size, so the cached image is stale and the link is read again.
    let secret = dir.path().join("secret/sig.png");
    let mut bytes = std::fs::read(&secret).expect("read");
    bytes.extend_from_slice(b"\0\0\0\0");
    std::fs::write(&secret, bytes).expect("write");
    std::fs::remove_file(&link).expect("unlink");
    std::os::unix::fs::symlink(&secret, &link).expect("symlink");
    let errs = letterpress::render_file(&l, &env, &res, &opts)
        .expect_err("the link now leads out")
        .0;
    assert!(
        matches!(errs[0].kind, ErrorKind::OutsideRoot { .. }),
        "{errs:?}"
    );
}
