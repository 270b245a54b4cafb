//! Helpers of the end-to-end tests of letterpress (the library's tests are in `tests/tests/e2e/`, the command line's in `crates/letterpress-cli/tests/cli/`).
//!
//! - [`pdf`]: a small PDF text reader on top of lopdf that decodes the content streams itself:
//!   `Tj`/`TJ`/`'`/`"` through the fonts' ToUnicode CMaps (bfchar and bfrange), with the
//!   graphics and text state (`cm`, `q`/`Q`, `Tm`, `Td`, `TD`, `T*`, `TL`, `Tc`, `Tw`, `Tz`,
//!   `Tf`) tracked so that every piece of text has its position on the page (top-down, in points)
//!   and its advance computed from the font's widths.
//! - [`text`]: normalisation used to compare the text of a letter with the text of its PDF.
//! - [`cli`]: the `letterpress` binary, built once per test process.
//! - [`visual`]: grey page images, their comparison with a tolerance, and diff images.
//! - [`repo_root`], [`target_dir`], [`examples`], [`fixture`].

use std::path::{Path, PathBuf};

/// The workspace root (`/work/main`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

pub mod artwork;

/// JPEG `bytes` with an EXIF segment (big-endian TIFF) saying the image is stored turned by
/// `orientation` (EXIF tag 0x0112), inserted after the start-of-image marker.
pub fn with_exif_orientation(mut bytes: Vec<u8>, orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01".to_vec();
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut seg = vec![0xFF, 0xE1];
    seg.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend_from_slice(&tiff);
    bytes.splice(2..2, seg);
    bytes
}
pub mod visual;

/// Cargo's target folder (`CARGO_TARGET_DIR`, relative to the workspace root, or `target/`).
pub fn target_dir() -> PathBuf {
    let root = repo_root();
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => {
            let t = PathBuf::from(t);
            if t.is_absolute() {
                t
            } else {
                root.join(t)
            }
        }
        None => root.join("target"),
    }
}

/// Every `examples/*.yaml`, sorted (new examples are picked up automatically).
pub fn examples() -> Vec<PathBuf> {
    let dir = repo_root().join("examples");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no examples found in {}", dir.display());
    out
}

/// A file in `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Reading PDFs: pages, fonts, positioned text.
pub mod pdf {
    use std::collections::BTreeMap;

    use lopdf::content::Content;
    use lopdf::{Dictionary, Document, Object, ObjectId};

    /// A 2-D affine matrix `[a b c d e f]` as in PDF.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Matrix(pub [f32; 6]);

    impl Matrix {
        /// The identity.
        pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

        /// `self × other` (apply `self` first, then `other`), as PDF concatenates.
        pub fn then(&self, o: &Matrix) -> Matrix {
            let [a, b, c, d, e, f] = self.0;
            let [a2, b2, c2, d2, e2, f2] = o.0;
            Matrix([
                a * a2 + b * c2,
                a * b2 + b * d2,
                c * a2 + d * c2,
                c * b2 + d * d2,
                e * a2 + f * c2 + e2,
                e * b2 + f * d2 + f2,
            ])
        }

        /// Transform a point.
        pub fn apply(&self, x: f32, y: f32) -> (f32, f32) {
            let [a, b, c, d, e, f] = self.0;
            (a * x + c * y + e, b * x + d * y + f)
        }

        fn translate(tx: f32, ty: f32) -> Matrix {
            Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
        }
    }

    /// The text drawn by one text-showing operator.
    #[derive(Debug, Clone)]
    pub struct Span {
        /// The Unicode text (through ToUnicode).
        pub text: String,
        /// Left edge of the first glyph's origin, points from the page's left edge.
        pub x: f32,
        /// Baseline, points from the page's top edge (PDF y-up converted: `height - y`).
        pub y: f32,
        /// Where the pen stands after the last glyph (x, points from the left edge).
        pub x_end: f32,
        /// Effective font size (Tf size × vertical scale of the text matrix and CTM).
        pub size: f32,
        /// The font's BaseFont.
        pub font: String,
        /// The MCID of the innermost marked-content sequence around the span that has one.
        pub mcid: Option<i64>,
    }

    /// A line: spans sharing one baseline, left to right.
    #[derive(Debug, Clone)]
    pub struct Line {
        /// The text, spans joined (with a space where they are apart).
        pub text: String,
        /// Left edge.
        pub x: f32,
        /// Baseline from the top.
        pub y: f32,
        /// Right end.
        pub x_end: f32,
    }

