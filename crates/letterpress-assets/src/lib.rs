//! The fonts and letterheads bundled with [letterpress](https://crates.io/crates/letterpress),
//! kept in a crate of their own (as typst keeps its fonts in `typst-assets`) so that the
//! library's code can change without a new download of 3.6 MB of fonts.
//!
//! - Fonts: Noto Serif and Noto Sans (SIL Open Font License 1.1, [`OFL_LICENSE`]) and
//!   TeX Gyre Termes (GUST Font License, [`GUST_FONT_LICENSE`]), each in four faces, unmodified
//!   but for the removal of TrueType hinting from the Noto fonts (the OFL allows it).
//! - Letterheads of four fictitious firms: each a `letterhead.yaml` and its artwork, as
//!   [`LETTERHEAD_FILES`] (paths relative to the `letterheads/` folder).
#![no_std]
#![forbid(unsafe_code)]

/// One bundled family: regular, bold, italic and bold italic font files.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    /// The family name, as a letterhead's `font.family` names it.
    pub name: &'static str,
    /// The regular face.
    pub regular: &'static [u8],
    /// The bold face.
    pub bold: &'static [u8],
    /// The italic face.
    pub italic: &'static [u8],
    /// The bold italic face.
    pub bold_italic: &'static [u8],
}

macro_rules! font {
    ($file:literal) => {
        include_bytes!(concat!("../fonts/", $file))
    };
}

/// The bundled families, the default (Noto Serif) first.
pub const FAMILIES: &[Family] = &[
    Family {
        name: "Noto Serif",
        regular: font!("NotoSerif-Regular.ttf"),
        bold: font!("NotoSerif-Bold.ttf"),
        italic: font!("NotoSerif-Italic.ttf"),
        bold_italic: font!("NotoSerif-BoldItalic.ttf"),
    },
    Family {
        name: "Noto Sans",
        regular: font!("NotoSans-Regular.ttf"),
        bold: font!("NotoSans-Bold.ttf"),
        italic: font!("NotoSans-Italic.ttf"),
        bold_italic: font!("NotoSans-BoldItalic.ttf"),
    },
    Family {
        name: "TeX Gyre Termes",
        regular: font!("texgyretermes-regular.otf"),
        bold: font!("texgyretermes-bold.otf"),
        italic: font!("texgyretermes-italic.otf"),
        bold_italic: font!("texgyretermes-bolditalic.otf"),
    },
];

/// The SIL Open Font License 1.1 of the Noto fonts.
pub const OFL_LICENSE: &str = include_str!("../fonts/OFL.txt");

/// The GUST Font License of TeX Gyre Termes.
pub const GUST_FONT_LICENSE: &str = include_str!("../fonts/GUST-FONT-LICENSE.txt");

/// A bundled file: its path relative to the `letterheads/` folder, and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct File {
    /// The path, with `/` separators, e.g. `nowak-pr/letterhead.yaml`.
    pub path: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
}

macro_rules! letterhead_file {
    ($path:literal) => {
        File {
            path: $path,
            bytes: include_bytes!(concat!("../letterheads/", $path)),
        }
    };
}

/// Every file of the bundled letterheads, in path order. A letterhead is the folder of a
/// `NAME/letterhead.yaml`; its artwork paths are relative to that file.
pub const LETTERHEAD_FILES: &[File] = &[
    letterhead_file!("brightline-us/header-small.png"),
    letterhead_file!("brightline-us/header.png"),
    letterhead_file!("brightline-us/letterhead.yaml"),
    letterhead_file!("hartmann-legal/header.jpg"),
    letterhead_file!("hartmann-legal/letterhead.yaml"),
    letterhead_file!("nordwerk/letterhead.png"),
    letterhead_file!("nordwerk/letterhead.svg"),
    letterhead_file!("nordwerk/letterhead.yaml"),
    letterhead_file!("nordwerk/signature.png"),
    letterhead_file!("nowak-pr/header-a.png"),
    letterhead_file!("nowak-pr/header-a.svg"),
    letterhead_file!("nowak-pr/header-small.png"),
    letterhead_file!("nowak-pr/header-small.svg"),
    letterhead_file!("nowak-pr/header.png"),
    letterhead_file!("nowak-pr/header.svg"),
    letterhead_file!("nowak-pr/letterhead.yaml"),
    letterhead_file!("nowak-pr/signatures/anna-nowak.png"),
    letterhead_file!("nowak-pr/signatures/piotr-zielinski.png"),
];

/// The names of the bundled letterheads (`nowak-pr`, …), in order.
pub fn letterhead_names() -> impl Iterator<Item = &'static str> {
    LETTERHEAD_FILES
        .iter()
        .filter_map(|f| f.path.strip_suffix("/letterhead.yaml"))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn every_letterhead_file_in_the_folder_is_listed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("letterheads");
        let mut on_disk = std::vec::Vec::new();
        let mut stack = std::vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("readable").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p
                        .strip_prefix(&root)
                        .expect("inside")
                        .to_string_lossy()
                        .replace('\\', "/");
                    on_disk.push(rel);
                }
            }
        }
        on_disk.sort();
        let listed: std::vec::Vec<std::string::String> =
            LETTERHEAD_FILES.iter().map(|f| f.path.into()).collect();
        assert_eq!(
            listed, on_disk,
            "LETTERHEAD_FILES must list every file (and only those)"
        );
        let names: std::vec::Vec<_> = letterhead_names().collect();
        assert_eq!(
            names,
            ["brightline-us", "hartmann-legal", "nordwerk", "nowak-pr"]
        );
        assert!(FAMILIES
            .iter()
            .all(|f| f.regular.len() > 1000 && f.bold_italic.len() > 1000));
    }
}
