//! Page images: the PDF we wrote, read back and drawn by hayro (a pure-Rust PDF rasteriser by
//! krilla's author), each page encoded as an 8-bit RGB PNG with its resolution recorded. No
//! system tool is involved, so `render --format png` works wherever the binary runs.
//!
//! It lives in the CLI, not the library: hayro and its font and image stack are a heavy build
//! for the many embedders who only want PDFs, and a program that wants pixels can run hayro
//! on `Rendered::output.pdf` in a dozen lines, as this module does.

use std::path::{Path, PathBuf};

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::vello_cpu::peniko::ImageAlphaType;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

use crate::Failure;

/// Draw every page of `pdf` at `dpi` on white, each as a PNG file. (`--dpi` stops at 600: a
/// Letter page is then 5100 × 6600 pixels, 135 MB while it is drawn; more gives nothing a
/// screen or a printer can use, and hayro's pixmaps are at most 65 535 pixels wide.)
pub(crate) fn pages(pdf: &[u8], dpi: u32) -> Result<Vec<Vec<u8>>, Failure> {
    let doc = Pdf::new(pdf.to_vec()).map_err(|e| {
        Failure::Io(format!(
            "cannot read back the PDF just written to draw its pages ({e:?}); this is a bug in letterpress — render with --format pdf and report it"
        ))
    })?;
    let scale = dpi as f32 / 72.0;
    let cache = RenderCache::new();
    let interpreter = InterpreterSettings::default();
    let pixmap = PixmapSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: WHITE,
    };
    doc.pages()
        .iter()
        .map(|page| {
            let drawn = hayro::render(
                page,
                &cache,
                &interpreter,
                &RenderSettings::default(),
                &pixmap,
            );
            encode(drawn, dpi)
        })
        .collect()
}

/// Encode an opaque pixmap as an RGB PNG carrying its resolution (pHYs, pixels per metre).
fn encode(pixmap: hayro::vello_cpu::Pixmap, dpi: u32) -> Result<Vec<u8>, Failure> {
    let (width, height) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    // On a white background every pixel is opaque: premultiplied RGBA is plain RGBA.
    let rgba = pixmap.take_rgba8(ImageAlphaType::AlphaPremultiplied);
    let rgb: Vec<u8> = rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut png = Vec::new();
    let fail = |e: png::EncodingError| Failure::Io(format!("cannot encode a page image: {e}"));
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(&rgb).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(png)
}

/// The placeholders of an output name, as Typst has them: `{n}` and `{0p}` the page number
/// zero-padded to the width of the page count (`01` … `12`), `{p}` the page number, `{t}` the
/// page count.
const PAGE_PLACEHOLDERS: [&str; 3] = ["{n}", "{0p}", "{p}"];

/// Whether an output name holds a page-number placeholder.
pub(crate) fn has_page_number(template: &Path) -> bool {
    template
        .to_str()
        .is_some_and(|t| PAGE_PLACEHOLDERS.iter().any(|p| t.contains(p)))
}

/// The file of page `page` (1-based) of `total`, from an output name (see [`PAGE_PLACEHOLDERS`]).
pub(crate) fn page_path(template: &Path, page: usize, total: usize) -> PathBuf {
    let Some(t) = template.to_str() else {
        return template.to_path_buf();
    };
    let width = total.to_string().len();
    let padded = format!("{page:0width$}");
    PathBuf::from(
        t.replace("{n}", &padded)
            .replace("{0p}", &padded)
            .replace("{p}", &page.to_string())
            .replace("{t}", &total.to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_padded_to_the_width_of_the_page_count() {
        let t = Path::new("out/page-{n}.png");
        assert_eq!(page_path(t, 3, 9), Path::new("out/page-3.png"));
        assert_eq!(page_path(t, 3, 12), Path::new("out/page-03.png"));
        assert_eq!(
            page_path(Path::new("{p}-of-{t}.png"), 3, 12),
            Path::new("3-of-12.png")
        );
        assert_eq!(
            page_path(Path::new("x-{0p}.png"), 7, 100),
            Path::new("x-007.png")
        );
        assert!(has_page_number(t));
        assert!(!has_page_number(Path::new("letter.png")));
        assert!(!has_page_number(Path::new("total-{t}.png")));
    }
}
