//! A combined PDF written as it comes, in memory that does not grow with the number of letters.
//!
//! Each letter arrives as a finished PDF of its own (written by krilla exactly as `render`
//! writes it, in the combined file's standard). Its pages, the objects they use (fonts, images,
//! colour spaces, content), its outline entries and its structure elements are copied into the
//! output at once with new object numbers; the letter's own catalog, page tree, structure tree
//! root, outline root, metadata and output intent are left out. What the end of the file needs
//! is kept small or spooled ([`super::spool`]): every object's offset and each letter's
//! structure element and parent-tree leaf go to unnamed temporary files; the page tree is built
//! as it goes from nodes of [`FAN`] kids; the outline holds one pending entry.
//!
//! At the end come the document-wide objects: one page tree root, one structure tree (a
//! `Document` element with a `Part` per letter, each letter's own `Document` element renamed),
//! its parent tree (a number tree with a leaf per letter), one outline, and the catalog, XMP
//! metadata, output intent and document information of a one-page document krilla writes for
//! the purpose in the same standard (its page dropped), then the cross-reference table.
//!
//! Letters are copied by [`super::syntax`]'s reader of krilla's output: an object or entry this
//! module does not know how to carry over (an attachment, an ID tree, inherited page
//! attributes) is an error, never dropped.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;

mod shared;
mod tail;

use super::spool::{Offsets, Records};
use super::syntax::{self, File};
use crate::error::{Error, ErrorKind};

/// Kids per node of the page tree and the parent tree.
pub(super) const FAN: usize = 256;

/// Catalog entries of a letter that the combined file replaces or takes from its template.
const CATALOG_KEYS: &[&[u8]] = &[
    b"Type",
    b"Pages",
    b"StructTreeRoot",
    b"Outlines",
    b"Metadata",
    b"OutputIntents",
    b"Lang",
    b"MarkInfo",
    b"ViewerPreferences",
    b"PageMode",
    b"PageLayout",
];

fn err(what: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Pdf(format!(
        "cannot write the combined PDF: {what}"
    )))
}

fn io_err(e: io::Error) -> Error {
    err(e)
}

/// The output with its position, the offset table and the next free object number.
pub(super) struct Out<W: Write> {
    w: W,
    pos: u64,
    offsets: Offsets,
    next: u32,
}

impl<W: Write> Out<W> {
    fn alloc(&mut self) -> u32 {
        self.next += 1;
        self.next - 1
    }

    fn raw(&mut self, b: &[u8]) -> Result<(), Error> {
        self.w.write_all(b).map_err(io_err)?;
        self.pos += b.len() as u64;
        Ok(())
    }

    /// Object `num` with `body` (everything between `obj` and `endobj`).
    fn object(&mut self, num: u32, body: &[u8]) -> Result<(), Error> {
        self.offsets.set(num, self.pos).map_err(io_err)?;
        self.raw(format!("{num} 0 obj\n").as_bytes())?;
        self.raw(body)?;
        self.raw(b"\nendobj\n\n")
    }
}

/// A page-tree node being filled.
#[derive(Default)]
struct Node {
    num: u32,
    kids: Vec<u32>,
    count: u64,
}

/// The page tree, built as pages come: leaves of [`FAN`] pages under middle nodes of [`FAN`]
/// leaves under the root; only the open leaf, the open middle node and the root's kids (one
/// per `FAN²` pages) are in memory.
struct PageTree {
    root: u32,
    leaf: Option<Node>,
    middle: Option<Node>,
    top: Vec<u32>,
    count: u64,
}

impl PageTree {
    /// Place page `page`; its parent node's number.
    fn add<W: Write>(&mut self, out: &mut Out<W>, page: u32) -> Result<u32, Error> {
        let leaf = match &mut self.leaf {
            Some(l) => l,
            None => self.leaf.insert(Node {
                num: out.alloc(),
                ..Node::default()
            }),
        };
        leaf.kids.push(page);
        leaf.count += 1;
        let parent = leaf.num;
        if leaf.kids.len() == FAN {
            self.close_leaf(out)?;
        }
        Ok(parent)
    }

    fn close_leaf<W: Write>(&mut self, out: &mut Out<W>) -> Result<(), Error> {
        let Some(leaf) = self.leaf.take() else {
            return Ok(());
        };
        let middle = match &mut self.middle {
            Some(m) => m,
            None => self.middle.insert(Node {
                num: out.alloc(),
                ..Node::default()
            }),
        };
        out.object(
            leaf.num,
            &pages_node(Some(middle.num), &leaf.kids, leaf.count),
        )?;
        middle.kids.push(leaf.num);
        middle.count += leaf.count;
        if middle.kids.len() == FAN {
            self.close_middle(out)?;
        }
        Ok(())
    }

    fn close_middle<W: Write>(&mut self, out: &mut Out<W>) -> Result<(), Error> {
        let Some(m) = self.middle.take() else {
            return Ok(());
        };
        out.object(m.num, &pages_node(Some(self.root), &m.kids, m.count))?;
        self.top.push(m.num);
        self.count += m.count;
        Ok(())
    }

    fn finish<W: Write>(mut self, out: &mut Out<W>) -> Result<(), Error> {
        self.close_leaf(out)?;
        self.close_middle(out)?;
        out.object(self.root, &pages_node(None, &self.top, self.count))
    }
}

