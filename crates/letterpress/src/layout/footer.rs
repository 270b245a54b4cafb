//! The first page's footer in the structure tree. The footer carries what the law asks of a
//! firm's letters (register, VAT number, bank details), so it is content a screen reader reads:
//! a `Note` after the letter (its last node, so the letter's own reading order is untouched),
//! one paragraph per footer line. A letterhead with `footer_decoration: true` keeps it an
//! artifact (a footer artifact, ISO 32000-1, 14.8.2.2.2).
//!
//! The footer is drawn on page 1 only, so there is no repeated footer on later pages to mark
//! as an artifact (PDF/UA-1 asks that repeated page furniture be artifacts, and allows a
//! footer that is read once as content).

use super::model::{Item, Page, Role, StructKind};
use super::Cx;

impl Cx<'_> {
    /// Put page 1's footer lines into a `Note` at the end of the structure, unless the
    /// letterhead says the footer is decoration.
    pub(super) fn tag_footer(&mut self, pages: &mut [Page]) {
        if self.r.print.footer_decoration {
            return;
        }
        let Some(first) = pages.first_mut() else {
            return;
        };
        let mut note = None;
        for item in &mut first.items {
            let Item::Text(t) = item else { continue };
            if t.role != Role::Footer {
                continue;
            }
            let parent = *note.get_or_insert_with(|| self.node(StructKind::Note));
            let saved = self.parent.replace(parent);
            t.block = Some(self.node(StructKind::Paragraph));
            self.parent = saved;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::layout::model::{Document, Item, Role, StructKind};

    fn laid_out(style: &str) -> Document {
        let yaml = format!(
            "recipient: [A]\nbody: Text.\nstyle: {{ name: Firm, footer: [KRS 1, IBAN 2]{style} }}\n"
        );
        let r = crate::resolve_yaml(&yaml).expect("resolves");
        crate::layout(&r).expect("lays out").output
    }

    fn footer_blocks(doc: &Document) -> Vec<Option<usize>> {
        doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if t.role == Role::Footer => Some(t.block),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_footer_is_a_note_read_last() {
        let doc = laid_out("");
        let blocks = footer_blocks(&doc);
        assert_eq!(blocks.len(), 2, "two footer lines");
        let note = doc.structure.len() - 3;
        assert_eq!(
            doc.structure[note].kind,
            StructKind::Note,
            "{:?}",
            doc.structure
        );
        for (i, b) in blocks.iter().enumerate() {
            let b = b.expect("the footer line is content");
            assert_eq!(b, note + 1 + i, "one paragraph per line, after the note");
            assert_eq!(doc.structure[b].kind, StructKind::Paragraph);
            assert_eq!(doc.structure[b].parent, Some(note));
        }
    }

    #[test]
    fn footer_decoration_keeps_it_an_artifact() {
        let doc = laid_out(", footer_decoration: true");
        assert_eq!(footer_blocks(&doc), vec![None, None]);
        assert!(!doc.structure.iter().any(|n| n.kind == StructKind::Note));
    }
}
