//! `render`: one letter into a PDF or into page images (PNG), written whole or not at all. The
//! same [`Job::run`] is each round of `watch`.

use std::path::{Path, PathBuf};

use letterpress::{Env, RenderOptions, Resources};

use crate::inputs::{Inputs, Output};
use crate::{diagnostics, output, raster, Failure};

/// What `render` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// The letter as PDF.
    Pdf,
    /// One PNG image per page.
    Png,
}

/// The resolution of page images when `--dpi` is not given (Typst's default too).
const DEFAULT_DPI: u32 = 144;

/// One render, as the command line asked for it.
pub(crate) struct Job {
    pub letter: PathBuf,
    /// The output as given, or the default; for PNG, a name with `{n}` for the page number.
    output: Option<PathBuf>,
    format: Format,
    dpi: u32,
    pub options: RenderOptions,
    pub layout_json: Option<PathBuf>,
}

/// What a successful render wrote.
pub(crate) struct Done {
    pub pages: usize,
    /// The files written, as the user named them (one per page for PNG).
    pub files: Vec<PathBuf>,
    pub bytes: usize,
}

impl Job {
    /// Check the options that belong together: `--format` defaults to the extension of `-o`
    /// (`.png`: PNG, anything else: PDF) and `--dpi` only makes sense for images.
    pub(crate) fn new(
        letter: PathBuf,
        output: Option<PathBuf>,
        format: Option<Format>,
        dpi: Option<u32>,
        options: RenderOptions,
    ) -> Result<Job, Failure> {
        let format = format.unwrap_or_else(|| match &output {
            Some(o) if o.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) => Format::Png,
            _ => Format::Pdf,
        });
        if format == Format::Pdf && dpi.is_some() {
            return Err(Failure::Usage(
                "--dpi sets the resolution of page images; add --format png (or name a .png output)"
                    .into(),
            ));
        }
        Ok(Job {
            letter,
            output,
            format,
            dpi: dpi.unwrap_or(DEFAULT_DPI),
            options,
            layout_json: None,
        })
    }

    /// Whether the output is standard output (`-o -`).
    pub(crate) fn to_stdout(&self) -> bool {
        self.output.as_deref().is_some_and(output::is_stdout)
    }

    /// The PDF's path, or the image name before the page count is known.
    fn target(&self, pages: usize) -> PathBuf {
        if let Some(o) = &self.output {
            return o.clone();
        }
        match (self.format, pages) {
            (Format::Pdf, _) => self.letter.with_extension("pdf"),
            (Format::Png, 1) => self.letter.with_extension("png"),
            (Format::Png, _) => {
                let stem = self
                    .letter
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy();
                self.letter.with_file_name(format!("{stem}-{{n}}.png"))
            }
        }
    }

    /// Render the letter and write its output. `inputs` receives the files the letter reads
    /// as soon as the letter parses (also when the render then fails), for `watch`.
    pub(crate) fn run(&self, env: &Env, inputs: &mut Option<Inputs>) -> Result<Done, Failure> {
        let parsed =
            letterpress::load_letter(&self.letter).map_err(|e| Failure::Input(e.into()))?;
        let res = Resources::new();
        let read = inputs.insert(Inputs::of_letter(&self.letter, &parsed, env, &res));
        let early = self.target(1);
        self.refuse_overwrites(read, &early)?;
        let rendered =
            letterpress::render(&parsed, env, &res, &self.options).map_err(Failure::Input)?;
        diagnostics::print_warnings(&rendered.warnings);
        let doc = &rendered.output.document;
        let pages = doc.pages.len() + doc.appendix.page_count();
        let json = match &self.layout_json {
            Some(_) => Some(layout_json(&rendered.output.document)?),
            None => None,
        };
        let pdf = rendered.output.pdf;
        let files = match self.format {
            Format::Pdf => vec![(early, pdf)],
            Format::Png => self.images(&pdf, pages, read)?,
        };
        if let (Some(path), Some(json)) = (&self.layout_json, json) {
            output::write_output(path, json.as_bytes())?;
        }
        let bytes = files.iter().map(|(_, b)| b.len()).sum();
        for (path, data) in &files {
            output::write_output(path, data)?;
        }
        Ok(Done {
            pages,
            files: files.into_iter().map(|(p, _)| p).collect(),
            bytes,
        })
    }

    /// Refuse, before rendering, outputs known now that name an input (the page images'
    /// names are known, and checked, once the pages are counted).
    fn refuse_overwrites(&self, read: &Inputs, pdf: &Path) -> Result<(), Failure> {
        let mut outputs = Vec::new();
        if self.format == Format::Pdf {
            outputs.push(out("the PDF", pdf));
        }
        if let Some(json) = &self.layout_json {
            outputs.push(Output {
                what: "the page model",
                option: "--layout-json",
                path: json,
            });
        }
        read.refuse_overwrites(&outputs)
    }

    /// The page images and their files, checked against the inputs.
    fn images(
        &self,
        pdf: &[u8],
        pages: usize,
        read: &Inputs,
    ) -> Result<Vec<(PathBuf, Vec<u8>)>, Failure> {
        let template = self.target(pages);
        if pages > 1 && !raster::has_page_number(&template) {
            return Err(Failure::Usage(one_name_for_pages(&template, pages)));
        }
        let images = raster::pages(pdf, self.dpi)?;
        let files: Vec<(PathBuf, Vec<u8>)> = images
            .into_iter()
            .enumerate()
            .map(|(i, png)| (raster::page_path(&template, i + 1, pages), png))
            .collect();
        let outputs: Vec<Output<'_>> = files.iter().map(|(p, _)| out("a page image", p)).collect();
        read.refuse_overwrites(&outputs)?;
        Ok(files)
    }

    /// The line `render` prints on standard error after writing.
    pub(crate) fn report(&self, done: &Done) -> String {
        let what = match done.files.as_slice() {
            [one] if output::is_stdout(one) => match self.format {
                Format::Pdf => "the PDF to standard output".to_string(),
                Format::Png => "the page image to standard output".to_string(),
            },
            [one] => one.display().to_string(),
            [first, .., last] => format!("{} … {}", first.display(), last.display()),
            [] => String::new(),
        };
        let at = match self.format {
            Format::Pdf => String::new(),
            Format::Png => format!(" at {} dpi", self.dpi),
        };
        format!(
            "wrote {what} ({} page{}{at}, {} KB)",
            done.pages,
            plural(done.pages),
            done.bytes.div_ceil(1024)
        )
    }
}

