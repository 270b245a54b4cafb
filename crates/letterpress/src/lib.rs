//! letterpress: typesets firm-branded business letters from YAML into print-ready PDF.

pub mod fonts;
pub mod locale;
pub mod text;
