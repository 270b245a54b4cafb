//! Body markup: CommonMark with GitHub tables (via `pulldown-cmark`) to [`Block`]s of styled
//! [`Span`]s.
//!
//! Owns the mapping from CommonMark events to paragraphs, lists, block quotes and tables. Every
//! construct is rendered or refused: headings, code, raw HTML, images, footnotes and rules are
//! [`Refused`] with their place and a hint (their text is kept in the blocks, so a caller that
//! does not stop still loses nothing). Lists typed as `a)`, `(a)`, `i)`, `–` or `•` are lists
//! (see [`super::typed_lists`]) and keep their marker as typed.
//!
//! Nesting is bounded: lists and block quotes deeper than [`MAX_NESTING`] are not built into
//! deeper blocks (their text joins the innermost list allowed), so nothing downstream recurses
//! deeper than that; [`try_parse_markup`] reports where the limit was passed.

use pulldown_cmark::{Alignment, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::links::{find_bare, Link};
use super::typed_lists::{self, Rewritten};
use super::{Align, Block, Span, Table};
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

/// A construct the letter model does not render (yet): a heading, code, raw HTML, an image, a
/// footnote or a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} cannot be set in a letter's body")]
pub struct Refused {
    /// Byte offset in the body where the construct starts.
    pub offset: usize,
    /// What it is ("a heading", "inline code", …).
    pub what: &'static str,
    /// Its text as written (the first line, shortened).
    pub written: String,
    /// How to write it instead.
    pub hint: &'static str,
}

/// A parsed body: its blocks, the constructs refused, and where it nests too deeply.
#[derive(Debug, Clone, Default)]
pub struct Markup {
    /// The blocks (refused constructs degrade to their text here).
    pub blocks: Vec<Block>,
    /// Every refused construct, in order.
    pub refused: Vec<Refused>,
    /// The first place nesting passed [`MAX_NESTING`].
    pub too_deep: Option<TooDeep>,
}

/// The parser's options: CommonMark, GitHub tables, and footnotes (parsed only to be refused
/// rather than printed as `[^1]`).
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES
}

/// A table being collected.
#[derive(Default)]
struct TableBuild {
    align: Vec<Align>,
    header: Vec<Vec<Span>>,
    rows: Vec<Vec<Vec<Span>>>,
    row: Vec<Vec<Span>>,
    /// The links of the cells so far, by the cell's row (`None`: the header) and column.
    links: Vec<super::CellLink>,
    /// Whether the header row is being read.
    in_head: bool,
}

/// One open container while walking the events.
enum Container {
    /// A list, its markers and the items finished so far.
    List {
        ordered: bool,
        start: u64,
        markers: Vec<String>,
        items: Vec<Vec<Block>>,
    },
    /// A list item and its blocks so far.
    Item(Vec<Block>),
    /// A block quote and its blocks so far.
    Quote(Vec<Block>),
    /// A table.
    Table(TableBuild),
}

/// Walks the events, keeping the open containers and the paragraph being collected.
struct Builder<'s> {
    /// The text parsed (typed lists rewritten) and the way back to the body's offsets.
    src: &'s Rewritten,
    /// The blocks of the body itself.
    root: Vec<Block>,
    /// Open containers, innermost last.
    stack: Vec<Container>,
    /// Inline content of the paragraph being collected (also for tight list items, whose text
    /// comes without paragraph events).
    spans: Vec<Span>,
    bold: u32,
    italic: u32,
    /// Open links: where their text starts in the paragraph's text, and their destination.
    open_links: Vec<(usize, String)>,
    /// The links of the paragraph being collected, by byte range in its text.
    links: Vec<Link>,
    /// Open lists and block quotes (ignored ones included).
    depth: usize,
    /// Open lists and items past [`MAX_NESTING`], not built (their text is kept).
    ignored: usize,
    /// The first place the limit was passed, and the deepest nesting seen.
    too_deep: Option<TooDeep>,
    /// Constructs refused so far.
    refused: Vec<Refused>,
}