    /// One page of a parsed PDF.
    #[derive(Debug, Clone)]
    pub struct Page {
        /// `[llx lly urx ury]`.
        pub media_box: [f32; 4],
        /// The text, in content-stream order.
        pub spans: Vec<Span>,
    }

    impl Page {
        /// Width in points.
        pub fn width(&self) -> f32 {
            self.media_box[2] - self.media_box[0]
        }
        /// Height in points.
        pub fn height(&self) -> f32 {
            self.media_box[3] - self.media_box[1]
        }

        /// The spans grouped into lines by baseline (±0.6 pt), top to bottom, left to right.
        /// Spans on one baseline that are more than `gap` points apart become separate lines
        /// (so that, e.g., the address and the information block beside it stay apart).
        pub fn lines_with_gap(&self, gap: f32) -> Vec<Line> {
            let mut spans: Vec<&Span> = self
                .spans
                .iter()
                .filter(|s| !s.text.trim().is_empty())
                .collect();
            spans.sort_by(|a, b| {
                a.y.partial_cmp(&b.y)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(a.x.partial_cmp(&b.x).unwrap_or(std::cmp::Ordering::Equal))
            });
            // Cluster baselines.
            let mut rows: Vec<Vec<&Span>> = Vec::new();
            for s in spans {
                match rows.last_mut() {
                    Some(row) if (row[0].y - s.y).abs() <= 0.6 => row.push(s),
                    _ => rows.push(vec![s]),
                }
            }
            let mut out = Vec::new();
            for mut row in rows {
                row.sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap_or(std::cmp::Ordering::Equal));
                let mut cur: Option<Line> = None;
                for s in row {
                    match cur.as_mut() {
                        Some(l) if s.x - l.x_end <= gap => {
                            if s.x - l.x_end > 0.5 && !l.text.ends_with(' ') {
                                l.text.push(' ');
                            }
                            l.text.push_str(&s.text);
                            l.x_end = l.x_end.max(s.x_end);
                        }
                        _ => {
                            if let Some(l) = cur.take() {
                                out.push(l);
                            }
                            cur = Some(Line {
                                text: s.text.clone(),
                                x: s.x,
                                y: s.y,
                                x_end: s.x_end,
                            });
                        }
                    }
                }
                if let Some(l) = cur {
                    out.push(l);
                }
            }
            out
        }

        /// Lines of the page (spans more than 20 pt apart are separate lines).
        pub fn lines(&self) -> Vec<Line> {
            self.lines_with_gap(20.0)
        }

        /// The page's text, one line per line, top to bottom.
        pub fn text(&self) -> String {
            self.lines()
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        }

