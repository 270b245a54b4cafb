//! Images in the PDF are the pixels of the files the letter names: an RGB or grey PNG is
//! embedded with its own compressed data and a PNG predictor (no decode, no re-deflate), a PNG
//! with transparency becomes colour + soft mask, a JPEG stays DCT. Each is read back from the
//! PDF, decoded the way a viewer does (ISO 32000-1 §7.4.4.4) and compared pixel by pixel with
//! the file decoded by the `png` crate.

use std::io::Read;
use std::path::Path;

use letterpress::{Env, RenderOptions, Resources};
use letterpress_tests::repo_root;
use lopdf::{Dictionary, Object, Stream};

fn render(letter: &str) -> lopdf::Document {
    let path = repo_root().join(letter);
    let rendered = letterpress::render_file(
        &path,
        &Env::from_process(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{letter}: {e}"))
    .output;
    lopdf::Document::load_mem(&rendered.pdf).expect("lopdf reads the PDF")
}

/// Every image XObject of the document, by width × height.
fn images(doc: &lopdf::Document) -> Vec<(i64, i64, Stream)> {
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice())
        })
        .map(|s| {
            let (w, h) = (int(&s.dict, b"Width"), int(&s.dict, b"Height"));
            (w, h, s.clone())
        })
        .collect()
}

fn int(d: &Dictionary, key: &[u8]) -> i64 {
    d.get(key)
        .and_then(Object::as_i64)
        .unwrap_or_else(|_| panic!("/{} missing", String::from_utf8_lossy(key)))
}

fn inflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .read_to_end(&mut out)
        .expect("the image stream inflates");
    out
}

