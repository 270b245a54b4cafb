//! Merge data is text: a field's value placed into markup (the body, `ps`, `cc` lines,
//! enclosure titles) is escaped so that nothing in it becomes markup, unless the placeholder
//! opts in with `{{ field | markdown }}`.
//!
//! minijinja's custom auto-escaping does the work: templates of markup strings are compiled
//! with [`AutoEscape::Custom`]`("markdown")`, and `formatter` escapes every value that is not
//! marked safe (the `markdown` filter marks it so).

use minijinja::{AutoEscape, Error, Output, State, Value};

/// The name of the custom auto-escape format.
pub const MARKDOWN: &str = "markdown";

/// Escape `value` so that CommonMark (and the typed lists of `text::typed_lists`) reads it as
/// the same text: punctuation that could open markup gets a backslash, a marker at the start
/// of a line is defused, and line breaks become hard line breaks (a blank line would start a
/// new paragraph, a line starting `- ` a list).
///
/// ```
/// use letterpress::merge::escape::escape_markdown;
/// assert_eq!(escape_markdown("Star*Market*"), "Star\\*Market\\*");
/// assert_eq!(escape_markdown("a\n\n- x"), "a\\\n\\- x");
/// ```
pub fn escape_markdown(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut lines = value
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .peekable();
    if value.trim().is_empty() {
        return value.to_string();
    }
    while let Some(line) = lines.next() {
        escape_line(line, &mut out);
        if lines.peek().is_some() {
            out.push_str("\\\n");
        }
    }
    out
}

/// One line: leading spaces dropped (four would make code), every character that may open
/// markup escaped, a dash or bullet at the start written as a character reference.
fn escape_line(line: &str, out: &mut String) {
    let line = line.trim_start();
    for (i, c) in line.char_indices() {
        match c {
            '–' | '•' if i == 0 => out.push_str(&format!("&#{};", c as u32)),
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&' | '('
            | ')' | '+' | '-' | '=' => {
                out.push('\\');
                out.push(c);
            }
            '.' if line[..i].bytes().all(|b| b.is_ascii_digit()) && i > 0 => out.push_str("\\."),
            _ => out.push(c),
        }
    }
}

/// The formatter: values in markdown templates are escaped unless marked safe; safe values
/// are placed as written.
pub(super) fn formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    let write = |out: &mut Output, text: &str| {
        out.write_str(text)
            .map_err(|e| Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
    };
    match state.auto_escape() {
        AutoEscape::Custom(_) => {
            let text = match value.as_str() {
                Some(s) => s.to_string(),
                None if value.is_undefined() || value.is_none() => String::new(),
                None => value.to_string(),
            };
            if value.is_safe() {
                write(out, &text)
            } else {
                write(out, &escape_markdown(&text))
            }
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// The first `{{ … }}` placeholder of `template` that reads `field`, as written.
pub(super) fn placeholder_text<'t>(template: &'t str, field: &str) -> Option<&'t str> {
    let mut from = 0;
    while let Some(open) = template.get(from..)?.find("{{").map(|i| from + i) {
        let end = template[open..]
            .find("}}")
            .map_or(template.len(), |i| open + i);
        let close = (end + 2).min(template.len());
        let inner = &template[open + 2..end];
        let reads = inner
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|word| word == field);
        if reads {
            return Some(&template[open..close]);
        }
        from = close;
    }
    None
}

/// The Polish date already ends in "r." (`26 listopada 2026 r.`): a template that writes
/// `{{ due | date("pl") }} r.` must not print it twice.
pub(super) fn single_year_mark(rendered: String) -> String {
    if rendered.contains(" r. r.") {
        rendered.replace(" r. r.", " r.")
    } else {
        rendered
    }
}

/// The `markdown` filter: the value is markup, placed as written.
pub(super) fn markdown_filter(value: Value) -> Value {
    match value.as_str() {
        Some(s) => Value::from_safe_string(s.to_string()),
        None => Value::from_safe_string(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::inline::parse_body_markup;
    use crate::text::{collect_spans, Block};

    fn text_of(src: &str) -> (String, Vec<Block>) {
        let m = parse_body_markup(src);
        assert!(m.refused.is_empty(), "{src:?}: {:?}", m.refused);
        let mut spans = Vec::new();
        collect_spans(&m.blocks, &mut spans);
        (
            spans.iter().map(|s| s.text.as_str()).collect(),
            m.blocks.clone(),
        )
    }

    #[test]
    fn escaped_values_read_back_as_the_same_text() {
        for v in [
            "Star*Market*",
            "_x_ **y** `z` <b> [a](b) ![i](j) [^1] # h > q | t | ~~s~~ & &amp; \\",
            "1. first",
            "a) lettered",
            "– dash",
            "• bullet",
            "- dash",
            "+ plus",
            "(a) paren",
            "---",
            "===",
        ] {
            let (text, blocks) = text_of(&escape_markdown(v));
            assert_eq!(text, v, "{v:?} → {:?}", escape_markdown(v));
            assert!(
                matches!(blocks.as_slice(), [Block::Paragraph(_)]),
                "{v:?}: one plain paragraph: {blocks:?}"
            );
        }
    }

    #[test]
    fn placeholders_are_found_by_field_and_year_marks_not_doubled() {
        let t = "Dziękujemy, {{ name }}: {{ due | date(\"pl\") }} / {{ nam }}";
        assert_eq!(placeholder_text(t, "nam"), Some("{{ nam }}"));
        assert_eq!(placeholder_text(t, "due"), Some("{{ due | date(\"pl\") }}"));
        assert_eq!(placeholder_text(t, "x"), None);
        assert_eq!(
            placeholder_text("{{ a", "a"),
            Some("{{ a"),
            "unclosed: to the end"
        );
        assert_eq!(
            single_year_mark("do 15 stycznia 2027 r. r. włącznie".into()),
            "do 15 stycznia 2027 r. włącznie"
        );
    }

    #[test]
    fn line_breaks_in_data_are_hard_breaks_not_paragraphs_or_lists() {
        let (text, blocks) = text_of(&escape_markdown("ul. Długa 5\n\n- x\n    code?"));
        assert_eq!(text, "ul. Długa 5\n- x\ncode?");
        assert_eq!(blocks.len(), 1, "one paragraph: {blocks:?}");
    }
}
