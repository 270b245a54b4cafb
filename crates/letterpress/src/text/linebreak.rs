//! Line breaking over abstract boxes, glue and penalties: Knuth–Plass total fit
//! ([`break_items`]) with TeX's passes, and first fit ([`first_fit`]) for comparison and as
//! the last-resort fallback.
//!
//! This module knows nothing about fonts or text: items carry widths in pt only, so the
//! algorithm is tested on synthetic paragraphs. The costs below are TeX's plain-format values
//! unless a comment says why they differ.

/// A penalty at or above this never breaks (TeX's `\@M`, 10000).
pub const INFINITE_PENALTY: f32 = 10_000.0;
/// A penalty at or below this always breaks (TeX's `-\@M`).
pub const FORCED_PENALTY: f32 = -10_000.0;

/// Penalty for breaking at an automatic hyphenation point. TeX's plain format uses 50 and typst
/// 135; we take 200. Polish and German words are long, so hyphenation is needed often in a
/// 16 cm measure, yet a business letter should read calmly: at 200 a hyphen (40000 demerits)
/// costs more than a line at the tolerance (ratio 1.26: 36000), so the breaker hyphenates only
/// where no tolerable unhyphenated line exists. Measured on the peer benchmark's long Polish
/// letter (TeX Gyre Termes, with the wider shrink of [`Item::space`]): 100 → 23 hyphenated
/// line ends, 200 → 18, 300 → 17 with no gain in spacing; Typst sets 15, pdflatex 33.
pub const HYPHEN_PENALTY: f32 = 200.0;
/// Penalty for breaking after an explicit hyphen ("e-mail", "Kowalski-Żółtowski"): TeX's
/// `\exhyphenpenalty`, 50. Such a break adds no glyph, so it is cheaper than a new hyphen.
pub const EXPLICIT_HYPHEN_PENALTY: f32 = 50.0;
/// Penalty for breaking after a dash or slash without spaces (UAX #14 "break after"), such as
/// "2025/2026" or "Berlin–Warszawa": a little dearer than a space so such breaks come last.
pub const ZERO_WIDTH_BREAK_PENALTY: f32 = 20.0;

/// Penalty for breaking at a space that a language rule ties only softly (an abbreviation
/// before a long identifier, "nr FV/2026/08/117"): 9000² demerits, more than any tolerable set
/// of breaks costs, so it is taken only where every other choice leaves a line looser than
/// the tolerance.
pub const SOFT_TIE_PENALTY: f32 = 9_000.0;

/// Added to the badness of every line before squaring: TeX's `\linepenalty`, 10. It makes
/// fewer lines better when the spacing is otherwise equal.
pub const LINE_PENALTY: f64 = 10.0;
/// Two hyphenated lines in a row: TeX's `\doublehyphendemerits`, 10000.
pub const DOUBLE_HYPHEN_DEMERITS: f64 = 10_000.0;
/// Added in the final pass, where two hyphenated lines in a row are no longer forbidden: as
/// much as a line about 0.67 beyond the tolerance costs (`BEYOND_TOLERANCE_DEMERITS` · 0.67³),
/// so a double hyphen is the last resort, after a somewhat loose line. On the peer benchmark
/// letters in Noto Serif it removed the last run of three hyphens (and of two, long letter).
pub const FINAL_PASS_DOUBLE_HYPHEN_DEMERITS: f64 = 3.0e8;
/// The penultimate line hyphenated: TeX's `\finalhyphendemerits`, 5000.
pub const FINAL_HYPHEN_DEMERITS: f64 = 5_000.0;
/// Adjacent lines whose fitness classes differ by more than one (a tight line next to a loose
/// one): TeX's `\adjdemerits`, 10000.
pub const ADJ_DEMERITS: f64 = 10_000.0;
/// A last line of a single word or word fragment (a "runt"): not in TeX. 300000 is more than
/// any tolerable paragraph costs in line badness (a line at the tolerance is 36000), so a runt
/// is left only where carrying a second word down needs a line beyond the tolerance or a
/// double hyphen. At 5000 the peer benchmark's long letter kept one runt in TeX Gyre Termes
/// and one in Noto Serif ("końca."); at 300000, none.
pub const RUNT_DEMERITS: f64 = 300_000.0;

/// Largest stretch ratio of the first pass, which tries no hyphenation: TeX's
/// `\pretolerance=100` (badness 100·r³ ≤ 100 ⇒ r ≤ 1).
pub const PRETOLERANCE_RATIO: f32 = 1.0;
/// Largest stretch ratio of the second and third passes: TeX's `\tolerance=200`
/// (r ≤ 1.26).
pub const TOLERANCE_RATIO: f32 = 1.26;

/// Badness of a line that cannot stretch enough (TeX's `inf_bad`).
const INF_BAD: f64 = 10_000.0;

/// One element of a paragraph for the breaker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Something that is never broken: a word, a syllable. Its spaces do not stretch, but its
    /// letters may be spaced a little wider or tighter (tracking) when
    /// [`Settings::tracking`] allows it.
    Box {
        /// Width in pt.
        width: f32,
        /// How much it may widen or narrow by tracking, in pt, at tracking ratio ±1: the
        /// per-gap limit times the number of letter gaps it brings to a line (0: none).
        track: f32,
    },
    /// Space that stretches and shrinks; a legal break when it follows a box (the glue then
    /// disappears at the line end).
    Glue {
        /// Natural width in pt.
        width: f32,
        /// How much it may stretch (at ratio 1).
        stretch: f32,
        /// How much it may shrink (at ratio −1, never more).
        shrink: f32,
        /// Infinite stretch (`fil`): the line is set at natural width (end of paragraph,
        /// forced break).
        fil: bool,
    },
    /// A possible break with a cost; `width` is added to the line only if it breaks here (the
    /// hyphen).
    Penalty {
        /// Width added at a break here (a hyphen), in pt.
        width: f32,
        /// Cost; ≥ [`INFINITE_PENALTY`] forbids, ≤ [`FORCED_PENALTY`] forces a break.
        cost: f32,
        /// A hyphen break; counted for consecutive-hyphen demerits.
        flagged: bool,
        /// An automatic hyphenation point, only used from the second pass on.
        hyphenation: bool,
    },
}

/// Constructors.
impl Item {
    /// A box that is not tracked.
    pub fn word(width: f32) -> Item {
        Item::Box { width, track: 0.0 }
    }