fn pages_node(parent: Option<u32>, kids: &[u32], count: u64) -> Vec<u8> {
    let mut b = b"<< /Type /Pages".to_vec();
    if let Some(p) = parent {
        b.extend_from_slice(format!(" /Parent {p} 0 R").as_bytes());
    }
    b.extend_from_slice(b" /Kids [");
    b.extend_from_slice(ref_list(kids.iter().copied()).as_bytes());
    b.extend_from_slice(format!("] /Count {count} >>").as_bytes());
    b
}

fn ref_list(nums: impl Iterator<Item = u32>) -> String {
    let mut s = String::new();
    for (i, n) in nums.enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&format!("{n} 0 R"));
    }
    s
}

/// The outline: the first entry, and the last one written but for its `/Next`.
#[derive(Default)]
struct Outline {
    first: Option<u32>,
    /// The last entry: its number and entries (without `/Next`).
    pending: Option<(u32, syntax::Pairs)>,
    last: Option<u32>,
    count: u64,
}

/// A combined PDF being streamed into `W`.
pub(super) struct Stream<W: Write> {
    out: Out<W>,
    catalog: u32,
    document: u32,
    struct_root: u32,
    outlines: u32,
    pages: PageTree,
    outline: Outline,
    /// Each letter's `Part` structure element.
    parts: Option<Records<1>>,
    /// Each letter's parent-tree leaf with its lowest and highest key.
    leaves: Option<Records<3>>,
    /// Each letter's leaf of element identifiers: its number, the letter's number and how
    /// many identifiers it has (the names are [`id_name`]s, so its limits follow from these).
    ids: Option<Records<3>>,
    /// The next `/StructParents` key.
    next_key: u32,
    role_map: BTreeMap<Vec<u8>, Vec<u8>>,
    /// A hash of the letters' identities, for the file's `/ID`.
    hash: u128,
    /// The objects written that later letters may share.
    shared: shared::Shared,
    /// Past this many bytes the file ends with a cross-reference stream ([`xref`]).
    table_limit: u64,
    /// The most objects the file may have ([`PDFA_MAX_OBJECTS`] under PDF/A), if limited.
    max_objects: Option<u32>,
    header: bool,
    letters: u64,
}

/// The parts of a letter's file that are not copied as they are.
struct Letter<'p> {
    ix: syntax::Indexed<'p>,
    pages: Vec<u32>,
    /// Page-tree nodes, the structure tree root and the outline root: not copied.
    skipped: BTreeSet<u32>,
    struct_root: Option<u32>,
    outlines: Option<u32>,
    /// The structure tree root's kids (each letter's `Document` element).
    elements: Vec<u32>,
    items: Vec<u32>,
}

impl<'p> Letter<'p> {
    fn body(&self, num: u32) -> Option<&'p [u8]> {
        self.ix.body(num)
    }
}

fn catalog_of(pdf: &[u8], file: &File) -> Option<(u32, Vec<u8>)> {
    let tb = &pdf[file.trailer.clone()];
    let (t, _) = syntax::dict(tb, 0)?;
    let root = syntax::ref_num(syntax::get(tb, &t, b"Root")?)?;
    let id = syntax::get(tb, &t, b"ID").unwrap_or_default().to_vec();
    Some((root, id))
}

impl<W: Write> Stream<W> {
    /// An empty combined PDF writing into `w`, spooling into unnamed files in `dir`, with at
    /// most `max_objects` objects (see [`PDFA_MAX_OBJECTS`]).
    pub(super) fn new(w: W, dir: &Path, max_objects: Option<u32>) -> Result<Stream<W>, Error> {
        let mut out = Out {
            w,
            pos: 0,
            offsets: Offsets::new(dir).map_err(io_err)?,
            next: 1,
        };
        let (catalog, root, struct_root, document, outlines) = (
            out.alloc(),
            out.alloc(),
            out.alloc(),
            out.alloc(),
            out.alloc(),
        );
        Ok(Stream {
            out,
            catalog,
            document,
            struct_root,
            outlines,
            pages: PageTree {
                root,
                leaf: None,
                middle: None,
                top: Vec::new(),
                count: 0,
            },
            outline: Outline::default(),
            parts: Some(Records::new(dir).map_err(io_err)?),
            leaves: Some(Records::new(dir).map_err(io_err)?),
            ids: Some(Records::new(dir).map_err(io_err)?),
            next_key: 0,
            role_map: BTreeMap::new(),
            hash: FNV_OFFSET,
            shared: shared::Shared::default(),
            table_limit: TABLE_LIMIT,
            max_objects,
            header: false,
            letters: 0,
        })
    }

    /// Refuse to go on when the objects numbered so far, with what the end of the file will
    /// add (tree nodes over the pages, leaves and identifiers, the template's objects), would
    /// pass `max_objects`: a PDF/A file may have no more (ISO 19005-2, 6.1.13).
    fn check_object_count(&self) -> Result<(), Error> {
        let Some(max) = self.max_objects else {
            return Ok(());
        };
        let end = (self.pages.count + 2 * self.letters) / 128 + 1024;
        if u64::from(self.out.next) + end <= u64::from(max) {
            return Ok(());
        }
        Err(Error::new(ErrorKind::PdfLimit(format!(
            "the combined PDF would have more than {max} objects at letter {}, the most PDF/A allows in one file; split the batch into several combined files (`--shard K/N`), write one file per letter, or write it without the PDF/A claim (`--pdf-standard ua-1`)",
            self.letters + 1
        ))))
    }

