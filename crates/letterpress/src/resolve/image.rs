//! Images: the formats accepted, their limits, and the checks made on a file's bytes before
//! krilla sees them (the PNG decoder runs once here, so a broken file is a located error).

use std::path::{Path, PathBuf};

use crate::error::ErrorKind;

use super::raster::Raster;
use super::{jpeg, MAX_IMAGE_DECODED_BYTES, MAX_IMAGE_PIXELS};

/// A decoded-once image, shared by every letter that uses it.
#[derive(Debug, Clone)]
pub struct ImageData {
    /// The file it came from.
    pub path: PathBuf,
    /// PNG, JPEG, SVG or a PDF page.
    pub format: ImageFormat,
    /// Pixel width (SVG and PDF artwork: its width in hundredths of a point).
    pub width: u32,
    /// Pixel height (SVG and PDF artwork: its height in hundredths of a point).
    pub height: u32,
    /// EXIF orientation of a JPEG (1–8; 1 for PNGs and upright JPEGs). `width` and `height`
    /// are the upright image's; the PDF writer turns the stored pixels accordingly.
    pub orientation: u8,
    /// What the PDF writer draws: the raster image as krilla holds it, or vectors.
    pub(crate) image: super::artwork::Content,
}

impl ImageData {
    /// The raster image as krilla holds it, once it is made (`raster.rs`); `Ok(None)` for
    /// vector artwork. The PDF writer asks before it draws the image, so that a file krilla
    /// cannot read is an error naming it, never an image left out.
    pub(crate) fn raster(&self) -> Result<Option<krilla::image::Image>, ErrorKind> {
        match &self.image {
            super::artwork::Content::Raster(r) => {
                r.get().map(Some).map_err(|reason| ErrorKind::Image {
                    path: self.path.clone(),
                    reason,
                })
            }
            super::artwork::Content::Vector(_) => Ok(None),
        }
    }
}

/// A supported raster format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ImageFormat {
    /// PNG, with or without alpha.
    Png,
    /// JPEG, embedded as it is.
    Jpeg,
    /// SVG, drawn as vectors (text stays text).
    Svg,
    /// A page of a PDF, drawn as vectors.
    Pdf,
}

/// Check an image's format and size from its header, then hand it to krilla.
///
/// ```
/// let e = letterpress::resolve::image_from_bytes("x.gif".as_ref(), b"GIF89a".to_vec()).unwrap_err();
/// assert!(e.to_string().contains("PNG or JPEG"));
/// ```
pub fn image_from_bytes(path: &Path, data: Vec<u8>) -> Result<ImageData, ErrorKind> {
    let bad = |reason: String| ErrorKind::Image {
        path: path.to_path_buf(),
        reason,
    };
    let format = match imagesize::image_type(&data) {
        Ok(imagesize::ImageType::Png) => ImageFormat::Png,
        Ok(imagesize::ImageType::Jpeg) => ImageFormat::Jpeg,
        Ok(other) => {
            return Err(bad(format!(
                "{other:?} is not supported; use PNG (with transparency) or JPEG"
            )))
        }
        Err(_) => {
            return Err(bad(
                "not a PNG or JPEG file (unrecognised or truncated header)".into(),
            ))
        }
    };
    let size = imagesize::blob_size(&data)
        .map_err(|e| bad(format!("cannot read the image size from the header: {e}")))?;
    let (mut w, mut h) = (size.width as u64, size.height as u64);
    if w == 0 || h == 0 {
        return Err(bad("the image has no pixels".into()));
    }
    if w.saturating_mul(h) > MAX_IMAGE_PIXELS {
        return Err(bad(format!(
            "{w}×{h} pixels is over the limit of {MAX_IMAGE_PIXELS} pixels; scale it down (300 dpi is plenty for print)"
        )));
    }
    let mut orientation = 1;
    if format == ImageFormat::Png {
        check_png_decoded_size(&data, w, h).map_err(bad)?;
    } else {
        let info = jpeg::info(&data);
        if info.components == Some(4) {
            return Err(bad(
                "it is in CMYK colours, which a PDF/A file cannot hold without a colour profile; save it as an RGB JPEG or a PNG".into(),
            ));
        }
        // Stored sideways with a tag saying how to turn it: the box is the upright image's.
        orientation = info.orientation;
        if orientation >= 5 {
            std::mem::swap(&mut w, &mut h);
        }
    }
    if format == ImageFormat::Png {
        // krilla reads a PNG only when the PDF is written, far from the key that named it;
        // check it here (bounded memory) so a truncated or corrupt file is reported at its
        // place in the letter.
        check_png_decodes(&data).map_err(|e| bad(format!("it cannot be decoded: {e}")))?;
    }
    let image = if format == ImageFormat::Png && png_needs_decoding(&data, w * h) {
        // Checked above: only krilla's decoding and deflating are left, on another core.
        Raster::new(png_decoded_bytes(&data, w, h), move || {
            krilla::image::Image::from_png(data.into(), false)
                .map_err(|e| format!("it cannot be decoded: {e}"))
        })
    } else {
        let made = match format {
            ImageFormat::Png => krilla::image::Image::from_png(data.into(), false),
            _ => krilla::image::Image::from_jpeg(data.into(), false),
        }
        .map_err(|e| bad(format!("it cannot be decoded: {e}")))?;
        Raster::new(0, move || Ok(made))
    };
    Ok(ImageData {
        path: path.to_path_buf(),
        format,
        width: w as u32,
        height: h as u32,
        orientation,
        image: super::artwork::Content::Raster(image),
    })
}

