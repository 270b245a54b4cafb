//! Where artwork puts ink: the part of an image's box that is not blank, as fractions of the
//! box. Vector artwork (SVG, converted PDF pages) by its drawn bounds; PNG and JPEG by their
//! pixels, where fully transparent and near-white pixels leave the paper as it is.

use crate::resolve::{Content, ImageData, ImageFormat};

/// A pixel at least this light in every channel is paper (a scan's or JPEG's off-white).
const PAPER: u8 = 248;
/// A pixel at most this opaque is paper.
const CLEAR: u8 = 16;

/// The inked part of an image: left, top, right, bottom, each 0–1 of the box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    /// Left edge, as a share of the width.
    pub x0: f32,
    /// Top edge, as a share of the height.
    pub y0: f32,
    /// Right edge, as a share of the width.
    pub x1: f32,
    /// Bottom edge, as a share of the height.
    pub y1: f32,
}

/// The ink of `image`; `bytes` are the raster file's (not needed for vectors). `None`: blank,
/// or a raster file that cannot be decoded again (then the whole box counts).
pub fn ink(image: &ImageData, bytes: Option<&[u8]>) -> Option<Ink> {
    match &image.image {
        Content::Vector(tree) => vector(tree),
        Content::Raster(_) => {
            let bytes = bytes?;
            let (w, h, rgba) = match image.format {
                ImageFormat::Png => png_rgba(bytes)?,
                ImageFormat::Jpeg => jpeg_rgba(bytes)?,
                _ => return None,
            };
            raster(w, h, &rgba)
        }
    }
}

fn vector(tree: &usvg::Tree) -> Option<Ink> {
    let b = tree.root().abs_stroke_bounding_box();
    let (w, h) = (tree.size().width(), tree.size().height());
    if b.width() <= 0.0 && b.height() <= 0.0 {
        return None;
    }
    Some(Ink {
        x0: (b.left() / w).clamp(0.0, 1.0),
        y0: (b.top() / h).clamp(0.0, 1.0),
        x1: (b.right() / w).clamp(0.0, 1.0),
        y1: (b.bottom() / h).clamp(0.0, 1.0),
    })
}

/// The inked part of `w` × `h` RGBA pixels.
pub(crate) fn raster(w: usize, h: usize, rgba: &[u8]) -> Option<Ink> {
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (i, px) in rgba.chunks_exact(4).enumerate().take(w * h) {
        let blank = px[3] <= CLEAR || (px[0] >= PAPER && px[1] >= PAPER && px[2] >= PAPER);
        if !blank {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x + 1);
            y1 = y1.max(y + 1);
        }
    }
    (x0 != usize::MAX).then(|| Ink {
        x0: x0 as f32 / w as f32,
        y0: y0 as f32 / h as f32,
        x1: x1 as f32 / w as f32,
        y1: y1 as f32 / h as f32,
    })
}

fn png_rgba(bytes: &[u8]) -> Option<(usize, usize, Vec<u8>)> {
    let mut d = png::Decoder::new(std::io::Cursor::new(bytes));
    d.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut r = d.read_info().ok()?;
    let mut buf = vec![0; r.output_buffer_size()?];
    let info = r.next_frame(&mut buf).ok()?;
    let (w, h) = (info.width as usize, info.height as usize);
    let px = &buf[..info.buffer_size()];
    let rgba = match info.color_type {
        png::ColorType::Rgba => px.to_vec(),
        png::ColorType::Rgb => px
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => px
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => px.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => return None,
    };
    Some((w, h, rgba))
}

fn jpeg_rgba(bytes: &[u8]) -> Option<(usize, usize, Vec<u8>)> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGBA);
    let mut d = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let px = d.decode().ok()?;
    let (w, h) = d.dimensions()?;
    Some((w, h, px))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_pixels_leave_the_paper() {
        // 4 × 2: a transparent pixel, white, then ink at (2, 1) only.
        let mut px = vec![255u8; 4 * 2 * 4];
        px[3] = 0;
        let i = (4 + 2) * 4;
        px[i..i + 4].copy_from_slice(&[10, 20, 30, 255]);
        let ink = raster(4, 2, &px).expect("ink");
        assert_eq!(
            ink,
            Ink {
                x0: 0.5,
                y0: 0.5,
                x1: 0.75,
                y1: 1.0
            }
        );
        assert_eq!(raster(2, 1, &[255; 8]), None, "white is paper");
    }
}
