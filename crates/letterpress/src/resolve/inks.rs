//! The firm's own CMYK for its accent (`accent_cmyk`), for press output. A CMYK value belongs
//! to the `accent` written beside it: when the letter's `style:` changes the accent and not
//! its CMYK, the letterhead's CMYK (of another colour) is not used, and a warning says so.

use crate::error::{Error, ErrorKind, Warning};
use crate::units::Cmyk;

use super::cascade::{origin, Cascade, Ctx};

/// The accent's CMYK, when the layer that gives the accent gives it too.
pub(super) fn accent_cmyk(cx: &mut Ctx, cascade: &Cascade) -> Option<Cmyk> {
    let p = cascade.get(|s| s.accent_cmyk.as_ref())?;
    let at = origin(p.file, p.value);
    let cmyk = match Cmyk::from_percent(&p.value.value) {
        Ok(c) => c,
        Err(reason) => {
            cx.push(
                Error::new(ErrorKind::InvalidValue {
                    what: "accent_cmyk".into(),
                    value: format!(
                        "[{}]",
                        p.value.value.iter().map(f64::to_string).collect::<Vec<_>>().join(", ")
                    ),
                    reason,
                })
                .at(at)
                .hint("give cyan, magenta, yellow and black in per cent, as in the firm's style guide: `accent_cmyk: [100, 60, 0, 40]`"),
            );
            return None;
        }
    };
    let accent = cascade.get(|s| s.accent.as_ref());
    if accent
        .as_ref()
        .is_some_and(|a| std::ptr::eq(a.file, p.file))
    {
        return Some(cmyk);
    }
    cx.warnings.push(
        Warning::new(match accent {
            Some(_) => "`accent_cmyk` is not used: the letter's `style:` sets another `accent` without a CMYK of its own; press output converts that accent from sRGB",
            None => "`accent_cmyk` is not used: no `accent` is given beside it",
        })
        .at(at),
    );
    None
}
