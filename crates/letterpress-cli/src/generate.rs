//! Generated helpers: the JSON Schemas of the formats (schemars), shell completions
//! (clap_complete) and man pages (clap_mangen), all from the same definitions the program uses,
//! so they cannot drift from it.

use std::path::Path;

use crate::output::write_output;
use crate::Failure;

/// The format whose schema `letterpress schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A letter (letter-format.md, "A letter").
    Letter,
    /// A letterhead (letter-format.md, "A letterhead").
    Letterhead,
}

/// `letterpress schema`: the JSON Schema, pretty-printed.
pub fn schema(format: Format, output: Option<&Path>) -> Result<(), Failure> {
    let value = match format {
        Format::Letter => letterpress::spec::letter_schema(),
        Format::Letterhead => letterpress::spec::letterhead_schema(),
    };
    let mut text = serde_json::to_string_pretty(&value)
        .map_err(|e| Failure::Io(format!("cannot serialise the schema: {e}")))?;
    text.push('\n');
    match output {
        Some(path) => {
            write_output(path, text.as_bytes())?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
        None => crate::stdout::write(text.as_bytes()),
    }
}

/// `letterpress completions SHELL`: the completion script on standard output.
pub fn completions(shell: clap_complete::Shell, cmd: &mut clap::Command) -> Result<(), Failure> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, cmd, "letterpress", &mut buf);
    crate::stdout::write(&buf)
}

/// `letterpress manpage`: letterpress.1 on standard output, or every page into a folder
/// (letterpress.1 and letterpress-COMMAND.1, as `man letterpress-render` expects).
pub fn manpage(cmd: clap::Command, out: Option<&Path>) -> Result<(), Failure> {
    let cmd = cmd.name("letterpress");
    let Some(dir) = out else {
        let mut buf = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut buf)
            .map_err(|e| Failure::Io(format!("cannot render the man page: {e}")))?;
        return crate::stdout::write(&buf);
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Io(format!("cannot create `{}`: {e}", dir.display())))?;
    let mut written = Vec::new();
    let mut pages = vec![("letterpress".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("letterpress-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    for (name, page) in pages {
        let mut buf = Vec::new();
        clap_mangen::Man::new(page)
            .render(&mut buf)
            .map_err(|e| Failure::Io(format!("cannot render the man page of {name}: {e}")))?;
        let path = dir.join(format!("{name}.1"));
        write_output(&path, &buf)?;
        written.push(path);
    }
    eprintln!(
        "wrote {} man pages into {}; read one with: man -l {}",
        written.len(),
        dir.display(),
        dir.join("letterpress.1").display()
    );
    Ok(())
}
