//! Fonts (placeholder).
