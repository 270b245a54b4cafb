//! An invoicing tool that sends each invoice with a covering letter.
//!
//! The tool already has its data in Rust structs, so it builds each letter in code (no YAML),
//! puts it on a bundled letterhead, checks its grammar, and writes one PDF per invoice.
//!
//! ```sh
//! cargo run -p letterpress --example invoice_cover_letter -- OUT_DIR
//! ```

use std::path::PathBuf;
use std::sync::Arc;

use letterpress::locale::Lang;
use letterpress::spec::{LetterSpec, Location, References, SignatureSpec, SourceFile, Spanned};
use letterpress::{render, Env, Letter, RenderOptions, Resources};

/// An invoice as the invoicing tool keeps it.
struct Invoice {
    number: &'static str,
    issued: &'static str,
    due_days: u32,
    client: Client,
    total: &'static str,
    items: &'static [&'static str],
}

/// A client, with the form of address its letters use.
struct Client {
    address: &'static [&'static str],
    /// Polish recipient title: "Pan", "Pani" or "Państwo".
    title: &'static str,
    customer_no: &'static str,
}

/// A value with no place in a file (the letter is built in code).
fn v<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

/// The covering letter of one invoice.
fn cover_letter(inv: &Invoice) -> Letter {
    let items: String = inv.items.iter().map(|i| format!("- {i}\n")).collect();
    // The date in the letter's own grammar: "26 listopada 2026 r."
    let issued = chrono::NaiveDate::parse_from_str(inv.issued, "%Y-%m-%d")
        .map(|d| Lang::Pl.format_date(d))
        .unwrap_or_else(|_| inv.issued.to_string());
    let body = format!(
        "w załączeniu przesyłamy fakturę nr **{}** z dnia {} na kwotę **{}** za:\n\n{items}\n\
         Prosimy o zapłatę w terminie {} dni na rachunek podany na fakturze. W razie pytań \
         dotyczących rozliczenia prosimy o kontakt z działem księgowości.\n\n\
         Dziękujemy za współpracę.",
        inv.number, issued, inv.total, inv.due_days
    );
    let spec = LetterSpec {
        letterhead: Some(v("nowak-pr".to_string())),
        language: Some(v("pl".to_string())),
        layout: None,
        place: Some("Warszawa".into()),
        date: Some(v(inv.issued.to_string())),
        recipient: v(inv.client.address.iter().map(|s| s.to_string()).collect()),
        mail_note: None,
        references: Some(v(References(vec![
            ("customer_no".into(), inv.client.customer_no.into()),
            ("invoice_no".into(), inv.number.into()),
        ]))),
        subject: Some(v(format!("Faktura nr {}", inv.number))),
        opening: None, // chosen from recipient_title
        recipient_title: Some(v(inv.client.title.to_string())),
        body: v(body),
        closing: None, // "Z poważaniem"
        signatures: vec![SignatureSpec {
            name: v("Anna Nowak".into()),
            role: Some(v("Partner zarządzający".into())),
            image: None,
        }],
        enclosures: vec![v(format!("Faktura nr {}", inv.number))],
        cc: vec![],
        ps: None,
        pdf: None,
        style: None,
    };
    // The path names the letter in messages; relative paths would be resolved from its folder.
    let source = Arc::new(SourceFile {
        path: PathBuf::from(format!("cover-{}.yaml", inv.number.replace('/', "-"))),
        text: String::new(),
    });
    Letter { spec, source }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "covers".into()));
    std::fs::create_dir_all(&out_dir)?;
    let invoices = [
        Invoice {
            number: "FV/2026/11/114",
            issued: "2026-11-26",
            due_days: 14,
            client: Client {
                address: &[
                    "Kowalski Media sp. z o.o.",
                    "Pan Jan Kowalski",
                    "ul. Marszałkowska 10/12",
                    "00-590 Warszawa",
                ],
                title: "Pan",
                customer_no: "K-0042",
            },
            total: "12 300,00 zł",
            items: &[
                "obsługę medialną w listopadzie 2026 r.",
                "monitoring mediów",
            ],
        },
        Invoice {
            number: "FV/2026/11/115",
            issued: "2026-11-26",
            due_days: 30,
            client: Client {
                address: &[
                    "Księgarnia „Pod Globusem”",
                    "Pani Maria Wiśniewska",
                    "ul. Długa 1",
                    "31-147 Kraków",
                ],
                title: "Pani",
                customer_no: "K-0107",
            },
            total: "4 920,00 zł",
            items: &["kampanię „Czytamy razem” – etap II"],
        },
    ];
    // A sandbox: the letters name a bundled letterhead, which needs no file access.
    let env = Env::default();
    let resources = Resources::new(); // the letterhead's images and fonts are loaded once
    for inv in &invoices {
        let letter = cover_letter(inv);
        // One entry point with every check (window fit, `pdf:` metadata, bounded caches).
        let out = render(&letter, &env, &resources, &RenderOptions::default())?;
        for w in &out.warnings {
            eprintln!("warning: {}", w.message);
        }
        let path = out_dir.join(format!("{}-cover.pdf", inv.number.replace('/', "-")));
        // Any writer will do: a file here, an e-mail attachment or an HTTP response elsewhere.
        let mut file = std::fs::File::create(&path)?;
        std::io::Write::write_all(&mut file, &out.output.pdf)?;
        println!(
            "{} ({} page(s))",
            path.display(),
            out.output.document.pages.len(),
        );
    }
    Ok(())
}
