//! `recipient:` as written: a list of address lines, or a mapping of the address's parts
//! (`name`, `organisation`, `street`, `postcode`, `city`, `country`, …) that
//! [`crate::address`] formats by the destination country's postal convention.

use std::ops::{Deref, DerefMut};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

/// The keys of the mapping form, in the order [`crate::address`] reads them.
pub const ADDRESS_KEYS: &[&str] = &[
    "name",
    "organisation",
    "department",
    "street",
    "postcode",
    "city",
    "region",
    "country",
];

/// Other spellings accepted for a key (`company` for `organisation`, `state` and `province`
/// for `region`, `zip` for `postcode`).
fn canonical(key: &str) -> Option<&'static str> {
    match key {
        "company" | "organization" => Some("organisation"),
        "state" | "province" | "county" => Some("region"),
        "zip" | "postal_code" => Some("postcode"),
        "town" => Some("city"),
        k => ADDRESS_KEYS.iter().copied().find(|a| *a == k),
    }
}

/// The recipient: its lines as strings (the list form's lines, or the mapping's values), and
/// for the mapping form the key and place of each value. It derefs to the lines, so code that
/// reads or fills the texts of a letter (placeholders, control characters) treats both forms
/// alike.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recipient {
    /// The address lines, or the mapping's values in the order written.
    pub lines: Vec<String>,
    /// For the mapping form, each value's key (canonical spelling) and place; empty for the
    /// list form.
    pub fields: Vec<(&'static str, Location)>,
    /// The keys whose value YAML read as a number or a boolean (`postcode: 01067` is the
    /// number 1067, `region: ON`, Ontario, is `true` to YAML 1.1): [`crate::address`] reads
    /// their text as written from the source.
    pub raw: Vec<&'static str>,
}

impl Recipient {
    /// The list form.
    pub fn from_lines(lines: Vec<String>) -> Recipient {
        Recipient {
            lines,
            fields: Vec::new(),
            raw: Vec::new(),
        }
    }

    /// Whether it was written as a mapping.
    pub fn is_structured(&self) -> bool {
        !self.fields.is_empty()
    }

    /// The value of a key of the mapping form, with its place.
    pub fn get(&self, key: &str) -> Option<(&str, Location)> {
        self.fields
            .iter()
            .zip(&self.lines)
            .find(|((k, _), _)| *k == key)
            .map(|((_, loc), v)| (v.as_str(), *loc))
    }
}

impl Deref for Recipient {
    type Target = Vec<String>;
    fn deref(&self) -> &Vec<String> {
        &self.lines
    }
}

impl DerefMut for Recipient {
    fn deref_mut(&mut self) -> &mut Vec<String> {
        &mut self.lines
    }
}

impl<'a> IntoIterator for &'a Recipient {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.lines.iter()
    }
}

impl<'a> IntoIterator for &'a mut Recipient {
    type Item = &'a mut String;
    type IntoIter = std::slice::IterMut<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.lines.iter_mut()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Recipient {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.lines
            .iter()
            .map(String::as_str)
            .eq(other.iter().copied())
    }
}

impl PartialEq<Vec<&str>> for Recipient {
    fn eq(&self, other: &Vec<&str>) -> bool {
        self.lines
            .iter()
            .map(String::as_str)
            .eq(other.iter().copied())
    }
}

/// A scalar value of the mapping: a string, or a number or boolean written without quotes (a
/// postcode such as `69002`), flagged so that its text is read as written.
struct Scalar(String, bool);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string(), false))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string(), true))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string(), true))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string(), true))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string(), true))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Recipient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Recipient;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of address lines, or a mapping of name, organisation, department, street, postcode, city, region and country")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Recipient, A::Error> {
                let mut lines = Vec::new();
                while let Some(l) = s.next_element::<String>()? {
                    lines.push(l);
                }
                Ok(Recipient::from_lines(lines))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Recipient, A::Error> {
                let mut out = Recipient::default();
                while let Some(key) = m.next_key::<String>()? {
                    let Some(k) = canonical(&key) else {
                        return Err(de::Error::unknown_field(&key, ADDRESS_KEYS));
                    };
                    if out.fields.iter().any(|(f, _)| *f == k) {
                        return Err(de::Error::duplicate_field(k));
                    }
                    let v = m.next_value::<Spanned<Scalar>>()?;
                    out.fields.push((k, v.referenced));
                    if v.value.1 {
                        out.raw.push(k);
                    }
                    out.lines.push(v.value.0);
                }
                if out.fields.is_empty() {
                    return Err(de::Error::invalid_length(0, &"at least a name and a city"));
                }
                Ok(out)
            }
        }
        d.deserialize_any(V)
    }
}