        /// The first line whose text contains `needle`.
        pub fn find_line(&self, needle: &str) -> Option<Line> {
            self.lines().into_iter().find(|l| l.text.contains(needle))
        }
    }

    /// A PDF text string: UTF-16BE after a byte-order mark, else PDFDocEncoding (read as
    /// Latin-1, which it equals for letters).
    pub fn text_string(b: &[u8]) -> String {
        match b.strip_prefix(&[0xfe, 0xff]) {
            Some(u) => String::from_utf16_lossy(
                &u.chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect::<Vec<_>>(),
            ),
            None => b.iter().map(|&c| char::from(c)).collect(),
        }
    }

    /// A font dictionary as found in the file.
    #[derive(Debug, Clone)]
    pub struct FontInfo {
        /// The object.
        pub id: ObjectId,
        /// `/Subtype`.
        pub subtype: String,
        /// `/BaseFont`.
        pub base_font: String,
        /// Whether a `/FontFile`, `/FontFile2` or `/FontFile3` stream is present (for a Type0
        /// font: in its descendant's descriptor).
        pub embedded: bool,
        /// Whether a ToUnicode CMap is present.
        pub has_to_unicode: bool,
    }

    /// A parsed PDF.
    #[derive(Debug)]
    pub struct Pdf {
        /// lopdf's document.
        pub doc: Document,
        /// The pages, in order.
        pub pages: Vec<Page>,
    }

    /// How a font maps codes to text and advances.
    #[derive(Debug, Default, Clone)]
    struct FontMap {
        name: String,
        /// Bytes per code (2 for Identity-H composite fonts, 1 for simple fonts).
        code_len: usize,
        to_unicode: BTreeMap<u32, String>,
        widths: BTreeMap<u32, f32>,
        default_width: f32,
    }

    impl FontMap {
        fn codes(&self, bytes: &[u8]) -> Vec<u32> {
            if self.code_len == 2 {
                bytes
                    .chunks(2)
                    .map(|c| {
                        if c.len() == 2 {
                            u32::from(c[0]) << 8 | u32::from(c[1])
                        } else {
                            u32::from(c[0])
                        }
                    })
                    .collect()
            } else {
                bytes.iter().map(|b| u32::from(*b)).collect()
            }
        }
        fn text(&self, code: u32) -> String {
            match self.to_unicode.get(&code) {
                Some(s) => s.clone(),
                None if self.code_len == 1 => char::from(code as u8).to_string(),
                None => '\u{FFFD}'.to_string(),
            }
        }
        fn width(&self, code: u32) -> f32 {
            self.widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width)
        }
    }

    /// The document catalog (the trailer's `/Root`); a test fails without one.
    pub fn catalog(doc: &Document) -> Dictionary {
        let root = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .expect("trailer /Root");
        doc.get_dictionary(root).expect("catalog").clone()
    }

    /// An object with a reference followed; a test fails on a reference that resolves to
    /// nothing.
    pub fn object<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
        match o {
            Object::Reference(r) => doc.get_object(*r).expect("reference resolves"),
            other => other,
        }
    }

    fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
        doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
    }

    fn num(o: &Object) -> Option<f32> {
        o.as_float().ok()
    }

    fn name_str(o: &Object) -> String {
        o.as_name()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default()
    }

    /// Parse hex string `<...>` content into bytes.
    fn hex_bytes(s: &str) -> Vec<u8> {
        let digits: Vec<u8> = s
            .bytes()
            .filter(|b| b.is_ascii_hexdigit())
            .map(|b| (b as char).to_digit(16).unwrap_or(0) as u8)
            .collect();
        digits
            .chunks(2)
            .map(|c| (c[0] << 4) | c.get(1).copied().unwrap_or(0))
            .collect()
    }

    fn utf16be(bytes: &[u8]) -> String {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| u16::from(c[0]) << 8 | u16::from(*c.get(1).unwrap_or(&0)))
            .collect();
        String::from_utf16_lossy(&units)
    }

    fn code_of(bytes: &[u8]) -> u32 {
        bytes.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b))
    }

    /// Tokens of a CMap: hex strings, arrays' brackets and words.
    fn cmap_tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
            } else if c == '%' {
                for c in chars.by_ref() {
                    if c == '\n' || c == '\r' {
                        break;
                    }
                }
            } else if c == '<' {
                let mut s = String::from("<");
                chars.next();
                for c in chars.by_ref() {
                    s.push(c);
                    if c == '>' {
                        break;
                    }
                }
                out.push(s);
            } else if c == '[' || c == ']' {
                out.push(c.to_string());
                chars.next();
            } else {
                let mut s = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '<' || c == '[' || c == ']' {
                        break;
                    }
                    s.push(c);
                    chars.next();
                }
                out.push(s);
            }
        }
        out
    }

    /// Parse a ToUnicode CMap (bfchar and bfrange sections).
    pub fn parse_to_unicode(text: &str) -> BTreeMap<u32, String> {
        let toks = cmap_tokens(text);
        let mut map = BTreeMap::new();
        let mut i = 0;
        let is_hex = |t: &str| t.starts_with('<') && t.ends_with('>') && !t.starts_with("<<");
        while i < toks.len() {
            match toks[i].as_str() {
                "beginbfchar" => {
                    i += 1;
                    while i + 1 < toks.len() && toks[i] != "endbfchar" {
                        if is_hex(&toks[i]) && is_hex(&toks[i + 1]) {
                            let src = code_of(&hex_bytes(&toks[i]));
                            map.insert(src, utf16be(&hex_bytes(&toks[i + 1])));
                            i += 2;
                        } else {
                            i += 1;
                        }
                    }
                }
                "beginbfrange" => {
                    i += 1;
                    while i + 2 < toks.len() && toks[i] != "endbfrange" {
                        if !(is_hex(&toks[i]) && is_hex(&toks[i + 1])) {
                            i += 1;
                            continue;
                        }
                        let lo = code_of(&hex_bytes(&toks[i]));
                        let hi = code_of(&hex_bytes(&toks[i + 1]));
                        if toks[i + 2] == "[" {
                            let mut j = i + 3;
                            let mut code = lo;
                            while j < toks.len() && toks[j] != "]" {
                                map.insert(code, utf16be(&hex_bytes(&toks[j])));
                                code += 1;
                                j += 1;
                            }
                            i = j + 1;
                        } else {
                            let mut dst = hex_bytes(&toks[i + 2]);
                            for code in lo..=hi.min(lo + 0xFFFF) {
                                map.insert(code, utf16be(&dst));
                                // Increment the last byte of the destination.
                                if let Some(last) = dst.last_mut() {
                                    *last = last.wrapping_add(1);
                                }
                            }
                            i += 3;
                        }
                    }
                }
                _ => i += 1,
            }
        }
        map
    }

    fn font_map(doc: &Document, font: &Dictionary) -> FontMap {
        let mut fm = FontMap {
            name: font.get(b"BaseFont").map(name_str).unwrap_or_default(),
            code_len: 1,
            default_width: 0.0,
            ..FontMap::default()
        };
        if let Ok(tu) = font.get(b"ToUnicode") {
            if let Ok(stream) = deref(doc, tu).as_stream() {
                let data = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                fm.to_unicode = parse_to_unicode(&String::from_utf8_lossy(&data));
            }
        }
        let subtype = font.get(b"Subtype").map(name_str).unwrap_or_default();
        if subtype == "Type0" {
            fm.code_len = 2;
            let desc = font
                .get(b"DescendantFonts")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            if let Some(desc) = desc {
                fm.default_width = desc
                    .get(b"DW")
                    .ok()
                    .and_then(|o| num(deref(doc, o)))
                    .unwrap_or(1000.0);
                if let Ok(w) = desc.get(b"W") {
                    if let Ok(arr) = deref(doc, w).as_array() {
                        let mut i = 0;
                        while i < arr.len() {
                            let first = num(deref(doc, &arr[i])).unwrap_or(0.0) as u32;
                            match arr.get(i + 1).map(|o| deref(doc, o)) {
                                Some(Object::Array(ws)) => {
                                    for (k, w) in ws.iter().enumerate() {
                                        fm.widths.insert(
                                            first + k as u32,
                                            num(deref(doc, w)).unwrap_or(0.0),
                                        );
                                    }
                                    i += 2;
                                }
                                Some(last) => {
                                    let last = num(last).unwrap_or(0.0) as u32;
                                    let w = arr
                                        .get(i + 2)
                                        .and_then(|o| num(deref(doc, o)))
                                        .unwrap_or(0.0);
                                    for c in first..=last.max(first) {
                                        fm.widths.insert(c, w);
                                    }
                                    i += 3;
                                }
                                None => break,
                            }
                        }
                    }
                }
            }
        } else {
            let first = font
                .get(b"FirstChar")
                .ok()
                .and_then(|o| num(deref(doc, o)))
                .unwrap_or(0.0) as u32;
            if let Ok(w) = font.get(b"Widths") {
                if let Ok(arr) = deref(doc, w).as_array() {
                    for (k, w) in arr.iter().enumerate() {
                        fm.widths
                            .insert(first + k as u32, num(deref(doc, w)).unwrap_or(0.0));
                    }
                }
            }
        }
        fm
    }

    #[derive(Clone)]
    struct GState {
        ctm: Matrix,
        // Text state survives q/Q as part of the graphics state.
        tc: f32,
        tw: f32,
        th: f32,
        tl: f32,
        font: Option<Vec<u8>>,
        tfs: f32,
    }

    impl Pdf {
        /// Each link annotation's URI and rectangle `[x0, y0, x1, y1]` (PDF, y up), sorted by
        /// URI. Panics on a link without a URI action or rectangle.
        pub fn links(&self) -> Vec<(String, Vec<f32>)> {
            let mut found = Vec::new();
            for o in self.doc.objects.values() {
                let Ok(d) = o.as_dict() else { continue };
                if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(&b"Link"[..]) {
                    continue;
                }
                let action = match d.get(b"A") {
                    Ok(Object::Reference(r)) => self.doc.get_dictionary(*r).ok(),
                    Ok(Object::Dictionary(a)) => Some(a),
                    _ => None,
                }
                .expect("a link has an action");
                let uri = action
                    .get(b"URI")
                    .and_then(Object::as_str)
                    .expect("a URI action");
                let rect = d
                    .get(b"Rect")
                    .and_then(Object::as_array)
                    .expect("a rectangle")
                    .iter()
                    .map(|n| n.as_float().expect("a number"))
                    .collect();
                found.push((String::from_utf8_lossy(uri).to_string(), rect));
            }
            found.sort_by(|a, b| a.0.cmp(&b.0));
            found
        }

        /// The type (`/S`) of every structure element, in object order.
        pub fn struct_types(&self) -> Vec<String> {
            self.doc
                .objects
                .values()
                .filter_map(|o| o.as_dict().ok())
                .filter(|d| {
                    d.get(b"Type").and_then(Object::as_name).ok() == Some(&b"StructElem"[..])
                })
                .filter_map(|d| d.get(b"S").and_then(Object::as_name).ok())
                .map(|n| String::from_utf8_lossy(n).to_string())
                .collect()
        }

        /// Parse PDF bytes.
        pub fn parse(bytes: &[u8]) -> Result<Pdf, String> {
            let doc = Document::load_mem(bytes).map_err(|e| format!("lopdf cannot load: {e}"))?;
            let mut pages = Vec::new();
            for (_, page_id) in doc.get_pages() {
                pages.push(Self::parse_page(&doc, page_id)?);
            }
            Ok(Pdf { doc, pages })
        }

        fn media_box(doc: &Document, page_id: ObjectId) -> Result<[f32; 4], String> {
            let mut id = Some(page_id);
            while let Some(cur) = id {
                let dict = doc
                    .get_dictionary(cur)
                    .map_err(|e| format!("page dictionary: {e}"))?;
                if let Ok(mb) = dict.get(b"MediaBox") {
                    let arr = deref(doc, mb)
                        .as_array()
                        .map_err(|e| format!("MediaBox: {e}"))?;
                    let v: Vec<f32> = arr.iter().filter_map(|o| num(deref(doc, o))).collect();
                    if v.len() == 4 {
                        return Ok([v[0], v[1], v[2], v[3]]);
                    }
                    return Err(format!("MediaBox has {} numbers", v.len()));
                }
                id = dict.get(b"Parent").and_then(Object::as_reference).ok();
            }
            Err("no MediaBox".into())
        }

        fn parse_page(doc: &Document, page_id: ObjectId) -> Result<Page, String> {
            let media_box = Self::media_box(doc, page_id)?;
            let fonts: BTreeMap<Vec<u8>, FontMap> = doc
                .get_page_fonts(page_id)
                .map_err(|e| format!("page fonts: {e}"))?
                .into_iter()
                .map(|(k, d)| (k, font_map(doc, d)))
                .collect();
            let data = doc
                .get_page_content(page_id)
                .map_err(|e| format!("page content: {e}"))?;
            let content = Content::decode(&data).map_err(|e| format!("content stream: {e}"))?;
            let height = media_box[3];
            let mut spans = Vec::new();
            let mut gs = GState {
                ctm: Matrix::IDENTITY,
                tc: 0.0,
                tw: 0.0,
                th: 1.0,
                tl: 0.0,
                font: None,
                tfs: 0.0,
            };
            let mut stack: Vec<GState> = Vec::new();
            // Marked-content sequences: the MCID of each that has one.
            let mut marked: Vec<Option<i64>> = Vec::new();
            let mut tm = Matrix::IDENTITY;
            let mut tlm = Matrix::IDENTITY;
            for op in &content.operations {
                let f = |i: usize| op.operands.get(i).and_then(num).unwrap_or(0.0);
                match op.operator.as_str() {
                    "BMC" => marked.push(None),
                    "BDC" => marked.push(
                        op.operands
                            .get(1)
                            .and_then(|o| o.as_dict().ok())
                            .and_then(|d| d.get(b"MCID").ok())
                            .and_then(|o| o.as_i64().ok()),
                    ),
                    "EMC" => {
                        marked.pop();
                    }
                    "q" => stack.push(gs.clone()),
                    "Q" => {
                        if let Some(s) = stack.pop() {
                            gs = s;
                        }
                    }
                    "cm" => {
                        let m = Matrix([f(0), f(1), f(2), f(3), f(4), f(5)]);
                        gs.ctm = m.then(&gs.ctm);
                    }
                    "BT" => {
                        tm = Matrix::IDENTITY;
                        tlm = Matrix::IDENTITY;
                    }
                    "Tm" => {
                        tm = Matrix([f(0), f(1), f(2), f(3), f(4), f(5)]);
                        tlm = tm;
                    }
                    "Td" => {
                        tlm = Matrix::translate(f(0), f(1)).then(&tlm);
                        tm = tlm;
                    }
                    "TD" => {
                        gs.tl = -f(1);
                        tlm = Matrix::translate(f(0), f(1)).then(&tlm);
                        tm = tlm;
                    }
                    "T*" => {
                        tlm = Matrix::translate(0.0, -gs.tl).then(&tlm);
                        tm = tlm;
                    }
                    "TL" => gs.tl = f(0),
                    "Tc" => gs.tc = f(0),
                    "Tw" => gs.tw = f(0),
                    "Tz" => gs.th = f(0) / 100.0,
                    "Tf" => {
                        gs.font = op
                            .operands
                            .first()
                            .and_then(|o| o.as_name().ok())
                            .map(|n| n.to_vec());
                        gs.tfs = f(1);
                    }
                    "Tj" | "TJ" | "'" | "\"" => {
                        if op.operator == "'" || op.operator == "\"" {
                            if op.operator == "\"" {
                                gs.tw = f(0);
                                gs.tc = f(1);
                            }
                            tlm = Matrix::translate(0.0, -gs.tl).then(&tlm);
                            tm = tlm;
                        }
                        let fm = gs
                            .font
                            .as_ref()
                            .and_then(|n| fonts.get(n))
                            .cloned()
                            .unwrap_or_default();
                        let start = tm.then(&gs.ctm).apply(0.0, 0.0);
                        let scale = {
                            let m = tm.then(&gs.ctm);
                            let (x0, y0) = m.apply(0.0, 0.0);
                            let (x1, y1) = m.apply(0.0, 1.0);
                            ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt()
                        };
                        let mut text = String::new();
                        let show = |bytes: &[u8], tm: &mut Matrix, text: &mut String| {
                            for code in fm.codes(bytes) {
                                text.push_str(&fm.text(code));
                                let w = fm.width(code) / 1000.0;
                                let space = if fm.code_len == 1 && code == 32 {
                                    gs.tw
                                } else {
                                    0.0
                                };
                                let tx = (w * gs.tfs + gs.tc + space) * gs.th;
                                *tm = Matrix::translate(tx, 0.0).then(tm);
                            }
                        };
                        let items: Vec<&Object> = if op.operator == "TJ" {
                            op.operands
                                .first()
                                .and_then(|o| o.as_array().ok())
                                .map(|a| a.iter().collect())
                                .unwrap_or_default()
                        } else {
                            op.operands.last().into_iter().collect()
                        };
                        for it in items {
                            match it {
                                Object::String(bytes, _) => show(bytes, &mut tm, &mut text),
                                o => {
                                    if let Some(n) = num(o) {
                                        let tx = -n / 1000.0 * gs.tfs * gs.th;
                                        tm = Matrix::translate(tx, 0.0).then(&tm);
                                    }
                                }
                            }
                        }
                        let end = tm.then(&gs.ctm).apply(0.0, 0.0);
                        spans.push(Span {
                            text,
                            x: start.0 - media_box[0],
                            y: height - start.1,
                            x_end: end.0 - media_box[0],
                            size: gs.tfs * scale,
                            font: fm.name.clone(),
                            mcid: marked.iter().rev().find_map(|m| *m),
                        });
                    }
                    _ => {}
                }
            }
            Ok(Page { media_box, spans })
        }

        /// Number of pages.
        pub fn page_count(&self) -> usize {
            self.pages.len()
        }

        /// The text of all pages, pages separated by a form feed line.
        pub fn text(&self) -> String {
            self.pages
                .iter()
                .map(Page::text)
                .collect::<Vec<_>>()
                .join("\n\u{c}\n")
        }

        /// The text as the structure tree gives it (what a screen reader or a tag-based
        /// extractor reads): elements in tree order, an element's `/ActualText` in place of its
        /// content, marked content by MCID; each piece of content followed by a space.
        pub fn tagged_text(&self) -> String {
            let doc = &self.doc;
            let pages: BTreeMap<ObjectId, usize> = doc
                .get_pages()
                .values()
                .enumerate()
                .map(|(i, id)| (*id, i))
                .collect();
            let root = catalog(doc);
            let mut out = String::new();
            if let Ok(k) = root.get(b"StructTreeRoot") {
                if let Ok(tree) = object(doc, k).as_dict() {
                    if let Ok(kids) = tree.get(b"K") {
                        self.tagged(kids, None, &pages, &mut out);
                    }
                }
            }
            out
        }

        fn tagged(
            &self,
            o: &Object,
            page: Option<usize>,
            pages: &BTreeMap<ObjectId, usize>,
            out: &mut String,
        ) {
            let doc = &self.doc;
            match deref(doc, o) {
                Object::Array(a) => {
                    for k in a {
                        self.tagged(k, page, pages, out);
                    }
                }
                Object::Integer(mcid) => {
                    let spans = page.and_then(|p| self.pages.get(p)).map(|p| &p.spans);
                    for s in spans.into_iter().flatten() {
                        if s.mcid == Some(*mcid) {
                            out.push_str(&s.text);
                        }
                    }
                    out.push(' ');
                }
                Object::Dictionary(d) => {
                    let page = d
                        .get(b"Pg")
                        .ok()
                        .and_then(|p| p.as_reference().ok())
                        .and_then(|r| pages.get(&r).copied())
                        .or(page);
                    if let Ok(actual) = d.get(b"ActualText").and_then(Object::as_str) {
                        out.push_str(&text_string(actual));
                        out.push(' ');
                    } else if let Ok(mcid) = d.get(b"MCID") {
                        self.tagged(mcid, page, pages, out);
                    } else if let Ok(k) = d.get(b"K") {
                        self.tagged(k, page, pages, out);
                    }
                }
                _ => {}
            }
        }

        /// Every font dictionary in the file.
        pub fn fonts(&self) -> Vec<FontInfo> {
            let doc = &self.doc;
            let mut out = Vec::new();
            for (id, obj) in &doc.objects {
                let Ok(d) = obj.as_dict() else { continue };
                if d.get(b"Type").map(name_str).ok().as_deref() != Some("Font") {
                    continue;
                }
                let subtype = d.get(b"Subtype").map(name_str).unwrap_or_default();
                if subtype == "CIDFontType0" || subtype == "CIDFontType2" {
                    // Descendants are checked through their Type0 parent.
                    continue;
                }
                let descriptor_of = |f: &Dictionary| -> Option<Dictionary> {
                    f.get(b"FontDescriptor")
                        .ok()
                        .map(|o| deref(doc, o))
                        .and_then(|o| o.as_dict().ok())
                        .cloned()
                };
                let descriptor = if subtype == "Type0" {
                    d.get(b"DescendantFonts")
                        .ok()
                        .map(|o| deref(doc, o))
                        .and_then(|o| o.as_array().ok())
                        .and_then(|a| a.first())
                        .map(|o| deref(doc, o))
                        .and_then(|o| o.as_dict().ok())
                        .and_then(descriptor_of)
                } else {
                    descriptor_of(d)
                };
                let embedded = descriptor.is_some_and(|fd| {
                    [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                        .iter()
                        .any(|k| fd.get(k).is_ok())
                });
                out.push(FontInfo {
                    id: *id,
                    subtype,
                    base_font: d.get(b"BaseFont").map(name_str).unwrap_or_default(),
                    embedded,
                    has_to_unicode: d.get(b"ToUnicode").is_ok(),
                });
            }
            out
        }
    }
}