/// A PNG's channels once decoded and bytes per channel, from its header (bit depth at byte 24,
/// colour type at byte 25): palette images are expanded to RGB, depths under 8 bits to a byte.
fn png_layout(data: &[u8]) -> Option<(u64, u64)> {
    let (depth, colour) = match data.get(24..26) {
        Some(&[d, c]) => (d, c),
        _ => return None,
    };
    let channels: u64 = match colour {
        0 => 1,
        4 => 2,
        2 | 3 => 3,
        _ => 4,
    };
    Some((channels, if depth == 16 { 2 } else { 1 }))
}

/// How many bytes a PNG of `w` × `h` pixels takes decoded (0 if its header is truncated).
fn png_decoded_bytes(data: &[u8], w: u64, h: u64) -> u64 {
    png_layout(data).map_or(0, |(channels, bytes)| {
        w.saturating_mul(h).saturating_mul(channels * bytes)
    })
}

/// Pixels from which decoding a PNG is worth a thread of its own (a 256 × 256 image).
const BACKGROUND_PIXELS: u64 = 65_536;

/// Whether krilla decodes this PNG and deflates its pixels again (it embeds 8-bit grey and RGB
/// PNGs without transparency as they are), and it is large enough for that to take a while.
fn png_needs_decoding(data: &[u8], pixels: u64) -> bool {
    let (depth, colour, interlaced) = match (data.get(24..26), data.get(28)) {
        (Some(&[d, c]), Some(&i)) => (d, c, i != 0),
        _ => return false,
    };
    let as_is = depth == 8 && matches!(colour, 0 | 2) && !interlaced && !has_chunk(data, b"tRNS");
    !as_is && pixels >= BACKGROUND_PIXELS
}

/// Whether a PNG (already checked by `png_chunks`) has a chunk of this type before its data.
fn has_chunk(data: &[u8], kind: &[u8; 4]) -> bool {
    let mut at = 8;
    while let Some(head) = data.get(at..at + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        match &head[4..8] {
            k if k == kind => return true,
            b"IDAT" | b"IEND" => return false,
            _ => at = at.saturating_add(12).saturating_add(len),
        }
    }
    false
}

