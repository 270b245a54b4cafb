//! Body markup: Markdown-lite (via `pulldown-cmark`) to [`Block`]s of styled [`Span`]s.
//!
//! Owns the mapping from CommonMark events to paragraphs and lists. Anything the letter model
//! has no place for (code, links, HTML, rules, quotes) degrades to its plain text: user text is
//! never dropped silently.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Block, Span};
use crate::fonts::FontStyle;

/// One open container while walking the events.
enum Container {
    /// A list and the items finished so far.
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    /// A list item and its blocks so far.
    Item(Vec<Block>),
}

/// Walks the events, keeping the open containers and the paragraph being collected.
struct Builder {
    /// The blocks of the body itself.
    root: Vec<Block>,
    /// Open lists and items, innermost last.
    stack: Vec<Container>,
    /// Inline content of the paragraph being collected (also for tight list items, whose text
    /// comes without paragraph events).
    spans: Vec<Span>,
    bold: u32,
    italic: u32,
    /// Link destinations, appended after the link text when it differs.
    links: Vec<String>,
}

/// Event handling.
impl Builder {
    fn style(&self) -> FontStyle {
        FontStyle::Regular
            .with_bold(self.bold > 0)
            .with_italic(self.italic > 0)
    }

    /// Append text in the current style, merging with the previous span when possible.
    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let style = self.style();
        match self.spans.last_mut() {
            Some(last) if last.style == style && last.text != "\n" => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_string(),
                style,
            }),
        }
    }

    /// A forced line break: its own span with the text "\n".
    fn push_break(&mut self) {
        self.spans.push(Span {
            text: "\n".to_string(),
            style: self.style(),
        });
    }

    /// The blocks of the innermost container that holds blocks.
    fn blocks(&mut self) -> &mut Vec<Block> {
        match self.stack.last_mut() {
            Some(Container::Item(blocks)) => blocks,
            Some(Container::List { items, .. }) => {
                // Blocks directly inside a list (not possible in CommonMark) get their own item.
                items.push(Vec::new());
                let last = items.len() - 1;
                &mut items[last]
            }
            None => &mut self.root,
        }
    }

    /// Finish the paragraph being collected, if it has any text.
    fn flush(&mut self) {
        // Drop trailing forced breaks and surrounding blanks that would only make empty lines.
        while self.spans.last().is_some_and(|s| s.text == "\n") {
            self.spans.pop();
        }
        if let Some(last) = self.spans.last_mut() {
            let trimmed = last.text.trim_end().len();
            last.text.truncate(trimmed);
        }
        while self.spans.first().is_some_and(|s| s.text == "\n") {
            self.spans.remove(0);
        }
        if let Some(first) = self.spans.first_mut() {
            let lead = first.text.len() - first.text.trim_start().len();
            first.text.drain(..lead);
        }
        self.spans.retain(|s| !s.text.is_empty());
        if self.spans.is_empty() {
            return;
        }
        let spans = std::mem::take(&mut self.spans);
        self.blocks().push(Block::Paragraph(spans));
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::BlockQuote(_) => {
                self.flush()
            }
            Tag::Heading { .. } => {
                self.flush();
                self.bold += 1;
            }
            Tag::List(start) => {
                self.flush();
                self.stack.push(Container::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                });
            }
            Tag::Item => {
                self.flush();
                self.stack.push(Container::Item(Vec::new()));
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::BlockQuote(_) => {
                self.flush()
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.bold = self.bold.saturating_sub(1);
            }
            TagEnd::Item => {
                self.flush();
                if let Some(Container::Item(blocks)) = self.stack.pop() {
                    if let Some(Container::List { items, .. }) = self.stack.last_mut() {
                        items.push(blocks);
                    } else {
                        // An item outside a list cannot happen; keep its text anyway.
                        self.blocks().extend(blocks);
                    }
                }
            }
            TagEnd::List(_) => {
                self.flush();
                if let Some(Container::List {
                    ordered,
                    start,
                    items,
                }) = self.stack.pop()
                {
                    self.blocks().push(Block::List {
                        ordered,
                        start,
                        items,
                    });
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                if let Some(url) = self.links.pop() {
                    let shown: String = self
                        .spans
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>()
                        .join("");
                    let url_plain = url.trim_start_matches("mailto:");
                    if !url_plain.is_empty() && !shown.contains(url_plain) {
                        self.push_text(&format!(" ({url_plain})"));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Parse the letter body into blocks. See [`super::parse_markup`].
pub fn parse_markup(src: &str) -> Vec<Block> {
    let mut b = Builder {
        root: Vec::new(),
        stack: Vec::new(),
        spans: Vec::new(),
        bold: 0,
        italic: 0,
        links: Vec::new(),
    };
    let mut in_code_block = false;
    for (event, range) in Parser::new(src).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                in_code_block |= matches!(tag, Tag::CodeBlock(_));
                b.start(tag);
            }
            Event::End(tag) => {
                if tag == TagEnd::CodeBlock {
                    in_code_block = false;
                }
                b.end(tag);
            }
            Event::Text(text) if in_code_block => {
                // Code blocks keep their lines: each line end becomes a forced break.
                let mut lines = text.split('\n').peekable();
                while let Some(line) = lines.next() {
                    b.push_text(line);
                    if lines.peek().is_some_and(|next| !next.is_empty()) {
                        b.push_break();
                    }
                }
            }
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text)
            | Event::InlineHtml(text)
            | Event::FootnoteReference(text) => b.push_text(&text),
            Event::Html(text) => b.push_text(text.trim_end_matches('\n')),
            Event::SoftBreak => b.push_text(" "),
            Event::HardBreak => b.push_break(),
            Event::Rule => {
                // A thematic break ("---") has no place in a letter: keep its source text.
                b.flush();
                b.push_text(src.get(range).unwrap_or("").trim());
                b.flush();
            }
            Event::TaskListMarker(done) => b.push_text(if done { "[x] " } else { "[ ] " }),
        }
    }
    b.flush();
    // Close anything left open (cannot happen with a well-behaved parser).
    while !b.stack.is_empty() {
        b.end(match b.stack.last() {
            Some(Container::List { ordered, .. }) => TagEnd::List(*ordered),
            _ => TagEnd::Item,
        });
    }
    b.root
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, style: FontStyle) -> Span {
        Span {
            text: text.to_string(),
            style,
        }
    }

    fn para(spans: &[(&str, FontStyle)]) -> Block {
        Block::Paragraph(spans.iter().map(|(t, s)| span(t, *s)).collect())
    }

    use FontStyle::{Bold, BoldItalic, Italic, Regular};

    #[test]
    fn paragraphs_and_emphasis() {
        let blocks =
            parse_markup("Szanowni Państwo,\nz *radością* i **dumą**\n\n***oba*** _też_ __mocno__");
        assert_eq!(
            blocks,
            vec![
                para(&[
                    ("Szanowni Państwo, z ", Regular),
                    ("radością", Italic),
                    (" i ", Regular),
                    ("dumą", Bold)
                ]),
                para(&[
                    ("oba", BoldItalic),
                    (" ", Regular),
                    ("też", Italic),
                    (" ", Regular),
                    ("mocno", Bold)
                ]),
            ],
            "soft breaks become spaces; * and _ both work"
        );
    }

    #[test]
    fn hard_breaks_are_newline_spans() {
        let blocks = parse_markup("ul. Długa 5  \n00-001 Warszawa\\\nPolska");
        assert_eq!(
            blocks,
            vec![para(&[
                ("ul. Długa 5", Regular),
                ("\n", Regular),
                ("00-001 Warszawa", Regular),
                ("\n", Regular),
                ("Polska", Regular)
            ])],
            "two spaces and backslash both force a break"
        );
    }

    #[test]
    fn lists_tight_loose_and_nested() {
        let blocks =
            parse_markup("Wstęp:\n\n- jeden\n- dwa\n  1. a\n  2. b\n\n3. trzy\n\n   dalej\n");
        assert_eq!(
            blocks,
            vec![
                para(&[("Wstęp:", Regular)]),
                Block::List {
                    ordered: false,
                    start: 1,
                    items: vec![
                        vec![para(&[("jeden", Regular)])],
                        vec![
                            para(&[("dwa", Regular)]),
                            Block::List {
                                ordered: true,
                                start: 1,
                                items: vec![
                                    vec![para(&[("a", Regular)])],
                                    vec![para(&[("b", Regular)])]
                                ]
                            }
                        ],
                    ]
                },
                Block::List {
                    ordered: true,
                    start: 3,
                    items: vec![vec![
                        para(&[("trzy", Regular)]),
                        para(&[("dalej", Regular)])
                    ]]
                }
            ],
            "nested lists, ordered start number, loose item with two paragraphs"
        );
    }

    #[test]
    fn headings_code_links_html_keep_text() {
        let blocks = parse_markup(
            "# Umowa nr 5\n\nZob. `art. 5` i [stronę](https://example.com), <b>tak</b>.\n\n---\n",
        );
        assert_eq!(
            blocks,
            vec![
                para(&[("Umowa nr 5", Bold)]),
                para(&[(
                    "Zob. art. 5 i stronę (https://example.com), <b>tak</b>.",
                    Regular
                )]),
                para(&[("---", Regular)]),
            ],
            "heading is bold; code, link, html and rule degrade to text"
        );
    }

    #[test]
    fn empty_input() {
        assert_eq!(parse_markup(""), Vec::<Block>::new(), "no blocks");
        assert_eq!(parse_markup("\n\n  \n"), Vec::<Block>::new(), "blank lines");
    }
}