    /// Copy one letter's finished PDF (as [`super::finish`] leaves it) into the output.
    pub(super) fn add(&mut self, pdf: &[u8]) -> Result<(), Error> {
        let letter = read_letter(pdf).ok_or_else(|| {
            err("a letter's PDF could not be read back (krilla's layout was expected)")
        })?;
        if !self.header {
            let first = letter.ix.file.objects.first().map_or(0, |o| o.span.start);
            self.out.raw(&pdf[..first])?;
            self.header = true;
        }
        self.role_map(&letter)?;
        let copied = reachable(&letter)?;
        let shared::Numbered { mut map, reused } =
            self.shared.number(&letter, &copied, &mut self.out)?;
        self.check_object_count()?;
        if let Some(s) = letter.struct_root {
            map.insert(s, self.document);
        }
        if let Some(o) = letter.outlines {
            map.insert(o, self.outlines);
        }
        // A page's /Parent, set anew below.
        for &n in &letter.skipped {
            map.entry(n).or_insert(self.pages.root);
        }
        let mut parents = BTreeMap::new();
        for p in &letter.pages {
            let new = map[p];
            parents.insert(*p, self.pages.add(&mut self.out, new)?);
        }
        let key_base = self.next_key;
        self.parent_tree(&letter, &map, key_base)?;
        let ids = self.id_tree(&letter, &map)?;
        for o in &letter.ix.file.objects {
            let Some(&new) = map.get(&o.num) else {
                continue;
            };
            if !copied.contains(&o.num) || reused.contains(&o.num) {
                continue;
            }
            let body = letter
                .body(o.num)
                .ok_or_else(|| err("an object without a body"))?;
            let renumbered = renumber(body, &map)?;
            let edited = self.edit(
                &letter,
                (o.num, new),
                &renumbered,
                (&parents, &ids),
                key_base,
            )?;
            if let Some(b) = edited {
                self.out.object(new, &b)?;
            }
        }
        for e in &letter.elements {
            if let Some(p) = self.parts.as_mut() {
                p.push([map[e]]).map_err(io_err)?;
            }
        }
        if let Some((_, id)) = catalog_of(pdf, &letter.ix.file) {
            self.hash = fnv(self.hash, &id);
        }
        self.letters += 1;
        Ok(())
    }

    /// Merge the letter's role map into the file's (the same few custom roles in every letter).
    fn role_map(&mut self, letter: &Letter) -> Result<(), Error> {
        let Some(root) = letter.struct_root.and_then(|s| letter.body(s)) else {
            return Ok(());
        };
        let (e, _) = syntax::dict(root, 0).ok_or_else(|| err("a damaged structure tree"))?;
        let Some(rm) = syntax::get(root, &e, b"RoleMap") else {
            return Ok(());
        };
        let (m, _) = syntax::dict(rm, 0).ok_or_else(|| err("a role map that is not direct"))?;
        for (k, v) in syntax::pairs(rm, &m) {
            match self.role_map.get(&k) {
                Some(old) if *old != v => {
                    return Err(err(format!(
                        "two letters map the role `{}` differently",
                        String::from_utf8_lossy(&k)
                    )))
                }
                _ => {
                    self.role_map.insert(k, v);
                }
            }
        }
        Ok(())
    }