    /// An inter-word space of natural width `width` that stretches by 1/2 (TeX's proportion for
    /// text fonts: Computer Modern 3.33 pt plus 1.67 at 10 pt) and shrinks by 1/2 (TeX: 1/3).
    /// The wider shrink is measured: on the peer benchmark's long Polish letter in TeX Gyre
    /// Termes it cut hyphenated line ends from 26 to 18 and two-in-a-row from 2 to 1 (mean word
    /// gap 3.09 → 2.92 pt, TeX's is 3.0–3.1), because a Polish word is often too long for the
    /// few points a line may give back with 1/3.
    pub fn space(width: f32) -> Item {
        Item::Glue {
            width,
            stretch: width / 2.0,
            shrink: width / 2.0,
            fil: false,
        }
    }

    /// A space that neither stretches nor shrinks (ragged alignments).
    pub fn fixed_space(width: f32) -> Item {
        Item::Glue {
            width,
            stretch: 0.0,
            shrink: 0.0,
            fil: false,
        }
    }

    /// Infinitely stretchable glue (TeX's `\parfillskip`, `\hfil`).
    pub fn fil() -> Item {
        Item::Glue {
            width: 0.0,
            stretch: 0.0,
            shrink: 0.0,
            fil: true,
        }
    }

    /// A penalty that forbids a break (before a no-break space).
    pub fn no_break() -> Item {
        Item::Penalty {
            width: 0.0,
            cost: INFINITE_PENALTY,
            flagged: false,
            hyphenation: false,
        }
    }

    /// A forced break (end of paragraph, hard line break).
    pub fn forced_break() -> Item {
        Item::Penalty {
            width: 0.0,
            cost: FORCED_PENALTY,
            flagged: false,
            hyphenation: false,
        }
    }

    fn is_box(&self) -> bool {
        matches!(self, Item::Box { .. })
    }

    fn is_forced(&self) -> bool {
        matches!(self, Item::Penalty { cost, .. } if *cost <= FORCED_PENALTY)
    }

    fn is_flagged(&self) -> bool {
        matches!(self, Item::Penalty { flagged: true, .. })
    }
}

/// What the caller decides about the paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Line width in pt.
    pub width: f32,
    /// Whether automatic hyphenation points may be used (second pass on).
    pub hyphenate: bool,
    /// Stretch added to every line, in pt (ragged alignments: TeX's `\rightskip` stretch).
    pub background_stretch: f32,
    /// Extra stretch for the third pass, in pt (TeX's `\emergencystretch`).
    pub emergency_stretch: f32,
    /// Whether lines may use the boxes' tracking ([`Item::Box`]`::track`) as a secondary,
    /// dearer stretch and shrink (see [`adjust`]). Off for ragged alignments.
    pub tracking: bool,
}

/// Which pass produced the breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Pass {
    /// First pass: no automatic hyphenation, tolerance [`PRETOLERANCE_RATIO`].
    NoHyphenation,
    /// Second pass: hyphenation, tolerance [`TOLERANCE_RATIO`].
    Hyphenation,
    /// Third pass: emergency stretch; overfull lines accepted when nothing else fits.
    Emergency,
    /// Nothing worked (cannot happen with well-formed items): first fit.
    FirstFit,
}

/// The chosen breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Breaks {
    /// Item index of each line's break, in order; the last is the final forced penalty.
    pub positions: Vec<usize>,
    /// Adjustment ratio of each line's spaces (0 for lines set at natural width; < −1
    /// overfull).
    pub ratios: Vec<f32>,
    /// Tracking ratio of each line, in −1..=1 (0 untracked), see [`adjust`].
    pub tracks: Vec<f32>,
    /// The pass that succeeded.
    pub pass: Pass,
}

/// Running sums over the items, for O(1) line measurements.
struct Sums {
    width: Vec<f32>,
    stretch: Vec<f32>,
    shrink: Vec<f32>,
    track: Vec<f32>,
    fil: Vec<u32>,
    /// Number of non-fil glue items (word spaces) before each index, for the runt test.
    spaces: Vec<u32>,
    /// For each item, the index where a line starting after a break there begins.
    next_start: Vec<usize>,
}

impl Sums {
    fn new(items: &[Item]) -> Sums {
        let n = items.len();
        let mut s = Sums {
            width: Vec::with_capacity(n + 1),
            stretch: Vec::with_capacity(n + 1),
            shrink: Vec::with_capacity(n + 1),
            track: Vec::with_capacity(n + 1),
            fil: Vec::with_capacity(n + 1),
            spaces: Vec::with_capacity(n + 1),
            next_start: vec![n; n],
        };
        let (mut w, mut y, mut z, mut t, mut f, mut sp) = (0.0, 0.0, 0.0, 0.0, 0, 0);
        for item in items {
            s.width.push(w);
            s.stretch.push(y);
            s.shrink.push(z);
            s.track.push(t);
            s.fil.push(f);
            s.spaces.push(sp);
            match *item {
                Item::Box { width, track } => {
                    w += width;
                    t += track;
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                    fil,
                } => {
                    w += width;
                    y += stretch;
                    z += shrink;
                    if fil {
                        f += 1;
                    } else {
                        sp += 1;
                    }
                }
                Item::Penalty { .. } => {}
            }
        }
        s.width.push(w);
        s.stretch.push(y);
        s.shrink.push(z);
        s.track.push(t);
        s.fil.push(f);
        s.spaces.push(sp);
        // After a break, glue and non-forced penalties are discarded up to the next box
        // (TeX); a forced penalty stays, so two hard breaks in a row give an empty line.
        let mut next = n;
        for i in (0..n).rev() {
            s.next_start[i] = next;
            let discardable = match items[i] {
                Item::Box { .. } => false,
                Item::Glue { .. } => true,
                Item::Penalty { cost, .. } => cost > FORCED_PENALTY,
            };
            if !discardable {
                next = i;
            }
        }
        s
    }

    /// Measures of a line from item `start` to a break at item `end` (exclusive; plus the
    /// penalty's width when breaking at a penalty).
    fn line(&self, items: &[Item], start: usize, end: usize) -> LineSums {
        let forced = items.get(end).is_some_and(Item::is_forced);
        if start >= end {
            return LineSums {
                fil: forced,
                ..LineSums::default()
            };
        }
        let mut natural = self.width[end] - self.width[start];
        if let Some(Item::Penalty { width, .. }) = items.get(end) {
            natural += width;
        }
        LineSums {
            natural,
            stretch: self.stretch[end] - self.stretch[start],
            shrink: self.shrink[end] - self.shrink[start],
            track: self.track[end] - self.track[start],
            fil: self.fil[end] - self.fil[start] > 0 || forced,
        }
    }
}

