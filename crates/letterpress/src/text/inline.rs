//! Body markup: Markdown-lite (via `pulldown-cmark`) to [`Block`]s of styled [`Span`]s.
//!
//! Owns the mapping from CommonMark events to paragraphs and lists. Anything the letter model
//! has no place for (code, links, HTML, rules, quotes) degrades to its plain text: user text is
//! never dropped silently.
//!
//! Nesting is bounded: lists and block quotes deeper than [`MAX_NESTING`] are not built into
//! deeper blocks (their text joins the innermost list allowed), so nothing downstream recurses
//! deeper than that; [`try_parse_markup`] reports where the limit was passed.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Block, Span};
use crate::fonts::FontStyle;

/// The deepest nesting of lists and block quotes a body may have: ten levels indent a list
/// 60 mm, more than any letter needs, and every level is a level of recursion in layout.
pub const MAX_NESTING: usize = 10;

/// The body nests lists or block quotes deeper than [`MAX_NESTING`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the body nests lists and quotes {depth} levels deep, more than the limit of {MAX_NESTING}"
)]
pub struct TooDeep {
    /// Byte offset in the body of the marker that first passed the limit.
    pub offset: usize,
    /// The deepest nesting in the body.
    pub depth: usize,
}

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
    /// Open lists and block quotes (ignored ones included).
    depth: usize,
    /// Open lists and items past [`MAX_NESTING`], not built (their text is kept).
    ignored: usize,
    /// The first place the limit was passed, and the deepest nesting seen.
    too_deep: Option<TooDeep>,
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

    /// Count one more level of nesting at `offset`; `false` when it is past the limit.
    fn enter(&mut self, offset: usize) -> bool {
        self.depth += 1;
        if self.depth <= MAX_NESTING {
            return true;
        }
        let t = self.too_deep.get_or_insert(TooDeep {
            offset,
            depth: self.depth,
        });
        t.depth = t.depth.max(self.depth);
        false
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        match tag {
            Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock => self.flush(),
            Tag::BlockQuote(_) => {
                self.flush();
                self.enter(offset);
            }
            Tag::List(_) if !self.enter(offset) || self.ignored > 0 => {
                self.flush();
                self.ignored += 1;
            }
            Tag::Item if self.ignored > 0 => {
                self.flush();
                self.ignored += 1;
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
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock => self.flush(),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.depth = self.depth.saturating_sub(1);
            }
            TagEnd::List(_) | TagEnd::Item if self.ignored > 0 => {
                self.flush();
                self.ignored -= 1;
                if matches!(tag, TagEnd::List(_)) {
                    self.depth = self.depth.saturating_sub(1);
                }
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
                self.depth = self.depth.saturating_sub(1);
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

/// Parse the letter body into blocks. Lists nested deeper than [`MAX_NESTING`] keep their
/// text but not their nesting; [`try_parse_markup`] refuses them instead.
pub fn parse_markup(src: &str) -> Vec<Block> {
    build(src).0
}

/// Parse the letter body into blocks, or say where it nests deeper than [`MAX_NESTING`].
///
/// ```
/// use letterpress::text::inline::{try_parse_markup, MAX_NESTING};
/// assert!(try_parse_markup("- a\n  - b\n").is_ok());
/// let e = try_parse_markup(&("- ".repeat(5000) + "x")).unwrap_err();
/// assert_eq!((e.offset, e.depth), (2 * MAX_NESTING, 5000));
/// ```
pub fn try_parse_markup(src: &str) -> Result<Vec<Block>, TooDeep> {
    match build(src) {
        (_, Some(e)) => Err(e),
        (blocks, None) => Ok(blocks),
    }
}

fn build(src: &str) -> (Vec<Block>, Option<TooDeep>) {
    let mut b = Builder {
        root: Vec::new(),
        stack: Vec::new(),
        spans: Vec::new(),
        bold: 0,
        italic: 0,
        links: Vec::new(),
        depth: 0,
        ignored: 0,
        too_deep: None,
    };
    let mut in_code_block = false;
    for (event, range) in Parser::new(src).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                in_code_block |= matches!(tag, Tag::CodeBlock(_));
                b.start(tag, range.start);
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
    (b.root, b.too_deep)
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

    fn list_depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::List { items, .. } => {
                    1 + items.iter().map(|i| list_depth(i)).max().unwrap_or(0)
                }
                Block::Paragraph(_) => 0,
            })
            .max()
            .unwrap_or(0)
    }

    fn text_of(blocks: &[Block]) -> String {
        let mut spans = Vec::new();
        crate::resolve::checks::collect_spans(blocks, &mut spans);
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn deep_lists_are_refused_and_kept_flat() {
        let src = "- ".repeat(5000) + "x";
        let e = try_parse_markup(&src).expect_err("5000 nested lists");
        assert_eq!(e.depth, 5000, "the deepest nesting is reported");
        assert_eq!(
            e.offset,
            2 * MAX_NESTING,
            "at the marker that passed the limit"
        );
        let blocks = parse_markup(&src);
        assert_eq!(
            list_depth(&blocks),
            MAX_NESTING,
            "no deeper blocks are built"
        );
        assert_eq!(text_of(&blocks), "x", "the text is kept");
        // One line per level, indented: the same limit.
        let stairs: String = (0..40)
            .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
            .collect();
        let e = try_parse_markup(&stairs).expect_err("40 levels");
        assert_eq!(e.depth, 40);
        assert_eq!(&stairs[e.offset..e.offset + 10], "- level 10");
        assert_eq!(list_depth(&parse_markup(&stairs)), MAX_NESTING);
        assert!(text_of(&parse_markup(&stairs)).contains("level 39"));
    }

    #[test]
    fn nesting_up_to_the_limit_is_accepted() {
        let src = "- ".repeat(MAX_NESTING) + "x";
        let blocks = try_parse_markup(&src).expect("exactly the limit");
        assert_eq!(list_depth(&blocks), MAX_NESTING);
    }

    #[test]
    fn deep_quotes_are_refused_and_deep_emphasis_is_flat() {
        let e = try_parse_markup(&("> ".repeat(5000) + "x")).expect_err("5000 quotes");
        assert_eq!((e.offset, e.depth), (2 * MAX_NESTING, 5000));
        assert_eq!(text_of(&parse_markup(&("> ".repeat(5000) + "x"))), "x");
        let mixed = "> - ".repeat(3000) + "x";
        let e = try_parse_markup(&mixed).expect_err("quotes and lists");
        assert_eq!(e.depth, 6000);
        assert!(list_depth(&parse_markup(&mixed)) <= MAX_NESTING);
        // Emphasis nests no blocks: styles are counters, any depth is fine.
        let emph = "*a ".repeat(5000) + "x" + &"*".repeat(5000);
        let blocks = try_parse_markup(&emph).expect("emphasis is not nesting");
        assert!(text_of(&blocks).ends_with('x'));
    }
}
