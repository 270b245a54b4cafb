//! The README's smallest complete program, kept here so that CI builds and runs it.

use letterpress::{load_letter_str, render, Env, RenderOptions, Resources};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let letter = load_letter_str(
        "letterhead: brightline-us\nrecipient: [Ms. Jane Doe, 1 Main St, \"Springfield, IL 62701\"]\n\
         opening: \"Dear Ms. Doe:\"\nbody: Thank you for your order.\nclosing: Sincerely\n",
        "letter.yaml", // names the letter in messages; the base of its relative paths
    )?;
    let resources = Resources::new(); // fonts, images, letterheads parsed once; share it
    let out = render(&letter, &Env::default(), &resources, &RenderOptions::default())?;
    for w in &out.warnings {
        eprintln!("warning: {w}");
    }
    std::fs::write("letter.pdf", &out.output.pdf)?;
    Ok(())
}