/// What a line has to be set with, in pt.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LineSums {
    /// Natural width (with the hyphen of a hyphenated line).
    pub natural: f32,
    /// Stretch of the spaces at ratio 1.
    pub stretch: f32,
    /// Shrink of the spaces at ratio −1.
    pub shrink: f32,
    /// Tracking capacity at tracking ratio ±1.
    pub track: f32,
    /// The line ends a paragraph or a forced line (fil glue): set at natural width.
    pub fil: bool,
}

/// How a line is set: the ratio of its spaces and of its tracking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjustment {
    /// Adjustment ratio of the spaces: > 0 stretches, < 0 shrinks, < −1 is overfull,
    /// infinite when an underfull line cannot stretch.
    pub space: f32,
    /// Tracking ratio in −1..=1: the share of the line's tracking capacity used.
    pub track: f32,
}

/// The spaces' stretch ratio up to which a line is set by its spaces alone; beyond it,
/// tracking takes the rest of the difference up to its capacity, and only then the spaces
/// stretch further. At 1 (full stretch, TeX's badness 100, the first pass's limit) a word gap
/// in TeX Gyre Termes at 11 pt is 4.1 pt, in Noto Serif 4.3 pt: pdflatex's widest gap on the
/// peer benchmark letters. Measured on the long one in Termes (tracking 0.015 em, weight 2):
/// from 0.5, 62 of 122 lines were tracked; from 0.8, 41; from 1, 37; 3 hyphens each time.
pub const TRACKING_FROM_STRETCH: f32 = 1.0;

/// The spaces' shrink ratio (as a positive share of their shrink) before tracking tightens a
/// line: 0.7 of the shrink of [`Item::space`] (1/2 of the space) leaves a gap of 0.65 of the
/// natural space, near TeX's tightest (2/3). Beyond the tracking, the spaces shrink on to −1.
/// Measured on the peer benchmark letters in Termes: at 0.8 (tighter spaces) one hyphen fewer
/// on each letter and 2 fewer tracked lines of 121.
pub const TRACKING_FROM_SHRINK: f32 = 0.7;

/// Tracking costs this many times the badness of spaces at the same ratio (100·|r|³): a line
/// using all of its tracking costs as much as a line stretched to ratio 2.2, so a somewhat
/// looser line set by its spaces, or a hyphen, is preferred to visibly spaced letters.
/// Measured on the long peer letter in TeX Gyre Termes (tracking 0.015 em, from 1 and 0.6):
/// at 5, 35 lines were tracked, 12 beyond half their capacity, 9 hyphenated; at 10, 27, 5 and
/// 15; at 20, 22, 3 and 19.
pub const TRACKING_WEIGHT: f64 = 10.0;

/// Split the difference between `width` and a line's natural width between its spaces and
/// its tracking: spaces alone up to [`TRACKING_FROM_STRETCH`] of their stretch
/// ([`TRACKING_FROM_SHRINK`] of their shrink), then tracking up to its capacity, then spaces
/// again. With `tracking` off (ragged alignments) or a fil
/// line (last line of a paragraph), tracking stays 0.
pub fn adjust(width: f32, line: &LineSums, tracking: bool) -> Adjustment {
    let diff = width - line.natural;
    let none = |space| Adjustment { space, track: 0.0 };
    if diff.abs() < 1e-4 || (diff > 0.0 && line.fil) {
        return none(0.0);
    }
    let (room, sign) = if diff > 0.0 {
        (line.stretch, 1.0)
    } else {
        (line.shrink, -1.0)
    };
    let need = diff.abs();
    let cap = if tracking && !line.fil {
        line.track.max(0.0)
    } else {
        0.0
    };
    let comfortable = if diff > 0.0 {
        TRACKING_FROM_STRETCH
    } else {
        TRACKING_FROM_SHRINK
    } * room;
    // A line without spaces (one word) is not tracked either: it would be letter-spaced to
    // the measure; it stays at natural width, as the setter leaves it.
    if need <= comfortable || cap <= 0.0 || room <= 0.0 {
        return none(if room > 0.0 {
            diff / room
        } else {
            sign * f32::INFINITY
        });
    }
    let tracked = (need - comfortable).min(cap);
    let rest = need - tracked;
    let space = if rest < 1e-4 {
        0.0
    } else if room > 0.0 {
        sign * rest / room
    } else {
        sign * f32::INFINITY
    };
    Adjustment {
        space,
        track: sign * tracked / cap,
    }
}

/// Adjustment ratio of a line without tracking: > 0 stretches, < 0 shrinks, < −1 is overfull,
/// infinite when an underfull line cannot stretch.
fn ratio(width: f32, natural: f32, stretch: f32, shrink: f32, fil: bool) -> f32 {
    let diff = width - natural;
    if diff.abs() < 1e-4 {
        0.0
    } else if diff > 0.0 {
        if fil {
            0.0
        } else if stretch > 0.0 {
            diff / stretch
        } else {
            f32::INFINITY
        }
    } else if shrink > 0.0 {
        diff / shrink
    } else {
        f32::NEG_INFINITY
    }
}

/// TeX's badness: 100·|r|³, capped at [`INF_BAD`].
fn badness(r: f32) -> f64 {
    let r = f64::from(r.abs());
    if r.is_infinite() {
        INF_BAD
    } else {
        (100.0 * r * r * r).min(INF_BAD)
    }
}

/// 100·|r|³ without TeX's cap, so that among very loose lines the looser costs more; a line
/// with no stretch at all counts as ratio 10.
fn raw_badness(r: f32) -> f64 {
    let r = f64::from(r.abs()).min(10.0);
    100.0 * r * r * r
}

/// Demerits of a line looser than the tolerance in the final pass: more than any tolerable
/// solution can cost, so such a line is chosen only when nothing tolerable exists.
const BEYOND_TOLERANCE_DEMERITS: f64 = 1.0e9;

/// TeX's fitness classes: 0 very loose, 1 loose, 2 decent, 3 tight.
fn fitness(r: f32) -> u8 {
    if r > 1.0 {
        0
    } else if r > 0.5 {
        1
    } else if r >= -0.5 {
        2
    } else {
        3
    }
}

/// A feasible break remembered by the Knuth–Plass search.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Item index of the break (`usize::MAX` for the paragraph start).
    pos: usize,
    /// First item of the line that follows.
    start: usize,
    fitness: u8,
    flagged: bool,
    total: f64,
    prev: Option<usize>,
}

