//! Render a YAML letter into standard output (or any other writer), for use in a pipeline:
//!
//! ```sh
//! cargo run -p letterpress --example letter_to_stdout -- examples/termination-en-gb.yaml > letter.pdf
//! ```
//!
//! Errors are printed with their file, line, column and hint, and the exit code says what
//! went wrong, as `letterpress render` does.

use std::io::Write;
use std::process::ExitCode;

use letterpress::{render_file, Env, RenderOptions, Resources};

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: letter_to_stdout LETTER.yaml > OUT.pdf");
        return ExitCode::from(2);
    };
    let resources = Resources::new();
    match render_file(
        path.as_ref(),
        &Env::from_process(),
        &resources,
        &RenderOptions::default(),
    ) {
        Ok(out) => {
            for w in &out.warnings {
                eprintln!("warning: {}", w.message);
            }
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout
                .write_all(&out.output.pdf)
                .and_then(|()| stdout.flush())
            {
                eprintln!("error: cannot write the PDF: {e}");
                return ExitCode::from(3);
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("error: {e}");
            }
            ExitCode::from(if errors.0.iter().all(|e| e.is_io()) {
                3
            } else {
                1
            })
        }
    }
}
