//! The size of a content stream of PDF artwork once decoded, bounded: each of its filters is
//! run with a cap before hayro-syntax decodes it without one (a few KB of LZW, run-length or
//! deflate data can decode to gigabytes, and a chain of filters multiplies).
//!
//! Deflate and LZW run through flate2 and weezl (the decoders already in the tree), stopped at
//! the cap; ASCII hex, ASCII base-85 and run-length are decoded here (a few lines each, their
//! output counted as it grows). A filter that has no place in a content stream (the image
//! codecs, `Crypt`) is refused. A stream that one of these decoders cannot read is left to
//! hayro, which refuses it or reads what it can.

use std::io::Read;

use hayro_svg::hayro_syntax::object::{Dict, Object, Stream};
use hayro_svg::hayro_syntax::Filter;

/// Whether the stream's data, run through its filters one after another, stays within `limit`
/// bytes at every step; `Err` with the reason when it does not, or when a filter is not one a
/// content stream may use.
pub(crate) fn within(stream: &Stream, limit: usize) -> Result<(), String> {
    let filters = stream.filters();
    let mut data = stream.raw_data().into_owned();
    for (i, filter) in filters.iter().enumerate() {
        let early_change = early_change(stream.dict(), i);
        let decoded = match filter {
            Filter::FlateDecode => capped_read(flate2::read::ZlibDecoder::new(&data[..]), limit),
            Filter::LzwDecode => lzw(&data, early_change, limit),
            Filter::AsciiHexDecode => Some(ascii_hex(&data)),
            Filter::Ascii85Decode => ascii85(&data, limit),
            Filter::RunLengthDecode => run_length(&data, limit),
            other => {
                return Err(format!(
                    "a content stream is encoded with {other:?}, which only images may use"
                ))
            }
        };
        // Undecodable here: hayro refuses it or reads what it can (never more than we did).
        let Some(decoded) = decoded else {
            return Ok(());
        };
        if decoded.len() > limit {
            return Err(format!(
                "a content stream is larger than {} MB once decoded; export a simpler page",
                limit / (1024 * 1024)
            ));
        }
        data = decoded;
    }
    Ok(())
}

/// At most `limit + 1` bytes of a reader; `None` when it fails before that.
fn capped_read(r: impl Read, limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let read = r.take(limit as u64 + 1).read_to_end(&mut out);
    (read.is_ok() || out.len() > limit).then_some(out)
}

/// The `EarlyChange` of the `i`-th filter's parameters (1 unless it says 0).
fn early_change(dict: &Dict, i: usize) -> bool {
    let params = match dict.get::<Object>(b"DecodeParms") {
        Some(Object::Dict(d)) if i == 0 => Some(d),
        Some(Object::Array(a)) => a.iter::<Object>().nth(i).and_then(|o| o.into_dict()),
        _ => None,
    };
    params.and_then(|p| p.get::<i64>(b"EarlyChange")) != Some(0)
}

/// LZW as PDF writes it (MSB first, 8-bit symbols), stopped past `limit`.
fn lzw(data: &[u8], early_change: bool, limit: usize) -> Option<Vec<u8>> {
    use weezl::{decode::Decoder, BitOrder, LzwStatus};
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let mut input = data;
    while out.len() <= limit {
        let r = decoder.decode_bytes(input, &mut buf);
        out.extend_from_slice(&buf[..r.consumed_out]);
        input = &input[r.consumed_in..];
        match r.status {
            Ok(LzwStatus::Done) => break,
            Ok(LzwStatus::NoProgress) if r.consumed_out == 0 => break,
            Ok(_) => {}
            // A broken tail: what came before counts (hayro keeps it too).
            Err(_) => break,
        }
    }
    Some(out)
}

/// ASCII hex: never more than half its input.
fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let digits = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16));
    let mut out = Vec::with_capacity(data.len() / 2 + 1);
    let mut high: Option<u32> = None;
    for d in digits {
        match high.take() {
            None => high = Some(d),
            Some(h) => out.push((h * 16 + d) as u8),
        }
    }
    if let Some(h) = high {
        out.push((h * 16) as u8);
    }
    out
}

/// ASCII base-85 (`z` is four zero bytes, so up to four times its input), stopped past `limit`.
fn ascii85(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut group: Vec<u8> = Vec::with_capacity(5);
    for &b in data.iter().take_while(|&&b| b != b'~') {
        match b {
            b'z' if group.is_empty() => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => group.push(b - b'!'),
            b if b.is_ascii_whitespace() => {}
            _ => return None,
        }
        if group.len() == 5 {
            out.extend_from_slice(&base85_word(&group).to_be_bytes());
            group.clear();
        }
        if out.len() > limit {
            return Some(out);
        }
    }
    if group.len() > 1 {
        let n = group.len() - 1;
        group.resize(5, 84);
        out.extend_from_slice(&base85_word(&group).to_be_bytes()[..n]);
    }
    Some(out)
}

fn base85_word(group: &[u8]) -> u32 {
    group
        .iter()
        .fold(0u32, |w, &d| w.wrapping_mul(85).wrapping_add(u32::from(d)))
}

/// Run-length (a two-byte run is up to 128 bytes), stopped past `limit`.
fn run_length(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() && out.len() <= limit {
        let n = data[i] as usize;
        match n {
            128 => break,
            0..=127 => {
                let run = data.get(i + 1..i + 2 + n)?;
                out.extend_from_slice(run);
                i += 2 + n;
            }
            _ => {
                let b = *data.get(i + 1)?;
                out.resize(out.len() + 257 - n, b);
                i += 2;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_small_decoders_read_what_they_should() {
        assert_eq!(ascii_hex(b"48 65 6C6c 6>"), b"Hell\x60");
        assert_eq!(ascii85(b"87cURD]i,\"Ebo7~>", 100).unwrap(), b"Hello World");
        assert_eq!(ascii85(b"zz~>", 100).unwrap(), [0u8; 8]);
        assert_eq!(
            run_length(&[2, b'a', b'b', b'c', 254, b'x', 128], 100).unwrap(),
            b"abcxxx"
        );
    }

    #[test]
    fn expansion_stops_past_the_limit() {
        // 2 bytes of run-length make 128; 20 000 of them 1.28 MB.
        let rl: Vec<u8> = [129u8, b' '].repeat(20_000);
        assert!(run_length(&rl, 1000).unwrap().len() <= 1000 + 128);
        assert!(ascii85(&b"z".repeat(10_000), 1000).unwrap().len() <= 1004);
        let mut enc = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
        let lzw_data = enc.encode(&vec![b' '; 1_000_000]).expect("encodes");
        assert!(lzw_data.len() < 10_000, "{}", lzw_data.len());
        let out = lzw(&lzw_data, true, 100_000).unwrap();
        assert!(out.len() > 100_000 && out.len() <= 100_000 + 16 * 1024);
        assert_eq!(lzw(&lzw_data, true, 2_000_000).unwrap().len(), 1_000_000);
    }
}
