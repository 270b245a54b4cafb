//! `merge --combined`, streamed: each batch's letters go into the combined PDF in record order
//! as soon as the batch is rendered, and their page models are dropped; only krilla's
//! serialised pages stay until the file is finished.
//!
//! The PDF standard is decided from the first batch that has a letter (its attachments and PDF
//! enclosures, as `letterpress::pdf::standard_from` decides for one letter); a later letter
//! that would need another standard is left out of the combined PDF and its record fails with
//! the reason, never silently.

use std::path::Path;

use letterpress::pdf::{Combined, Needs, PdfOptions};
use letterpress::Document;

use crate::output::write_output;
use crate::Failure;

/// The combined PDF being written.
pub(super) struct Stream<'a> {
    options: &'a PdfOptions,
    duplex: bool,
    writer: Option<Combined<'a>>,
    /// Why the combined PDF cannot be finished (the writer refused a letter half-way).
    broken: Option<String>,
}

impl<'a> Stream<'a> {
    pub(super) fn new(options: &'a PdfOptions, duplex: bool) -> Stream<'a> {
        Stream {
            options,
            duplex,
            writer: None,
            broken: None,
        }
    }

    /// Add a batch's letters in record order; the records left out, each with why.
    pub(super) fn add(&mut self, mut letters: Vec<(usize, Document)>) -> Vec<(usize, String)> {
        letters.sort_by_key(|(n, _)| *n);
        if self.writer.is_none() && self.broken.is_none() && !letters.is_empty() {
            let docs: Vec<&Document> = letters.iter().map(|(_, d)| d).collect();
            match Combined::new(docs[0], self.options, self.duplex, &Needs::of(&docs)) {
                Ok(w) => self.writer = Some(w),
                Err(e) => self.broken = Some(format!("cannot write the combined PDF: {e}")),
            }
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
                // The writer may hold part of the letter: the file cannot be finished.
                let why = format!("cannot write the combined PDF: record {record}: {e}");
                left_out.push((record, why.clone()));
                self.broken = Some(why);
                self.writer = None;
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
        let title = format!("{letters} letters");
        let written = writer
            .finish(Some(&title))
            .map_err(|e| format!("cannot write the combined PDF: {e}"))
            .and_then(|bytes| match write_output(path, &bytes) {
                Ok(()) => Ok(bytes.len()),
                Err(Failure::Io(m) | Failure::Usage(m)) => Err(m),
                Err(_) => Err(format!("cannot write `{}`", path.display())),
            });
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

fn failed(msg: String) -> (serde_json::Value, Option<String>) {
    (
        serde_json::json!({ "file": null, "letters": 0, "error": msg }),
        Some(msg),
    )
}
