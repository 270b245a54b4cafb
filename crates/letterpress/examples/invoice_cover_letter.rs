//! An invoicing tool that sends each invoice with a covering letter.
//!
//! The tool already has its data in Rust structs, so it builds each letter in code (no YAML),
//! puts it on a bundled letterhead and writes one PDF per invoice.
//!
//! ```sh
//! cargo run -p letterpress --example invoice_cover_letter -- OUT_DIR
//! ```

use std::path::PathBuf;

use letterpress::locale::Lang;
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
    Letter::builder(inv.client.address.iter().copied(), body)
        .letterhead("nowak-pr")
        .language("pl")
        .place("Warszawa")
        .date(inv.issued)
        .reference("customer_no", inv.client.customer_no)
        .reference("invoice_no", inv.number)
        .subject(format!("Faktura nr {}", inv.number))
        // No opening: chosen from the recipient title; no closing: "Z poważaniem".
        .recipient_title(inv.client.title)
        .signatory("Anna Nowak", Some("Partner zarządzający"))
        .enclosure(format!("Faktura nr {}", inv.number))
        // The path names the letter in messages; relative paths are resolved from its folder.
        .path(format!("cover-{}.yaml", inv.number.replace('/', "-")))
        .build()
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
