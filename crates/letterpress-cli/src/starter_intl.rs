//! The starters of `letterpress new` in French, Italian, Spanish, Czech and Dutch: a plain
//! letter and a letter ending a client relationship (the order of `termination.rs`: the end
//! date up front, why, the timeline and final invoice, a referral, a cordial close).

use letterpress::locale::Lang;

/// The plain starter's letter part (after the common header comment) in `lang`, if it is one
/// of the languages of this module.
pub fn plain(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Fr => FR_PLAIN,
        Lang::It => IT_PLAIN,
        Lang::Es => ES_PLAIN,
        Lang::Cs => CS_PLAIN,
        Lang::Nl => NL_PLAIN,
        _ => return None,
    })
}

/// The termination starter's letter part (after its common comment) in `lang`.
pub fn termination(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Fr => FR_TERMINATION,
        Lang::It => IT_TERMINATION,
        Lang::Es => ES_TERMINATION,
        Lang::Cs => CS_TERMINATION,
        Lang::Nl => NL_TERMINATION,
        _ => return None,
    })
}

const FR_PLAIN: &str = "\
language: fr
layout: nf                   # the French window envelope (NF Z 11-001)
place: Lyon                  # printed before the date
# date: 2026-11-27           # ISO date; left out: today
recipient:                   # the address, formatted by the French post's rules
  name: Monsieur Jean Dupont
  organisation: Exemple SARL
  street: 12 rue de la République
  postcode: 69002
  city: Lyon
  country: FR
references:
  your_ref: JD/12
  our_ref: AB/2026/1
subject: Objet de la lettre
opening: Monsieur,           # the closing formula repeats it
body: |
  Je vous écris au sujet de… Les espaces fines insécables avant « ; : ! ? » sont
  ajoutées à la composition.

  Les paragraphes sont séparés par une ligne vide ; *italique* et **gras** sont possibles.
closing: Veuillez agréer, Monsieur, l’expression de mes salutations distinguées.
signatures:
  - name: Anne Martin
    role: Gérante
# enclosures:
#   - Facture n° 2026/11/1
";

const IT_PLAIN: &str = "\
language: it
place: Milano                # printed before the date
# date: 2026-11-27           # ISO date; left out: today
recipient:                   # the address, formatted by Poste Italiane's rules
  name: Sig. Mario Rossi
  organisation: Esempio S.r.l.
  street: Via Roma 10
  postcode: '20121'
  city: Milano
  region: MI                 # the province
  country: IT
references:
  our_ref: AB/2026/1
subject: Oggetto della lettera
opening: Gentile Sig. Rossi,
body: |
  le scrivo in merito a… I paragrafi sono separati da una riga vuota; *corsivo* e
  **grassetto** sono possibili.
closing: Cordiali saluti
signatures:
  - name: Anna Bianchi
    role: Amministratrice
";

const ES_PLAIN: &str = "\
language: es
place: Madrid                # printed before the date
# date: 2026-11-27           # ISO date; left out: today
recipient:                   # the address, formatted by Correos' rules
  name: Sr. D. Juan García
  organisation: Ejemplo S.L.
  street: Calle Mayor 10
  postcode: '28013'
  city: Madrid
  country: ES
references:
  our_ref: AB/2026/1
subject: Asunto de la carta
opening: \"Estimado Sr. García:\"   # a colon, never a comma (in quotes because of it)
body: |
  Le escribo en relación con… Los párrafos se separan con una línea en blanco;
  *cursiva* y **negrita** son posibles.
closing: Atentamente,
signatures:
  - name: Ana López
    role: Directora
";

const CS_PLAIN: &str = "\
language: cs
place: Praha                 # printed before the date
# date: 2026-11-27           # ISO date; left out: today
recipient:                   # the address, formatted by Česká pošta's rules
  name: Ing. Jan Novák
  organisation: Příklad s.r.o.
  street: Václavské náměstí 10
  postcode: 110 00
  city: Praha 1
  country: CZ
references:
  our_ref: AB/2026/1
subject: Věc dopisu
opening: Vážený pane inženýre,
body: |
  obracím se na Vás ve věci… Jednopísmenné předložky k, s, v, z, o, u a spojky a, i
  nezůstávají na konci řádku.

  Odstavce odděluje prázdný řádek; *kurzíva* a **tučné písmo** jsou možné.
closing: S pozdravem         # bez čárky
signatures:
  - name: Jana Dvořáková
    role: jednatelka
";

const NL_PLAIN: &str = "\
language: nl
place: Amsterdam             # printed before the date
# date: 2026-11-27           # ISO date; left out: today
recipient:                   # the address, formatted by PostNL's rules
  name: De heer J. de Vries
  organisation: Voorbeeld B.V.
  street: Keizersgracht 100
  postcode: 1015 AA
  city: Amsterdam
  country: NL
