//! Typographic quality of a laid-out letter, computed from the page model alone.
//!
//! [`report`] reads the body lines of a [`Document`] (lines with a `paragraph` index, as the
//! layout records them) and measures, per paragraph, what a typesetter looks at: how many
//! lines, how far the breaker had to stretch or shrink the spaces (the adjustment ratio), how
//! many lines it tracked and by how much at most, how many lines end with a hyphen and how many of those follow each other, overfull lines, a
//! one-word last line (a "runt"), and lines ending in a one-letter word that the language keeps
//! with the next word (Polish "w", "i", "z"…). Per letter it adds the pagination faults:
//!
//! - a **widow**: a paragraph's last line alone at the top of a page;
//! - an **orphan**: a paragraph's first line alone at the bottom of a page.
//!
//! `letterpress check --typography` prints it.
//!
//! ```
//! use letterpress::{load_letter_str, quality, render, Env, RenderOptions, Resources};
//! let letter = load_letter_str(
//!     "language: pl\nrecipient: [A]\nbody: |\n  Dziękujemy za list z 3 listopada i za przesłane w nim uwagi do umowy nr 14. Odpowiemy w ciągu tygodnia, a w razie pytań prosimy o kontakt z naszym biurem.\n",
//!     "letter.yaml",
//! )?;
//! let out = render(&letter, &Env::default(), &Resources::new(), &RenderOptions::default())?;
//! let q = quality::report(&out.output.document);
//! assert_eq!(q.paragraphs.len(), 1);
//! assert_eq!(q.totals.one_letter_line_ends, 0, "\"w\", \"i\" and \"a\" never end a line");
//! assert_eq!(q.totals.widows + q.totals.orphans, 0);
//! # Ok::<(), letterpress::Errors>(())
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::layout::model::{Document, Item, TextLine};
use crate::locale::Lang;
use crate::text::nobreak;

/// A line whose spaces stretch more than this (adjustment ratio) counts as loose: TeX's
/// `\tolerance=200` allows about 1.26.
pub const LOOSE_RATIO: f32 = 1.0;

/// The quality of one body paragraph.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ParagraphQuality {
    /// The paragraph's index among the body paragraphs (list items count as paragraphs).
    pub index: usize,
    /// The page its first line is on (1-based).
    pub page: usize,
    /// Its first words, to recognise it.
    pub start: String,
    /// Number of lines.
    pub lines: usize,
    /// Largest adjustment ratio of a justified line (0 natural, 1 full stretch, −1 full
    /// shrink); the last line, set at natural width, is not counted.
    pub max_ratio: f32,
    /// Mean adjustment ratio of the lines before the last.
    pub mean_ratio: f32,
    /// Lines set with tracking (letters spaced a little wider or tighter).
    pub tracked: usize,
    /// Largest tracking of a line, in pt per letter gap (absolute value).
    pub max_tracking: f32,
    /// Lines ending with a hyphen.
    pub hyphens: usize,
    /// Longest run of hyphenated lines in a row (2 or more is what typesetters avoid).
    pub max_consecutive_hyphens: usize,
    /// Lines wider than the measure.
    pub overfull: usize,
    /// Lines stretched beyond [`LOOSE_RATIO`].
    pub loose: usize,
    /// The last line is a single word (or word fragment) in a paragraph of several lines.
    pub runt: bool,
    /// Lines ending in a one-letter word the language keeps with the next one.
    pub one_letter_line_ends: usize,
    /// The last line stands alone at the top of a page.
    pub widow: bool,
    /// The first line stands alone at the bottom of a page.
    pub orphan: bool,
}

/// The letter's totals.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Totals {
    /// Pages.
    pub pages: usize,
    /// Body paragraphs.
    pub paragraphs: usize,
    /// Body lines.
    pub lines: usize,
    /// Body lines on the last page (few: the page holds little more than the closing).
    pub last_page_lines: usize,
    /// Largest adjustment ratio of any justified line.
    pub max_ratio: f32,
    /// Mean adjustment ratio over all justified lines (last lines excluded).
    pub mean_ratio: f32,
    /// Lines set with tracking.
    pub tracked: usize,
    /// Largest tracking of any line, in pt per letter gap (absolute value).
    pub max_tracking: f32,
    /// Hyphenated line ends.
    pub hyphens: usize,
    /// Longest run of hyphenated lines in any paragraph.
    pub max_consecutive_hyphens: usize,
    /// Overfull lines.
    pub overfull: usize,
    /// Loose lines (ratio above [`LOOSE_RATIO`]).
    pub loose: usize,
    /// Paragraphs ending in a one-word line.
    pub runts: usize,
    /// Lines ending in a one-letter word the language keeps with the next one.
    pub one_letter_line_ends: usize,
    /// Paragraphs whose last line is alone at the top of a page.
    pub widows: usize,
    /// Paragraphs whose first line is alone at the bottom of a page.
    pub orphans: usize,
}

/// The typographic quality of a letter: per body paragraph and in total.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QualityReport {
    /// The letter's language (BCP 47), which decides the one-letter-word rule.
    pub lang: String,
    /// Body paragraphs in order.
    pub paragraphs: Vec<ParagraphQuality>,
    /// Totals over the letter.
    pub totals: Totals,
}

