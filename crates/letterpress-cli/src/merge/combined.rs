//! `merge --combined`, streamed: each batch's letters go into the combined PDF in record order
//! as soon as the batch is rendered, and are forgotten; the library copies each letter into
//! the output file at once ([`letterpress::pdf::Combined`]), so memory stays flat however many
//! records there are. The file is written to a temporary file beside the output and renamed
//! when complete ([`super::sink`]); a merge that stops early removes it.
//!
//! The PDF standard is decided from the first batch that has a letter (its attachments and PDF
//! enclosures, as `letterpress::pdf::standard_from` decides for one letter); a later letter
//! that would need another standard is left out of the combined PDF and its record fails with
//! the reason, never silently.

use std::path::{Path, PathBuf};

use letterpress::pdf::{Combined, Needs, PdfOptions};
use letterpress::Document;

use super::sink::Sink;
use crate::Failure;

/// The combined PDF being written.
pub(super) struct Stream<'a> {
    options: &'a PdfOptions,
    duplex: bool,
    path: PathBuf,
    writer: Option<Combined<'a, Sink>>,
    /// Why the combined PDF cannot be finished (the output failed, or the writer refused a
    /// letter half-way).
    broken: Option<String>,
    /// Whether it broke because the batch is too large for one file in its standard.
    too_large: bool,
}

impl<'a> Stream<'a> {
    pub(super) fn new(options: &'a PdfOptions, duplex: bool, path: &Path) -> Stream<'a> {
        Stream {
            options,
            duplex,
            path: path.to_path_buf(),
            writer: None,
            broken: None,
            too_large: false,
        }
    }

    /// Whether the file broke because the batch is too large for one file in its standard
    /// (not an output failure).
    pub(super) fn too_large(&self) -> bool {
        self.too_large
    }

    /// Why the file cannot be finished, once it cannot (the merge then stops).
    pub(super) fn broken(&self) -> Option<&str> {
        self.broken.as_deref()
    }

    fn start(&mut self, docs: &[&Document]) {
        let (sink, spool) = match Sink::open(&self.path) {
            Ok(s) => s,
            Err(Failure::Io(m) | Failure::Usage(m)) => {
                self.broken = Some(m);
                return;
            }
            Err(_) => {
                self.broken = Some(format!("cannot write `{}`", self.path.display()));
                return;
            }
        };
        match Combined::new(
            docs[0],
            self.options,
            self.duplex,
            &Needs::of(docs),
            sink,
            &spool,
        ) {
            Ok(w) => self.writer = Some(w),
            Err(e) => self.broken = Some(combined_error(&e)),
        }
    }

    /// Add a batch's letters in record order; the records left out, each with why.
    pub(super) fn add(&mut self, mut letters: Vec<(usize, Document)>) -> Vec<(usize, String)> {
        letters.sort_by_key(|(n, _)| *n);
        if self.writer.is_none() && self.broken.is_none() && !letters.is_empty() {
            let docs: Vec<&Document> = letters.iter().map(|(_, d)| d).collect();
            self.start(&docs);
        }
        let mut left_out = Vec::new();
        for (record, doc) in letters {
            let Some(w) = self.writer.as_mut() else {
                let why = self.broken.clone().unwrap_or_default();
                left_out.push((record, why));
                continue;
            };
            if let Err(e) = w.admit(&doc) {
                left_out.push((record, e.to_string()));
            } else if let Err(e) = w.add(&doc) {
                if w.is_broken() {
                    // Part of the letter is in the file: it cannot be finished.
                    let why = format!("record {record}: {}", combined_error(&e));
                    left_out.push((record, why.clone()));
                    self.too_large = matches!(e.kind, letterpress::ErrorKind::PdfLimit(_));
                    self.broken = Some(why);
                    self.writer = None;
                } else {
                    left_out.push((record, e.to_string()));
                }
            }
        }
        left_out
    }

    /// Finish and write the combined PDF; the manifest's `combined` value, and the message of
    /// a failure (which stops the merge with exit 3 as an output failure does).
    pub(super) fn finish(self, path: &Path) -> (serde_json::Value, Option<String>) {
        let writer = match (self.writer, self.broken) {
            (_, Some(why)) => return failed(why),
            (None, None) => {
                return (
                    serde_json::json!({ "file": null, "letters": 0, "error": "no letter rendered" }),
                    None,
                )
            }
            (Some(w), None) => w,
        };
        let letters = writer.letters();
        if letters == 0 {
            return (
                serde_json::json!({ "file": null, "letters": 0, "error": "no letter rendered" }),
                None,
            );
        }
        let title = format!("{letters} letters");
        let written = writer
            .finish(Some(&title))
            .map_err(|e| combined_error(&e))
            .and_then(Sink::commit);
        match written {
            Ok(bytes) => (
                serde_json::json!({
                    "file": path.display().to_string(),
                    "letters": letters,
                    "bytes": bytes,
                }),
                None,
            ),
            Err(msg) => failed(msg),
        }
    }
}

/// A writer's error as said once: "cannot write the combined PDF: …" unless it says so already.
fn combined_error(e: &letterpress::Error) -> String {
    let msg = e.to_string();
    if msg.contains("the combined PDF") {
        msg
    } else {
        format!("cannot write the combined PDF: {msg}")
    }
}

fn failed(msg: String) -> (serde_json::Value, Option<String>) {
    (
        serde_json::json!({ "file": null, "letters": 0, "error": msg }),
        Some(msg),
    )
}
