//! Just enough PDF syntax to edit krilla's output in place (see [`super::finish`]): the
//! classic cross-reference table, the objects it points at, and the entries of a dictionary
//! with the byte range of each value. Values are skipped by their grammar (strings with
//! escapes and nesting, hex strings, names, numbers, references, arrays, dictionaries), so
//! an edit does not depend on how krilla spaces or orders what it writes.

use std::collections::BTreeMap;
use std::ops::Range;

/// One object of the file: its number, generation and where its bytes are.
#[derive(Debug, Clone)]
pub(super) struct Object {
    pub num: u32,
    pub gen: u16,
    /// From `N G obj` to the start of the next object (or of the cross-reference table).
    pub span: Range<usize>,
}

/// A file with a classic cross-reference table, as pdf-writer writes it.
#[derive(Debug)]
pub(super) struct File {
    /// Every object in use, in file order.
    pub objects: Vec<Object>,
    /// The trailer dictionary, `<<` to `>>` inclusive.
    pub trailer: Range<usize>,
    /// Where the cross-reference table starts.
    pub xref_at: usize,
}

/// A parsed file whose objects are found by number.
pub(super) struct Indexed<'a> {
    /// The file's bytes.
    pub pdf: &'a [u8],
    /// Its objects and trailer.
    pub file: File,
    index: BTreeMap<u32, usize>,
    /// Each object's body (see [`body`]), in the order of `file.objects`; `None` where the
    /// object has no `endobj`.
    bodies: Vec<Option<Range<usize>>>,
}

impl<'a> Indexed<'a> {
    /// Parse `pdf` (see [`parse`]) and index its objects.
    pub(super) fn parse(pdf: &'a [u8]) -> Option<Indexed<'a>> {
        let file = parse(pdf)?;
        let index = file
            .objects
            .iter()
            .enumerate()
            .map(|(i, o)| (o.num, i))
            .collect();
        let bodies = file.objects.iter().map(|o| body(pdf, o)).collect();
        Some(Indexed {
            pdf,
            file,
            index,
            bodies,
        })
    }

    /// The body of object `num` (between `obj` and `endobj`).
    pub(super) fn body(&self, num: u32) -> Option<&'a [u8]> {
        let i = *self.index.get(&num)?;
        Some(&self.pdf[self.bodies.get(i)?.clone()?])
    }

    /// Every object's number and body, in file order (objects without a body left out).
    pub(super) fn bodies(&self) -> impl Iterator<Item = (u32, &'a [u8])> + '_ {
        let pdf = self.pdf;
        self.file
            .objects
            .iter()
            .zip(&self.bodies)
            .filter_map(move |(o, r)| Some((o.num, &pdf[r.clone()?])))
    }

    /// The trailer dictionary, `<<` to `>>`.
    pub(super) fn trailer(&self) -> &'a [u8] {
        &self.pdf[self.file.trailer.clone()]
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0)
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// The first byte at or after `i` that is not white space or a comment.
pub(super) fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if is_ws(b[i]) {
            i += 1;
        } else if b[i] == b'%' {
            while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}

/// The end of a run of regular characters (a name's body, a number, a keyword).
fn regular_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !is_ws(b[i]) && !is_delim(b[i]) {
        i += 1;
    }
    i
}

fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The byte range of the object starting at or after `i` (white space skipped).
pub(super) fn value(b: &[u8], i: usize) -> Option<Range<usize>> {
    let start = skip_ws(b, i);
    let c = *b.get(start)?;
    let end = match c {
        b'(' => string_end(b, start)?,
        b'<' if b.get(start + 1) == Some(&b'<') => dict(b, start)?.1,
        b'<' => start + b[start..].iter().position(|&x| x == b'>')? + 1,
        b'[' => {
            let mut j = skip_ws(b, start + 1);
            while *b.get(j)? != b']' {
                j = skip_ws(b, value(b, j)?.end);
            }
            j + 1
        }
        b'/' => regular_end(b, start + 1),
        _ if is_delim(c) => return None,
        _ => {
            let end = regular_end(b, start);
            reference_end(b, start, end).unwrap_or(end)
        }
    };
    (end > start).then_some(start..end)
}

/// `N G R` starting at `start` (whose first number ends at `end`): the end of the `R`.
fn reference_end(b: &[u8], start: usize, end: usize) -> Option<usize> {
    let digits = |r: Range<usize>| !r.is_empty() && b[r].iter().all(u8::is_ascii_digit);
    if !digits(start..end) {
        return None;
    }
    let g = skip_ws(b, end);
    let g_end = regular_end(b, g);
    if g == end || !digits(g..g_end) {
        return None;
    }
    let r = skip_ws(b, g_end);
    (r > g_end && b.get(r) == Some(&b'R') && regular_end(b, r) == r + 1).then_some(r + 1)
}

/// One entry of a dictionary: the key's name (without the slash) and the value's bytes.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub key: Vec<u8>,
    pub value: Range<usize>,
}