/// Refuse a PNG whose pixels would take more than [`MAX_IMAGE_DECODED_BYTES`] decoded, from
/// its header (the IHDR chunk comes first: bit depth at byte 24, colour type at byte 25).
fn check_png_decoded_size(data: &[u8], w: u64, h: u64) -> Result<(), String> {
    let (channels, bytes_per_channel) =
        png_layout(data).ok_or_else(|| "the PNG header is truncated".to_string())?;
    let decoded = png_decoded_bytes(data, w, h);
    if decoded > MAX_IMAGE_DECODED_BYTES {
        return Err(format!(
            "{w}×{h} pixels of {channels} channel{} at {} bits take {} MiB decoded, over the limit of {} MiB; scale it down or save it with 8 bits per channel",
            if channels == 1 { "" } else { "s" },
            bytes_per_channel * 8,
            decoded.div_ceil(1024 * 1024),
            MAX_IMAGE_DECODED_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Check that a PNG's pixel data is complete and intact without decoding it: every chunk's
/// CRC, one `IHDR`, the `IDAT` zlib stream inflated (its Adler-32 checked) into a small buffer,
/// exactly as many bytes as the header's rows need, and a valid filter type (0–4) at the start
/// of every row, interlaced passes included. Undoing the row filters cannot fail, so this finds
/// what a full decode finds, at a fraction of the cost: the PDF carries the PNG's own compressed
/// data when it can (see `vendor/README.md`), and nothing else here needs the pixels.
fn check_png_decodes(data: &[u8]) -> Result<(), String> {
    let (h, idat) = png_chunks(data)?;
    let passes = png_passes(&h)?;
    let expected = passes.iter().fold(0u64, |sum, &(rows, len)| {
        sum.saturating_add(rows.saturating_mul(len))
    });
    let seen = check_png_rows(&idat, &passes)?;
    if seen < expected {
        return Err(format!(
            "its pixel data ends early ({seen} of {expected} bytes; the file is truncated or damaged)"
        ));
    }
    Ok(())
}

/// Walk a PNG's chunks, checking each CRC: its header (IHDR) and its pixel data (the IDAT
/// chunks joined).
fn png_chunks(data: &[u8]) -> Result<([u8; 13], Vec<u8>), String> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = data.strip_prefix(SIGNATURE).ok_or("not a PNG signature")?;
    let mut header: Option<[u8; 13]> = None;
    let mut idat = Vec::new();
    let mut ended = false;
    while !ended {
        if rest.len() < 12 {
            return Err("the file ends before its IEND chunk (truncated)".into());
        }
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let kind = &rest[4..8];
        let name = String::from_utf8_lossy(kind).into_owned();
        let end = len
            .checked_add(12)
            .filter(|&e| e <= rest.len())
            .ok_or_else(|| format!("chunk {name} runs past the end of the file (truncated)"))?;
        let body = &rest[8..8 + len];
        let crc =
            u32::from_be_bytes([rest[8 + len], rest[9 + len], rest[10 + len], rest[11 + len]]);
        if crc32fast::hash(&rest[4..8 + len]) != crc {
            return Err(format!("chunk {name} is damaged (CRC mismatch)"));
        }
        match kind {
            b"IHDR" => {
                let h: [u8; 13] = body
                    .try_into()
                    .map_err(|_| "the IHDR chunk has the wrong length".to_string())?;
                if header.replace(h).is_some() {
                    return Err("two IHDR chunks".into());
                }
            }
            b"IDAT" => idat.extend_from_slice(body),
            b"IEND" => ended = true,
            _ => {}
        }
        rest = &rest[end..];
    }
    Ok((header.ok_or("no IHDR chunk")?, idat))
}

/// The (rows, bytes per row including the filter byte) of each pass of an image with PNG
/// header `h`: one pass, or Adam7's seven (those with no pixels left out).
fn png_passes(h: &[u8; 13]) -> Result<Vec<(u64, u64)>, String> {
    let width = u64::from(u32::from_be_bytes([h[0], h[1], h[2], h[3]]));
    let height = u64::from(u32::from_be_bytes([h[4], h[5], h[6], h[7]]));
    let (depth, color, interlace) = (u64::from(h[8]), h[9], h[12]);
    let channels = match color {
        0 | 3 => 1,
        4 => 2,
        2 => 3,
        6 => 4,
        other => return Err(format!("unknown colour type {other}")),
    };
    if !matches!(depth, 1 | 2 | 4 | 8 | 16) || interlace > 1 {
        return Err("invalid bit depth or interlace method".into());
    }
    // Saturating: the pixel budget is checked before, from the header, but this must not
    // overflow whatever the header says.
    let row_bytes = |w: u64| {
        w.saturating_mul(channels * depth)
            .div_ceil(8)
            .saturating_add(1)
    };
    if interlace == 0 {
        return Ok(vec![(height, row_bytes(width))]);
    }
    // Adam7: (x start, y start, x step, y step) per pass.
    Ok([
        (0, 0, 8, 8),
        (4, 0, 8, 8),
        (0, 4, 4, 8),
        (2, 0, 4, 4),
        (0, 2, 2, 4),
        (1, 0, 2, 2),
        (0, 1, 1, 2),
    ]
    .iter()
    .map(|&(x0, y0, dx, dy)| {
        let w = width.saturating_sub(x0).div_ceil(dx);
        let rows = height.saturating_sub(y0).div_ceil(dy);
        (if w == 0 { 0 } else { rows }, row_bytes(w))
    })
    .filter(|&(rows, _)| rows > 0)
    .collect())
}

/// Inflate the pixel data in 64 KiB pieces (never holding the image), checking the filter
/// byte that starts each row; returns how many bytes it inflates to.
fn check_png_rows(idat: &[u8], passes: &[(u64, u64)]) -> Result<u64, String> {
    use std::io::Read;
    let mut inflater = flate2::read::ZlibDecoder::new(idat);
    let mut buf = vec![0u8; 64 * 1024];
    // Offset of the next row start in the inflated stream, and the pass it belongs to.
    let (mut pass, mut rows_left, mut next_row, mut seen) =
        (0usize, passes.first().map_or(0, |p| p.0), 0u64, 0u64);
    loop {
        let n = inflater
            .read(&mut buf)
            .map_err(|e| format!("its compressed pixel data is damaged ({e})"))?;
        if n == 0 {
            break;
        }
        let chunk_end = seen + n as u64;
        while pass < passes.len() && next_row < chunk_end {
            let filter = buf[(next_row - seen) as usize];
            if filter > 4 {
                return Err(format!(
                    "row filter type {filter} does not exist (damaged data)"
                ));
            }
            next_row = next_row.saturating_add(passes[pass].1);
            rows_left -= 1;
            if rows_left == 0 {
                pass += 1;
                rows_left = passes.get(pass).map_or(0, |p| p.0);
            }
        }
        seen = chunk_end;
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG built by hand: `rows` are the filtered scanlines (filter byte first) of all
    /// passes, in order.
    fn png_file(width: u32, height: u32, color: u8, interlace: u8, rows: &[u8]) -> Vec<u8> {
        use std::io::Write;
        fn chunk(out: &mut Vec<u8>, kind: &[u8], body: &[u8]) {
            out.extend_from_slice(&(body.len() as u32).to_be_bytes());
            let mut crc_input = kind.to_vec();
            crc_input.extend_from_slice(body);
            out.extend_from_slice(&crc_input);
            out.extend_from_slice(&crc32fast::hash(&crc_input).to_be_bytes());
        }
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, color, 0, 0, interlace]);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        z.write_all(rows).expect("deflate");
        let idat = z.finish().expect("deflate");
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &ihdr);
        // Two IDAT chunks: the data may be split anywhere.
        let (a, b) = idat.split_at(idat.len() / 2);
        chunk(&mut out, b"IDAT", a);
        chunk(&mut out, b"IDAT", b);
        chunk(&mut out, b"IEND", b"");
        out
    }

    #[test]
    fn png_check_accepts_whole_images_and_finds_damage() {
        // 5 × 3 RGB, one filter type per row.
        let mut rows = Vec::new();
        for filter in [0u8, 1, 4] {
            rows.push(filter);
            rows.extend((0..15).map(|i| i as u8 * 7));
        }
        let good = png_file(5, 3, 2, 0, &rows);
        assert_eq!(check_png_decodes(&good), Ok(()));
        assert!(image_from_bytes(Path::new("ok.png"), good.clone()).is_ok());

        // A row filter type that does not exist.
        let mut bad_filter = rows.clone();
        bad_filter[16] = 5;
        let e = check_png_decodes(&png_file(5, 3, 2, 0, &bad_filter)).expect_err("filter 5");
        assert!(e.contains("filter type 5"), "{e}");

        // Pixel data one row short.
        let e = check_png_decodes(&png_file(5, 3, 2, 0, &rows[..32])).expect_err("short");
        assert!(e.contains("ends early (32 of 48 bytes"), "{e}");

        // A flipped bit inside a chunk: its CRC no longer matches.
        let mut flipped = good.clone();
        let at = flipped.len() - 20;
        flipped[at] ^= 0x10;
        let e = check_png_decodes(&flipped).expect_err("crc");
        assert!(e.contains("CRC mismatch"), "{e}");

        // Cut off before IEND.
        let e = check_png_decodes(&good[..good.len() - 12]).expect_err("no IEND");
        assert!(e.contains("truncated"), "{e}");

        // Damaged zlib data with a recomputed CRC (a re-saved broken file).
        let mut broken = png_file(5, 3, 2, 0, &rows);
        let idat_body = 8 + 25 + 8;
        broken[idat_body + 2] ^= 0xFF;
        let len = u32::from_be_bytes([broken[33], broken[34], broken[35], broken[36]]) as usize;
        let crc = crc32fast::hash(&broken[37..41 + len]);
        broken[41 + len..45 + len].copy_from_slice(&crc.to_be_bytes());
        assert!(check_png_decodes(&broken).is_err());

        // The error reaches the user through image_from_bytes, naming the file.
        let e = image_from_bytes(Path::new("short.png"), png_file(5, 3, 2, 0, &rows[..32]))
            .expect_err("short");
        assert!(e.to_string().contains("short.png"), "{e}");
    }

    #[test]
    fn png_check_walks_the_seven_interlaced_passes() {
        // 3 × 3 grey, Adam7. Pass 1: 1×1; pass 2: empty (starts at x = 4); pass 3: empty
        // (starts at y = 4); pass 4: 1×1; pass 5: 2×1; pass 6: 1×2; pass 7: 3×1.
        let passes: [(usize, usize); 5] = [(1, 1), (1, 1), (2, 1), (1, 2), (3, 1)];
        let mut rows = Vec::new();
        for (w, h) in passes {
            for _ in 0..h {
                rows.push(1u8);
                rows.extend(std::iter::repeat_n(9u8, w));
            }
        }
        assert_eq!(check_png_decodes(&png_file(3, 3, 0, 1, &rows)), Ok(()));
        // Read as non-interlaced, the same bytes are the wrong amount of data.
        assert!(check_png_decodes(&png_file(3, 3, 0, 0, &rows)).is_err());
        // A bad filter byte in the last pass is found too.
        let mut bad = rows.clone();
        let last_row = bad.len() - 4;
        bad[last_row] = 7;
        let e = check_png_decodes(&png_file(3, 3, 0, 1, &bad)).expect_err("filter 7");
        assert!(e.contains("filter type 7"), "{e}");
    }

    #[test]
    fn images_are_checked_from_the_header() {
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
        let e = image_from_bytes(Path::new("x.gif"), gif).expect_err("gif refused");
        assert!(e.to_string().contains("use PNG"), "{e}");
        let e = image_from_bytes(Path::new("x.png"), b"not an image".to_vec()).expect_err("junk");
        assert!(e.to_string().contains("not a PNG or JPEG"), "{e}");
        // A PNG header claiming 20000 × 20000 pixels is refused before any decoding.
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
        png.extend_from_slice(&20000u32.to_be_bytes());
        png.extend_from_slice(&20000u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        let e = image_from_bytes(Path::new("big.png"), png).expect_err("too big");
        assert!(e.to_string().contains("20000×20000"), "{e}");
    }
}