/// Refusals: what each construct is and how to write it instead.
impl Builder<'_> {
    fn refuse(&mut self, range: std::ops::Range<usize>, what: &'static str, hint: &'static str) {
        let text = self.src.text.get(range.clone()).unwrap_or("");
        let first = text.trim().lines().next().unwrap_or("");
        let written: String = if first.chars().count() > 40 {
            first.chars().take(39).chain(['…']).collect()
        } else {
            first.to_string()
        };
        self.refused.push(Refused {
            offset: self.src.map.original(range.start),
            what,
            written,
            hint,
        });
    }

    /// Refuse a block-level tag that has no place in a letter; `true` when refused.
    fn refuse_tag(&mut self, tag: &Tag<'_>, range: std::ops::Range<usize>) -> bool {
        let (what, hint) = match tag {
            Tag::Heading { .. } => (
                "a heading",
                "a letter has one subject: put it under `subject:`; for a word in bold write \
                 **word**; a line that starts with `#` is written `\\#`, and a line of `---` \
                 or `===` under text makes that text a heading (leave a blank line before it)",
            ),
            Tag::CodeBlock(_) => (
                "a code block",
                "a line indented by four spaces or fenced by ``` is code in Markdown: remove the \
                 indentation or the fence (for a list, start the lines with `- ` or `a)`)",
            ),
            Tag::HtmlBlock => (
                "raw HTML",
                "HTML is not rendered in a letter: write the text without tags, or `\\<` for a \
                 literal `<`",
            ),
            Tag::Image { .. } => (
                "an image",
                "images go in the letterhead (`header: image:`) or the signature; write `\\!` \
                 before `[` for a literal `![`",
            ),
            Tag::FootnoteDefinition(_) => (
                "a footnote",
                "footnotes are not set in letters: write the note in the text or as a P.S. \
                 (`ps:`), or `\\[^` for a literal `[^`",
            ),
            _ => return false,
        };
        self.refuse(range, what, hint);
        true
    }

    /// Refuse an inline or leaf event that has no place in a letter; `true` when refused.
    fn refuse_event(&mut self, event: &Event<'_>, range: std::ops::Range<usize>) -> bool {
        let (what, hint) = match event {
            Event::Code(_) => (
                "inline code",
                "backticks mark code in Markdown: write the words without them, or `\\`` for \
                 a literal backtick",
            ),
            Event::InlineHtml(_) => (
                "raw HTML",
                "HTML is not rendered in a letter: write the text without tags, or `\\<` for a \
                 literal `<`",
            ),
            Event::FootnoteReference(_) => (
                "a footnote reference",
                "footnotes are not set in letters: write the note in the text or as a P.S. \
                 (`ps:`), or `\\[^` for a literal `[^`",
            ),
            Event::Rule => (
                "a horizontal rule",
                "a line of `---`, `***` or `___` is a rule in Markdown, which a letter does not \
                 have: remove it, or write `\\---` for the dashes",
            ),
            Event::InlineMath(_) | Event::DisplayMath(_) | Event::TaskListMarker(_) => {
                ("markup", "write the text without markup")
            }
            _ => return false,
        };
        self.refuse(range, what, hint);
        true
    }
}