/// The entries of the dictionary whose `<<` is at `at`, and the end of its `>>`.
pub(super) fn dict(b: &[u8], at: usize) -> Option<(Vec<Entry>, usize)> {
    if b.get(at..at + 2)? != b"<<" {
        return None;
    }
    let mut entries = Vec::new();
    let mut i = skip_ws(b, at + 2);
    loop {
        if b.get(i..i + 2)? == b">>" {
            return Some((entries, i + 2));
        }
        if b[i] != b'/' {
            return None;
        }
        let key_end = regular_end(b, i + 1);
        let v = value(b, key_end)?;
        entries.push(Entry {
            key: b[i + 1..key_end].to_vec(),
            value: v.clone(),
        });
        i = skip_ws(b, v.end);
    }
}

/// The value of `key` in a dictionary's entries.
pub(super) fn get<'a>(b: &'a [u8], entries: &[Entry], key: &[u8]) -> Option<&'a [u8]> {
    entries
        .iter()
        .find(|e| e.key == key)
        .map(|e| &b[e.value.clone()])
}

/// A dictionary written anew from `(key, value)` pairs, on one line.
pub(super) fn write_dict(pairs: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"<<".to_vec();
    for (k, v) in pairs {
        out.extend_from_slice(b" /");
        out.extend_from_slice(k);
        out.push(b' ');
        out.extend_from_slice(v);
    }
    out.extend_from_slice(b" >>");
    out
}

/// A dictionary's entries as (key without its slash, raw value) pairs.
pub(super) type Pairs = Vec<(Vec<u8>, Vec<u8>)>;

/// The entries of a dictionary as owned `(key, value)` pairs, to edit and write anew.
pub(super) fn pairs(b: &[u8], entries: &[Entry]) -> Pairs {
    entries
        .iter()
        .map(|e| (e.key.clone(), b[e.value.clone()].to_vec()))
        .collect()
}

/// A stream object's dictionary entries and where its data lies (by its direct `/Length`).
pub(super) fn stream_data(b: &[u8]) -> Option<(Vec<Entry>, Range<usize>)> {
    let (e, dict_end) = dict(b, 0)?;
    let s = skip_ws(b, dict_end);
    let rest = b.get(s..)?.strip_prefix(b"stream")?;
    let data_at = s + 6 + if rest.starts_with(b"\r\n") { 2 } else { 1 };
    let len: usize = std::str::from_utf8(get(b, &e, b"Length")?)
        .ok()?
        .parse()
        .ok()?;
    let end = data_at.checked_add(len)?;
    b.get(data_at..end)?;
    Some((e, data_at..end))
}

/// The object number of a reference `N G R`.
pub(super) fn ref_num(v: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(v).ok()?;
    let mut it = s.split_ascii_whitespace();
    let n = it.next()?.parse().ok()?;
    it.next()?.parse::<u16>().ok()?;
    (it.next()? == "R" && it.next().is_none()).then_some(n)
}

fn number_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let start = skip_ws(b, i);
    let end = regular_end(b, start);
    let n = std::str::from_utf8(b.get(start..end)?).ok()?.parse().ok()?;
    Some((n, end))
}

fn rfind(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).rposition(|w| w == n)
}

/// Read the last cross-reference table and trailer of a file that has exactly one (krilla
/// writes no incremental updates and no cross-reference streams).
pub(super) fn parse(b: &[u8]) -> Option<File> {
    let sx = rfind(b, b"startxref")?;
    let (xref_at, _) = number_at(b, sx + b"startxref".len())?;
    if b.get(xref_at..xref_at + 4)? != b"xref" {
        return None;
    }
    let mut i = xref_at + 4;
    let mut found = Vec::new();
    loop {
        i = skip_ws(b, i);
        if b.get(i..i + 7)? == b"trailer" {
            break;
        }
        let (first, e) = number_at(b, i)?;
        let (count, e) = number_at(b, e)?;
        i = e;
        for k in 0..count {
            let (offset, e) = number_at(b, i)?;
            let (gen, e) = number_at(b, e)?;
            let kind = skip_ws(b, e);
            i = kind + 1;
            if b.get(kind) == Some(&b'n') {
                found.push((first + k, gen, offset));
            }
        }
    }
    let t = skip_ws(b, i + 7);
    let (_, t_end) = dict(b, t)?;
    if b[t_end..].windows(9).filter(|w| w == b"startxref").count() != 1 {
        return None; // an update follows: not a file this module wrote alone
    }
    found.sort_by_key(|&(_, _, off)| off);
    let mut objects = Vec::with_capacity(found.len());
    for (k, &(num, gen, offset)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(xref_at, |n| n.2);
        let head = format!("{num} {gen} obj");
        if end <= offset || !b.get(offset..end)?.starts_with(head.as_bytes()) {
            return None;
        }
        objects.push(Object {
            num: u32::try_from(num).ok()?,
            gen: u16::try_from(gen).ok()?,
            span: offset..end,
        });
    }
    Some(File {
        objects,
        trailer: t..t_end,
        xref_at,
    })
}