/// The page model as `--layout-json` writes it.
fn layout_json(document: &letterpress::Document) -> Result<String, Failure> {
    serde_json::to_string_pretty(document)
        .map_err(|e| Failure::Io(format!("cannot encode the layout: {e}")))
}

fn out<'a>(what: &'a str, path: &'a Path) -> Output<'a> {
    Output {
        what,
        option: "-o",
        path,
    }
}

/// "s" after a count other than one.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The message for a letter of several pages rendered to a single image name.
fn one_name_for_pages(template: &Path, pages: usize) -> String {
    if output::is_stdout(template) {
        return format!(
            "the letter has {pages} pages and standard output takes one image; name files with `{{n}}` for the page number, e.g. -o 'page-{{n}}.png'"
        );
    }
    let stem = template.file_stem().unwrap_or_default().to_string_lossy();
    format!(
        "the letter has {pages} pages and `{}` names one file; put `{{n}}` (the page number) in the name, e.g. -o '{}'",
        template.display(),
        template.with_file_name(format!("{stem}-{{n}}.png")).display()
    )
}

/// `letterpress render`.
pub(crate) fn render(job: &Job, env: &Env) -> Result<(), Failure> {
    let done = job.run(env, &mut None)?;
    eprintln!("{}", job.report(&done));
    Ok(())
}
