//! What the PDF needs to know of a JPEG before embedding its bytes as they are: the EXIF
//! orientation (a photo or scan stored sideways, with a tag saying how to turn it upright)
//! and the number of colour components (four: CMYK, which PDF/A cannot hold without a
//! colour profile).
//!
//! A bounded walk over the marker segments up to the first scan: no pixel is decoded, every
//! offset is checked, and at most [`MAX_SEGMENTS`] segments are read.

/// The most marker segments read before giving up (a JPEG has a few dozen).
const MAX_SEGMENTS: usize = 1_000;

/// The EXIF tag of the orientation.
const ORIENTATION_TAG: u16 = 0x0112;

/// What the headers of a JPEG say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JpegInfo {
    /// EXIF orientation 1–8 (1: stored upright; also when there is no EXIF or the tag is
    /// not a valid value).
    pub orientation: u8,
    /// Colour components of the frame (1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK), if a frame header
    /// was found.
    pub components: Option<u8>,
}

/// Read the orientation and the components from a JPEG's marker segments.
pub(crate) fn info(data: &[u8]) -> JpegInfo {
    let mut out = JpegInfo {
        orientation: 1,
        components: None,
    };
    let mut pos = 2; // after SOI
    for _ in 0..MAX_SEGMENTS {
        let Some(&[0xFF, marker]) = data.get(pos..pos + 2) else {
            break;
        };
        pos += 2;
        match marker {
            0xFF => {
                pos -= 1; // fill byte
                continue;
            }
            0x01 | 0xD0..=0xD7 => continue, // no length
            0xD9 | 0xDA => break,           // end of image, start of scan
            _ => {}
        }
        let Some(&[hi, lo]) = data.get(pos..pos + 2) else {
            break;
        };
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        let Some(body) = data.get(pos + 2..pos + len.max(2)) else {
            break;
        };
        match marker {
            0xE1 => {
                if let Some(o) = body.strip_prefix(b"Exif\0\0").and_then(exif_orientation) {
                    out.orientation = o;
                }
            }
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                out.components = body.get(5).copied();
            }
            _ => {}
        }
        pos += len;
    }
    out
}

/// The orientation tag of IFD0 of a TIFF structure (the body of an EXIF segment).
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let big = match tiff.get(..4)? {
        [b'M', b'M', 0, 42] => true,
        [b'I', b'I', 42, 0] => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count).find_map(|i| {
        let entry = ifd.checked_add(2 + 12 * i)?;
        // Tag, type SHORT (3), count 1, the value in the first two bytes of the value field.
        if u16_at(entry)? != ORIENTATION_TAG || u16_at(entry + 2)? != 3 {
            return None;
        }
        let value = u16_at(entry + 8)?;
        u8::try_from(value).ok().filter(|v| (1..=8).contains(v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG's headers: SOI, an APP1 EXIF segment with the orientation (if any), a frame
    /// header with `components`, and the start of a scan.
    pub(crate) fn headers(orientation: Option<u16>, big_endian: bool, components: u8) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        if let Some(o) = orientation {
            let mut tiff: Vec<u8> = Vec::new();
            let w16 = |v: u16| {
                if big_endian {
                    v.to_be_bytes()
                } else {
                    v.to_le_bytes()
                }
            };
            let w32 = |v: u32| {
                if big_endian {
                    v.to_be_bytes()
                } else {
                    v.to_le_bytes()
                }
            };
            tiff.extend_from_slice(if big_endian { b"MM" } else { b"II" });
            tiff.extend_from_slice(&w16(42));
            tiff.extend_from_slice(&w32(8));
            tiff.extend_from_slice(&w16(2)); // two entries: another tag first
            for (tag, value) in [(0x010F_u16, 0u16), (ORIENTATION_TAG, o)] {
                tiff.extend_from_slice(&w16(tag));
                tiff.extend_from_slice(&w16(3));
                tiff.extend_from_slice(&w32(1));
                tiff.extend_from_slice(&w16(value));
                tiff.extend_from_slice(&[0, 0]);
            }
            tiff.extend_from_slice(&w32(0));
            let len = (2 + 6 + tiff.len()) as u16;
            out.extend_from_slice(&[0xFF, 0xE1]);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(b"Exif\0\0");
            out.extend_from_slice(&tiff);
        }
        let mut sof = vec![8, 0, 2, 0, 3, components];
        for c in 0..components {
            sof.extend_from_slice(&[c + 1, 0x11, 0]);
        }
        out.extend_from_slice(&[0xFF, 0xC0]);
        out.extend_from_slice(&((sof.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&sof);
        out.extend_from_slice(&[0xFF, 0xDA, 0, 2]);
        out
    }

    #[test]
    fn orientation_and_components_are_read_in_either_byte_order() {
        for big in [true, false] {
            for o in 1..=8 {
                let i = info(&headers(Some(o), big, 3));
                assert_eq!(i.orientation, o as u8, "big endian {big}");
                assert_eq!(i.components, Some(3));
            }
        }
        assert_eq!(info(&headers(None, true, 4)).orientation, 1, "no EXIF");
        assert_eq!(info(&headers(None, true, 4)).components, Some(4), "CMYK");
        assert_eq!(
            info(&headers(Some(9), true, 1)).orientation,
            1,
            "not a valid value"
        );
    }

    #[test]
    fn damaged_headers_are_read_without_panic() {
        let whole = headers(Some(6), false, 3);
        for n in 0..whole.len() {
            let _ = info(&whole[..n]);
        }
        let mut bad_offset = whole.clone();
        bad_offset[16] = 0xFF; // the IFD offset points far away
        assert_eq!(info(&bad_offset).orientation, 1);
        assert_eq!(
            info(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 0]).orientation,
            1,
            "zero length"
        );
    }
}