/// Event handling.
impl Builder<'_> {
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
            Some(Container::Item(blocks) | Container::Quote(blocks)) => blocks,
            Some(Container::List { items, .. }) => {
                // Blocks directly inside a list (not possible in CommonMark) get their own item.
                items.push(Vec::new());
                let last = items.len() - 1;
                &mut items[last]
            }
            Some(Container::Table(t)) => {
                // Blocks inside a table (not possible with GitHub tables) get their own row.
                t.rows.push(Vec::new());
                &mut self.root
            }
            None => &mut self.root,
        }
    }

    /// Length in bytes of the paragraph's text so far.
    fn text_len(&self) -> usize {
        self.spans.iter().map(|s| s.text.len()).sum()
    }

    /// The spans collected, trimmed of blanks and forced breaks at either end, and how many
    /// bytes were trimmed in front.
    fn take_spans(&mut self) -> (Vec<Span>, usize) {
        let mut front = 0;
        while self.spans.last().is_some_and(|s| s.text == "\n") {
            self.spans.pop();
        }
        if let Some(last) = self.spans.last_mut() {
            let trimmed = last.text.trim_end().len();
            last.text.truncate(trimmed);
        }
        while self.spans.first().is_some_and(|s| s.text == "\n") {
            self.spans.remove(0);
            front += 1;
        }
        if let Some(first) = self.spans.first_mut() {
            let lead = first.text.len() - first.text.trim_start().len();
            first.text.drain(..lead);
            front += lead;
        }
        self.spans.retain(|s| !s.text.is_empty());
        (std::mem::take(&mut self.spans), front)
    }

    /// Finish the paragraph being collected, if it has any text.
    fn flush(&mut self) {
        let (spans, front) = self.take_spans();
        let links = self.take_links(&spans, front);
        if spans.is_empty() {
            return;
        }
        let block = if links.is_empty() {
            Block::Paragraph(spans)
        } else {
            Block::Linked(spans, links)
        };
        self.blocks().push(block);
    }

    /// The links collected, moved to the trimmed `spans` (`front` bytes were trimmed in front).
    fn take_links(&mut self, spans: &[Span], front: usize) -> Vec<Link> {
        let len: usize = spans.iter().map(|s| s.text.len()).sum();
        std::mem::take(&mut self.links)
            .into_iter()
            .filter_map(|l| {
                let start = l.range.start.saturating_sub(front).min(len);
                let end = l.range.end.saturating_sub(front).min(len);
                (start < end).then_some(Link {
                    range: start..end,
                    url: l.url,
                })
            })
            .collect()
    }

    /// Text of the body: bare web and e-mail addresses outside links become links.
    fn text(&mut self, text: &str) {
        if self.open_links.is_empty() {
            let at = self.text_len();
            self.links.extend(find_bare(text).into_iter().map(|l| Link {
                range: at + l.range.start..at + l.range.end,
                url: l.url,
            }));
        }
        self.push_text(text);
    }

    /// Count one more level of nesting at `offset`; `false` when it is past the limit.
    fn enter(&mut self, offset: usize) -> bool {
        self.depth += 1;
        if self.depth <= MAX_NESTING {
            return true;
        }
        let t = self.too_deep.get_or_insert(TooDeep {
            offset: self.src.map.original(offset),
            depth: self.depth,
        });
        t.depth = t.depth.max(self.depth);
        false
    }

    /// The marker of the item whose source starts at `offset`: as typed for typed lists and
    /// numbered lists (`3)`), a bullet for `-`, `*` and `+`.
    fn marker(&self, offset: usize, ordered: bool, number: u64) -> String {
        let text = &self.src.text;
        let at = offset + text[offset..].len() - text[offset..].trim_start().len();
        if let Some((_, typed)) = self.src.markers.iter().find(|(o, _)| *o == at) {
            return typed.clone();
        }
        if !ordered {
            return "•".to_string();
        }
        let delim = text[at..]
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .chars()
            .next()
            .filter(|c| *c == ')')
            .unwrap_or('.');
        format!("{number}{delim}")
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        let offset = range.start;
        if self.refuse_tag(&tag, range) {
            // Refused blocks keep their text (a heading in bold) for callers that go on.
            if matches!(tag, Tag::Heading { .. }) {
                self.flush();
                self.bold += 1;
            } else if !matches!(tag, Tag::Image { .. }) {
                self.flush();
            }
            return;
        }
        match tag {
            Tag::Paragraph => self.flush(),
            Tag::BlockQuote(_) if !self.enter(offset) || self.ignored > 0 => {
                self.flush();
                self.ignored += 1;
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.stack.push(Container::Quote(Vec::new()));
            }
            Tag::List(_) if !self.enter(offset) || self.ignored > 0 => {
                self.flush();
                self.ignored += 1;
            }
            Tag::Item if self.ignored > 0 => {
                self.flush();
                self.ignored += 1;
            }
            Tag::List(start) => {
                self.flush();
                self.stack.push(Container::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    markers: Vec::new(),
                    items: Vec::new(),
                });
            }
            Tag::Item => {
                self.flush();
                if let Some(Container::List {
                    ordered,
                    start,
                    markers,
                    ..
                }) = self.stack.last()
                {
                    let m = self.marker(offset, *ordered, start + markers.len() as u64);
                    if let Some(Container::List { markers, .. }) = self.stack.last_mut() {
                        markers.push(m);
                    }
                }
                self.stack.push(Container::Item(Vec::new()));
            }
            Tag::Table(align) => {
                self.flush();
                self.stack.push(Container::Table(TableBuild {
                    align: align.iter().map(|a| table_align(*a)).collect(),
                    ..TableBuild::default()
                }));
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                self.spans.clear();
                self.links.clear();
                if let (Tag::TableHead, Some(Container::Table(t))) = (&tag, self.stack.last_mut()) {
                    t.in_head = true;
                }
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let at = self.text_len();
                let url = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                self.open_links.push((at, url));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock => self.flush(),
            TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item if self.ignored > 0 => {
                self.flush();
                self.ignored -= 1;
                if !matches!(tag, TagEnd::Item) {
                    self.depth = self.depth.saturating_sub(1);
                }
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.bold = self.bold.saturating_sub(1);
            }
            TagEnd::Item => self.end_item(),
            TagEnd::List(_) => self.end_list(),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.depth = self.depth.saturating_sub(1);
                if let Some(Container::Quote(blocks)) = self.stack.pop() {
                    self.blocks().push(Block::Quote(blocks));
                }
            }
            TagEnd::TableCell => {
                // A cell's links are live as a paragraph's are, by range in the cell's text.
                let (cell, front) = self.take_spans();
                let links = self.take_links(&cell, front);
                if let Some(Container::Table(t)) = self.stack.last_mut() {
                    let row = (!t.in_head).then_some(t.rows.len());
                    let col = t.row.len();
                    t.links
                        .extend(
                            links
                                .into_iter()
                                .map(|link| super::CellLink { row, col, link }),
                        );
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(Container::Table(t)) = self.stack.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.in_head = false;
                    if tag == TagEnd::TableHead {
                        t.header = row;
                    } else {
                        t.rows.push(row);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(Container::Table(t)) = self.stack.pop() {
                    let TableBuild {
                        align,
                        header,
                        rows,
                        links,
                        ..
                    } = t;
                    self.blocks().push(Block::Table(Table {
                        align,
                        header,
                        rows,
                        links,
                    }));
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => self.end_link(),
            _ => {}
        }
    }

    fn end_item(&mut self) {
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

    fn end_list(&mut self) {
        self.flush();
        self.depth = self.depth.saturating_sub(1);
        if let Some(Container::List {
            ordered,
            start,
            markers,
            items,
        }) = self.stack.pop()
        {
            self.blocks().push(Block::List {
                ordered,
                start,
                markers,
                items,
            });
        }
    }

    /// A link's destination is shown after its text when the text does not already show it
    /// (the letter is read on paper too); the link covers both.
    fn end_link(&mut self) {
        if let Some((start, url)) = self.open_links.pop() {
            let shown: String = self.spans.iter().map(|s| s.text.as_str()).collect();
            let url_plain = url.trim_start_matches("mailto:");
            if !url_plain.is_empty() && !shown[start.min(shown.len())..].contains(url_plain) {
                self.push_text(&format!(" ({url_plain})"));
            }
            let end = self.text_len();
            if start < end && !url.is_empty() {
                self.links.push(Link {
                    range: start..end,
                    url,
                });
            }
        }
    }

    /// Text inside a code block keeps its lines: each line end becomes a forced break.
    fn code_text(&mut self, text: &str) {
        let mut lines = text.split('\n').peekable();
        while let Some(line) = lines.next() {
            self.push_text(line);
            if lines.peek().is_some_and(|next| !next.is_empty()) {
                self.push_break();
            }
        }
    }
}

/// A column's alignment from the table's delimiter row (none written: left).
fn table_align(a: Alignment) -> Align {
    match a {
        Alignment::None | Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Parse the letter body into blocks. Lists nested deeper than [`MAX_NESTING`] keep their
/// text but not their nesting, and refused constructs keep their text; [`parse_body_markup`]
/// reports both.
pub fn parse_markup(src: &str) -> Vec<Block> {
    parse_body_markup(src).blocks
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
    let m = parse_body_markup(src);
    match m.too_deep {
        Some(e) => Err(e),
        None => Ok(m.blocks),
    }
}

/// Parse the letter body: its blocks, the constructs refused and where it nests too deeply.
///
/// ```
/// use letterpress::text::inline::parse_body_markup;
/// let m = parse_body_markup("Dear Ann,\n\n# Notice\n");
/// assert_eq!((m.refused[0].what, m.refused[0].offset), ("a heading", 11));
/// ```
pub fn parse_body_markup(src: &str) -> Markup {
    let rewritten = typed_lists::rewrite(src);
    let mut b = Builder {
        src: &rewritten,
        root: Vec::new(),
        stack: Vec::new(),
        spans: Vec::new(),
        bold: 0,
        italic: 0,
        open_links: Vec::new(),
        links: Vec::new(),
        depth: 0,
        ignored: 0,
        too_deep: None,
        refused: Vec::new(),
    };
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(&rewritten.text, options()).into_offset_iter() {
        b.refuse_event(&event, range.clone());
        match event {
            Event::Start(tag) => {
                in_code_block |= matches!(tag, Tag::CodeBlock(_));
                b.start(tag, range);
            }
            Event::End(tag) => {
                if tag == TagEnd::CodeBlock {
                    in_code_block = false;
                }
                b.end(tag);
            }
            Event::Text(text) if in_code_block => b.code_text(&text),
            Event::Text(text) => b.text(&text),
            Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text)
            | Event::InlineHtml(text)
            | Event::FootnoteReference(text) => b.push_text(&text),
            Event::Html(text) => b.push_text(text.trim_end_matches('\n')),
            Event::SoftBreak => b.push_text(" "),
            Event::HardBreak => b.push_break(),
            Event::Rule => {
                b.flush();
                b.push_text(rewritten.text.get(range).unwrap_or("").trim());
                b.flush();
            }
            Event::TaskListMarker(done) => b.push_text(if done { "[x] " } else { "[ ] " }),
        }
    }
    b.flush();
    close_all(&mut b);
    Markup {
        blocks: b.root,
        refused: b.refused,
        too_deep: b.too_deep,
    }
}

/// Close anything left open (cannot happen with a well-behaved parser).
fn close_all(b: &mut Builder<'_>) {
    b.ignored = 0;
    while let Some(top) = b.stack.last() {
        let end = match top {
            Container::List { ordered, .. } => TagEnd::List(*ordered),
            Container::Item(_) => TagEnd::Item,
            Container::Quote(_) => TagEnd::BlockQuote(None),
            Container::Table(_) => TagEnd::Table,
        };
        b.end(end);
    }
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
                    markers: vec!["•".into(), "•".into()],
                    items: vec![
                        vec![para(&[("jeden", Regular)])],
                        vec![
                            para(&[("dwa", Regular)]),
                            Block::List {
                                ordered: true,
                                start: 1,
                                markers: vec!["1.".into(), "2.".into()],
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
                    markers: vec!["3.".into()],
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
                Block::Linked(
                    vec![span(
                        "Zob. art. 5 i stronę (https://example.com), <b>tak</b>.",
                        Regular
                    )],
                    vec![Link {
                        range: 14..43,
                        url: "https://example.com".into()
                    }]
                ),
                para(&[("---", Regular)]),
            ],
            "heading is bold; code, html and rule degrade to text; the link shows its address"
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
                Block::Quote(inner) => 1 + list_depth(inner),
                Block::Paragraph(_) | Block::Linked(..) | Block::Table(_) => 0,
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
