//! Vertical glue, page by page: when the closing would stand on a page of its own, the pages
//! that must take it tighten, not the whole letter. The spaces between paragraphs and blocks
//! on the last two pages shrink (by at most [`MAX_GAP_SHRINK`](super::closing::MAX_GAP_SHRINK))
//! and so does the room to sign (by at most [`MAX_SIGNATURE_SHRINK`]: the name moves up, a
//! signature image shrinks with it); every page before them keeps its breaks and its spacing,
//! and line pitch never changes (the contract's "Pages").

use super::model::{Item, Role};
use super::paginate::Chunk;
use super::SIGNATURE_BOX_MM;
use crate::units::mm;

/// The most the room to sign may shrink, as a fraction of it.
pub const MAX_SIGNATURE_SHRINK: f32 = 0.25;

/// The first chunk of the second-to-last page of `placed` (`None` for a one-page letter):
/// tightening starts there.
pub(super) fn tighten_from(placed: &[Vec<(usize, f32)>], n: usize) -> Option<usize> {
    let page = placed.len().checked_sub(2).and_then(|p| placed.get(p))?;
    page.iter().map(|(i, _)| *i).filter(|i| *i < n).min()
}

/// `chunks` with the glue of chunks `from..` shrunk by `t` (0: as set, 1: the most allowed):
/// the space before each chunk, and the room to sign of a signature chunk.
pub(super) fn tightened(chunks: &[Chunk], from: usize, t: f32, gap_shrink: f32) -> Vec<Chunk> {
    let mut out = chunks.to_vec();
    for c in out.iter_mut().skip(from) {
        c.space_before *= 1.0 - gap_shrink * t;
        if is_signatures(c) {
            shrink_signature_room(c, MAX_SIGNATURE_SHRINK * t);
        }
    }
    out
}

/// Whether a chunk is the signatories' row.
fn is_signatures(c: &Chunk) -> bool {
    c.items
        .iter()
        .any(|i| matches!(i, Item::Text(t) if t.role == Role::SignatureName))
}

/// Shrink the room to sign by `fraction` of it: the names and roles move up, signature images
/// scale down (keeping their aspect ratio) to the smaller room.
fn shrink_signature_room(c: &mut Chunk, fraction: f32) {
    let room = mm(SIGNATURE_BOX_MM.1);
    let d = room * fraction;
    if d <= 0.0 || c.height <= room {
        return; // not a row with room to sign
    }
    let k = 1.0 - fraction;
    for item in &mut c.items {
        match item {
            Item::Text(t) if matches!(t.role, Role::SignatureName | Role::SignatureRole) => {
                t.y -= d;
            }
            Item::Image(img) if img.role == "signature" => {
                img.w *= k;
                img.h *= k;
            }
            _ => {}
        }
    }
    c.height -= d;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig() -> Chunk {
        let line = |role, y| Item::Text(crate::layout::model::TextLine::empty(role, y));
        let room = mm(SIGNATURE_BOX_MM.1);
        Chunk {
            space_before: 4.0,
            height: room + 20.0,
            keep_with_next: false,
            items: vec![
                line(Role::SignatureName, room + 8.0),
                line(Role::SignatureRole, room + 18.0),
            ],
        }
    }

    #[test]
    fn the_room_to_sign_shrinks_by_at_most_a_quarter_and_only_from_the_given_chunk() {
        let chunks = vec![sig(), sig()];
        let t = tightened(&chunks, 1, 1.0, 1.0 / 3.0);
        assert_eq!(
            t[0].height, chunks[0].height,
            "chunks before `from` keep their glue"
        );
        assert_eq!(t[0].space_before, 4.0);
        let room = mm(SIGNATURE_BOX_MM.1);
        assert!((chunks[1].height - t[1].height - room * 0.25).abs() < 1e-3);
        assert!((t[1].space_before - 4.0 * 2.0 / 3.0).abs() < 1e-3);
        let ys = |c: &Chunk| -> Vec<f32> {
            c.items
                .iter()
                .filter_map(|i| match i {
                    Item::Text(t) => Some(t.y),
                    _ => None,
                })
                .collect()
        };
        let (a, b) = (ys(&chunks[1]), ys(&t[1]));
        assert!(
            (a[1] - a[0] - (b[1] - b[0])).abs() < 1e-3,
            "the line pitch is kept"
        );
    }

    #[test]
    fn tightening_starts_on_the_second_to_last_page() {
        let placed = vec![
            vec![(0, 0.0), (1, 10.0)],
            vec![(2, 0.0), (9, 0.0), (3, 10.0)],
            vec![(4, 0.0)],
        ];
        assert_eq!(
            tighten_from(&placed, 5),
            Some(2),
            "a repeated header (9) does not count"
        );
        assert_eq!(tighten_from(&placed[..1], 5), None);
    }
}
