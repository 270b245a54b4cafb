use std::collections::hash_map::Entry;
use std::collections::HashMap;

use fontdb::Database;
use krilla::color::rgb;
use krilla::geom::Point;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::{FontRef, MetadataProvider};
use smallvec::SmallVec;
use usvg::tiny_skia_path::Transform;
use usvg::{FontOpticalSizing, FontVariation, PaintOrder};

use crate::util::{convert_fill, convert_stroke, UsvgTransformExt};
use crate::{path, ProcessContext};

/// Render a text into a surface.
pub(crate) fn render(
    text: &usvg::Text,
    surface: &mut Surface,
    process_context: &mut ProcessContext,
) {
    for span in text.layouted() {
        if !span.visible {
            continue;
        }

        if let Some(overline) = &span.overline {
            path::render(overline, surface, process_context);
        }

        if let Some(underline) = &span.underline {
            path::render(underline, surface, process_context);
        }

        // letterpress patch: glyphs set along one baseline in one font and a solid fill are
        // drawn as one run (one text object with positioned glyphs) instead of one transformed
        // text object per glyph, which cost about ten times as much to write and to read.
        let glyphs = &span.positioned_glyphs;
        let mut i = 0;
        while i < glyphs.len() {
            match baseline_run(span, &glyphs[i..], process_context) {
                Some(run) => {
                    let n = run.xs.len();
                    render_run(span, &glyphs[i..i + n], run, surface, process_context);
                    i += n;
                }
                None => {
                    render_glyph(span, &glyphs[i], surface, process_context);
                    i += 1;
                }
            }
        }

        if let Some(line_through) = &span.line_through {
            path::render(line_through, surface, process_context);
        }
    }
}

/// Draw one glyph with its own transform (krilla-svg's way for every glyph).
fn render_glyph(
    span: &usvg::layout::Span,
    glyph: &usvg::layout::PositionedGlyph,
    surface: &mut Surface,
    process_context: &mut ProcessContext,
) {
    // Ignore glyph if font can't be fetched.
    let Some(font) = process_context.fonts.retrieve(span, glyph.font) else {
        return;
    };

    let upem = font.units_per_em();

    // The text transform contains the scale transform `font_size / upem`, we need to invert that
    // so we only get the raw transform to account for the glyph position, and the font size
    // is being taken care of by krilla.
    let transform = glyph.transform().pre_concat(Transform::from_scale(
        upem / span.font_size.get(),
        upem / span.font_size.get(),
    ));

    let Some(inverted) = transform.invert() else {
        return;
    };

    // We need to apply the inverse transform to fill/stroke because we don't
    // want the paint to be affected by the transform applied to the glyph. See docs
    // of `convert_paint`.
    let fill = span
        .fill
        .as_ref()
        .map(|f| convert_fill(f, surface.stream_builder(), process_context, inverted));

    let stroke = span
        .stroke
        .as_ref()
        .map(|s| convert_stroke(s, surface.stream_builder(), process_context, inverted));

    let draw_op = |s: &mut Surface,
                   fill: Option<Fill>,
                   stroke: Option<Stroke>,
                   font: Font,
                   embed_text: bool| {
        s.set_fill(fill);
        s.set_stroke(stroke);

        s.draw_glyphs(
            Point::from_xy(0.0, 0.0),
            &[KrillaGlyph::new(
                GlyphId::new(glyph.id.0 as u32),
                // Don't care about those, since we render only one glyph.
                0.0,
                0.0,
                0.0,
                0.0,
                0..glyph.text.len(),
                None,
            )],
            font,
            &glyph.text,
            span.font_size.get(),
            !embed_text,
        );
    };

    surface.push_transform(&transform.to_krilla());

    if fill.is_none() && stroke.is_none() {
        // Emulate invisible glyph by drawing it with an opacity of zero.
        draw_op(
            surface,
            Some(Fill {
                paint: rgb::Color::new(0, 0, 0).into(),
                opacity: NormalizedF32::ZERO,
                rule: Default::default(),
            }),
            None,
            font,
            process_context.svg_settings.embed_text,
        )
    } else if matches!(span.paint_order, PaintOrder::FillAndStroke)
        || fill.is_none()
        || stroke.is_none()
    {
        draw_op(
            surface,
            fill,
            stroke,
            font.clone(),
            process_context.svg_settings.embed_text,
        );
    } else {
        // Paint order stroke and fill, and we have BOTH, a fill and
        // stroke.

        // We always draw the text outlined in this case, so that
        // text won't be embedded twice.
        draw_op(surface, None, stroke, font.clone(), false);

        draw_op(
            surface,
            fill,
            None,
            font.clone(),
            process_context.svg_settings.embed_text,
        );
    }

    surface.pop();
}

