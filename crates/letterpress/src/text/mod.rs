//! Text (placeholder).
