//! Finding a letter's letterhead: a file beside the letter, or a name.

use crate::error::{Error, ErrorKind};
use crate::spec::{Letter, Letterhead};

use super::cascade::origin;
use super::{Env, Resources};

/// Find the letterhead a letter names: a path relative to the letter (in memory or, as `env`
/// allows, on disk), or a name: registered ([`Resources::insert_letterhead`]), in the env's
/// letterhead folders, or bundled.
///
/// ```
/// use letterpress::{find_letterhead, load_letter_str, Env, Resources};
/// let res = Resources::new();
/// let letter = load_letter_str("letterhead: nowak-pr\nrecipient: [A]\nbody: x\n", "letter.yaml")?;
/// let lh = find_letterhead(&letter, &Env::default(), &res)?.expect("bundled");
/// assert_eq!(lh.source.path, std::path::Path::new("<bundled>/nowak-pr/letterhead.yaml"));
/// let typo = load_letter_str("letterhead: nowak-p\nrecipient: [A]\nbody: x\n", "letter.yaml")?;
/// let e = find_letterhead(&typo, &Env::default(), &res).unwrap_err();
/// assert!(e.hint.unwrap().contains("did you mean the bundled letterhead `nowak-pr`"));
/// # Ok::<(), letterpress::Error>(())
/// ```
pub fn find_letterhead(
    letter: &Letter,
    env: &Env,
    res: &Resources,
) -> Result<Option<Letterhead>, Error> {
    let Some(name) = &letter.spec.letterhead else {
        return Ok(None);
    };
    let at = origin(&letter.source, name);
    let raw = name.value.trim();
    let as_path = letter.source.base_dir().join(raw);
    let looks_like_path =
        raw.contains('/') || raw.contains('\\') || raw.ends_with(".yaml") || raw.ends_with(".yml");
    let place = |e: Error| {
        if e.origin.is_none() {
            e.at(at.clone())
        } else {
            e
        }
    };
    if res.is_file(env, &as_path) {
        return res.letterhead(env, &as_path).map(Some).map_err(place);
    }
    let known = res.letterheads(env);
    if !looks_like_path {
        if let Some(p) = known.get(raw) {
            return res.letterhead(env, p).map(Some).map_err(place);
        }
    }
    if looks_like_path {
        if let Err(mut kind) = res.read(env, &as_path, crate::spec::MAX_SPEC_BYTES as u64) {
            if let ErrorKind::Io { reason, .. } = &mut kind {
                if reason.contains("folder") {
                    *reason = "it is a folder, not a letterhead file".into();
                } else if reason.contains("no such file") {
                    *reason = "no such letterhead file".into();
                }
            }
            let hint = match kind {
                ErrorKind::OutsideRoot { .. } => {
                    "use a letterhead inside the allowed folder or a bundled one"
                }
                ErrorKind::NoFileAccess { .. } => {
                    "use a bundled letterhead, or register it in memory (`Resources::insert_file`)"
                }
                _ => {
                    "name the letterhead's YAML file, e.g. `firm/letterhead.yaml`, or a bundled one"
                }
            };
            return Err(Error::new(kind).at(at).hint(hint));
        }
    }
    let names: Vec<&str> = known.keys().map(String::as_str).collect();
    let e = Error::new(ErrorKind::Io {
        path: as_path,
        reason: "no such letterhead file".into(),
    })
    .at(at);
    Err(match crate::error::nearest(raw, names.iter().copied()) {
        Some(n) if !looks_like_path => {
            e.hint(format!("did you mean the bundled letterhead `{n}`?"))
        }
        _ => e.hint(format!(
            "give a path relative to the letter, or one of the letterheads: {}",
            if names.is_empty() {
                "(none)".to_string()
            } else {
                names.join(", ")
            }
        )),
    })
}