/// How far from exact a glyph's transform may be and still count as set on the run's baseline
/// (letterpress patch), in user units (translation) and as a factor (scale and skew).
const BASELINE_EPS: f32 = 1e-3;

/// The transform krilla-svg draws a glyph with: the glyph's own, with the font size left to
/// krilla.
fn glyph_transform(glyph: &usvg::layout::PositionedGlyph, upem: f32, font_size: f32) -> Transform {
    glyph
        .transform()
        .pre_concat(Transform::from_scale(upem / font_size, upem / font_size))
}

/// Glyphs drawn as one run (letterpress patch): their font, the first glyph's transform and
/// each glyph's x position along its baseline.
struct Run {
    font: Font,
    transform: Transform,
    xs: Vec<f32>,
}

/// The longest run of glyphs from the first that can be drawn as one (letterpress patch): one
/// font, a solid fill and no stroke, each glyph's transform the first one's moved forward
/// along its baseline. `None` when the first glyph is to be drawn alone.
fn baseline_run(
    span: &usvg::layout::Span,
    glyphs: &[usvg::layout::PositionedGlyph],
    process_context: &mut ProcessContext,
) -> Option<Run> {
    let solid = span.stroke.is_none()
        && span
            .fill
            .as_ref()
            .is_some_and(|f| matches!(f.paint(), usvg::Paint::Color(_)));
    let first = glyphs.first().filter(|_| solid && glyphs.len() > 1)?;
    let font = process_context.fonts.retrieve(span, first.font)?;
    let (upem, size) = (font.units_per_em(), span.font_size.get());
    let transform = glyph_transform(first, upem, size);
    let inverse = transform.invert()?;
    let mut xs = vec![0.0];
    for glyph in &glyphs[1..] {
        if glyph.font != first.font {
            break;
        }
        let m = inverse.pre_concat(glyph_transform(glyph, upem, size));
        let last = xs[xs.len() - 1];
        let along = (m.sx - 1.0).abs() < BASELINE_EPS
            && (m.sy - 1.0).abs() < BASELINE_EPS
            && m.kx.abs() < BASELINE_EPS
            && m.ky.abs() < BASELINE_EPS
            && m.ty.abs() < BASELINE_EPS
            && m.tx.is_finite()
            && m.tx >= last - BASELINE_EPS;
        if !along {
            break;
        }
        xs.push(m.tx);
    }
    (xs.len() > 1).then_some(Run {
        font,
        transform,
        xs,
    })
}

/// Draw `glyphs` (a [`baseline_run`]) as one glyph run in the first glyph's transform
/// (letterpress patch).
fn render_run(
    span: &usvg::layout::Span,
    glyphs: &[usvg::layout::PositionedGlyph],
    run: Run,
    surface: &mut Surface,
    process_context: &mut ProcessContext,
) {
    let Run {
        font,
        transform,
        xs,
    } = run;
    let first = &glyphs[0];
    let (upem, size) = (font.units_per_em(), span.font_size.get());
    let Some(inverted) = transform.invert() else {
        return;
    };
    let fill = span
        .fill
        .as_ref()
        .map(|f| convert_fill(f, surface.stream_builder(), process_context, inverted));
    let mut text = String::new();
    let mut drawn = Vec::with_capacity(glyphs.len());
    for (k, glyph) in glyphs.iter().enumerate() {
        let start = text.len();
        text.push_str(&glyph.text);
        // In ems: the distance to the next glyph, and the last glyph's own advance (for the
        // bounding box krilla computes from the advances).
        let advance = match xs.get(k + 1) {
            Some(next) => (next - xs[k]) / size,
            None => process_context
                .fonts
                .advance(first.font, glyph.id.0)
                .map_or(0.0, |a| a / upem),
        };
        drawn.push(KrillaGlyph::new(
            GlyphId::new(glyph.id.0 as u32),
            advance,
            0.0,
            0.0,
            0.0,
            start..text.len(),
            None,
        ));
    }
    surface.push_transform(&transform.to_krilla());
    surface.set_fill(fill);
    surface.set_stroke(None);
    surface.draw_glyphs(
        Point::from_xy(0.0, 0.0),
        &drawn,
        font,
        &text,
        size,
        !process_context.svg_settings.embed_text,
    );
    surface.pop();
}