    /// The letter's parent tree as one leaf of the file's, its keys moved past the letters
    /// before it.
    fn parent_tree(
        &mut self,
        letter: &Letter,
        map: &BTreeMap<u32, u32>,
        base: u32,
    ) -> Result<(), Error> {
        let Some(root) = letter.struct_root.and_then(|s| letter.body(s)) else {
            return Ok(());
        };
        let (e, _) = syntax::dict(root, 0).ok_or_else(|| err("a damaged structure tree"))?;
        let next_key = syntax::get(root, &e, b"ParentTreeNextKey")
            .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok());
        let Some(tree) = syntax::get(root, &e, b"ParentTree") else {
            self.next_key += next_key.unwrap_or(0);
            return Ok(());
        };
        let tree = match syntax::ref_num(tree) {
            Some(n) => letter.body(n).ok_or_else(|| err("a missing parent tree"))?,
            None => tree,
        };
        let (t, _) = syntax::dict(tree, 0).ok_or_else(|| err("a damaged parent tree"))?;
        if syntax::get(tree, &t, b"Kids").is_some() {
            return Err(err("a letter's parent tree has intermediate nodes"));
        }
        let nums = syntax::get(tree, &t, b"Nums").unwrap_or(b"[]");
        let (body, lo, hi) = shifted_nums(nums, map, base)?;
        if let (Some(lo), Some(hi)) = (lo, hi) {
            let leaf = self.out.alloc();
            let mut b = format!("<< /Limits [{lo} {hi}] /Nums [").into_bytes();
            b.extend_from_slice(&body);
            b.extend_from_slice(b"] >>");
            self.out.object(leaf, &b)?;
            if let Some(l) = self.leaves.as_mut() {
                l.push([leaf, lo, hi]).map_err(io_err)?;
            }
        }
        let used = hi.map_or(0, |h| h + 1 - base);
        self.next_key = base + next_key.unwrap_or(used).max(used);
        Ok(())
    }

    /// The letter's identifier tree (`/IDTree`, the IDs of its `Note` elements) as one leaf of
    /// the file's, every name made unique in the file by [`id_name`]; the old names' tokens
    /// with their new ones, for the elements' `/ID`s.
    fn id_tree(&mut self, letter: &Letter, map: &BTreeMap<u32, u32>) -> Result<IdNames, Error> {
        let mut names = BTreeMap::new();
        let Some(root) = letter.struct_root.and_then(|s| letter.body(s)) else {
            return Ok(names);
        };
        let (e, _) = syntax::dict(root, 0).ok_or_else(|| err("a damaged structure tree"))?;
        let Some(tree) = syntax::get(root, &e, b"IDTree") else {
            return Ok(names);
        };
        let tree = match syntax::ref_num(tree) {
            Some(n) => letter
                .body(n)
                .ok_or_else(|| err("a missing identifier tree"))?,
            None => tree,
        };
        let bad = || err("a letter's identifier tree is not one list of names");
        let (t, _) = syntax::dict(tree, 0).ok_or_else(bad)?;
        if syntax::get(tree, &t, b"Kids").is_some() {
            return Err(bad());
        }
        let entries =
            name_pairs(syntax::get(tree, &t, b"Names").unwrap_or(b"[]")).ok_or_else(bad)?;
        if entries.is_empty() {
            return Ok(names);
        }
        let letter_no = u32::try_from(self.letters + 1).map_err(|_| err("too many letters"))?;
        let count = u32::try_from(entries.len()).map_err(|_| bad())?;
        let mut body = format!(
            "<< /Limits [{} {}] /Names [",
            id_name(letter_no, 0),
            id_name(letter_no, count - 1)
        )
        .into_bytes();
        for (i, (old, value)) in entries.into_iter().enumerate() {
            let new = id_name(letter_no, i as u32).into_bytes();
            if i > 0 {
                body.push(b' ');
            }
            body.extend_from_slice(&new);
            body.push(b' ');
            body.extend_from_slice(&renumber(value, map)?);
            names.insert(old.to_vec(), new);
        }
        body.extend_from_slice(b"] >>");
        let leaf = self.out.alloc();
        self.out.object(leaf, &body)?;
        if let Some(ids) = self.ids.as_mut() {
            ids.push([leaf, letter_no, count]).map_err(io_err)?;
        }
        Ok(names)
    }

    /// An object's body as the combined file needs it, or `None` if it is written later (the
    /// letter's last outline entry, until the next entry is known).
    fn edit(
        &mut self,
        letter: &Letter,
        (old, new): (u32, u32),
        body: &[u8],
        (parents, ids): (&BTreeMap<u32, u32>, &IdNames),
        key_base: u32,
    ) -> Result<Option<Vec<u8>>, Error> {
        if !body.starts_with(b"<<") {
            return Ok(Some(body.to_vec()));
        }
        let (e, end) = syntax::dict(body, 0).ok_or_else(|| err("a damaged dictionary"))?;
        let mut pairs = syntax::pairs(body, &e);
        let mut changed = false;
        let mut set = |pairs: &mut syntax::Pairs, k: &[u8], v: Option<Vec<u8>>| {
            changed = true;
            pairs.retain(|(key, _)| key != k);
            if let Some(v) = v {
                pairs.push((k.to_vec(), v));
            }
        };
        for key in [&b"StructParents"[..], b"StructParent"] {
            if let Some(v) = syntax::get(body, &e, key) {
                let k: u32 = std::str::from_utf8(v)
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| err("a /StructParents that is not a number"))?;
                set(
                    &mut pairs,
                    key,
                    Some((k + key_base).to_string().into_bytes()),
                );
            }
        }
        if let Some(parent) = parents.get(&old) {
            set(
                &mut pairs,
                b"Parent",
                Some(format!("{parent} 0 R").into_bytes()),
            );
        }
        if let Some(id) = syntax::get(body, &e, b"ID").filter(|_| !ids.is_empty()) {
            let new_id = ids
                .get(id)
                .ok_or_else(|| err("a structure element's /ID is not in its letter's /IDTree"))?;
            set(&mut pairs, b"ID", Some(new_id.clone()));
        }
        if letter.elements.contains(&old) && syntax::get(body, &e, b"S") == Some(b"/Document") {
            set(&mut pairs, b"S", Some(b"/Part".to_vec()));
        }
        if let Some(at) = letter.items.iter().position(|&i| i == old) {
            if at == 0 {
                let prev = self.outline.pending.as_ref().map(|p| p.0);
                set(
                    &mut pairs,
                    b"Prev",
                    prev.map(|p| format!("{p} 0 R").into_bytes()),
                );
                self.flush_outline(Some(new))?;
                self.outline.first.get_or_insert(new);
            }
            self.outline.count += 1;
            if at + 1 == letter.items.len() {
                pairs.retain(|(k, _)| k != b"Next");
                self.outline.pending = Some((new, pairs));
                self.outline.last = Some(new);
                return Ok(None);
            }
        }
        if !changed {
            return Ok(Some(body.to_vec()));
        }
        let mut b = syntax::write_dict(&pairs);
        b.extend_from_slice(&body[end..]);
        Ok(Some(b))
    }

    /// Write the pending outline entry with `/Next next`.
    fn flush_outline(&mut self, next: Option<u32>) -> Result<(), Error> {
        if let Some((num, mut pairs)) = self.outline.pending.take() {
            if let Some(n) = next {
                pairs.push((b"Next".to_vec(), format!("{n} 0 R").into_bytes()));
            }
            self.out.object(num, &syntax::write_dict(&pairs))?;
        }
        Ok(())
    }

    /// Write the document-wide objects and the table; the output, flushed. `template` is a
    /// finished one-page PDF in the same standard whose catalog, metadata, output intent and
    /// document information the file takes.
    pub(super) fn finish(mut self, template: &[u8]) -> Result<W, Error> {
        if self.letters == 0 {
            return Err(Error::new(ErrorKind::Pdf(
                "there is nothing to write".into(),
            )));
        }
        self.flush_outline(None)?;
        let pages = std::mem::replace(
            &mut self.pages,
            PageTree {
                root: 0,
                leaf: None,
                middle: None,
                top: Vec::new(),
                count: 0,
            },
        );
        let root = pages.root;
        pages.finish(&mut self.out)?;
        self.structure()?;
        if let Some(first) = self.outline.first {
            let last = self.outline_last()?;
            let b = format!(
                "<< /Type /Outlines /First {first} 0 R /Last {last} 0 R /Count {} >>",
                self.outline.count
            );
            self.out.object(self.outlines, b.as_bytes())?;
        }
        let id = base64(&self.hash.to_be_bytes());
        let (catalog, info) = tail::template(&mut self.out, template, &id)?;
        let catalog = self.catalog_dict(catalog, root);
        self.out.object(self.catalog, &catalog)?;
        let mut keys = format!("/Root {} 0 R", self.catalog);
        if let Some(i) = info {
            keys.push_str(&format!(" /Info {i} 0 R"));
        }
        keys.push_str(&format!(" /ID [({id}) ({id})]"));
        let table_limit = self.table_limit;
        xref(self.out, &keys, table_limit)
    }

    /// The last outline entry's number (written by [`Self::flush_outline`] already).
    fn outline_last(&self) -> Result<u32, Error> {
        self.outline
            .last
            .ok_or_else(|| err("the outline lost its last entry"))
    }

    /// The template's catalog with the file's page tree, structure and outline.
    fn catalog_dict(&self, mut pairs: syntax::Pairs, pages: u32) -> Vec<u8> {
        pairs.retain(|(k, _)| {
            !matches!(
                &k[..],
                b"Pages" | b"StructTreeRoot" | b"Outlines" | b"PageMode"
            )
        });
        pairs.push((b"Pages".to_vec(), format!("{pages} 0 R").into_bytes()));
        pairs.push((
            b"StructTreeRoot".to_vec(),
            format!("{} 0 R", self.struct_root).into_bytes(),
        ));
        if self.outline.first.is_some() {
            pairs.push((
                b"Outlines".to_vec(),
                format!("{} 0 R", self.outlines).into_bytes(),
            ));
        }
        syntax::write_dict(&pairs)
    }
}