impl QualityReport {
    /// Whether the letter has none of the faults the report counts: no overfull line, no two
    /// hyphens in a row, no runt, widow or orphan, no line ending in a one-letter word.
    pub fn is_clean(&self) -> bool {
        let t = &self.totals;
        t.overfull == 0
            && t.max_consecutive_hyphens < 2
            && t.runts == 0
            && t.widows == 0
            && t.orphans == 0
            && t.one_letter_line_ends == 0
    }
}

/// Measure the body text of a laid-out letter.
pub fn report(doc: &Document) -> QualityReport {
    let lang = Lang::parse(&doc.meta.lang).unwrap_or(Lang::Pl);
    // Body lines per paragraph, in reading order, with their page.
    let mut paras: BTreeMap<usize, Vec<(usize, &TextLine)>> = BTreeMap::new();
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Text(t) = item {
                if let Some(p) = t.paragraph {
                    paras.entry(p).or_default().push((page.number, t));
                }
            }
        }
    }
    let mut out = Vec::with_capacity(paras.len());
    let last_page = doc.pages.len();
    let mut totals = Totals {
        pages: last_page,
        last_page_lines: paras
            .values()
            .flatten()
            .filter(|(page, _)| *page == last_page)
            .count(),
        ..Totals::default()
    };
    let (mut ratio_sum, mut ratio_n) = (0.0f32, 0usize);
    for (index, lines) in paras {
        let n = lines.len();
        let Some((q, sum, justified)) = paragraph_quality(index, &lines, lang) else {
            continue;
        };
        totals.paragraphs += 1;
        totals.lines += n;
        if justified > 0 && (ratio_n == 0 || q.max_ratio > totals.max_ratio) {
            totals.max_ratio = q.max_ratio;
        }
        ratio_sum += sum;
        ratio_n += justified;
        totals.tracked += q.tracked;
        totals.max_tracking = totals.max_tracking.max(q.max_tracking);
        totals.hyphens += q.hyphens;
        totals.max_consecutive_hyphens = totals
            .max_consecutive_hyphens
            .max(q.max_consecutive_hyphens);
        totals.overfull += q.overfull;
        totals.loose += q.loose;
        totals.runts += usize::from(q.runt);
        totals.one_letter_line_ends += q.one_letter_line_ends;
        totals.widows += usize::from(q.widow);
        totals.orphans += usize::from(q.orphan);
        out.push(q);
    }
    if ratio_n > 0 {
        totals.mean_ratio = ratio_sum / ratio_n as f32;
    }
    QualityReport {
        lang: lang.tag().to_string(),
        paragraphs: out,
        totals,
    }
}

/// One paragraph's quality from its lines (with their pages), and the sum and number of its
/// justified lines' ratios (for the letter's mean); `None` for a paragraph with no lines.
fn paragraph_quality(
    index: usize,
    lines: &[(usize, &TextLine)],
    lang: Lang,
) -> Option<(ParagraphQuality, f32, usize)> {
    let n = lines.len();
    let &(first_page, first_line) = lines.first()?;
    let mut q = ParagraphQuality {
        index,
        page: first_page,
        start: first_line
            .text()
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" "),
        lines: n,
        max_ratio: 0.0,
        mean_ratio: 0.0,
        tracked: 0,
        max_tracking: 0.0,
        hyphens: 0,
        max_consecutive_hyphens: 0,
        overfull: 0,
        loose: 0,
        runt: false,
        one_letter_line_ends: 0,
        widow: false,
        orphan: false,
    };
    let mut run = 0;
    let (mut sum, mut justified) = (0.0f32, 0usize);
    for (i, (_, line)) in lines.iter().enumerate() {
        let last = i + 1 == n;
        if line.hyphenated {
            q.hyphens += 1;
            run += 1;
            q.max_consecutive_hyphens = q.max_consecutive_hyphens.max(run);
        } else {
            run = 0;
        }
        if line.overfull {
            q.overfull += 1;
        }
        if line.tracking != 0.0 {
            q.tracked += 1;
            q.max_tracking = q.max_tracking.max(line.tracking.abs());
        }
        if !last {
            if justified == 0 || line.ratio > q.max_ratio {
                q.max_ratio = line.ratio;
            }
            sum += line.ratio;
            justified += 1;
            if line.ratio > LOOSE_RATIO {
                q.loose += 1;
            }
            if nobreak::ends_with_single_letter(lang, &line.text()) {
                q.one_letter_line_ends += 1;
            }
        }
    }
    if justified > 0 {
        q.mean_ratio = sum / justified as f32;
    }
    if n > 1 {
        q.runt = lines[n - 1].1.text().split_whitespace().count() == 1;
        let last_page = lines[n - 1].0;
        let on = |page: usize| lines.iter().filter(|(p, _)| *p == page).count();
        q.orphan = first_page != last_page && on(first_page) == 1;
        q.widow = first_page != last_page && on(last_page) == 1;
    }
    Some((q, sum, justified))
}
