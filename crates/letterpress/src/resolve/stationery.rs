//! The letter's firm artwork beyond the headers: the designer's `stationery:` sheet (a page
//! under page 1, another under pages 2+), the `watermark:` word, and the notes that loading
//! artwork leaves for the letter's warnings.

use std::sync::Arc;

use serde_saphyr::Spanned;

use super::cascade::{origin, Ctx, Pick};
use super::ImageData;
use crate::error::{Error, ErrorKind, Warning};
use crate::fonts::FontSet;
use crate::spec::StationerySpec;

/// Resolved firm artwork that is not a header.
#[derive(Debug, Clone, Default)]
pub struct FirmArtwork {
    /// The page drawn under page 1 (the whole page).
    pub first: Option<Arc<ImageData>>,
    /// The page drawn under pages 2 and later.
    pub next: Option<Arc<ImageData>>,
    /// A light diagonal word on every page.
    pub watermark: Option<String>,
    /// The alternative text of page 1's sheet (its `alt`, when not empty): the sheet is a
    /// described figure there; without it, decoration.
    pub alt: Option<String>,
    /// Warnings from loading artwork (a font an SVG names that is not available, …).
    pub notes: Vec<Warning>,
}

/// Load the stationery pages a letterhead (or a letter's `style:`) names.
pub(super) fn resolve_stationery(
    cx: &mut Ctx,
    p: Option<Pick<StationerySpec>>,
    fonts: &FontSet,
) -> (Option<Arc<ImageData>>, Option<Arc<ImageData>>) {
    let Some(p) = p else {
        return (None, None);
    };
    let spec = p.value;
    let path = p.file.base_dir().join(spec.file.value.trim());
    let pages = match cx.res.artwork_pages(cx.env, &path) {
        Ok(n) => n,
        Err(kind) => {
            cx.push(Error::new(kind).at(origin(p.file, &spec.file)));
            return (None, None);
        }
    };
    let mut page = |key: &Spanned<u32>| -> Option<Arc<ImageData>> {
        let n = key.value as usize;
        if n == 0 || n > pages {
            cx.push(
                Error::new(ErrorKind::InvalidValue {
                    what: "stationery page".into(),
                    value: key.value.to_string(),
                    reason: format!(
                        "`{}` has {pages} page{}",
                        spec.file.value.trim(),
                        if pages == 1 { "" } else { "s" }
                    ),
                })
                .at(origin(p.file, key)),
            );
            return None;
        }
        load(cx, p.file, &spec.file, &path, fonts, n, key)
    };
    let first = match &spec.first_page {
        Some(k) => page(k),
        None => page(&Spanned {
            value: 1,
            referenced: spec.file.referenced,
            defined: spec.file.defined,
        }),
    };
    let next = spec.next_page.as_ref().and_then(page);
    (first, next)
}

fn load(
    cx: &mut Ctx,
    file: &crate::spec::SourceFile,
    named: &Spanned<String>,
    path: &std::path::Path,
    fonts: &FontSet,
    page: usize,
    key: &Spanned<u32>,
) -> Option<Arc<ImageData>> {
    match cx.res.artwork(cx.env, path, fonts, page) {
        Ok(a) => {
            let at = origin(file, named);
            cx.notes
                .extend(a.notes.into_iter().map(|n| Warning::new(n).at(at.clone())));
            Some(a.image)
        }
        Err(kind) => {
            cx.push(Error::new(kind).at(origin(file, key)));
            None
        }
    }
}
