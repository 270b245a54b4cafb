//! The `letterpress` command: a thin front end over the library (render, merge, check, new,
//! and the helpers schema, fonts, letterheads, completions, manpage).
//!
//! Exit codes (letter-format.md): 0 success; 1 the input is wrong; 2 the command line is wrong;
//! 3 an I/O failure.

mod diagnostics;
mod generate;
mod info;
mod inputs;
mod merge;
mod output;
mod raster;
mod render;
mod signals;
mod starter;
mod starter_intl;
mod stdout;
mod termination;
mod watch;

/// mimalloc rather than glibc's allocator: a merge allocates and frees a few hundred kilobytes
/// per letter on every thread (2,000 bench letters: 1.39 -> 1.29 s, three interleaved runs; peak
/// memory 27 -> 66 MB, and 62 MB at 20,000 letters, still flat). See benches/NOTES.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use letterpress::{Env, Errors, RenderOptions, Resources, Standard};
use stdout::outln;

/// Typeset business letters from YAML into print-ready PDF.
#[derive(Parser, Debug)]
#[command(name = "letterpress", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Render one letter to PDF, or to one PNG image per page.
    Render {
        #[command(flatten)]
        args: RenderArgs,
        /// Same as `--pdf-standard none`.
        #[arg(long, hide = true)]
        no_pdfa: bool,
        /// Also write the page model (every line, image, rule and block rectangle) as JSON.
        #[arg(long, value_name = "FILE")]
        layout_json: Option<PathBuf>,
    },
    /// Render a letter, then again whenever it, its letterhead or a file they use changes;
    /// a broken edit keeps the last good output. Ctrl-C ends it.
    Watch {
        #[command(flatten)]
        args: RenderArgs,
    },
    /// One letter per record of a CSV (header row) or YAML list, as files and/or one PDF.
    Merge {
        /// The letter (YAML) with `{{ field }}` placeholders.
        letter: PathBuf,
        /// The records: CSV with a header row, or a YAML list of mappings.
        #[arg(long)]
        data: PathBuf,
        /// Read no file outside this folder (default: the letter's own folder; the bundled
        /// fonts and letterheads are always allowed).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Folder for one PDF per record (default: LETTER-letters/ beside the letter, unless --combined is given).
        #[arg(long)]
        out: Option<PathBuf>,
        /// File name of each letter, a template over the record's fields, e.g. '{{ id }}.pdf' (default: the record number).
        #[arg(long)]
        name: Option<String>,
        /// Also write every letter into one PDF, each starting on a new page.
        #[arg(long)]
        combined: Option<PathBuf>,
        /// In the combined PDF, start every letter on an odd page (for duplex printing).
        #[arg(long)]
        duplex: bool,
        /// Where to write the JSON manifest (default: OUT/manifest.json).
        #[arg(long)]
        manifest: Option<PathBuf>,
        /// Merge into a folder that holds another merge (its letters are removed) or files
        /// no manifest lists (they are overwritten).
        #[arg(long)]
        force: bool,
        /// Render only records K, K+N, K+2N, … (K from 1), e.g. `--shard 3/8`: N jobs of a
        /// scheduler render a batch between them; their files equal one run's.
        #[arg(long, value_name = "K/N", value_parser = merge::Shard::parse)]
        shard: Option<merge::Shard>,
        /// Keep the letters an earlier, stopped run of this merge wrote (their bytes checked
        /// against the SHA-256 its manifest or journal recorded) and render only the rest.
        #[arg(long)]
        resume: bool,
        /// The PDF standard to write and validate: a-2b+ua-1, a-2b, a-3b, a-3b+ua-1, a-2a, ua-1,
        /// none. Default: a-2b+ua-1; a-3b+ua-1 with attachments; tagged PDF (with a warning) with
        /// PDF enclosures. A standard named here is kept or the letter is refused.
        #[arg(long, value_name = "STANDARD", value_parser = parse_standard)]
        pdf_standard: Option<Standard>,
        /// Same as `--pdf-standard none`.
        #[arg(long, hide = true)]
        no_pdfa: bool,
        #[command(flatten)]
        artwork: ArtworkArgs,
    },
    /// Work with merge manifests.
    Manifest {
        #[command(subcommand)]
        action: ManifestAction,
    },
    /// Report every problem of a letter at once (spec, files, glyphs, window fit, pages); writes nothing.
    Check {
        /// The letter (YAML).
        letter: PathBuf,
        /// Read no file outside this folder (default: the letter's own folder; the bundled
        /// fonts and letterheads are always allowed).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Also print the typographic quality of the body: per paragraph lines, adjustment
        /// ratios, hyphens, overfull lines, runts and one-letter line ends; widows and orphans.
        #[arg(long)]
        typography: bool,
    },
    /// Write a commented starter letter.
    New {
        /// Language of the letter: pl, en-GB, en-US or de.
        #[arg(short, long, default_value = "pl")]
        language: String,
        /// What the letter is: a plain letter showing every key, or a letter ending a client
        /// relationship, walked through part by part.
        #[arg(short, long, value_enum, default_value_t = starter::Kind::Plain)]
        kind: starter::Kind,
        /// Where to write it; default: standard output.
        file: Option<PathBuf>,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of the letter or letterhead format, for completion and validation
    /// in an editor (see the README).
    Schema {
        /// Which format.
        #[arg(value_enum, default_value_t = generate::Format::Letter)]
        format: generate::Format,
        /// Write it to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// List the bundled fonts; with a letter, its fonts and how they cover its text.
    Fonts {
        /// A letter (YAML) whose text to check.
        letter: Option<PathBuf>,
        /// Read no file outside this folder (default: the letter's own folder; the bundled
        /// fonts and letterheads are always allowed).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// List the bundled letterheads, each with a one-line description.
    Letterheads,
    /// Print a shell completion script (e.g. `letterpress completions bash > ~/.local/share/bash-completion/completions/letterpress`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man pages (letterpress.1 and one per command), or print letterpress.1.
    Manpage {
        /// The folder to write every page into; default: print letterpress.1 to standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// What to do with manifests.
#[derive(clap::Subcommand, Debug)]
enum ManifestAction {
    /// Merge the manifests of the shards of one merge (`--shard K/N`) into the manifest of
    /// one run, in record order.
    Merge {
        /// The shards' manifests.
        #[arg(required = true)]
        manifests: Vec<PathBuf>,
        /// Where to write the merged manifest; default: standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// How a command failed.
pub(crate) enum Failure {
    /// The input is wrong (exit 1).
    Input(Errors),
    /// Reading or writing failed (exit 3).
    Io(String),
    /// The command line is wrong (exit 2).
    Usage(String),
    /// Already reported; exit with this code.
    Quiet(u8),
}

/// What `render` and `watch` share: the letter, where and how to write it, and what to read.
#[derive(clap::Args, Debug)]
struct RenderArgs {
    /// The letter (YAML).
    letter: PathBuf,
    /// Output file; default: the letter's name with `.pdf` (`.png`, or `-1.png`, `-2.png`, …
    /// for several pages). In an image name `{p}` is the page number and `{0p}` the page
    /// number zero-padded to the width of the page count, e.g. 'page-{0p}.png'.
    // (Typst's `{n}`, the same as `{0p}`, works too, but clap's help turns it into a newline.)
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// pdf, or png (one image per page); default: png for a `.png` output, else pdf.
    #[arg(long, value_enum)]
    format: Option<render::Format>,
    /// Resolution of page images in dots per inch, 10 to 600 (default 144).
    #[arg(long, visible_alias = "ppi", value_parser = clap::value_parser!(u32).range(10..=600))]
    dpi: Option<u32>,
    /// The PDF standard to write and validate: a-2b+ua-1, a-2b, a-3b, a-3b+ua-1, a-2a, ua-1,
    /// none. Default: a-2b+ua-1; a-3b+ua-1 with attachments; tagged PDF (with a warning) with
    /// PDF enclosures. A standard named here is kept or the letter is refused.
    #[arg(long, value_name = "STANDARD", value_parser = parse_standard)]
    pdf_standard: Option<Standard>,
    /// Read no file outside this folder (default: the letter's own folder; the bundled
    /// fonts and letterheads are always allowed).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Draw the layout over the pages: window, information block, text area and every block.
    #[arg(long)]
    debug: bool,
    #[command(flatten)]
    artwork: ArtworkArgs,
}

/// Options of `render`, `watch` and `merge` for the firm's artwork and the print target.
#[derive(clap::Args, Debug)]
struct ArtworkArgs {
    /// For paper that already carries the letterhead: draw nothing of the header, the
    /// stationery or the footer; everything else stays exactly where it would be.
    #[arg(long)]
    preprinted: bool,
    /// A light diagonal word on every page, e.g. --watermark KOPIA (over the letter's `watermark:`).
    #[arg(long, value_name = "TEXT")]
    watermark: Option<String>,
    /// What the PDF is printed on: office (default: sRGB colours) or press (a CMYK FOGRA39
    /// output intent for offset printing, the accent in the letterhead's `accent_cmyk`).
    #[arg(long, value_name = "TARGET", value_parser = parse_print)]
    print: Option<letterpress::Print>,
}

impl ArtworkArgs {
    fn apply(self, options: RenderOptions) -> RenderOptions {
        let mut options = options.preprinted(self.preprinted);
        if let Some(print) = self.print {
            options.pdf.print = print;
        }
        match self.watermark {
            Some(w) => options.watermark(w),
            None => options,
        }
    }
}

impl RenderArgs {
    /// The render job these arguments ask for, and the environment it reads in.
    fn job(self, no_pdfa: bool) -> Result<(render::Job, Env), Failure> {
        let env = env_for(&self.letter, self.root.as_deref())?;
        let options = self
            .artwork
            .apply(pdf_options(self.pdf_standard, no_pdfa, self.debug));
        let job = render::Job::new(self.letter, self.output, self.format, self.dpi, options)?;
        Ok((job, env))
    }
}

/// The PDF options of a command: a standard named on the command line (or `--no-pdfa`) is
/// kept exactly; without one the library picks the default the letter allows.
fn pdf_options(standard: Option<Standard>, no_pdfa: bool, debug: bool) -> RenderOptions {
    let standard = if no_pdfa {
        Some(Standard::None)
    } else {
        standard
    };
    let pdf = letterpress::PdfOptions::new().debug(debug);
    RenderOptions::new().pdf(match standard {
        Some(s) => pdf.standard(s),
        None => pdf,
    })
}

/// The environment of a command on `letter`: reads confined to `root`, by default to the
/// letter's own folder (the bundled fonts and letterheads stay allowed). The letter itself
/// must lie inside an explicit root.
pub(crate) fn env_for(letter: &Path, root: Option<&Path>) -> Result<Env, Failure> {
    let mut env = Env::from_process();
    let dir = match root {
        Some(r) => {
            if !r.is_dir() {
                return Err(Failure::Usage(format!(
                    "--root `{}` is not a folder",
                    r.display()
                )));
            }
            r.to_path_buf()
        }
        None => match letter.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
    };
    env.files = letterpress::FileAccess::Root(std::fs::canonicalize(&dir).unwrap_or(dir));
    if root.is_some() {
        env.check_read(letter).map_err(|kind| {
            Failure::Input(letterpress::Errors(vec![letterpress::Error::new(kind)]))
        })?;
    }
    Ok(env)
}

fn parse_print(s: &str) -> Result<letterpress::Print, String> {
    letterpress::Print::parse(s).ok_or_else(|| {
        format!(
            "unknown print target `{s}`; use one of {}",
            letterpress::Print::NAMES.join(", ")
        )
    })
}

fn parse_standard(s: &str) -> Result<Standard, String> {
    Standard::parse(s).ok_or_else(|| format!("use one of {}", Standard::NAMES.join(", ")))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Render {
            args,
            no_pdfa,
            layout_json,
        } => args.job(no_pdfa).and_then(|(mut job, env)| {
            job.layout_json = layout_json;
            render::render(&job, &env)
        }),
        Command::Watch { args } => args
            .job(false)
            .and_then(|(job, env)| watch::run(&job, &env)),
        Command::Check {
            letter,
            typography,
            root,
        } => env_for(&letter, root.as_deref()).and_then(|env| check(&letter, typography, &env)),
        Command::Merge {
            letter,
            data,
            out,
            name,
            combined,
            duplex,
            manifest,
            force,
            shard,
            resume,
            pdf_standard,
            no_pdfa,
            root,
            artwork,
        } => merge::run(merge::MergeArgs {
            shard: shard.unwrap_or_default(),
            resume,
            root,
            letter,
            data,
            out,
            name,
            combined,
            duplex,
            manifest,
            force,
            options: artwork.apply(pdf_options(pdf_standard, no_pdfa, false)),
        }),
        Command::New {
            language,
            kind,
            file,
            force,
        } => new(&language, kind, file.as_deref(), force),
        Command::Schema { format, output } => generate::schema(format, output.as_deref()),
        Command::Fonts { letter, root } => info::fonts(letter.as_deref(), root.as_deref()),
        Command::Letterheads => info::letterheads(),
        Command::Manifest {
            action: ManifestAction::Merge { manifests, output },
        } => merge_manifests(&manifests, output.as_deref()),
        Command::Completions { shell } => generate::completions(shell, &mut Cli::command()),
        Command::Manpage { out } => generate::manpage(Cli::command(), out.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(errors)) => {
            let code = exit_code(&errors);
            diagnostics::print_errors(&errors);
            ExitCode::from(code)
        }
        Err(Failure::Io(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(3)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Quiet(code)) => ExitCode::from(code),
    }
}

/// 3 when the only problem is a file that cannot be read and no spec names it (the letter
/// itself); 1 otherwise.
pub(crate) fn exit_code(errors: &Errors) -> u8 {
    if !errors.0.is_empty() && errors.0.iter().all(|e| e.is_io() && e.origin.is_none()) {
        3
    } else {
        1
    }
}

/// Every stage of a render and the grammar check (the library's `check`); nothing is written.
fn check(path: &Path, typography: bool, env: &Env) -> Result<(), Failure> {
    let res = Resources::new();
    let letter = letterpress::load_letter(path).map_err(|e| Failure::Input(e.into()))?;
    let checked = letterpress::check(&letter, env, &res, &RenderOptions::default())
        .map_err(Failure::Input)?;
    let (laid, findings) = (&checked, &checked.findings);
    diagnostics::print_warnings(&laid.warnings);
    print_enclosures(&laid.document.appendix)?;
    diagnostics::print_findings(findings);
    for r in letterpress::layout::artwork::resolutions(&laid.document) {
        outln!(
            "artwork: the {} image `{}`: {} × {} px at {:.1} × {:.1} mm = {:.0} dpi",
            r.role,
            r.path.display(),
            r.pixels.0,
            r.pixels.1,
            r.size_mm.0,
            r.size_mm.1,
            r.dpi
        );
    }
    if typography {
        print_typography(&letterpress::quality::report(&laid.document))?;
    }
    let pages = laid.document.pages.len() + laid.document.appendix.page_count();
    let warnings = laid.warnings.len() + findings.len();
    outln!(
        "{}: ok — {} page{}, {} warning{}",
        path.display(),
        pages,
        if pages == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" }
    );
    Ok(())
}

/// The enclosures appended after the letter and the attached files, one line each.
fn print_enclosures(a: &letterpress::enclosures::Appendix) -> Result<(), Failure> {
    for (i, p) in a.parts.iter().enumerate() {
        let s = if p.pages == 1 { "" } else { "s" };
        outln!(
            "enclosure {}: {} — {}, {} page{s}",
            i + 1,
            p.title,
            p.path.display(),
            p.pages
        );
    }
    for f in &a.attachments {
        outln!(
            "attachment: {} ({}, {:?}, {} bytes) — {}",
            f.name,
            f.mime,
            f.relationship,
            f.data.len(),
            f.description
        );
    }
    Ok(())
}

/// The quality report as a table per paragraph and the letter's totals (faults are counted,
/// never errors: `check` still exits 0).
fn print_typography(q: &letterpress::QualityReport) -> Result<(), Failure> {
    let flag = |b: bool| if b { "yes" } else { "-" };
    outln!("typography ({}): adjustment ratio r = 0 natural spaces, 1 fully stretched, -1 fully shrunk", q.lang);
    outln!(
        "{:>3} {:>4} {:>5} {:>6} {:>6} {:>5} {:>8} {:>8} {:>5} {:>4} {:>8} {:>5} {:>6}  starts with",
        "#", "page", "lines", "max r", "mean r", "hyph", "in a row", "overfull", "loose", "runt",
        "1-letter", "widow", "orphan"
    );
    for p in &q.paragraphs {
        outln!(
            "{:>3} {:>4} {:>5} {:>6.2} {:>6.2} {:>5} {:>8} {:>8} {:>5} {:>4} {:>8} {:>5} {:>6}  {}",
            p.index + 1,
            p.page,
            p.lines,
            p.max_ratio,
            p.mean_ratio,
            p.hyphens,
            p.max_consecutive_hyphens,
            p.overfull,
            p.loose,
            flag(p.runt),
            p.one_letter_line_ends,
            flag(p.widow),
            flag(p.orphan),
            p.start
        );
    }
    let t = &q.totals;
    outln!(
        "letter: {} page{}, {} paragraphs, {} lines; max r {:.2}, mean r {:.2}; {} hyphenated line ends \
         (at most {} in a row); {} tracked lines (at most {:.2} pt per letter gap); {} overfull, {} loose; \
         {} runts, {} one-letter line ends; {} widows, {} orphans",
        t.pages,
        if t.pages == 1 { "" } else { "s" },
        t.paragraphs,
        t.lines,
        t.max_ratio,
        t.mean_ratio,
        t.hyphens,
        t.max_consecutive_hyphens,
        t.tracked,
        t.max_tracking,
        t.overfull,
        t.loose,
        t.runts,
        t.one_letter_line_ends,
        t.widows,
        t.orphans
    );
    outln!(
        "last page: {} body line{} on page {}",
        t.last_page_lines,
        if t.last_page_lines == 1 { "" } else { "s" },
        t.pages
    );
    Ok(())
}

fn new(
    language: &str,
    kind: starter::Kind,
    file: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    let Some(lang) = letterpress::locale::Lang::parse(language) else {
        return Err(Failure::Usage(format!(
            "unknown language `{language}`; use one of {}",
            letterpress::locale::Lang::TAGS.join(", ")
        )));
    };
    let text = starter::starter(lang, kind);
    match file {
        None => stdout::write(text.as_bytes()),
        Some(path) => {
            if path.exists() && !force {
                return Err(Failure::Io(format!(
                    "`{}` exists; pass --force to overwrite it",
                    path.display()
                )));
            }
            output::write_output(path, text.as_bytes())?;
            eprintln!(
                "wrote {}; check it with: letterpress check {}",
                path.display(),
                path.display()
            );
            Ok(())
        }
    }
}

/// `letterpress manifest merge`.
fn merge_manifests(manifests: &[PathBuf], output: Option<&Path>) -> Result<(), Failure> {
    let out = output.unwrap_or(Path::new("-"));
    let mut inputs = inputs::Inputs::default();
    for m in manifests {
        inputs.add("a manifest", m);
    }
    inputs.refuse_overwrites(&[inputs::Output {
        what: "the merged manifest",
        option: "-o",
        path: out,
    }])?;
    let mut failed = None;
    let mut contents = |w: &mut dyn std::io::Write| {
        merge::manifest::merge_manifests(manifests, w).map_err(|msg| {
            failed = Some(msg);
            std::io::Error::other("the manifests do not merge")
        })
    };
    let written = output::write_output_with(out, &mut contents);
    match (written, failed) {
        (Err(_), Some(msg)) => Err(Failure::Usage(msg)),
        (r, _) => r,
    }
}
