//! Lists as people type them: `a)`, `a.`, `(a)`, `i)`, `–` and `•` at the start of a line.
//!
//! CommonMark knows only `-`, `*`, `+`, `1.` and `1)`. Letters (Polish and German ones above all,
//! and text pasted from a word processor) letter their items `a)`, `(a)` or `i)`, or set them with
//! a dash or a bullet. [`rewrite`] turns such lines into CommonMark bullet items before parsing
//! and remembers the marker as typed, so the list shows it; an [`OffsetMap`] leads offsets in the
//! rewritten text back to the letter's own text (for error places).
//!
//! A typed marker starts an item only where a list can start: after a blank line, after a line
//! ending in `:`, or inside a run of typed items. A run opens with `a`, `A` or `i` (or a dash or
//! bullet), so "v. Jones" at the start of a wrapped line stays text.

/// Where text moved: `(rewritten offset, original offset)` pairs, ascending; between two pairs
/// the offsets move together.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap(Vec<(usize, usize)>);

impl OffsetMap {
    /// The original offset of `rewritten`.
    pub fn original(&self, rewritten: usize) -> usize {
        match self.0.iter().rev().find(|(r, _)| *r <= rewritten) {
            Some((r, o)) => o + (rewritten - r),
            None => rewritten,
        }
    }
}

/// The text rewritten for the CommonMark parser, the typed markers by the rewritten offset of
/// their item's `-`, and the way back to original offsets.
#[derive(Debug, Clone, Default)]
pub struct Rewritten {
    /// CommonMark text.
    pub text: String,
    /// The marker as typed, by the rewritten offset of its item's `-`.
    pub markers: Vec<(usize, String)>,
    /// Rewritten offsets back to the original.
    pub map: OffsetMap,
}

/// How a typed label is delimited; items of one run share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Paren,
    Closing,
    Dot,
    Dash,
    Bullet,
}

/// A typed marker at the start of `line`: (indent bytes, marker, form, bytes to the text).
fn typed_marker(line: &str) -> Option<(usize, &str, Form, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let (len, form) = if let Some(r) = rest.strip_prefix('(') {
        let n = label_len(r)?;
        (r[n..].starts_with(')').then_some(n + 2)?, Form::Paren)
    } else if rest.starts_with('–') {
        ('–'.len_utf8(), Form::Dash)
    } else if rest.starts_with('•') {
        ('•'.len_utf8(), Form::Bullet)
    } else {
        let n = label_len(rest)?;
        match rest[n..].chars().next()? {
            ')' => (n + 1, Form::Closing),
            '.' if n == 1 && rest.as_bytes()[0].is_ascii_lowercase() => (n + 1, Form::Dot),
            _ => return None,
        }
    };
    let after = &rest[len..];
    let ws = after.len() - after.trim_start_matches([' ', '\t']).len();
    (ws > 0 && !after.trim().is_empty()).then_some((indent, &rest[..len], form, len + ws))
}

/// Whether `line` starts with a list marker as people type them (`a)`, `(i)`, `–`, `•`) or a
/// Markdown one (`- `, `* `, `1.`): an enclosure list written with its own markers.
pub fn starts_with_marker(line: &str) -> bool {
    let t = line.trim_start();
    let numbered = t.trim_start_matches(|c: char| c.is_ascii_digit());
    typed_marker(line).is_some()
        || ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m))
        || (numbered.len() < t.len() && (numbered.starts_with(". ") || numbered.starts_with(") ")))
}

/// Length of a letter or roman-numeral label (`a`, `B`, `iv`) at the start of `s`.
fn label_len(s: &str) -> Option<usize> {
    let n = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let label = &s[..n];
    let roman = n <= 4 && label.bytes().all(|b| b"ivxlIVXL".contains(&b));
    (n == 1 || roman).then_some(n)
}

/// Whether `marker` may open a run (the first item of a typed list).
fn opens_run(marker: &str, form: Form) -> bool {
    if matches!(form, Form::Dash | Form::Bullet) {
        return true;
    }
    let label = marker.trim_matches(['(', ')', '.']);
    matches!(label, "a" | "A" | "i" | "I")
}

/// Rewrite typed list items into CommonMark `-` items (see the module's header).
pub fn rewrite(src: &str) -> Rewritten {
    let mut out = Rewritten::default();
    let mut run: Option<Form> = None;
    let mut may_open = true;
    let mut fenced = false;
    let mut prev_blank = true;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        fenced ^= body.trim_start().starts_with("```") || body.trim_start().starts_with("~~~");
        let found = typed_marker(body).filter(|_| !fenced);
        match found {
            Some((indent, marker, form, skip))
                if run == Some(form) || (may_open && opens_run(marker, form)) =>
            {
                out.text.push_str(&body[..indent]);
                out.markers.push((out.text.len(), marker.to_string()));
                out.text.push_str("- ");
                out.map.0.push((out.text.len(), offset + indent + skip));
                out.text.push_str(&line[indent + skip..]);
                run = Some(form);
            }
            _ => {
                out.map.0.push((out.text.len(), offset));
                out.text.push_str(line);
                // A new paragraph at the left edge ends the run; blank lines between items and
                // indented continuation lines do not.
                if prev_blank && !body.trim().is_empty() && !body.starts_with(' ') {
                    run = None;
                }
            }
        }
        prev_blank = body.trim().is_empty();
        may_open = prev_blank || body.trim_end().ends_with(':');
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lettered_items_become_bullets_with_their_marker() {
        let src = "Dane:\na) jeden\nb) dwa\n   dalej\n(c) nie\n";
        let r = rewrite(src);
        assert_eq!(r.text, "Dane:\n- jeden\n- dwa\n   dalej\n(c) nie\n");
        let markers: Vec<&str> = r.markers.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(markers, ["a)", "b)"], "(c) is another form: not in the run");
        let dwa = r.text.find("dwa").expect("dwa");
        assert_eq!(&src[r.map.original(dwa)..][..3], "dwa", "offsets lead back");
        let nie = r.text.find("nie").expect("nie");
        assert_eq!(&src[r.map.original(nie)..][..3], "nie");
    }

    #[test]
    fn dashes_bullets_roman_and_parens() {
        for (src, marker) in [
            ("– one\n– two\n", "–"),
            ("• one\n• two\n", "•"),
            ("i) one\nii) two\n", "ii)"),
            ("(a) one\n(b) two\n", "(b)"),
            ("a. one\n\nb. two\n", "b."),
        ] {
            let r = rewrite(src);
            assert_eq!(r.text.replace("\n\n", "\n"), "- one\n- two\n", "{src}");
            assert_eq!(r.markers[1].1, marker, "{src}");
        }
    }

    #[test]
    fn text_that_only_looks_like_a_marker_stays_text() {
        for src in [
            "Smith\nv. Jones\n",
            "Wie besprochen:\nb) ohne a)\n",
            "Text\na) not after a blank line\n",
            "a)b without a space\n",
            "```\na) code\n```\n",
        ] {
            assert!(rewrite(src).markers.is_empty(), "{src:?}");
            assert_eq!(rewrite(src).text, src);
        }
    }
}
