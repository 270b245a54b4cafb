//! The end of a letter: no page holds only closing matter.
//!
//! The closing, the signatures, the enclosures, the copies and the P.S. are one group that
//! keeps with the last two lines of the body, so a page break before them carries body lines
//! over (the contract's "Pages"). Before carrying lines over, the spaces between paragraphs and
//! blocks may shrink by up to a third, and the room to sign by up to a quarter, on the last two
//! pages only ([`super::glue`]): [`paginate_letter`] tries the page breaks at a few degrees of
//! tightening and takes the least that saves a page (the cost of a break: pages first, then
//! how much the glue shrank). A letter that still ends on a page with only the
//! carried lines and its closing is reported, so `check` can say how near it came.

use super::model::{Item, Role, StructKind, StructNode};
use super::paginate::{paginate_with, Chunk};

/// The most the space between paragraphs and blocks may shrink, as a fraction of it.
pub const MAX_GAP_SHRINK: f32 = 1.0 / 3.0;
/// Degrees of tightening tried, in steps up to [`MAX_GAP_SHRINK`].
const STEPS: usize = 4;
/// Body lines carried over with the closing when it does not fit.
pub const CARRIED_LINES: usize = 2;

/// Whether a chunk is closing matter (closing, signatures, enclosures, copies, P.S.).
fn is_closing(c: &Chunk) -> bool {
    c.items.iter().any(|i| match i {
        Item::Text(t) => matches!(
            t.role,
            Role::Closing
                | Role::SignatureName
                | Role::SignatureRole
                | Role::Enclosures
                | Role::Cc
                | Role::Ps
        ),
        Item::Image(img) => img.role == "signature",
        Item::Rule(_) => false,
    })
}

/// Index of the first chunk of closing matter.
fn closing_start(chunks: &[Chunk]) -> Option<usize> {
    chunks.iter().position(is_closing)
}

/// Keep the closing matter together and with the last [`CARRIED_LINES`] chunks of the body.
pub(super) fn keep_closing(chunks: &mut [Chunk]) {
    let Some(start) = closing_start(chunks) else {
        return;
    };
    let from = start.saturating_sub(CARRIED_LINES);
    let last = chunks.len().saturating_sub(1);
    for c in &mut chunks[from..last] {
        c.keep_with_next = true;
    }
}

/// Page breaks for the letter's flow: the closing kept with the body's last lines, the spaces
/// tightened (by at most [`MAX_GAP_SHRINK`]) when that saves a page that would hold only the
/// carried lines and the closing. Also a warning when the
/// last page still holds only carried lines and closing matter.
pub(super) fn paginate_letter(
    chunks: &mut Vec<Chunk>,
    structure: &[StructNode],
    first: (f32, f32),
    next: (f32, f32),
) -> (Vec<Vec<(usize, f32)>>, Option<String>) {
    keep_closing(chunks);
    let headers = table_headers(chunks, structure);
    let loose = paginate_with(chunks, first, next, 1.0, &headers);
    let mut placed = loose.clone();
    // Tighten only for what the contract allows it: a last page that would hold little more
    // than the closing (the carried lines); other letters keep their spacing.
    // Only the last two pages tighten (their spaces and the room to sign); earlier pages keep
    // their breaks and spacing.
    let from = super::glue::tighten_from(&loose, chunks.len());
    if let (Some(from), Some(_)) = (from, nearly_empty_last_page(chunks, &loose)) {
        for step in 1..=STEPS {
            let t = step as f32 / STEPS as f32;
            let tight_chunks = super::glue::tightened(chunks, from, t, MAX_GAP_SHRINK);
            let tight = paginate_with(&tight_chunks, first, next, 1.0, &headers);
            if tight.len() < loose.len() {
                placed = tight;
                *chunks = tight_chunks;
                break;
            }
        }
    }
    let warning = nearly_empty_last_page(chunks, &placed);
    repeat_headers(chunks, &mut placed);
    (placed, warning)
}

/// For each chunk that is a table's body row, the chunk of that table's header row.
fn table_headers(chunks: &[Chunk], structure: &[StructNode]) -> Vec<Option<usize>> {
    let cell = |c: &Chunk| {
        c.items.iter().find_map(|i| match i {
            Item::Text(t) => t.block,
            _ => None,
        })
    };
    let table_of = |cell: usize| {
        let row = structure.get(cell)?.parent?;
        structure.get(row)?.parent
    };
    let mut header_of_table: Vec<(usize, usize)> = Vec::new();
    let mut out = vec![None; chunks.len()];
    for (i, c) in chunks.iter().enumerate() {
        let Some(b) = cell(c) else { continue };
        let Some(table) = table_of(b) else { continue };
        match structure.get(b).map(|n| &n.kind) {
            Some(StructKind::TableHeader) => header_of_table.push((table, i)),
            Some(StructKind::TableCell) => {
                out[i] = header_of_table
                    .iter()
                    .find(|(t, _)| *t == table)
                    .map(|(_, h)| *h);
            }
            _ => {}
        }
    }
    out
}