/// One Knuth–Plass pass. `None` when the active list runs dry (no feasible breaks at this
/// tolerance) and `final_pass` is off.
fn kp_pass(
    items: &[Item],
    sums: &Sums,
    settings: &Settings,
    tolerance: f32,
    hyphenate: bool,
    extra_stretch: f32,
    final_pass: bool,
) -> Option<(Vec<usize>, f64)> {
    let pass = KpPass {
        items,
        sums,
        settings,
        tolerance,
        hyphenate,
        extra_stretch,
        final_pass,
    };
    let n = items.len();
    let mut nodes = vec![Node {
        pos: usize::MAX,
        start: first_start(items, sums),
        fitness: 2,
        flagged: false,
        total: 0.0,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    for (b, item) in items.iter().enumerate() {
        if !pass.legal(b) {
            continue;
        }
        let (mut best, rescue) = pass.candidates(&nodes, &mut active, b);
        if final_pass && active.is_empty() && best.iter().all(Option::is_none) {
            // Nothing fits: set the line overfull rather than fail (TeX's artificial
            // demerits). The caller warns about it.
            if let Some(r) = rescue {
                best[2] = Some(r);
            }
        }
        let min = best
            .iter()
            .flatten()
            .map(|b| b.0)
            .fold(f64::INFINITY, f64::min);
        for (fit, cand) in best.iter().enumerate() {
            if let Some((total, a)) = *cand {
                // TeX keeps a class only if it could still win after adjacency demerits.
                if total <= min + ADJ_DEMERITS {
                    nodes.push(Node {
                        pos: b,
                        start: sums.next_start[b],
                        fitness: fit as u8,
                        flagged: item.is_flagged(),
                        total,
                        prev: Some(a),
                    });
                    active.push(nodes.len() - 1);
                }
            }
        }
        if active.is_empty() {
            return None;
        }
    }
    let best = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].pos + 1 == n)
        .min_by(|&a, &b| nodes[a].total.total_cmp(&nodes[b].total))?;
    Some((trace_back(&nodes, best), nodes[best].total))
}

/// The break positions of the chain of nodes ending at `best`, first to last.
fn trace_back(nodes: &[Node], best: usize) -> Vec<usize> {
    let mut positions = Vec::new();
    let mut cur = Some(best);
    while let Some(a) = cur {
        let node = nodes[a];
        if node.pos == usize::MAX {
            break;
        }
        positions.push(node.pos);
        cur = node.prev;
    }
    positions.reverse();
    positions
}

/// The best line ending per fitness class, `(total demerits, node)`.
type Best = [Option<(f64, usize)>; 4];

/// One pass of the Knuth–Plass algorithm over a paragraph's items.
struct KpPass<'a> {
    items: &'a [Item],
    sums: &'a Sums,
    settings: &'a Settings,
    tolerance: f32,
    hyphenate: bool,
    extra_stretch: f32,
    final_pass: bool,
}

impl KpPass<'_> {
    /// Whether item `b` is a legal break: glue after a box, or a finite penalty (a hyphen
    /// only when hyphenating).
    fn legal(&self, b: usize) -> bool {
        match self.items[b] {
            Item::Box { .. } => false,
            Item::Glue { .. } => b > 0 && self.items[b - 1].is_box(),
            Item::Penalty {
                cost, hyphenation, ..
            } => cost < INFINITE_PENALTY && (self.hyphenate || !hyphenation),
        }
    }

    /// The best line from each active node to break `b`, by fitness class; the active nodes
    /// a line to `b` would overfill (or a forced break ends) are removed. Also the cheapest
    /// such node, as a rescue when nothing fits.
    fn candidates(
        &self,
        nodes: &[Node],
        active: &mut Vec<usize>,
        b: usize,
    ) -> (Best, Option<(f64, usize)>) {
        let forced = self.items[b].is_forced();
        let background = self.settings.background_stretch + self.extra_stretch;
        let mut best: Best = [None; 4];
        let mut rescue: Option<(f64, usize)> = None;
        let mut i = 0;
        while i < active.len() {
            let a = active[i];
            let node = nodes[a];
            let line = self.sums.line(self.items, node.start, b);
            let with_background = LineSums {
                stretch: line.stretch + background,
                ..line
            };
            let adj = adjust(
                self.settings.width,
                &with_background,
                self.settings.tracking,
            );
            let r = adj.space;
            if r < -1.0 && rescue.is_none_or(|(d, _)| node.total < d) {
                rescue = Some((node.total, a));
            }
            // In the final pass a line looser than the tolerance is still feasible (at the
            // price of its badness): a loose line reads better than one that sticks out into
            // the margin, which is left only for a word wider than the measure.
            // Two hyphenated lines in a row are never a feasible choice before the final pass,
            // and there only the last resort.
            let double = self.items[b].is_flagged() && node.flagged;
            let feasible = ((-1.0..=self.tolerance).contains(&r)
                || (self.final_pass && r > self.tolerance))
                && (self.final_pass || !double);
            if feasible {
                let (fit, d) = self.demerits(&node, b, &line, adj, double);
                let total = node.total + d;
                let slot = &mut best[usize::from(fit)];
                if slot.is_none_or(|(t, _)| total < t) {
                    *slot = Some((total, a));
                }
            }
            if r < -1.0 || forced {
                active.remove(i);
            } else {
                i += 1;
            }
        }
        (best, rescue)
    }

    /// The fitness class and demerits of a feasible line from `node` to break `b`.
    fn demerits(
        &self,
        node: &Node,
        b: usize,
        line: &LineSums,
        adj: Adjustment,
        double: bool,
    ) -> (u8, f64) {
        let (items, sums, settings) = (self.items, self.sums, self.settings);
        let last = b + 1 == items.len();
        let cost = match items[b] {
            Item::Penalty { cost, .. } => f64::from(cost),
            _ => 0.0,
        };
        // The emergency stretch decides feasibility only; the demerits use the real
        // ratio, uncapped. (TeX also rates lines with the emergency stretch, which makes
        // a very loose line look cheaper than a hyphen: on a 7 cm measure it chose
        // spaces stretched 5–7 times over hyphenating.)
        let (adj, bad) = if self.extra_stretch > 0.0 {
            let real = adjust(
                settings.width,
                &LineSums {
                    stretch: line.stretch + settings.background_stretch,
                    ..*line
                },
                settings.tracking,
            );
            (real, raw_badness(real.space))
        } else {
            (adj, badness(adj.space))
        };
        let r = adj.space;
        // Tracking is dearer than spacing at the same ratio (see [`TRACKING_WEIGHT`]).
        let bad = bad + TRACKING_WEIGHT * badness(adj.track);
        let mut d = (LINE_PENALTY + bad).powi(2);
        if cost >= 0.0 {
            d += cost * cost;
        } else if cost > f64::from(FORCED_PENALTY) {
            d -= cost * cost;
        }
        if double {
            d += DOUBLE_HYPHEN_DEMERITS;
            if self.final_pass {
                d += FINAL_PASS_DOUBLE_HYPHEN_DEMERITS;
            }
        }
        if last && node.flagged {
            d += FINAL_HYPHEN_DEMERITS;
        }
        let fit = fitness(r);
        if fit.abs_diff(node.fitness) > 1 {
            d += ADJ_DEMERITS;
        }
        // (A one-word line after a forced break is the author's and cannot be helped.)
        if last
            && node.pos != usize::MAX
            && !items[node.pos].is_forced()
            && sums.spaces[b] == sums.spaces[node.start]
        {
            d += RUNT_DEMERITS;
        }
        if r > self.tolerance {
            // Beyond the tolerance (final pass only): a last resort, taken only where no
            // tolerable set of breaks exists, yet still before an overfull line.
            // By the cube of the excess: two lines a little too loose are better than one
            // far too loose (the widest word gap is what the eye sees).
            let excess = f64::from(r - self.tolerance);
            d += BEYOND_TOLERANCE_DEMERITS * excess.powi(3);
        }
        (fit, d)
    }
}