/// Normalising text for comparisons between a letter and its PDF.
pub mod text {
    /// Collapse whitespace (including no-break spaces) to single spaces, map typographic quotes
    /// and the soft hyphen away.
    pub fn collapse(s: &str) -> String {
        let s: String = s
            .chars()
            .filter(|c| *c != '\u{AD}')
            .map(|c| match c {
                '\u{2019}' | '\u{2018}' | '\u{201A}' => '\'',
                '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
                '\u{2010}' | '\u{2011}' => '-',
                c => c,
            })
            .collect();
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The text of a PDF as words: hyphenated line ends joined ("współ-\npracy" → "współpracy"),
    /// hyphens then removed everywhere (so that a hard hyphen at a line end compares equal too),
    /// whitespace collapsed.
    pub fn pdf_words(text: &str) -> Vec<String> {
        let mut joined = String::new();
        for line in text.lines() {
            let t = line.trim_end();
            if let Some(stem) = t
                .strip_suffix('-')
                .or_else(|| t.strip_suffix('\u{AD}'))
                .or_else(|| t.strip_suffix('\u{2010}'))
            {
                joined.push_str(stem);
            } else {
                joined.push_str(t);
                joined.push('\n');
            }
        }
        words(&joined)
    }

    /// The words of a text, normalised as [`pdf_words`] does.
    pub fn words(text: &str) -> Vec<String> {
        collapse(text)
            .split(' ')
            .map(|w| w.replace('-', ""))
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// The body of a letter as plain words: Markdown emphasis (`*`, `**`, `_`) and list markers
    /// (`- `, `* `, `1. `) stripped, hyphens removed as in [`pdf_words`].
    pub fn body_words(markdown: &str) -> Vec<String> {
        let mut plain = String::new();
        for line in markdown.lines() {
            let t = line.trim_start();
            let t = t
                .strip_prefix("- ")
                .or_else(|| t.strip_prefix("* "))
                .or_else(|| t.strip_prefix("+ "))
                .unwrap_or_else(|| {
                    // "12. " numbered item
                    let digits = t.chars().take_while(char::is_ascii_digit).count();
                    if digits > 0
                        && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
                    {
                        &t[digits + 2..]
                    } else {
                        t
                    }
                });
            plain.push_str(&t.replace("**", "").replace('*', ""));
            plain.push('\n');
        }
        words(&plain)
    }

    /// Check that `needle` words occur in `hay` in order. Returns the first word that cannot be
    /// found (with some context) on failure. `max_gap` bounds how many unrelated words may lie
    /// between two consecutive matches (page furniture at a page break, list markers).
    pub fn in_order(needle: &[String], hay: &[String], max_gap: usize) -> Result<(), String> {
        let mut pos = 0usize;
        let mut last: Option<usize> = None;
        for (i, w) in needle.iter().enumerate() {
            let limit = match last {
                Some(l) => (l + 1 + max_gap + 1).min(hay.len()),
                None => hay.len(),
            };
            match hay[pos..limit].iter().position(|h| h == w) {
                Some(k) => {
                    last = Some(pos + k);
                    pos = pos + k + 1;
                }
                None => {
                    let before = needle[i.saturating_sub(6)..i].join(" ");
                    let after_pdf = hay[pos.min(hay.len())..(pos + 12).min(hay.len())].join(" ");
                    return Err(format!(
                        "body word #{i} `{w}` (after \"{before}\") not found within {max_gap} \
                         words of the previous match; the PDF continues: \"{after_pdf}\""
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The `letterpress` binary.
pub mod cli {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};
    use std::sync::OnceLock;

    /// The path of the `letterpress` binary, built (once per test process) with
    /// `cargo build -p letterpress-cli`; `CARGO_TARGET_DIR` is respected.
    pub fn bin() -> PathBuf {
        static BIN: OnceLock<PathBuf> = OnceLock::new();
        BIN.get_or_init(|| {
            let root = super::repo_root();
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let out = Command::new(cargo)
                .args([
                    "build",
                    "-q",
                    "-p",
                    "letterpress-cli",
                    "--bin",
                    "letterpress",
                ])
                .current_dir(&root)
                .output()
                .expect("cargo runs");
            assert!(
                out.status.success(),
                "cargo build -p letterpress-cli failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let bin = super::target_dir()
                .join("debug")
                .join(format!("letterpress{}", std::env::consts::EXE_SUFFIX));
            assert!(bin.exists(), "no binary at {}", bin.display());
            bin
        })
        .clone()
    }

    /// A command for the binary, with `SOURCE_DATE_EPOCH` removed from its environment.
    pub fn cmd() -> Command {
        let mut c = Command::new(bin());
        c.env_remove("SOURCE_DATE_EPOCH");
        c
    }

    /// `letterpress merge LETTER --data DATA --out OUT`, to which a test adds its own arguments.
    pub fn merge_cmd(letter: &Path, data: &Path, out: &Path) -> Command {
        let mut c = cmd();
        c.arg("merge")
            .arg(letter)
            .arg("--data")
            .arg(data)
            .arg("--out")
            .arg(out);
        c
    }

    /// The result of a run, for messages.
    pub struct Run {
        /// Exit code (`None`: killed by a signal).
        pub code: Option<i32>,
        /// Standard output.
        pub stdout: String,
        /// Standard error.
        pub stderr: String,
    }

    impl From<Output> for Run {
        fn from(o: Output) -> Run {
            Run {
                code: o.status.code(),
                stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            }
        }
    }

    impl std::fmt::Display for Run {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(
                f,
                "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.code, self.stdout, self.stderr
            )
        }
    }

    /// Run the command and capture what it says.
    pub fn run(c: &mut Command) -> Run {
        c.output().expect("the binary runs").into()
    }
}

#[cfg(test)]
mod tests {
    use super::text::*;

    #[test]
    fn to_unicode_bfchar_and_bfrange() {
        let cmap = "1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
                    2 beginbfchar\n<0001> <0041>\n<0002> <00660069>\nendbfchar\n\
                    2 beginbfrange\n<0010> <0012> <0061>\n<0020> <0021> [<0105> <D83DDE00>]\nendbfrange";
        let m = super::pdf::parse_to_unicode(cmap);
        assert_eq!(m.get(&1).map(String::as_str), Some("A"));
        assert_eq!(m.get(&2).map(String::as_str), Some("fi"), "ligature");
        assert_eq!(m.get(&0x12).map(String::as_str), Some("c"), "range");
        assert_eq!(m.get(&0x20).map(String::as_str), Some("ą"));
        assert_eq!(m.get(&0x21).map(String::as_str), Some("😀"), "surrogates");
    }

    #[test]
    fn normalisation_joins_hyphenated_line_ends() {
        let pdf = pdf_words("naszej współ-\npracy i PR-\nLeistungen\u{a0}dalej");
        assert_eq!(pdf, ["naszej", "współpracy", "i", "PRLeistungen", "dalej"]);
        let body = body_words("naszej **współpracy**\n\n1. i *PR-Leistungen*\n- dalej");
        assert_eq!(body, pdf);
        assert!(in_order(&body, &pdf, 0).is_ok());
        let missing: Vec<String> = vec!["naszej".into(), "brak".into()];
        assert!(in_order(&missing, &pdf, 10).is_err());
    }
}
