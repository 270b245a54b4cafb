//! Lengths with units ("20mm", "11pt", "1in", "0.5cm") and `#RRGGBB` colours.

use serde::Serialize;

/// Points per millimetre (1 in = 25.4 mm = 72 pt).
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres to points.
///
/// ```
/// assert!((letterpress::units::mm(25.4) - 72.0).abs() < 1e-4);
/// ```
pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// Inches to points.
///
/// ```
/// assert_eq!(letterpress::units::inch(0.5), 36.0);
/// ```
pub fn inch(v: f32) -> f32 {
    v * 72.0
}

/// Parse a length such as `20mm`, `11pt`, `1in`, `0.5cm` into points.
///
/// A bare number is refused: the unit is part of the contract.
///
/// ```
/// use letterpress::units::parse_length;
/// assert_eq!(parse_length("11pt"), Ok(11.0));
/// assert_eq!(parse_length("1in"), Ok(72.0));
/// assert!(parse_length("11").unwrap_err().contains("needs a unit"));
/// ```
pub fn parse_length(s: &str) -> Result<f32, String> {
    let t = s.trim();
    // The unit is the run of letters at the end; everything before it is the number.
    let split = t.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
    let (num, unit) = t.split_at(split);
    if unit.is_empty() {
        return Err("a length needs a unit: mm, cm, in or pt (e.g. `20mm`)".into());
    }
    let num = num.trim();
    if num.is_empty() {
        return Err(format!(
            "`{t}` is not a length: a number, then mm, cm, in or pt (e.g. `20mm`)"
        ));
    }
    let v: f32 = num
        .parse()
        .ok()
        .filter(|_| num.bytes().all(|b| b"0123456789.+-eE".contains(&b)))
        .ok_or_else(|| format!("`{num}` is not a number"))?;
    if !v.is_finite() {
        return Err(format!("`{num}` is too large"));
    }
    let pt = match unit.trim() {
        "mm" => mm(v),
        "cm" => mm(v * 10.0),
        "in" => inch(v),
        "pt" => v,
        other => {
            return Err(format!(
                "unknown unit `{other}`; use mm, cm, in or pt (e.g. `20mm`)"
            ))
        }
    };
    Ok(pt)
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Color {
    /// Black.
    pub const BLACK: Color = Color { r: 0, g: 0, b: 0 };
    /// The grey of fold marks and small print.
    pub const GREY: Color = Color {
        r: 0x66,
        g: 0x66,
        b: 0x66,
    };

    /// Parse `#RRGGBB`.
    ///
    /// ```
    /// use letterpress::units::Color;
    /// let c = Color::parse("#1F4E79").unwrap();
    /// assert_eq!((c.r, c.g, c.b), (0x1F, 0x4E, 0x79));
    /// assert!(Color::parse("blue").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Color, String> {
        let t = s.trim();
        let hex = t
            .strip_prefix('#')
            .ok_or_else(|| "a colour is written `#RRGGBB`, e.g. `#1F4E79`".to_string())?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err("a colour is six hexadecimal digits after `#`, e.g. `#1F4E79`".into());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        Ok(Color {
            r: byte(0),
            g: byte(2),
            b: byte(4),
        })
    }
}

/// A CMYK colour as a firm's style guide gives it: cyan, magenta, yellow and black in per cent
/// (0–100) of the press's process inks. Used for the accent in press output
/// ([`crate::Print::Press`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cmyk {
    /// Cyan, magenta, yellow, black, each 0–100.
    pub percent: [f32; 4],
}

impl Cmyk {
    /// Four percentages, each 0–100.
    ///
    /// ```
    /// use letterpress::units::Cmyk;
    /// let c = Cmyk::from_percent(&[100.0, 60.0, 0.0, 40.0]).unwrap();
    /// assert_eq!(c.to_bytes(), [255, 153, 0, 102]);
    /// assert!(Cmyk::from_percent(&[100.0, 60.0, 0.0]).is_err());
    /// assert!(Cmyk::from_percent(&[100.0, 160.0, 0.0, 40.0]).is_err());
    /// ```
    pub fn from_percent(values: &[f64]) -> Result<Cmyk, String> {
        let [c, m, y, k] = values else {
            return Err(format!(
                "a CMYK colour is four percentages, cyan, magenta, yellow and black (e.g. `[100, 60, 0, 40]`); {} given",
                values.len()
            ));
        };
        let mut percent = [0.0; 4];
        for (i, (v, name)) in [c, m, y, k]
            .into_iter()
            .zip(["cyan", "magenta", "yellow", "black"])
            .enumerate()
        {
            if !v.is_finite() || !(0.0..=100.0).contains(v) {
                return Err(format!("{name} is {v}, outside 0–100 %"));
            }
            percent[i] = *v as f32;
        }
        Ok(Cmyk { percent })
    }

    /// The four values as 0–255 (what the PDF writer takes; the PDF holds value/255).
    pub fn to_bytes(self) -> [u8; 4] {
        self.percent
            .map(|p| (p.clamp(0.0, 100.0) * 2.55).round() as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_convert_to_points() {
        assert!((parse_length("25.4mm").unwrap() - 72.0).abs() < 1e-3);
        assert!((parse_length("1in").unwrap() - 72.0).abs() < 1e-6);
        assert!((parse_length("11pt").unwrap() - 11.0).abs() < 1e-6);
        assert!((parse_length("0.5cm").unwrap() - mm(5.0)).abs() < 1e-4);
        assert!((parse_length(" 45 mm ").unwrap() - mm(45.0)).abs() < 1e-4);
    }

    #[test]
    fn bad_lengths_say_why() {
        assert!(parse_length("20").unwrap_err().contains("needs a unit"));
        assert!(parse_length("20px")
            .unwrap_err()
            .contains("unknown unit `px`"));
        assert!(parse_length("abcmm")
            .unwrap_err()
            .contains("`abcmm` is not a length"));
        assert!(parse_length("NaNmm").is_err());
        assert!(parse_length("infpt").is_err());
        assert!(parse_length("1e39pt").unwrap_err().contains("too large"));
        assert_eq!(parse_length("1e1mm"), Ok(mm(10.0)));
        assert_eq!(parse_length(" 2.5 cm "), Ok(mm(25.0)));
        assert!(parse_length("1x2mm")
            .unwrap_err()
            .contains("`1x2` is not a number"));
    }

    #[test]
    fn colours_parse() {
        assert_eq!(
            Color::parse("#1F4E79").unwrap(),
            Color {
                r: 0x1f,
                g: 0x4e,
                b: 0x79
            }
        );
        assert!(Color::parse("1F4E79").is_err());
        assert!(Color::parse("#1F4E7").is_err());
        assert!(Color::parse("#GGGGGG").is_err());
    }
}