impl<W: Write> Stream<W> {
    /// The structure tree root, the `Document` element over the letters' parts, and the
    /// parent tree over the letters' leaves.
    fn structure(&mut self) -> Result<(), Error> {
        let parts = self.parts.take().ok_or_else(|| err("finished twice"))?;
        let mut doc = format!(
            "<< /Type /StructElem /S /Document /P {} 0 R /K [",
            self.struct_root
        )
        .into_bytes();
        for (i, r) in parts.read().map_err(io_err)?.enumerate() {
            let [p] = r.map_err(io_err)?;
            if i > 0 {
                doc.push(b' ');
            }
            doc.extend_from_slice(format!("{p} 0 R").as_bytes());
        }
        doc.extend_from_slice(b"] >>");
        self.out.object(self.document, &doc)?;
        drop(doc);
        let leaves = self.leaves.take().ok_or_else(|| err("finished twice"))?;
        let tree = self.number_tree(leaves)?;
        let mut root = format!(
            "<< /Type /StructTreeRoot /K {} 0 R /ParentTreeNextKey {}",
            self.document, self.next_key
        );
        if let Some(t) = tree {
            root.push_str(&format!(" /ParentTree {t} 0 R"));
        }
        let ids = self.ids.take().ok_or_else(|| err("finished twice"))?;
        if let Some(t) = self.name_tree(ids)? {
            root.push_str(&format!(" /IDTree {t} 0 R"));
        }
        let mut b = root.into_bytes();
        if !self.role_map.is_empty() {
            let pairs: Vec<_> = std::mem::take(&mut self.role_map).into_iter().collect();
            b.extend_from_slice(b" /RoleMap ");
            b.extend_from_slice(&syntax::write_dict(&pairs));
        }
        b.extend_from_slice(b" >>");
        self.out.object(self.struct_root, &b)
    }

    /// A number tree over the leaves: intermediate nodes of [`FAN`] kids with their limits,
    /// level by level, up to a root of at most [`FAN`] kids. `None` without leaves.
    fn number_tree(&mut self, leaves: Records<3>) -> Result<Option<u32>, Error> {
        if leaves.len() == 0 {
            return Ok(None);
        }
        let mut level: Vec<[u32; 3]> = Vec::new();
        let mut group: Vec<[u32; 3]> = Vec::with_capacity(FAN);
        let many = leaves.len() > FAN as u64;
        for r in leaves.read().map_err(io_err)? {
            group.push(r.map_err(io_err)?);
            if many && group.len() == FAN {
                level.push(self.tree_node(&group, true)?);
                group.clear();
            }
        }
        if many && !group.is_empty() {
            level.push(self.tree_node(&group, true)?);
            group.clear();
        }
        if !many {
            level = group;
        }
        Ok(Some(self.root_over(level, Self::tree_node)?[0]))
    }