references:
  your_ref: JV/12
  our_ref: AB/2026/1
subject: Onderwerp van de brief
opening: Geachte heer De Vries,
body: |
  Ik schrijf u over… Na de aanhef begint de brief met een hoofdletter.

  Alinea's worden gescheiden door een lege regel; *cursief* en **vet** zijn mogelijk.
closing: Met vriendelijke groet,
signatures:
  - name: Anna Jansen
    role: Directeur
";

const FR_TERMINATION: &str = "\
language: fr
layout: nf
place: Lyon
mail_note: Lettre recommandée avec accusé de réception   # proof of delivery
recipient:
  name: Monsieur Jean Dupont
  organisation: Dupont Médias SAS
  street: 12 rue de la République
  postcode: 69002
  city: Lyon
references:
  our_ref: MR/2026/114
subject: Résiliation du contrat de conseil du 3 mars 2025
# The salutation; the closing formula repeats it word for word.
opening: Monsieur,
# The body, paragraph by paragraph:
# 1. The relationship and the end date, up front: which contract, that you end it, under
#    which clause, and the day it ends, in bold. The reader looks for this first.
# 2. Why. Specific when the reason is yours and you can say it kindly, or general. Never
#    blame the client in a letter that ends the work.
# 3. What happens until the end: that current work continues, and when the final invoice
#    comes and when it is payable.
# 4. A referral to a colleague who can carry the work on, with a way to reach them.
# 5. A cordial close: thanks, and an offer to talk it through by phone.
body: |
  Par la présente, nous résilions le contrat de conseil du 3 mars 2025 avec effet au
  **31 mars 2027**, dans le respect du préavis de trois mois prévu à l’article 9.

  Cette décision ne remet pas en cause la qualité de notre collaboration : nous
  concentrerons désormais notre activité sur la communication de crise.

  Jusqu’à cette date, les travaux en cours se poursuivent normalement. La facture finale
  vous parviendra à la fin du contrat ; elle sera payable sous 30 jours.

  Si vous cherchez une agence pour la suite, nous vous recommandons Mme Claire Petit,
  de l’agence Lumière (04 72 00 00 00).

  Nous vous remercions de votre confiance et restons à votre disposition pour en parler !
closing: Veuillez agréer, Monsieur, l’expression de nos salutations distinguées.
signatures:
  - name: Anne Martin
    role: Gérante
";

const IT_TERMINATION: &str = "\
language: it
place: Milano
mail_note: Raccomandata A/R  # proof of delivery
recipient:
  name: Sig. Mario Rossi
  organisation: Rossi Media S.r.l.
  street: Via Roma 10
  postcode: '20121'
  city: Milano
  region: MI
references:
  our_ref: AB/2026/114
subject: Recesso dal contratto di consulenza del 3 marzo 2025
opening: Gentile Sig. Rossi,
# The body, paragraph by paragraph:
# 1. The relationship and the end date, up front: which contract, that you end it, under
#    which clause, and the day it ends, in bold. The reader looks for this first.
# 2. Why. Specific when the reason is yours and you can say it kindly, or general. Never
#    blame the client in a letter that ends the work.
# 3. What happens until the end: that current work continues, and when the final invoice
#    comes and when it is payable.
# 4. A referral to a colleague who can carry the work on, with a way to reach them.
# 5. A cordial close: thanks, and an offer to talk it through by phone.
body: |
  con la presente comunichiamo il recesso dal contratto di consulenza del 3 marzo 2025
  con effetto dal **31 marzo 2027**, nel rispetto del preavviso di tre mesi (art. 9).

  La decisione non è un giudizio sulla nostra collaborazione: dal prossimo anno ci
  dedicheremo esclusivamente alla comunicazione di crisi.

  Fino a quella data proseguiremo regolarmente i lavori in corso. La fattura finale
  seguirà alla scadenza del contratto, pagabile entro 30 giorni.

  Per il seguito Le raccomandiamo la dott.ssa Chiara Neri di Lumen Comunicazione.

  La ringraziamo per la fiducia e restiamo a disposizione per un colloquio telefonico.
closing: Cordiali saluti
signatures:
  - name: Anna Bianchi
    role: Amministratrice
";

const ES_TERMINATION: &str = "\
language: es
place: Madrid
mail_note: Burofax           # proof of delivery
recipient:
  name: Sr. D. Juan García
  organisation: García Medios S.L.
  street: Calle Mayor 10
  postcode: '28013'
  city: Madrid
references:
  our_ref: AL/2026/114