/// Manages the krilla fonts used by an SVG.
pub(crate) struct Fonts<'a> {
    db: &'a mut Database,
    fonts: HashMap<FontInstance, Option<Font>>,
    supported_axes: HashMap<fontdb::ID, SmallVec<[[u8; 4]; 2]>>,
}

/// Identifies a font at specific variation coordinates.
type FontInstance = (fontdb::ID, FontVariations);
type FontVariations = SmallVec<[FontVariation; 2]>;

impl<'a> Fonts<'a> {
    pub(crate) fn new(db: &'a mut Database) -> Self {
        Self {
            db,
            fonts: HashMap::new(),
            supported_axes: HashMap::new(),
        }
    }

    /// Retrieves the font identified by `id` from the cache or loads it.
    fn retrieve(&mut self, span: &usvg::layout::Span, id: fontdb::ID) -> Option<Font> {
        let variations = self.resolve_variations(span, id);
        match self.fonts.entry((id, variations)) {
            Entry::Occupied(entry) => entry.get().clone(),
            Entry::Vacant(entry) => {
                let font = if let Some((font_data, index)) =
                    unsafe { self.db.make_shared_face_data(id) }
                {
                    let variations = &entry.key().1;
                    let coords: SmallVec<[_; 2]> = variations
                        .iter()
                        .map(|var| (krilla::text::Tag::new(&var.tag), var.value))
                        .collect();
                    Font::new_variable(font_data.into(), index, &coords)
                } else {
                    None
                };

                entry.insert(font.clone());
                font
            }
        }
    }

    /// A glyph's advance in font units at the default location (letterpress patch).
    fn advance(&mut self, id: fontdb::ID, glyph: u16) -> Option<f32> {
        self.db
            .with_face_data(id, |data, index| {
                FontRef::from_index(data, index).ok().and_then(|font| {
                    font.glyph_metrics(
                        skrifa::instance::Size::unscaled(),
                        skrifa::instance::LocationRef::default(),
                    )
                    .advance_width(skrifa::GlyphId::new(u32::from(glyph)))
                })
            })
            .flatten()
    }

    /// Resolves which variations are applicable for the given font (filtering out undefined axis
    /// values and taking into account optical sizing).
    fn resolve_variations(&mut self, span: &usvg::layout::Span, id: fontdb::ID) -> FontVariations {
        let supported_axes = self.supported_axes.entry(id).or_insert_with(|| {
            self.db
                .with_face_data(id, |data, index| {
                    FontRef::from_index(data, index)
                        .into_iter()
                        .flat_map(|font| font.axes().iter())
                        .map(|axis| axis.tag().to_be_bytes())
                        .collect()
                })
                .unwrap_or_default()
        });
        let is_supported = |tag| supported_axes.contains(tag);

        let mut variations: FontVariations = span
            .variations
            .iter()
            .filter(|var| is_supported(&var.tag))
            .copied()
            .collect();

        // Set the font size for optical sizing if desired, supported, and not manually set.
        const OPSZ: &[u8; 4] = b"opsz";
        if span.font_optical_sizing == FontOpticalSizing::Auto
            && is_supported(OPSZ)
            && !variations.iter().any(|v| v.tag == *OPSZ)
        {
            variations.push(FontVariation {
                tag: *OPSZ,
                value: span.font_size.get(),
            });
        }

        variations
    }
}
