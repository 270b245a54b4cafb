//! Page images for the visual regression tests (`crates/letterpress-cli/tests/cli/visual.rs`): 8-bit grey images,
//! PNG reading and writing, and the comparison with its tolerance.
//!
//! The tolerance: a pixel differs when its grey level is more than [`PIXEL_TOLERANCE`] away
//! from the reference (anti-aliasing that lands a little differently, a rasteriser update,
//! another CPU's floating point stay under it); a page differs when more than
//! [`AREA_TOLERANCE`] of its pixels differ. At the references' 36 dpi a 5 mm move is 7
//! pixels, and moving even one short line of text by that much changes several times that
//! many pixels (`crates/letterpress-cli/tests/cli/visual.rs` checks it on every reference page).

use std::path::Path;

/// Grey levels (of 255) by which a pixel may differ from the reference and still count as equal.
pub const PIXEL_TOLERANCE: u8 = 64;

/// The fraction of a page's pixels that may differ (0.03 %: 37 pixels of an A4 page at 36 dpi).
pub const AREA_TOLERANCE: f64 = 0.0003;

/// An 8-bit grey image, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gray {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Gray {
    /// A white image.
    pub fn white(width: u32, height: u32) -> Gray {
        Gray {
            width,
            height,
            pixels: vec![255; (width * height) as usize],
        }
    }

    pub fn get(&self, x: u32, y: u32) -> u8 {
        self.pixels[(y * self.width + x) as usize]
    }

    pub fn set(&mut self, x: u32, y: u32, v: u8) {
        self.pixels[(y * self.width + x) as usize] = v;
    }

    /// Read a PNG (grey, grey+alpha, RGB or RGBA, 8 bits), as grey (Rec. 601 luma).
    pub fn read_png(path: &Path) -> Result<Gray, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder
            .read_info()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| format!("{}: image too large", path.display()))?;
        let mut buf = vec![0; size];
        let info = reader
            .next_frame(&mut buf)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let channels = info.color_type.samples();
        let pixels = buf[..info.buffer_size()]
            .chunks_exact(channels)
            .map(|p| match p.len() {
                1 | 2 => p[0],
                _ => {
                    let l = 299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]);
                    (l / 1000) as u8
                }
            })
            .collect();
        Ok(Gray {
            width: info.width,
            height: info.height,
            pixels,
        })
    }

    /// Write as an 8-bit grey PNG, compressed as tightly as the png crate can.
    pub fn write_png(&self, path: &Path) -> Result<(), String> {
        write_png(
            path,
            self.width,
            self.height,
            png::ColorType::Grayscale,
            &self.pixels,
        )
    }
}

/// Write 8-bit pixels as a PNG.
pub fn write_png(
    path: &Path,
    width: u32,
    height: u32,
    color: png::ColorType,
    data: &[u8],
) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let file = std::fs::File::create(path).map_err(|e| err(&e))?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().map_err(|e| err(&e))?;
    writer.write_image_data(data).map_err(|e| err(&e))?;
    writer.finish().map_err(|e| err(&e))
}

/// How a page compares with its reference.
#[derive(Debug)]
pub struct Comparison {
    /// Pixels further than [`PIXEL_TOLERANCE`] from the reference.
    pub differing: usize,
    pub total: usize,
    /// The largest difference of any pixel.
    pub max_difference: u8,
}

impl Comparison {
    /// Whether the page passes: no more than [`AREA_TOLERANCE`] of it differs.
    pub fn passes(&self) -> bool {
        (self.differing as f64) <= AREA_TOLERANCE * self.total as f64
    }
}

/// Compare two images of the same size (`None` when the sizes differ).
pub fn compare(reference: &Gray, actual: &Gray) -> Option<Comparison> {
    if (reference.width, reference.height) != (actual.width, actual.height) {
        return None;
    }
    let mut c = Comparison {
        differing: 0,
        total: reference.pixels.len(),
        max_difference: 0,
    };
    for (a, b) in reference.pixels.iter().zip(&actual.pixels) {
        let d = a.abs_diff(*b);
        c.max_difference = c.max_difference.max(d);
        if d > PIXEL_TOLERANCE {
            c.differing += 1;
        }
    }
    Some(c)
}

/// A picture of the difference, as RGB: the reference faint, pixels only in the reference
/// (gone) blue, pixels only in the new render (new or moved there) red.
pub fn diff_image(reference: &Gray, actual: &Gray) -> Vec<u8> {
    let mut out = Vec::with_capacity(reference.pixels.len() * 3);
    for (&r, &a) in reference.pixels.iter().zip(&actual.pixels) {
        let faint = 255 - (255 - r) / 4;
        let px = if r.abs_diff(a) <= PIXEL_TOLERANCE {
            [faint, faint, faint]
        } else if a < r {
            [220, 0, 0]
        } else {
            [0, 60, 220]
        };
        out.extend_from_slice(&px);
    }
    out
}

/// The rows of the image holding ink, as runs `(first, last)` separated by blank rows: the
/// lines of text and the rules of a page, top to bottom.
pub fn ink_bands(img: &Gray) -> Vec<(u32, u32)> {
    let inked = |y: u32| (0..img.width).any(|x| img.get(x, y) < 128);
    let mut bands = Vec::new();
    let mut start = None;
    for y in 0..img.height {
        match (inked(y), start) {
            (true, None) => start = Some(y),
            (false, Some(s)) => {
                bands.push((s, y - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        bands.push((s, img.height - 1));
    }
    bands
}

/// The image with rows `first..=last` moved down by `dy` pixels (their old place left white),
/// as a block of the page moved by a layout change would be.
pub fn move_rows(img: &Gray, (first, last): (u32, u32), dy: u32) -> Gray {
    let mut out = img.clone();
    for y in first..=last {
        for x in 0..img.width {
            out.set(x, y, 255);
        }
    }
    for y in first..=last {
        let to = y + dy;
        if to < img.height {
            for x in 0..img.width {
                let v = img.get(x, y).min(out.get(x, to));
                out.set(x, to, v);
            }
        }
    }
    out
}