/// Undo PNG row filters (predictors 10–15): `bpp` bytes per pixel, `stride` bytes per row.
fn unfilter(data: &[u8], bpp: usize, stride: usize) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; stride];
    for row in data.chunks(stride + 1) {
        assert_eq!(row.len(), stride + 1, "whole rows");
        let (kind, src) = (row[0], &row[1..]);
        let mut cur = vec![0u8; stride];
        for x in 0..stride {
            let a = if x >= bpp { cur[x - bpp] } else { 0 };
            let b = prev[x];
            let c = if x >= bpp { prev[x - bpp] } else { 0 };
            let predicted = match kind {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                other => panic!("row filter {other}"),
            };
            cur[x] = src[x].wrapping_add(predicted);
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    out
}

/// The PNG's pixels as 8-bit samples and its colour type.
fn decode_png(path: &Path) -> (png::ColorType, u32, u32, Vec<u8>) {
    let file = std::fs::File::open(path).expect("open the PNG");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("PNG decodes");
    buf.truncate(info.buffer_size());
    (info.color_type, info.width, info.height, buf)
}

#[test]
fn an_rgb_png_is_embedded_as_it_is_with_a_png_predictor() {
    // The bench's raster letterhead (nordwerk's own is now SVG), used from a copy of the letter.
    let dir = tempfile::tempdir().expect("temp dir");
    let letter = std::fs::read_to_string(repo_root().join("examples/bench-pl.yaml"))
        .expect("read")
        .replace("../letterheads/nordwerk/letterhead.yaml", "letterhead.yaml")
        .replace("../letterheads/nordwerk/", "");
    let head = std::fs::read_to_string(repo_root().join("letterheads/nordwerk/letterhead.yaml"))
        .expect("read")
        .replace("image: letterhead.svg", "image: letterhead.png");
    for f in ["letterhead.png", "signature.png"] {
        std::fs::copy(
            repo_root().join("letterheads/nordwerk").join(f),
            dir.path().join(f),
        )
        .expect("copy");
    }
    std::fs::write(dir.path().join("letterhead.yaml"), head).expect("write");
    std::fs::write(dir.path().join("bench.yaml"), letter).expect("write");
    let doc = render(dir.path().join("bench.yaml").to_str().expect("utf-8 path"));
    let png_path = repo_root().join("letterheads/nordwerk/letterhead.png");
    let (color, w, h, pixels) = decode_png(&png_path);
    assert_eq!(color, png::ColorType::Rgb, "the fixture is an RGB PNG");

    let (_, _, stream) = images(&doc)
        .into_iter()
        .find(|(iw, ih, _)| (*iw, *ih) == (i64::from(w), i64::from(h)))
        .expect("the letterhead image is in the PDF");
    assert_eq!(
        stream.dict.get(b"Filter").and_then(Object::as_name).ok(),
        Some(b"FlateDecode".as_slice())
    );
    assert!(stream.dict.get(b"SMask").is_err(), "no alpha, no soft mask");
    let parms = stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .expect("/DecodeParms");
    assert_eq!(int(parms, b"Predictor"), 15);
    assert_eq!(int(parms, b"Colors"), 3);
    assert_eq!(int(parms, b"BitsPerComponent"), 8);
    assert_eq!(int(parms, b"Columns"), i64::from(w));
    assert_eq!(int(&stream.dict, b"BitsPerComponent"), 8);

    // The stream is the file's IDAT data, byte for byte.
    let file = std::fs::read(&png_path).expect("read the PNG");
    let idat_len: usize = {
        let (mut rest, mut n) = (&file[8..], 0);
        while rest.len() >= 12 {
            let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
            if &rest[4..8] == b"IDAT" {
                n += len;
            }
            rest = &rest[12 + len..];
        }
        n
    };
    assert_eq!(
        stream.content.len(),
        idat_len,
        "the PNG's own compressed data"
    );

    let decoded = unfilter(&inflate(&stream.content), 3, w as usize * 3);
    assert_eq!(decoded.len(), pixels.len());
    assert!(decoded == pixels, "the PDF's pixels are the PNG's");
}

#[test]
fn a_png_with_alpha_becomes_colour_and_soft_mask_with_the_same_pixels() {
    let doc = render("examples/bench-pl.yaml");
    let png_path = repo_root().join("letterheads/nordwerk/signature.png");
    let (color, w, h, pixels) = decode_png(&png_path);
    assert_eq!(
        color,
        png::ColorType::Rgba,
        "the fixture has an alpha channel"
    );
    assert!(pixels.chunks(4).any(|p| p[3] < 255), "and uses it");

    let (_, _, stream) = images(&doc)
        .into_iter()
        // The soft mask is an image of the same size too: take the one that points to it.
        .find(|(iw, ih, s)| {
            (*iw, *ih) == (i64::from(w), i64::from(h)) && s.dict.get(b"SMask").is_ok()
        })
        .expect("the signature image is in the PDF, with a soft mask");
    assert!(
        stream.dict.get(b"DecodeParms").is_err(),
        "re-encoded: no predictor"
    );
    let colour = inflate(&stream.content);
    let mask_ref = stream
        .dict
        .get(b"SMask")
        .and_then(Object::as_reference)
        .expect("/SMask");
    let mask = doc
        .get_object(mask_ref)
        .and_then(Object::as_stream)
        .expect("soft mask stream");
    let alpha = inflate(&mask.content);
    assert_eq!(colour.len(), (w * h * 3) as usize);
    assert_eq!(alpha.len(), (w * h) as usize);
    for (i, px) in pixels.chunks(4).enumerate() {
        assert_eq!(&colour[i * 3..i * 3 + 3], &px[..3], "colour of pixel {i}");
        assert_eq!(alpha[i], px[3], "alpha of pixel {i}");
    }
}

#[test]
fn a_jpeg_letterhead_stays_dct() {
    let doc = render("examples/legal-notice-de.yaml");
    let jpeg = std::fs::read_dir(repo_root().join("letterheads/hartmann-legal"))
        .expect("letterhead folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "jpg" || x == "jpeg"))
        .expect("a JPEG in the letterhead");
    let bytes = std::fs::read(&jpeg).expect("read the JPEG");
    let found = images(&doc).into_iter().any(|(_, _, s)| {
        s.dict.get(b"Filter").and_then(Object::as_name).ok() == Some(b"DCTDecode".as_slice())
            && s.content == bytes
    });
    assert!(
        found,
        "the JPEG's bytes are embedded unchanged as DCTDecode"
    );
}

/// The repository's JPEG with an EXIF segment carrying `orientation` (big-endian TIFF) or
/// with its frame header claiming four (CMYK) components.
fn jpeg_with(orientation: Option<u16>, cmyk: bool) -> Vec<u8> {
    let mut d =
        std::fs::read(repo_root().join("letterheads/hartmann-legal/header.jpg")).expect("JPEG");
    if cmyk {
        // The component count of the first frame header (SOF0/SOF2) becomes 4.
        let sof = d
            .windows(2)
            .position(|w| w == [0xFF, 0xC0] || w == [0xFF, 0xC2])
            .expect("a frame header");
        d[sof + 9] = 4;
    }
    match orientation {
        Some(o) => letterpress_tests::with_exif_orientation(d, o),
        None => d,
    }
}

fn render_signature(jpeg: &[u8]) -> Result<letterpress::layout::model::ImageBox, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("sig.jpg"), jpeg).expect("write");
    let letter = dir.path().join("letter.yaml");
    std::fs::write(
        &letter,
        "recipient: [A]\nbody: x\nsignatures:\n  - { name: Anna Nowak, image: sig.jpg }\n",
    )
    .expect("write");
    let out = letterpress::render_file(
        &letter,
        &Env::unrestricted(),
        &Resources::new(),
        &RenderOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    out.output.document.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            letterpress::layout::model::Item::Image(b) if b.role == "signature" => Some(b.clone()),
            _ => None,
        })
        .ok_or_else(|| "no signature image".to_string())
}

#[test]
fn a_jpeg_stored_sideways_is_set_upright_by_its_exif_orientation() {
    let plain = render_signature(&jpeg_with(None, false)).expect("renders");
    assert!(plain.w > plain.h, "the banner is wide: {plain:?}");
    for o in [6, 8] {
        let turned = render_signature(&jpeg_with(Some(o), false)).expect("renders");
        assert_eq!(turned.image.orientation, o as u8);
        assert!(
            turned.h > turned.w,
            "orientation {o}: the box is the upright image's, tall: {turned:?}"
        );
        let ratio = (turned.h / turned.w) / (plain.w / plain.h);
        assert!(
            (ratio - 1.0).abs() < 0.01,
            "the same aspect, turned: {ratio}"
        );
    }
    let flipped = render_signature(&jpeg_with(Some(3), false)).expect("renders");
    assert_eq!(
        (flipped.image.orientation, flipped.w > flipped.h),
        (3, true)
    );
}

#[test]
fn a_cmyk_jpeg_is_refused_when_it_is_read() {
    let e = render_signature(&jpeg_with(None, true)).expect_err("CMYK");
    assert!(e.contains("sig.jpg") && e.contains("CMYK"), "{e}");
    assert!(e.contains("letter.yaml:4:"), "at its key: {e}");
}
