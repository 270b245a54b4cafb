//! Errors and warnings rendered for a terminal: a snippet of the YAML with the place marked,
//! then a hint (codespan-reporting, as typst does).

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use letterpress::grammar::Finding;
use letterpress::{Error, ErrorKind, Errors, Origin, Warning};

/// Print every error to standard error.
pub fn print_errors(errors: &Errors) {
    let config = Config::default();
    for e in &errors.0 {
        print_one(e, &config);
    }
    if errors.0.len() > 1 {
        eprintln!("{} problems found", errors.0.len());
    }
}

fn print_one(e: &Error, config: &Config) {
    let label_msg = match &e.kind {
        ErrorKind::UnknownKey {
            nearest: Some(n), ..
        } => format!("did you mean `{n}`?"),
        ErrorKind::UnknownKey { .. } => "not a key of the format".to_string(),
        _ => String::new(),
    };
    let mut notes = Vec::new();
    if let Some(h) = &e.hint {
        notes.push(format!("hint: {h}"));
    }
    if matches!(e.kind, ErrorKind::OutsideRoot { .. }) {
        notes.push("hint: `--root DIR` allows reading inside a wider folder".to_string());
    }
    emit(
        Diagnostic::error(),
        &e.kind.to_string(),
        e.origin.as_deref(),
        label_msg,
        notes,
        config,
    );
}

/// Print grammar findings as warnings, each with a snippet of its line and the fix.
pub fn print_findings(findings: &[Finding]) {
    let config = Config::default();
    for f in findings {
        emit(
            Diagnostic::warning(),
            &f.message,
            f.origin.as_ref(),
            String::new(),
            vec![format!("fix: {}", f.fix)],
            &config,
        );
    }
}

/// Emit one diagnostic, with a snippet when it has a place.
fn emit(
    d: Diagnostic<()>,
    message: &str,
    origin: Option<&Origin>,
    label_msg: String,
    notes: Vec<String>,
    config: &Config,
) {
    let Some(o) = origin else {
        let d = d.with_message(message).with_notes(notes);
        let file = SimpleFile::new(String::new(), String::new());
        let _ = term::emit_to_io_write(&mut std::io::stderr().lock(), config, &file, &d);
        return;
    };
    // A one-line file holding the source line, numbered as in the real file.
    let text = std::fs::read_to_string(&o.file).unwrap_or_default();
    let (source, start) = match line_offset(&text, o.line) {
        Some(off) if text[off..].starts_with(o.source_line.as_str()) => (text.clone(), off),
        _ => {
            // The file changed or is not on disk: show only the recorded line.
            let pad = "\n".repeat(o.line.saturating_sub(1));
            (
                format!("{pad}{}\n", o.source_line),
                o.line.saturating_sub(1),
            )
        }
    };
    let line_text = &o.source_line;
    let col_byte: usize = line_text
        .char_indices()
        .nth(o.column.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    let end_byte: usize = line_text[col_byte..]
        .char_indices()
        .nth(o.width.max(1))
        .map(|(i, _)| col_byte + i)
        .unwrap_or(line_text.len())
        .max(col_byte);
    let file = SimpleFile::new(o.file.display().to_string(), source);
    let range = (start + col_byte)..(start + end_byte.max(col_byte));
    let d = d
        .with_message(message)
        .with_labels(vec![Label::primary((), range).with_message(label_msg)])
        .with_notes(notes);
    let _ = term::emit_to_io_write(&mut std::io::stderr().lock(), config, &file, &d);
}

fn line_offset(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)
}

/// Print warnings to standard error.
pub fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("warning: {}", w.message);
    }
}
