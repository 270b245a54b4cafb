//! Languages: labels, date grammar and the hyphenation language of each supported locale.

use serde::Serialize;

/// A supported letter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Lang {
    /// Polish (`pl`).
    Pl,
    /// British English (`en-GB`).
    EnGb,
    /// American English (`en-US`).
    EnUs,
    /// German (`de`).
    De,
}

impl Lang {
    /// The hyphenation patterns used for this language.
    pub fn hypher(self) -> hypher::Lang {
        match self {
            Lang::Pl => hypher::Lang::Polish,
            Lang::EnGb | Lang::EnUs => hypher::Lang::English,
            Lang::De => hypher::Lang::German,
        }
    }
}