    /// The root over a level of tree nodes: intermediate nodes of [`FAN`] kids (with their
    /// limits) level by level, then a root without limits, each made by `node`.
    fn root_over<T>(
        &mut self,
        mut level: Vec<T>,
        node: fn(&mut Self, &[T], bool) -> Result<T, Error>,
    ) -> Result<T, Error> {
        while level.len() > FAN {
            let mut next = Vec::new();
            for chunk in level.chunks(FAN) {
                next.push(node(self, chunk, true)?);
            }
            level = next;
        }
        node(self, &level, false)
    }

    /// A number-tree node over `kids` (each with its limits); the root has no limits.
    fn tree_node(&mut self, kids: &[[u32; 3]], limits: bool) -> Result<[u32; 3], Error> {
        let num = self.out.alloc();
        let lo = kids.first().map_or(0, |k| k[1]);
        let hi = kids.last().map_or(0, |k| k[2]);
        let mut b = String::from("<<");
        if limits {
            b.push_str(&format!(" /Limits [{lo} {hi}]"));
        }
        b.push_str(" /Kids [");
        b.push_str(&ref_list(kids.iter().map(|k| k[0])));
        b.push_str("] >>");
        self.out.object(num, b.as_bytes())?;
        Ok([num, lo, hi])
    }
}

impl<W: Write> Stream<W> {
    /// A name tree over the letters' identifier leaves (`[leaf, letter, count]`), built as
    /// [`Self::number_tree`] builds its tree; `None` without leaves.
    fn name_tree(&mut self, leaves: Records<3>) -> Result<Option<u32>, Error> {
        if leaves.len() == 0 {
            return Ok(None);
        }
        // [node, first letter, last letter's count] → limits (first, 0) and (last, count - 1).
        let mut level: Vec<[u32; 4]> = Vec::new();
        for r in leaves.read().map_err(io_err)? {
            let [leaf, letter, count] = r.map_err(io_err)?;
            level.push([leaf, letter, letter, count]);
        }
        Ok(Some(self.root_over(level, Self::name_node)?[0]))
    }

    /// A name-tree node over `kids` (`[node, first letter, last letter, its count]`).
    fn name_node(&mut self, kids: &[[u32; 4]], limits: bool) -> Result<[u32; 4], Error> {
        let num = self.out.alloc();
        let (first, last) = (kids[0], kids[kids.len() - 1]);
        let mut b = String::from("<<");
        if limits {
            b.push_str(&format!(
                " /Limits [{} {}]",
                id_name(first[1], 0),
                id_name(last[2], last[3].saturating_sub(1))
            ));
        }
        b.push_str(" /Kids [");
        b.push_str(&ref_list(kids.iter().map(|k| k[0])));
        b.push_str("] >>");
        self.out.object(num, b.as_bytes())?;
        Ok([num, first[1], last[2], last[3]])
    }
}

/// A letter's identifier tokens with the file-wide ones that replace them.
type IdNames = BTreeMap<Vec<u8>, Vec<u8>>;

/// A parent tree's new `/Nums` body with its lowest and highest key.
type ShiftedNums = (Vec<u8>, Option<u32>, Option<u32>);

/// The file-wide name of identifier `i` of letter `letter`, as a PDF string: fixed-width
/// numbers, so that the names sort by letter, then by their order in the letter.
fn id_name(letter: u32, i: u32) -> String {
    format!("(L{letter:010}-{i:06})")
}

/// The (name token, value) pairs of a name tree's `/Names` array.
fn name_pairs(names: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let mut out = Vec::new();
    let mut i = syntax::skip_ws(names, 0);
    if names.get(i) != Some(&b'[') {
        return None;
    }
    i += 1;
    loop {
        i = syntax::skip_ws(names, i);
        if *names.get(i)? == b']' {
            return Some(out);
        }
        let k = syntax::value(names, i)?;
        let v = syntax::value(names, k.end)?;
        out.push((&names[k.clone()], &names[v.clone()]));
        i = v.end;
    }
}

/// Read a letter's file: its pages in order, what is skipped, its structure and outline roots.
fn read_letter(pdf: &[u8]) -> Option<Letter<'_>> {
    let ix = syntax::Indexed::parse(pdf)?;
    let (root, _) = catalog_of(pdf, &ix.file)?;
    let mut letter = Letter {
        ix,
        pages: Vec::new(),
        skipped: BTreeSet::new(),
        struct_root: None,
        outlines: None,
        elements: Vec::new(),
        items: Vec::new(),
    };
    let catalog = letter.body(root)?;
    let (c, _) = syntax::dict(catalog, 0)?;
    letter.skipped.insert(root);
    let pages = syntax::ref_num(syntax::get(catalog, &c, b"Pages")?)?;
    collect_pages(&mut letter, pages, 0)?;
    if let Some(s) = syntax::get(catalog, &c, b"StructTreeRoot").and_then(syntax::ref_num) {
        letter.struct_root = Some(s);
        letter.skipped.insert(s);
        let b = letter.body(s)?;
        let (e, _) = syntax::dict(b, 0)?;
        if let Some(k) = syntax::get(b, &e, b"K") {
            letter.elements = syntax::references(k).into_iter().map(|r| r.1).collect();
        }
    }
    if let Some(o) = syntax::get(catalog, &c, b"Outlines").and_then(syntax::ref_num) {
        letter.outlines = Some(o);
        letter.skipped.insert(o);
        let b = letter.body(o)?;
        let (e, _) = syntax::dict(b, 0)?;
        let mut item = syntax::get(b, &e, b"First").and_then(syntax::ref_num);
        while let Some(i) = item {
            if letter.items.contains(&i) || letter.items.len() > 100_000 {
                return None;
            }
            letter.items.push(i);
            let ib = letter.body(i)?;
            let (ie, _) = syntax::dict(ib, 0)?;
            item = syntax::get(ib, &ie, b"Next").and_then(syntax::ref_num);
        }
    }
    Some(letter)
}