/// Turn placements of repeated headers (`chunks.len() + header`) into copies of the header
/// chunk, drawn as artifacts (the header is in the structure once).
fn repeat_headers(chunks: &mut Vec<Chunk>, placed: &mut [Vec<(usize, f32)>]) {
    let n = chunks.len();
    for page in placed.iter_mut() {
        for (ci, _) in page.iter_mut() {
            if *ci < n {
                continue;
            }
            let Some(header) = chunks.get(*ci - n) else {
                continue;
            };
            let mut copy = header.clone();
            for item in &mut copy.items {
                if let Item::Text(t) = item {
                    t.block = None;
                    t.paragraph = None;
                }
            }
            chunks.push(copy);
            *ci = chunks.len() - 1;
        }
    }
}

/// The warning for a last page that holds only the carried body lines and the closing.
fn nearly_empty_last_page(chunks: &[Chunk], placed: &[Vec<(usize, f32)>]) -> Option<String> {
    let start = closing_start(chunks)?;
    let last = placed.last()?;
    if placed.len() < 2 {
        return None;
    }
    let body = last.iter().filter(|(i, _)| *i < start).count();
    (body <= CARRIED_LINES).then(|| {
        format!(
            "page {} holds only {body} line(s) of the body and the closing, even with the \
             spaces tightened: shorten the body by a few lines to end on page {}",
            placed.len(),
            placed.len() - 1
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::model::TextLine;

    fn chunk(role: Role, gap: f32) -> Chunk {
        Chunk {
            space_before: gap,
            height: 10.0,
            keep_with_next: false,
            items: vec![Item::Text(TextLine::empty(role, 0.0))],
        }
    }

    fn letter(body: usize, gap: f32) -> Vec<Chunk> {
        let mut c: Vec<Chunk> = (0..body).map(|_| chunk(Role::Body, gap)).collect();
        c.push(chunk(Role::Closing, 10.0));
        c.push(chunk(Role::SignatureName, 0.0));
        c.push(chunk(Role::Ps, 10.0));
        c
    }

    #[test]
    fn the_closing_never_stands_alone() {
        // 9 body lines fill page 1 (100 pt); the closing does not fit after them.
        let mut chunks = letter(9, 0.0);
        let (pages, warning) = paginate_letter(&mut chunks, &[], (0.0, 100.0), (0.0, 100.0));
        assert_eq!(pages.len(), 2);
        let last: Vec<usize> = pages[1].iter().map(|p| p.0).collect();
        assert_eq!(last, vec![7, 8, 9, 10, 11], "two body lines carried over");
        assert!(warning.is_some(), "a nearly empty page is reported");
    }

    #[test]
    fn only_the_last_two_pages_tighten() {
        // Letters of 10 to 60 body lines with 4 pt between them on 100 pt pages: wherever
        // tightening saves a page, the pages before the last two keep their breaks and places.
        let mut saved = 0;
        for body in 10..60 {
            let mut chunks = letter(body, 4.0);
            keep_closing(&mut chunks);
            let loose = paginate_with(&chunks, (0.0, 100.0), (0.0, 100.0), 1.0, &[]);
            let (pages, _) = paginate_letter(&mut chunks, &[], (0.0, 100.0), (0.0, 100.0));
            if pages.len() < loose.len() {
                saved += 1;
                let kept = loose.len() - 2;
                assert_eq!(
                    pages[..kept],
                    loose[..kept],
                    "{body} lines: earlier pages as set"
                );
            }
        }
        assert!(
            saved > 3,
            "tightening saves pages in some of these letters: {saved}"
        );
    }

    #[test]
    fn tightened_spaces_save_a_page() {
        // 6 body lines with 4 pt between them and the closing: 90 pt of lines and 40 pt of
        // spaces, 130 > 120; the spaces shrunk by a third (26.7 pt) fit: 116.7.
        let mut chunks = letter(6, 4.0);
        let (pages, warning) = paginate_letter(&mut chunks, &[], (0.0, 120.0), (0.0, 200.0));
        assert_eq!(pages.len(), 1, "{pages:?}");
        assert!(warning.is_none());
    }
}