subject: Resolución del contrato de consultoría de 3 de marzo de 2025
opening: \"Estimado Sr. García:\"   # a colon, never a comma
# The body, paragraph by paragraph:
# 1. The relationship and the end date, up front: which contract, that you end it, under
#    which clause, and the day it ends, in bold. The reader looks for this first.
# 2. Why. Specific when the reason is yours and you can say it kindly, or general. Never
#    blame the client in a letter that ends the work.
# 3. What happens until the end: that current work continues, and when the final invoice
#    comes and when it is payable.
# 4. A referral to a colleague who can carry the work on, with a way to reach them.
# 5. A cordial close: thanks, and an offer to talk it through by phone.
body: |
  Por la presente le comunicamos la resolución del contrato de consultoría de 3 de marzo
  de 2025 con efecto el **31 de marzo de 2027**, respetando el preaviso de tres meses.

  La decisión no es un juicio sobre nuestra colaboración: a partir del próximo año nos
  dedicaremos solo a la comunicación de crisis.

  Hasta esa fecha continuaremos con los trabajos en curso. La factura final se emitirá
  al terminar el contrato y será pagadera en 30 días.

  Para continuar le recomendamos a D.ª Clara Ruiz, de Lumen Comunicación.

  Le agradecemos su confianza y quedamos a su disposición para hablarlo por teléfono.
closing: Atentamente,
signatures:
  - name: Ana López
    role: Directora
";

const CS_TERMINATION: &str = "\
language: cs
place: Praha
mail_note: Doporučeně        # proof of delivery
recipient:
  name: Ing. Jan Novák
  organisation: Novák Média s.r.o.
  street: Václavské náměstí 10
  postcode: 110 00
  city: Praha 1
references:
  our_ref: JD/2026/114
subject: Výpověď smlouvy o poradenství ze dne 3. března 2025
opening: Vážený pane inženýre,
# The body, paragraph by paragraph:
# 1. The relationship and the end date, up front: which contract, that you end it, under
#    which clause, and the day it ends, in bold. The reader looks for this first.
# 2. Why. Specific when the reason is yours and you can say it kindly, or general. Never
#    blame the client in a letter that ends the work.
# 3. What happens until the end: that current work continues, and when the final invoice
#    comes and when it is payable.
# 4. A referral to a colleague who can carry the work on, with a way to reach them.
# 5. A cordial close: thanks, and an offer to talk it through by phone.
body: |
  touto cestou vypovídáme smlouvu o poradenství ze dne 3. března 2025 ke dni
  **31. března 2027** v souladu s tříměsíční výpovědní lhůtou podle čl. 9.

  Rozhodnutí není hodnocením naší spolupráce: od příštího roku se věnujeme výhradně
  krizové komunikaci a s Vaší firmou bychom se nemohli dále plně zabývat.

  Do konce smlouvy pokračujeme v rozpracovaných úkolech. Konečnou fakturu vystavíme
  ke dni skončení smlouvy se splatností 14 dnů.

  Pro další spolupráci Vám doporučujeme paní Evu Černou z agentury Lumen.

  Děkujeme Vám za důvěru a rádi vše probereme i po telefonu.
closing: S pozdravem         # bez čárky
signatures:
  - name: Jana Dvořáková
    role: jednatelka
";

const NL_TERMINATION: &str = "\
language: nl
place: Amsterdam
mail_note: Aangetekend       # proof of delivery
recipient:
  name: De heer J. de Vries
  organisation: De Vries Media B.V.
  street: Keizersgracht 100
  postcode: 1015 AA
  city: Amsterdam
references:
  our_ref: AJ/2026/114
subject: Opzegging van de adviesovereenkomst van 3 maart 2025
opening: Geachte heer De Vries,
# The body, paragraph by paragraph:
# 1. The relationship and the end date, up front: which contract, that you end it, under
#    which clause, and the day it ends, in bold. The reader looks for this first.
# 2. Why. Specific when the reason is yours and you can say it kindly, or general. Never
#    blame the client in a letter that ends the work.
# 3. What happens until the end: that current work continues, and when the final invoice
#    comes and when it is payable.
# 4. A referral to a colleague who can carry the work on, with a way to reach them.
# 5. A cordial close: thanks, and an offer to talk it through by phone.
body: |
  Hierbij zeggen wij de adviesovereenkomst van 3 maart 2025 op per **31 maart 2027**,
  met inachtneming van de opzegtermijn van drie maanden (artikel 9).

  Dit besluit is geen oordeel over onze samenwerking: vanaf volgend jaar richten wij ons
  uitsluitend op crisiscommunicatie.

  Tot die datum zetten wij de lopende werkzaamheden gewoon voort. De eindfactuur volgt
  bij het einde van de overeenkomst en is betaalbaar binnen 30 dagen.

  Voor het vervolg bevelen wij mevrouw Eva Bakker van Lumen Communicatie aan.

  Wij danken u voor uw vertrouwen en bespreken de overdracht graag telefonisch.
closing: Met vriendelijke groet,
signatures:
  - name: Anna Jansen
    role: Directeur
";