/// The pages under page-tree node `node`, in order; the nodes are skipped.
fn collect_pages(letter: &mut Letter, node: u32, depth: usize) -> Option<()> {
    let b = letter.body(node)?;
    let (e, _) = syntax::dict(b, 0)?;
    if syntax::get(b, &e, b"Type") != Some(b"/Pages") {
        letter.pages.push(node);
        return Some(());
    }
    // An attribute a node passes on to its pages would be lost with the node.
    if depth > 32
        || e.iter()
            .any(|x| !matches!(&x.key[..], b"Type" | b"Kids" | b"Count" | b"Parent"))
    {
        return None;
    }
    letter.skipped.insert(node);
    for (_, kid) in syntax::references(syntax::get(b, &e, b"Kids")?) {
        collect_pages(letter, kid, depth + 1)?;
    }
    Some(())
}

/// The objects to copy: what the pages, the structure elements under the root, the parent
/// tree's values and the outline entries reach, without the skipped ones.
fn reachable(letter: &Letter) -> Result<BTreeSet<u32>, Error> {
    let c = match letter.body(catalog_of(letter.ix.pdf, &letter.ix.file).map_or(0, |c| c.0)) {
        Some(c) => c,
        None => return Err(err("a letter without a catalog")),
    };
    let (e, _) = syntax::dict(c, 0).ok_or_else(|| err("a damaged catalog"))?;
    if let Some(x) = e.iter().find(|x| !CATALOG_KEYS.contains(&&x.key[..])) {
        return Err(err(format!(
            "a letter's catalog has /{}, which a streamed combined PDF cannot carry over",
            String::from_utf8_lossy(&x.key)
        )));
    }
    let mut todo: Vec<u32> = letter.pages.clone();
    todo.extend(&letter.elements);
    todo.extend(&letter.items);
    if let Some(root) = letter.struct_root.and_then(|s| letter.body(s)) {
        let (e, _) = syntax::dict(root, 0).ok_or_else(|| err("a damaged structure tree"))?;
        if let Some(x) = e.iter().find(|x| {
            !matches!(
                &x.key[..],
                b"Type" | b"K" | b"ParentTree" | b"ParentTreeNextKey" | b"RoleMap" | b"IDTree"
            )
        }) {
            return Err(err(format!(
                "a letter's structure tree has /{}, which a streamed combined PDF cannot carry over",
                String::from_utf8_lossy(&x.key)
            )));
        }
        if let Some(t) = syntax::get(root, &e, b"ParentTree") {
            let tree = match syntax::ref_num(t) {
                Some(n) => letter.body(n).unwrap_or_default(),
                None => t,
            };
            todo.extend(syntax::references(tree).into_iter().map(|r| r.1));
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(n) = todo.pop() {
        if letter.skipped.contains(&n) || !seen.insert(n) {
            continue;
        }
        let body = letter
            .body(n)
            .ok_or_else(|| err(format!("a letter refers to object {n}, which it lacks")))?;
        todo.extend(syntax::references(body).into_iter().map(|r| r.1));
    }
    Ok(seen)
}

/// `body` with every reference renumbered by `map` (up to a stream's data, copied as it is).
fn renumber(body: &[u8], map: &BTreeMap<u32, u32>) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(body.len() + 16);
    let mut at = 0;
    for (range, num) in syntax::references(body) {
        let new = map.get(&num).ok_or_else(|| {
            err(format!(
                "a letter refers to object {num}, which is not carried over"
            ))
        })?;
        out.extend_from_slice(&body[at..range.start]);
        out.extend_from_slice(format!("{new} 0 R").as_bytes());
        at = range.end;
    }
    out.extend_from_slice(&body[at..]);
    Ok(out)
}

/// A parent tree's `/Nums` with every key moved by `base` and every value renumbered; the
/// lowest and highest new key.
fn shifted_nums(nums: &[u8], map: &BTreeMap<u32, u32>, base: u32) -> Result<ShiftedNums, Error> {
    let bad = || err("a damaged parent tree");
    let mut out = Vec::new();
    let (mut lo, mut hi) = (None, None);
    let mut i = syntax::skip_ws(nums, 0);
    if nums.get(i) != Some(&b'[') {
        return Err(bad());
    }
    i += 1;
    loop {
        i = syntax::skip_ws(nums, i);
        match nums.get(i) {
            Some(b']') => break,
            None => return Err(bad()),
            _ => {}
        }
        let k = syntax::value(nums, i).ok_or_else(bad)?;
        let v = syntax::value(nums, k.end).ok_or_else(bad)?;
        let key: u32 = std::str::from_utf8(&nums[k.clone()])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(bad)?;
        let key = key + base;
        lo = Some(lo.map_or(key, |l: u32| l.min(key)));
        hi = Some(hi.map_or(key, |h: u32| h.max(key)));
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(format!("{key} ").as_bytes());
        out.extend_from_slice(&renumber(&nums[v.clone()], map)?);
        i = v.end;
    }
    Ok((out, lo, hi))
}

const FNV_OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const FNV_PRIME: u128 = 0x0000000001000000000000000000013B;

/// FNV-1a (128 bits): stable across versions and platforms, unlike `std`'s hasher.
fn fnv(mut h: u128, bytes: &[u8]) -> u128 {
    for &b in bytes {
        h ^= u128::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The most indirect objects a PDF/A-2 or -3 file may have (ISO 19005-2, 6.1.13, from the
/// implementation limits of ISO 32000-1, annex C).
pub(super) const PDFA_MAX_OBJECTS: u32 = 8_388_607;

/// The largest offset a cross-reference table can hold (ten digits).
const TABLE_LIMIT: u64 = 9_999_999_999;

/// End the file: a cross-reference table and trailer (with `keys`), or past `table_limit`
/// bytes a cross-reference stream (PDF 1.5, allowed in PDF/A-2 and -3), whose 5-byte offsets
/// address a file of up to 1 TiB; the output, flushed.
fn xref<W: Write>(mut out: Out<W>, keys: &str, table_limit: u64) -> Result<W, Error> {
    let xref_at = out.pos;
    if xref_at <= table_limit {
        let size = out.next;
        let Out { mut w, offsets, .. } = out;
        offsets.write_table(size, &mut w).map_err(io_err)?;
        let tail = format!("trailer\n<< /Size {size} {keys} >>\nstartxref\n{xref_at}\n%%EOF");
        w.write_all(tail.as_bytes()).map_err(io_err)?;
        w.flush().map_err(io_err)?;
        return Ok(w);
    }
    let num = out.alloc();
    out.offsets.set(num, xref_at).map_err(io_err)?;
    let size = out.next;
    let Out { mut w, offsets, .. } = out;
    let head = format!(
        "{num} 0 obj\n<< /Type /XRef /Size {size} /W [1 5 2] {keys} /Length {} >>\nstream\n",
        u64::from(size) * 8
    );
    w.write_all(head.as_bytes()).map_err(io_err)?;
    offsets.write_stream_data(size, &mut w).map_err(io_err)?;
    let tail = format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF");
    w.write_all(tail.as_bytes()).map_err(io_err)?;
    w.flush().map_err(io_err)?;
    Ok(w)
}

/// Standard base64 with padding (as krilla writes its identifiers).
pub(super) fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                s.push(A[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::appendix::{standard_from, Needs};
    use crate::pdf::PdfOptions;

    /// A letter rendered with the defaults: its PDF and its page model.
    fn rendered() -> crate::Rendered {
        let letter = crate::load_letter_str("recipient: [A, B]\nsubject: S\nbody: x\n", "l.yaml")
            .expect("a letter");
        crate::render(
            &letter,
            &crate::Env::default(),
            &crate::Resources::new(),
            &crate::RenderOptions::default(),
        )
        .expect("renders")
        .output
    }

    /// Under an object limit (PDF/A's, made small here) the letter that would pass it is refused
    /// with what to do instead (the command then deletes the unfinished file).
    #[test]
    fn a_letter_past_the_object_limit_is_refused() {
        let r = rendered();
        let dir = tempfile::tempdir().expect("temp");
        let mut unlimited = Stream::new(Vec::new(), dir.path(), None).expect("a stream");
        unlimited.add(&r.pdf).expect("first");
        let one = unlimited.out.next;
        let mut s = Stream::new(Vec::new(), dir.path(), Some(one + 1024 + 2)).expect("a stream");
        s.add(&r.pdf).expect("the first letter fits");
        let e = s.add(&r.pdf).expect_err("the second does not").to_string();
        assert!(
            e.contains("more than") && e.contains("at letter 2") && e.contains("--shard"),
            "{e}"
        );
    }

    /// Two letters streamed with the table limit at 0: the file ends with a cross-reference
    /// stream, and a reader finds both letters' pages through it.
    #[test]
    fn past_the_table_limit_the_file_ends_with_a_cross_reference_stream() {
        let r = rendered();
        let options = PdfOptions::default();
        let (standard, _) =
            standard_from(&options, &Needs::of(&[&r.document])).expect("a standard");
        let dir = tempfile::tempdir().expect("temp");
        let mut s = Stream::new(Vec::new(), dir.path(), None).expect("a stream");
        s.table_limit = 0;
        s.add(&r.pdf).expect("first");
        s.add(&r.pdf).expect("second");
        let template = super::super::combined::template(&r.document.meta, None, &options, standard)
            .expect("a template");
        let bytes = s.finish(&template).expect("finished");
        let tail = String::from_utf8_lossy(&bytes[bytes.len() - 200..]).into_owned();
        assert!(
            tail.contains("endstream\nendobj\nstartxref\n")
                && !bytes.windows(8).any(|w| w == b"trailer\n"),
            "{tail}"
        );
        assert!(bytes.windows(11).any(|w| w == b"/Type /XRef"));
        let pdf = hayro_syntax::Pdf::new(bytes).expect("a reader takes it");
        assert_eq!(pdf.pages().len(), 2);
    }
}