/// Whether the first pass's breaks are good enough to stop there: they must cost less than a
/// runt ([`RUNT_DEMERITS`]), so no runt, no soft tie and no line using most of its tracking
/// (badness 10·100·0.9³ at [`TRACKING_WEIGHT`]), which hyphenation may avoid. (TeX stops at
/// any feasible first pass; with tracking, many more paragraphs pass, some only that way.)
fn first_pass_ok(total: f64) -> bool {
    total < RUNT_DEMERITS
}

/// The breaks with the ratios of their lines, from the real stretch (no emergency stretch).
fn breaks(
    items: &[Item],
    sums: &Sums,
    settings: &Settings,
    positions: Vec<usize>,
    pass: Pass,
) -> Breaks {
    let mut start = first_start(items, sums);
    let (ratios, tracks) = positions
        .iter()
        .map(|&b| {
            let line = sums.line(items, start, b);
            start = sums.next_start[b];
            let adj = adjust(
                settings.width,
                &LineSums {
                    stretch: line.stretch + settings.background_stretch,
                    ..line
                },
                settings.tracking,
            );
            (adj.space, adj.track)
        })
        .unzip();
    Breaks {
        positions,
        ratios,
        tracks,
        pass,
    }
}

fn first_start(items: &[Item], sums: &Sums) -> usize {
    match items.first() {
        Some(Item::Glue { .. }) => sums.next_start[0],
        _ => 0,
    }
}

/// Break a paragraph with Knuth–Plass total fit, running TeX's passes: without hyphenation
/// at [`PRETOLERANCE_RATIO`], with hyphenation at [`TOLERANCE_RATIO`], then with the
/// emergency stretch accepting overfull lines, and finally first fit. Always returns breaks;
/// the items must end with a forced break (the caller appends fil glue and a forced penalty).
pub fn break_items(items: &[Item], settings: &Settings) -> Breaks {
    break_items_from(items, settings, Pass::NoHyphenation)
}

/// Only the first pass (no automatic hyphenation, [`PRETOLERANCE_RATIO`]). A caller can try
/// this before it spends time finding hyphenation points, as TeX does, and call
/// [`break_items_from`] with [`Pass::Hyphenation`] if it fails.
pub fn first_pass(items: &[Item], settings: &Settings) -> Option<Breaks> {
    if items.is_empty() {
        return Some(Breaks {
            positions: Vec::new(),
            ratios: Vec::new(),
            tracks: Vec::new(),
            pass: Pass::NoHyphenation,
        });
    }
    let sums = Sums::new(items);
    let (positions, total) = kp_pass(
        items,
        &sums,
        settings,
        PRETOLERANCE_RATIO,
        false,
        0.0,
        false,
    )?;
    if !first_pass_ok(total) {
        return None;
    }
    Some(breaks(
        items,
        &sums,
        settings,
        positions,
        Pass::NoHyphenation,
    ))
}

/// [`break_items`], starting at pass `from` (earlier passes are skipped).
pub fn break_items_from(items: &[Item], settings: &Settings, from: Pass) -> Breaks {
    if items.is_empty() {
        return Breaks {
            positions: Vec::new(),
            ratios: Vec::new(),
            tracks: Vec::new(),
            pass: Pass::NoHyphenation,
        };
    }
    let sums = Sums::new(items);
    let passes = [
        (Pass::NoHyphenation, PRETOLERANCE_RATIO, false, 0.0, false),
        (
            Pass::Hyphenation,
            TOLERANCE_RATIO,
            settings.hyphenate,
            0.0,
            false,
        ),
        (
            Pass::Emergency,
            TOLERANCE_RATIO,
            settings.hyphenate,
            settings.emergency_stretch,
            true,
        ),
    ];
    let skip = match from {
        Pass::NoHyphenation => 0,
        Pass::Hyphenation => 1,
        Pass::Emergency => 2,
        Pass::FirstFit => 3,
    };
    for (pass, tolerance, hyphenate, extra, final_pass) in passes.into_iter().skip(skip) {
        if let Some((positions, total)) = kp_pass(
            items, &sums, settings, tolerance, hyphenate, extra, final_pass,
        ) {
            if pass != Pass::NoHyphenation || first_pass_ok(total) {
                return breaks(items, &sums, settings, positions, pass);
            }
        }
    }
    let positions = first_fit(items, settings);
    breaks(items, &sums, settings, positions, Pass::FirstFit)
}