/// The bytes of an object between `N G obj` and `endobj`, trimmed.
pub(super) fn body(b: &[u8], o: &Object) -> Option<Range<usize>> {
    let digits = |n: u32| n.checked_ilog10().map_or(1, |d| d as usize + 1);
    let head = digits(o.num) + 1 + digits(u32::from(o.gen)) + b" obj".len();
    let span = &b[o.span.clone()];
    let end = rfind(span, b"endobj")?;
    let start = skip_ws(span, head);
    let mut stop = end;
    while stop > start && is_ws(span[stop - 1]) {
        stop -= 1;
    }
    Some(o.span.start + start..o.span.start + stop)
}

/// Every reference `N G R` in `b` outside strings, names and comments, as the byte range of the
/// whole reference and the object number; the scan stops at a `stream` keyword (a stream's
/// data is never read as syntax).
pub(super) fn references(b: &[u8]) -> Vec<(Range<usize>, u32)> {
    let mut found = Vec::new();
    // The last two integers seen, each with where it starts.
    let mut ints: [Option<(usize, u32)>; 2] = [None, None];
    let mut i = 0;
    loop {
        i = skip_ws(b, i);
        let Some(&c) = b.get(i) else { break };
        let next = match c {
            b'(' => string_end(b, i).unwrap_or(b.len()),
            b'<' if b.get(i + 1) == Some(&b'<') => i + 2,
            b'<' => b[i..]
                .iter()
                .position(|&x| x == b'>')
                .map_or(b.len(), |p| i + p + 1),
            b'>' if b.get(i + 1) == Some(&b'>') => i + 2,
            b'/' => regular_end(b, i + 1),
            _ if is_delim(c) => i + 1,
            _ => {
                let end = regular_end(b, i);
                let tok = &b[i..end];
                if tok == b"stream" {
                    break;
                }
                if tok == b"R" {
                    if let [Some((start, num)), Some(_)] = ints {
                        found.push((start..end, num));
                    }
                    ints = [None, None];
                } else if !tok.is_empty() && tok.iter().all(u8::is_ascii_digit) {
                    let n = std::str::from_utf8(tok).ok().and_then(|t| t.parse().ok());
                    ints = match n {
                        Some(n) => [ints[1], Some((i, n))],
                        None => [None, None],
                    };
                } else {
                    ints = [None, None];
                }
                i = end.max(i + 1);
                continue;
            }
        };
        ints = [None, None];
        i = next.max(i + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_skipped_by_their_grammar() {
        let src = b"<< /A (x \\) (y)) /B <ab> /C [1 0 R /N (s)] /D << /E 2 0 R >> /F 3 /G true >>";
        let (e, end) = dict(src, 0).expect("a dictionary");
        assert_eq!(end, src.len());
        let keys: Vec<&[u8]> = e.iter().map(|e| &e.key[..]).collect();
        assert_eq!(keys, [&b"A"[..], b"B", b"C", b"D", b"F", b"G"]);
        assert_eq!(get(src, &e, b"A"), Some(&b"(x \\) (y))"[..]));
        assert_eq!(get(src, &e, b"C"), Some(&b"[1 0 R /N (s)]"[..]));
        assert_eq!(get(src, &e, b"F"), Some(&b"3"[..]));
        assert_eq!(ref_num(b"2 0 R"), Some(2));
        let inner = e.iter().find(|e| e.key == b"D").expect("D").value.start;
        let (d, _) = dict(src, inner).expect("inner");
        assert_eq!(ref_num(get(src, &d, b"E").expect("E")), Some(2));
    }

    #[test]
    fn references_are_found_outside_strings_and_names() {
        let src = b"<</A 12 0 R/B(3 0 R)/C[4 0 R 5 6 7 0 R]/D 8 0 R/9 0 R/E <3 0 R>>>stream\n1 0 R";
        let nums: Vec<u32> = references(src).into_iter().map(|(_, n)| n).collect();
        assert_eq!(nums, [12, 4, 7, 8]);
        let (r, n) = references(b"[1 0 R]").remove(0);
        assert_eq!((r, n), (1..6, 1));
    }

    #[test]
    fn compact_dictionaries_parse_too() {
        let src = b"<</Type/Catalog/Pages 2 0 R/MarkInfo<</Marked true>>>>";
        let (e, _) = dict(src, 0).expect("a dictionary");
        assert_eq!(get(src, &e, b"Type"), Some(&b"/Catalog"[..]));
        assert_eq!(get(src, &e, b"Pages"), Some(&b"2 0 R"[..]));
        assert_eq!(get(src, &e, b"MarkInfo"), Some(&b"<</Marked true>>"[..]));
    }

    #[test]
    fn broken_syntax_is_none_not_a_panic() {
        for src in [
            &b"<< /A"[..],
            b"<< /A (",
            b"<< /A [1 2",
            b"<< A 1 >>",
            b"<<",
            b"<",
        ] {
            assert!(dict(src, 0).is_none(), "{:?}", String::from_utf8_lossy(src));
        }
        assert!(parse(b"%PDF-1.7\nstartxref\n999\n%%EOF").is_none());
        assert!(parse(b"").is_none());
    }
}
