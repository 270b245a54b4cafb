//! The address in the window: one type size for all its lines, and the name the continuation
//! header gives the recipient.

use super::{span, Cx};
use crate::error::Error;
use crate::fonts::FontStyle;
use crate::text::Line;

/// The smallest size an address is set at: postal services read 8 pt reliably.
pub const MIN_ADDRESS_PT: f32 = 8.0;

/// Lines that are only a courtesy title, not a name ("Herrn", "Pan", "Ms").
const COURTESY: &[&str] = &[
    "herrn", "herr", "frau", "firma", "pan", "pani", "państwo", "panstwo", "mr", "mrs", "ms",
    "miss", "mx", "dr", "messrs", "sir", "madam", "monsieur", "madame", "sig.", "sig.ra",
];

impl Cx<'_> {
    /// The address lines set at one size: `size`, or smaller (in quarter points, not below
    /// [`MIN_ADDRESS_PT`]) so that the widest line fits `width`; with a warning when it had to
    /// shrink or still does not fit.
    pub(super) fn address_lines(
        &mut self,
        lines: &[String],
        size: f32,
        width: f32,
    ) -> Result<(Vec<Line>, f32), Error> {
        let mut s = size;
        let mut set = self.set_all(lines, s)?;
        while s > MIN_ADDRESS_PT && widest(&set).0 > width {
            s = (s - 0.25).max(MIN_ADDRESS_PT);
            set = self.set_all(lines, s)?;
        }
        let (w, i) = widest(&set);
        let line = lines.get(i).map(String::as_str).unwrap_or("");
        if w > width {
            self.warn(format!(
                "recipient line {} (`{line}`) is {:.1} mm wider than the envelope window even \
                 at {MIN_ADDRESS_PT} pt; shorten it",
                i + 1,
                (w - width) / crate::units::mm(1.0)
            ));
        } else if s < size {
            self.warn(format!(
                "the address is set at {s} pt instead of {size} pt so that its widest line \
                 (`{line}`) fits the envelope window; shorten that line to keep {size} pt"
            ));
        }
        Ok((set, s))
    }

    fn set_all(&mut self, lines: &[String], size: f32) -> Result<Vec<Line>, Error> {
        lines
            .iter()
            .map(|a| self.line(&[span(a, FontStyle::Regular)], size))
            .collect()
    }
}

/// The widest line's width and index.
fn widest(lines: &[Line]) -> (f32, usize) {
    lines.iter().enumerate().fold(
        (0.0, 0),
        |(w, i), (j, l)| if l.width > w { (l.width, j) } else { (w, i) },
    )
}

/// The recipient as the continuation header names them: the first address line that is not
/// only a courtesy title ("Herrn" / "Jan Muster" → "Jan Muster").
pub(super) fn addressee(recipient: &[String]) -> String {
    recipient
        .iter()
        .find(|l| !is_courtesy_title(l))
        .or(recipient.first())
        .cloned()
        .unwrap_or_default()
}

/// Whether an address line is empty or only a courtesy title ("Herrn", "Pan", "Ms").
pub fn is_courtesy_title(line: &str) -> bool {
    let t = line.trim().trim_end_matches(',').to_lowercase();
    t.is_empty() || COURTESY.contains(&t.as_str())
}

#[cfg(test)]
mod tests {
    use super::addressee;

    #[test]
    fn courtesy_title_lines_are_skipped() {
        let r = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            addressee(&r(&["Herrn", "Jan Muster", "Weg 1"])),
            "Jan Muster"
        );
        assert_eq!(addressee(&r(&["Pan", "Jan Kowalski"])), "Jan Kowalski");
        assert_eq!(addressee(&r(&["Ms", "Ann Lee"])), "Ann Lee");
        assert_eq!(addressee(&r(&["Pan Jan Kowalski"])), "Pan Jan Kowalski");
        assert_eq!(addressee(&r(&["Herrn"])), "Herrn");
    }
}