/// Greedy first fit: each line takes as much as fits (shrinking spaces if needed), like a word
/// processor. Returns the break positions; the last is the last item.
pub fn first_fit(items: &[Item], settings: &Settings) -> Vec<usize> {
    let n = items.len();
    if n == 0 {
        return Vec::new();
    }
    let sums = Sums::new(items);
    let mut positions = Vec::new();
    let mut start = first_start(items, &sums);
    let mut last_ok: Option<usize> = None;
    let fits = |start: usize, b: usize| {
        let line = sums.line(items, start, b);
        let shrink = line.shrink;
        ratio(
            settings.width,
            line.natural,
            line.stretch + settings.background_stretch,
            shrink,
            true,
        ) >= -1.0
    };
    for b in 0..n {
        let legal = match items[b] {
            Item::Box { .. } => false,
            Item::Glue { .. } => b > 0 && items[b - 1].is_box(),
            Item::Penalty {
                cost, hyphenation, ..
            } => cost < INFINITE_PENALTY && (settings.hyphenate || !hyphenation),
        };
        if !legal || b < start {
            continue;
        }
        if !fits(start, b) {
            if let Some(l) = last_ok.take() {
                positions.push(l);
                start = sums.next_start[l];
            }
            if !fits(start, b) {
                // A single item wider than the line: set it overfull.
                positions.push(b);
                start = sums.next_start[b];
                continue;
            }
        }
        if items[b].is_forced() {
            positions.push(b);
            start = sums.next_start[b];
            last_ok = None;
        } else {
            last_ok = Some(b);
        }
    }
    if positions.last() != Some(&(n - 1)) {
        positions.push(n - 1);
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic paragraph: words of the given widths separated by 3-pt spaces, ending with
    /// fil glue and a forced break. "-" inside a word marks a hyphenation point (hyphen 2 pt,
    /// each character 5 pt).
    fn para(words: &[&str]) -> Vec<Item> {
        tracked_para(words, 0.0)
    }

    /// [`para`] whose boxes may be tracked by `per_gap` pt per letter gap (a syllable before a
    /// hyphenation point brings the gap to the next syllable).
    fn tracked_para(words: &[&str], per_gap: f32) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                items.push(Item::space(3.0));
            }
            let syllables: Vec<&str> = w.split('-').collect();
            for (j, syl) in syllables.iter().enumerate() {
                if j > 0 {
                    items.push(Item::Penalty {
                        width: 2.0,
                        cost: HYPHEN_PENALTY,
                        flagged: true,
                        hyphenation: true,
                    });
                }
                let letters = syl.chars().count();
                let gaps = if j + 1 < syllables.len() {
                    letters
                } else {
                    letters.saturating_sub(1)
                };
                items.push(Item::Box {
                    width: letters as f32 * 5.0,
                    track: gaps as f32 * per_gap,
                });
            }
        }
        items.push(Item::fil());
        items.push(Item::forced_break());
        items
    }

    fn settings(width: f32) -> Settings {
        Settings {
            width,
            hyphenate: true,
            background_stretch: 0.0,
            emergency_stretch: 10.0,
            tracking: true,
        }
    }

    /// The words of each line, for readable assertions.
    fn lines(words: &[&str], items: &[Item], positions: &[usize]) -> Vec<usize> {
        let _ = words;
        // Count boxes per line.
        let mut out = Vec::new();
        let mut start = 0;
        for &p in positions {
            out.push(items[start..p].iter().filter(|i| i.is_box()).count());
            start = p + 1;
        }
        out
    }

    #[test]
    fn fits_on_one_line() {
        let items = para(&["aaaa", "bbb"]);
        let b = break_items(&items, &settings(100.0));
        assert_eq!(b.positions, vec![items.len() - 1], "one line");
        assert_eq!(b.pass, Pass::NoHyphenation, "first pass suffices");
        assert_eq!(b.ratios, vec![0.0], "last line at natural width");
    }

    #[test]
    fn first_pass_finds_even_lines() {
        // 6 words of 4 chars (20 pt) and 3-pt spaces; width 66 = 3 words (60) + 2 spaces
        // (6): exactly two lines of three.
        let words = ["aaaa"; 6];
        let items = para(&words);
        let b = break_items(&items, &settings(66.0));
        assert_eq!(
            lines(&words, &items, &b.positions),
            vec![3, 3],
            "3 + 3 words"
        );
        assert_eq!(b.pass, Pass::NoHyphenation, "no hyphenation needed");
        assert!(b.ratios[0].abs() < 1e-4, "first line exact: {:?}", b.ratios);
    }

    #[test]
    fn total_fit_beats_first_fit() {
        // First fit fills line 1 greedily and leaves a very loose line 2; total fit balances.
        let words = ["aaa", "bb", "aaa", "bbbbbbb", "cc"];
        let items = para(&words);
        let s = Settings {
            hyphenate: false,
            ..settings(50.0)
        };
        let ff = first_fit(&items, &s);
        let kp = break_items(&items, &s);
        let worst = |pos: &[usize]| {
            let sums = Sums::new(&items);
            breaks(&items, &sums, &s, pos.to_vec(), Pass::FirstFit)
                .ratios
                .iter()
                .rev()
                .skip(1)
                .fold(0.0f32, |m, r| m.max(r.abs()))
        };
        assert!(
            worst(&kp.positions) <= worst(&ff) + 1e-4,
            "Knuth–Plass {:?} (worst {}) should be no worse than first fit {:?} (worst {})",
            kp.positions,
            worst(&kp.positions),
            ff,
            worst(&ff)
        );
    }

    #[test]
    fn hyphenation_only_in_second_pass() {
        // "bbbb aaaa-" is 45 pt; without the hyphen "bbbb" alone is hopelessly loose and
        // "bbbb aaaaaaaa" (63 pt) overfull.
        let words = ["bbbb", "aaaa-aaaa", "cc"];
        let items = para(&words);
        let b = break_items(&items, &settings(46.0));
        assert_eq!(
            b.pass,
            Pass::Hyphenation,
            "needs the hyphenation pass: {b:?}"
        );
        let hyph = b
            .positions
            .iter()
            .filter(|&&p| items[p].is_flagged())
            .count();
        assert_eq!(hyph, 1, "one hyphenated line: {b:?}");
    }

    #[test]
    fn overfull_word_is_set_and_breaking_continues() {
        let words = ["aa", "bbbbbbbbbbbbbbbbbbbb", "cc", "dd"];
        let items = para(&words);
        let b = break_items(&items, &settings(40.0));
        assert_eq!(
            b.pass,
            Pass::Emergency,
            "only the final pass accepts overfull"
        );
        assert!(
            b.ratios.iter().any(|r| *r < -1.0),
            "one line is overfull: {:?}",
            b.ratios
        );
        assert_eq!(
            *b.positions.last().unwrap_or(&0),
            items.len() - 1,
            "ends at end"
        );
        let ff = first_fit(&items, &settings(40.0));
        assert_eq!(*ff.last().unwrap_or(&0), items.len() - 1, "first fit too");
    }

    #[test]
    fn consecutive_hyphens_are_avoided() {
        // Each line can end either hyphenated (tight fit) or not (a little loose); with the
        // double-hyphen demerits the breaker must not hyphenate two lines in a row wherever a
        // tolerable set of breaks exists (where none does, the final pass takes loose lines
        // rather than overfull ones, and then a double hyphen may be the lesser evil).
        let words = [
            "aaaa", "aa-aaaa", "aaa", "aa-aaaa", "aaa", "aa-aaaa", "aaa", "aaaa",
        ];
        let items = para(&words);
        let mut hyphenated_somewhere = false;
        for width in 55..=90 {
            let b = break_items(&items, &settings(width as f32));
            if b.pass == Pass::Emergency {
                continue;
            }
            let flags: Vec<bool> = b.positions.iter().map(|&p| items[p].is_flagged()).collect();
            hyphenated_somewhere |= flags.iter().any(|f| *f);
            assert!(
                !flags.windows(2).any(|w| w[0] && w[1]),
                "width {width}: no two hyphenated lines in a row: {flags:?} ({b:?})"
            );
        }
        assert!(
            hyphenated_somewhere,
            "some width needs hyphenation, so the rule was exercised"
        );
    }

    #[test]
    fn loose_lines_are_preferred_to_overfull_ones() {
        let words = [
            "aaaa", "aa-aaaa", "aaa", "aa-aaaa", "aaa", "aa-aaaa", "aaa", "aaaa",
        ];
        let items = para(&words);
        let b = break_items(&items, &settings(63.0));
        assert!(
            b.ratios.iter().all(|r| *r >= -1.0),
            "no line is overfull when a looser set of breaks exists: {b:?}"
        );
    }

    #[test]
    fn forced_breaks_and_empty_lines() {
        let mut items = vec![Item::word(10.0), Item::fil(), Item::forced_break()];
        items.extend([Item::fil(), Item::forced_break()]);
        items.extend([Item::word(10.0), Item::fil(), Item::forced_break()]);
        let b = break_items(&items, &settings(100.0));
        assert_eq!(
            b.positions,
            vec![2, 4, 7],
            "two hard breaks give an empty line"
        );
        assert!(
            b.ratios.iter().all(|r| *r == 0.0),
            "natural width: {:?}",
            b.ratios
        );
    }

    #[test]
    fn runt_is_avoided_when_cheap() {
        // 33 two-letter words (10 pt) with 3-pt spaces (shrink 1.5 pt); 16 words (205 pt)
        // shrink into a 190-pt line, 17 (194 pt at full shrink) do not, so first fit gives
        // 16 + 16 + 1. Carrying a word down costs looser lines, but no line beyond tolerance.
        let words = ["aa"; 33];
        let items = para(&words);
        let s = Settings {
            hyphenate: false,
            ..settings(190.0)
        };
        let ff = first_fit(&items, &s);
        assert_eq!(
            lines(&words, &items, &ff),
            vec![16, 16, 1],
            "first fit leaves a runt"
        );
        let b = break_items(&items, &s);
        let kp = lines(&words, &items, &b.positions);
        assert!(
            kp.last() > Some(&1),
            "Knuth–Plass carries a second word down: {kp:?}"
        );
    }

    #[test]
    fn empty_and_all_glue() {
        assert_eq!(
            break_items(&[], &settings(10.0)).positions,
            Vec::<usize>::new(),
            "empty"
        );
        let items = [Item::space(3.0), Item::fil(), Item::forced_break()];
        assert_eq!(
            break_items(&items, &settings(10.0)).positions,
            vec![2],
            "blank"
        );
    }

    /// A soft tie (an abbreviation before a long identifier) breaks only where no tolerable
    /// set of breaks exists without it.
    #[test]
    fn soft_tie_is_a_last_resort() {
        // "aaaa bb cc" with the space after "bb" softly tied.
        let build = |tied: bool| {
            let mut items = vec![Item::word(20.0), Item::space(3.0)];
            items.push(Item::word(10.0));
            if tied {
                items.push(Item::Penalty {
                    width: 0.0,
                    cost: SOFT_TIE_PENALTY,
                    flagged: false,
                    hyphenation: false,
                });
            }
            items.push(Item::space(3.0));
            items.extend([Item::word(10.0), Item::fil(), Item::forced_break()]);
            items
        };
        // 34 pt: "aaaa bb" fits exactly; breaking before "bb" instead leaves "aaaa" hopelessly
        // loose, so the tie gives way.
        let items = build(true);
        let b = break_items(&items, &settings(33.0));
        assert_eq!(
            b.positions[0], 3,
            "breaks at the soft tie as a last resort: {b:?}"
        );
        // Untied, the same break is at the space after "bb" (one item further).
        let free = break_items(&build(false), &settings(33.0));
        assert_eq!(free.positions[0], 3, "{free:?}");
        // With room for everything, nothing breaks at all.
        let b = break_items(&items, &settings(60.0));
        assert_eq!(b.positions.len(), 1);
    }

    /// Two hyphens in a row are forbidden before the final pass, and in the final pass cost
    /// more than a line somewhat beyond the tolerance.
    #[test]
    fn no_double_hyphen_when_a_loose_line_is_possible() {
        let words = [
            "aaaa", "aa-aaaa", "aaa", "aa-aaaa", "aaa", "aa-aaaa", "aaa", "aaaa",
        ];
        let items = para(&words);
        for width in 55..=90 {
            let b = break_items(&items, &settings(width as f32));
            let flags: Vec<bool> = b.positions.iter().map(|&p| items[p].is_flagged()).collect();
            let loose_enough = b.ratios.iter().all(|r| *r <= TOLERANCE_RATIO + 0.67);
            assert!(
                !flags.windows(2).any(|w| w[0] && w[1]) || !loose_enough,
                "width {width}: {flags:?} {b:?}"
            );
        }
    }

    /// A line sum for [`adjust`]: 10 pt of stretch and of shrink, 5 pt of tracking.
    fn line(natural: f32, fil: bool) -> LineSums {
        LineSums {
            natural,
            stretch: 10.0,
            shrink: 10.0,
            track: 5.0,
            fil,
        }
    }

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn spaces_first_then_tracking_then_spaces() {
        // Within the comfortable stretch: spaces only.
        let a = adjust(100.0, &line(95.0, false), true);
        assert!(close(a.space, 0.5) && a.track == 0.0, "{a:?}");
        // 13 pt: spaces stretch to TRACKING_FROM_STRETCH (10 pt), tracking takes 3 of 5.
        let a = adjust(100.0, &line(87.0, false), true);
        assert!(
            close(a.space, TRACKING_FROM_STRETCH) && close(a.track, 3.0 / 5.0),
            "{a:?}"
        );
        // 20 pt: tracking is used up (5 pt), the spaces take the other 15.
        let a = adjust(100.0, &line(80.0, false), true);
        assert!(close(a.space, 1.5) && close(a.track, 1.0), "{a:?}");
        // Shrinking: spaces to TRACKING_FROM_SHRINK, then tracking, then spaces to −1.
        let a = adjust(100.0, &line(105.0, false), true);
        assert!(close(a.space, -0.5) && a.track == 0.0, "{a:?}");
        let a = adjust(100.0, &line(109.0, false), true);
        let rest = 9.0 - 10.0 * TRACKING_FROM_SHRINK;
        assert!(
            close(a.space, -TRACKING_FROM_SHRINK) && close(a.track, -rest / 5.0),
            "{a:?}"
        );
        let a = adjust(100.0, &line(115.0, false), true);
        assert!(close(a.space, -1.0) && close(a.track, -1.0), "{a:?}");
        // Overfull even so: the spaces say it (< −1), tracking stays at its limit.
        let a = adjust(100.0, &line(130.0, false), true);
        assert!(a.space < -1.0 && close(a.track, -1.0), "{a:?}");
        // Without tracking, the ratio of the spaces alone.
        let a = adjust(100.0, &line(87.0, false), false);
        assert!(close(a.space, 1.3) && a.track == 0.0, "{a:?}");
        // A line without spaces (one word) is not tracked: infinitely loose or overfull.
        let bare = LineSums {
            stretch: 0.0,
            shrink: 0.0,
            ..line(97.0, false)
        };
        let a = adjust(100.0, &bare, true);
        assert!(a.space == f32::INFINITY && a.track == 0.0, "{a:?}");
        let over = LineSums {
            natural: 103.0,
            ..bare
        };
        let a = adjust(100.0, &over, true);
        assert!(a.space == f32::NEG_INFINITY && a.track == 0.0, "{a:?}");
    }

    #[test]
    fn tracking_is_bounded() {
        for natural in (0..400).map(|n| n as f32 * 0.5) {
            let a = adjust(100.0, &line(natural, false), true);
            assert!(
                (-1.0..=1.0).contains(&a.track),
                "natural {natural}: tracking {a:?} within its limit"
            );
            if a.track.abs() > 0.0 && a.track.abs() < 1.0 {
                assert!(
                    close(a.space, TRACKING_FROM_STRETCH) || close(a.space, -TRACKING_FROM_SHRINK),
                    "natural {natural}: tracking only once the spaces are at their limit: {a:?}"
                );
            }
        }
    }

    #[test]
    fn last_lines_are_not_tracked() {
        // A last line (fil) is set at natural width, and shrinks only by its spaces.
        let a = adjust(100.0, &line(60.0, true), true);
        assert_eq!(
            a,
            Adjustment {
                space: 0.0,
                track: 0.0
            }
        );
        let a = adjust(100.0, &line(109.0, true), true);
        assert!(close(a.space, -0.9) && a.track == 0.0, "{a:?}");
    }

    /// Three four-letter words (66 pt with two spaces, 3 pt of stretch and of shrink, 9 letter
    /// gaps of 0.5 pt) on a line, two five-letter words on the last.
    fn three_and_two() -> Vec<Item> {
        tracked_para(&["aaaa", "aaaa", "aaaa", "bbbbb", "bbbbb"], 0.5)
    }

    #[test]
    fn a_line_beyond_the_stretch_is_tracked() {
        let items = three_and_two();
        // 71 pt: 5 pt to add, 3 from the spaces (ratio 1), 2 from tracking.
        let s = Settings {
            hyphenate: false,
            ..settings(71.0)
        };
        let b = break_items(&items, &s);
        assert_eq!(lines(&[], &items, &b.positions), vec![3, 2], "{b:?}");
        assert_eq!(b.pass, Pass::NoHyphenation, "tracking keeps the first pass");
        assert!(
            close(b.ratios[0], 1.0) && close(b.tracks[0], 2.0 / 4.5),
            "spaces full, tracking the rest: {b:?}"
        );
        assert!(
            b.ratios[1] == 0.0 && b.tracks[1] == 0.0,
            "last line natural and untracked: {b:?}"
        );
        // Without tracking the same line is beyond the tolerance (ratio 5/3).
        let plain = break_items(
            &items,
            &Settings {
                tracking: false,
                ..s
            },
        );
        assert_eq!(plain.pass, Pass::Emergency, "{plain:?}");
        assert!(close(plain.ratios[0], 5.0 / 3.0) && plain.tracks.iter().all(|t| *t == 0.0));
        // 62 pt: 4 pt to take away, 2.1 from the spaces, 1.9 from tracking; without
        // tracking the line would be overfull.
        let b = break_items(&items, &settings(62.0));
        assert_eq!(lines(&[], &items, &b.positions), vec![3, 2], "{b:?}");
        assert_eq!(b.pass, Pass::NoHyphenation, "{b:?}");
        assert!(
            close(b.ratios[0], -TRACKING_FROM_SHRINK) && close(b.tracks[0], -1.9 / 4.5),
            "{b:?}"
        );
    }

    #[test]
    fn ragged_lines_are_not_tracked() {
        let items = three_and_two();
        let s = Settings {
            background_stretch: 30.0,
            tracking: false,
            ..settings(71.0)
        };
        let b = break_items(&items, &s);
        assert!(b.tracks.iter().all(|t| *t == 0.0), "{b:?}");
    }

    #[test]
    fn heavy_tracking_is_dearer_than_a_hyphen() {
        // Line 1 is either "aaaaaa aaaaaa" (63 pt: 1.5 pt of stretch, 5 pt of tracking) or,
        // hyphenated, "aaaaaa aaaaaa a-" (73 pt: 3 pt of shrink, 5.5 pt of tracking).
        let items = tracked_para(&["aaaaaa", "aaaaaa", "a-aaaaaaa", "bbbbb"], 0.5);
        let hyphens = |b: &Breaks| {
            b.positions
                .iter()
                .filter(|&&p| items[p].is_flagged())
                .count()
        };
        // At 69 pt the unhyphenated line needs 90 % of its tracking, the hyphenated one 35 %:
        // the hyphen wins.
        let b = break_items(&items, &settings(69.0));
        assert_eq!(hyphens(&b), 1, "{b:?}");
        assert!(b.tracks[0] < 0.0 && b.tracks[0] > -0.5, "{b:?}");
        // At 66 pt the unhyphenated line needs 30 % of its tracking: no hyphen.
        let b = break_items(&items, &settings(66.0));
        assert_eq!(hyphens(&b), 0, "{b:?}");
        assert!(b.tracks[0] > 0.0 && b.tracks[0] < 0.5, "{b:?}");
    }
}
