//! The starters of `letterpress new --kind termination`: a letter ending a client relationship,
//! in the order a careful professional writes one, with a comment on each part.
//!
//! The order: (1) the relationship and the end date, up front; (2) why, specifically or in
//! general terms; (3) a timeline for the outstanding work and the final invoice; (4) a referral
//! to a colleague; (5) a cordial close offering a call. Comments cannot go inside `body: |` (they
//! would be printed), so the comment above `body` walks through its paragraphs in order.

/// The comment that opens every termination starter.
pub const TERMINATION_COMMON: &str = "\
# A letter ending a client relationship, for letterpress (format version 1).
#   letterpress check THIS_FILE.yaml     every problem at once, including letter grammar
#   letterpress render THIS_FILE.yaml    the PDF, beside this file
#
# BEFORE YOU SEND IT: read the contract's notice terms. The end date in the first paragraph
# must follow from them: the notice period and the date it runs from (the day of delivery,
# or the end of a month or quarter), the form notice must take (in writing? signed by whom?
# is e-mail enough?) and where it must be served. When proof of delivery matters, send it
# by registered post and keep the receipt (see `mail_note` below).
#
# Only `recipient` and `body` are required. Replace every sample name, date and number.
# letterhead: a path to a letterhead YAML file (relative to this file) or a bundled name,
# e.g. nowak-pr, hartmann-legal or brightline-us (`letterpress letterheads` lists them).
# letterhead: nowak-pr
#
";

/// Polish.
pub const TERMINATION_PL: &str = "\
language: pl
place: Warszawa                # printed before the date
# date: 2026-11-26             # the day you send it; left out: today
mail_note: Polecony            # registered post: proof that the notice was delivered
recipient:                     # the address as on the contract, at most 6 lines
  - Kowalski Media sp. z o.o.
  - Pan Jan Kowalski
  - Prezes Zarządu
  - ul. Marszałkowska 10/12
  - 00-590 Warszawa
references:
  our_ref: NPR/2026/114
  Umowa: z dnia 3 marca 2025 r.  # any other key is printed with its own label
subject: Wypowiedzenie umowy o świadczenie usług public relations

# The salutation. With no `opening`, `recipient_title` chooses it in the right gender:
# Pan → „Szanowny Panie,”, Pani → „Szanowna Pani,”, Państwo → „Szanowni Państwo,”.
# Or write your own: `opening: Szanowny Panie Prezesie,`
recipient_title: Pan

# The body, paragraph by paragraph (after the comma of the salutation, the first word is
# written with a small letter; forms of address such as Pan, Pana, Państwo keep their capital):
# 1. The relationship and the end date, up front: which contract, that you end it, under
#    which clause, and the day it ends, in bold. The reader looks for this first.
# 2. Why. Specific, as here, when the reason is yours and you can say it kindly; or general:
#    „Decyzja wynika ze zmiany profilu naszej działalności i nie jest oceną naszej
#    współpracy.” Never blame the client in a letter that ends the work.
# 3. What happens until the end: that current work continues, a dated handover timeline
#    (a numbered list), and when the final invoice comes and when it is payable.
# 4. A referral to a colleague who can carry the work on, with a way to reach them.
# 5. A cordial close: thanks, and an offer to talk it through by phone.
body: |
  z przykrością informujemy, że wypowiadamy umowę o świadczenie usług public relations
  z dnia 3 marca 2025 r. Zgodnie z § 9 ust. 2 umowy obowiązuje trzymiesięczny okres
  wypowiedzenia, dlatego umowa rozwiąże się z dniem **31 marca 2027 r.**

  Nasza decyzja nie jest oceną dotychczasowej współpracy. Od przyszłego roku skupiamy się
  wyłącznie na komunikacji kryzysowej i nie moglibyśmy już poświęcać Pana firmie tyle
  uwagi, na ile zasługuje. Wolimy powiedzieć to otwarcie teraz, niż dopuścić do spadku
  jakości naszej pracy.

  Do dnia rozwiązania umowy wszystkie bieżące działania prowadzimy bez zmian, a opiekunem
  Pana firmy pozostaje Piotr Zieliński. Proponujemy następujący harmonogram przekazania
  spraw:

  1. do 15 stycznia 2027 r. – baza kontaktów medialnych wraz z historią publikacji;
  2. do 15 marca 2027 r. – zakończenie kampanii „Lokalnie znaczy blisko” i przekazanie
     wszystkich plików źródłowych;
  3. do 31 marca 2027 r. – raport końcowy oraz zwrot dostępów do kont i narzędzi.

  Fakturę końcową za usługi wykonane do 31 marca 2027 r. wystawimy w dniu rozwiązania
  umowy, z terminem płatności 14 dni.

  Jeśli szuka Pan agencji, która poprowadzi komunikację firmy dalej, z pełnym
  przekonaniem polecamy Ewę Malinowską z Lumen Communications (tel. +48 22 555 07 41,
  ewa.malinowska@lumen-comms.pl). Za Pana zgodą przekażemy jej informacje o kampanii.

  Dziękujemy za zaufanie i blisko dwa lata dobrej współpracy. Chętnie omówimy
  przekazanie spraw w rozmowie telefonicznej – prosimy o propozycję dogodnego terminu
  lub telefon bezpośrednio do Anny Nowak: +48 601 555 214.
closing: Z poważaniem          # no comma after the closing in Polish
signatures:                    # whoever the contract says may give notice for your firm
  - name: Anna Nowak
    role: Partner zarządzający
    # image: signature.png     # optional PNG (with transparency) or JPEG
# enclosures:
#   - Harmonogram przekazania spraw
cc:
  - Piotr Zieliński, Nowak Public Relations
";

/// British English.
pub const TERMINATION_GB: &str = "\
language: en-GB
place: London                  # printed before the date
# date: 2026-11-26             # the day you send it; left out: today
mail_note: Special Delivery    # a tracked, signed-for service: proof the notice arrived
recipient:                     # the address as on the contract, at most 6 lines
  - Mr John Smith
  - Managing Director
  - Smith Media Ltd
  - 10 High Street
  - London SW1A 1AA
references:
  your_ref: JS/118
  our_ref: NPR/2026/114
subject: Notice of termination of our public relations agreement

# The salutation. A salutation by name pairs with `closing: Yours sincerely`;
# \"Dear Sir or Madam,\" pairs with \"Yours faithfully\" (`letterpress check` reminds you).
opening: Dear Mr Smith,

# The body, paragraph by paragraph:
# 1. The relationship and the end date, up front: which agreement, that you are ending it,
#    under which clause, and the day it ends, in bold. The reader looks for this first.
# 2. Why. Specific, as here, when the reason is yours and you can say it kindly; or general:
#    \"We have decided to change the focus of our practice; this is not a reflection on our
#    work together.\" Never blame the client in a letter that ends the work.
# 3. What happens until the end: that current work continues, a dated handover timeline
#    (a numbered list), and when the final invoice comes and when it is payable.
# 4. A referral to a colleague who can carry the work on, with a way to reach them.
# 5. A cordial close: thanks, and an offer to talk it through by phone.
body: |
  I am writing, with regret, to give notice that we are ending our public relations
  agreement of 3 March 2025. Under the three-month notice period in clause 9.2, the
  agreement will end on **31 March 2027**.

  This decision is not a reflection on our work together. From next year we are
  concentrating our practice on crisis communications, and we could no longer give your
  company the attention it deserves. We would rather tell you so now than let the quality
  of our service slip.

  Until the agreement ends, all current work continues as before, and Peter Green remains
  your account lead. We propose to hand over the outstanding work as follows:

  1. by 15 January 2027 – your media list and press contacts, with the coverage history;
  2. by 15 March 2027 – the spring campaign completed and all source files handed over;
  3. by 31 March 2027 – a final report, and access to your accounts and tools returned.

  We will issue our final invoice, covering all work up to 31 March 2027, on the day the
  agreement ends; it will be payable within 14 days.

  If you are looking for an agency to take your communications forward, I can warmly
  recommend Emma Clarke, a partner at Lumen Communications, who knows your market well.
  You can reach her on 020 7946 0741 or at emma.clarke@lumen-comms.co.uk; with your
  permission, we will brief her on the campaign.

  Thank you for your trust and for almost two years of excellent collaboration. I would be
  glad to talk the handover through by phone – please suggest a convenient time, or call
  me directly on 07700 900 214.
closing: Yours sincerely
signatures:                    # whoever the contract says may give notice for your firm
  - name: Anne Newman
    role: Managing Partner
    # image: signature.png     # optional PNG (with transparency) or JPEG
# enclosures:
#   - Handover timeline
cc:
  - Peter Green, Account Director
";

/// American English.
pub const TERMINATION_US: &str = "\
language: en-US
layout: us-letter              # fits a #10 window envelope
place: Chicago                 # printed before the date
# date: 2026-11-26             # the day you send it; left out: today
mail_note: Certified Mail      # with a return receipt: proof the notice arrived
recipient:                     # the address as on the contract, at most 5 lines in a #10 window
  - Mr. John Smith
  - Smith Media LLC
  - 100 Main Street, Suite 200
  - Springfield, IL 62701
references:
  your_ref: JS-118
  our_ref: BA-2026-114
subject: Notice of termination of our consulting agreement

# The salutation. US business letters put a colon after it; the value is in quotes because
# of that colon (`letterpress check` reminds you if the colon is missing).
opening: \"Dear Mr. Smith:\"

# The body, paragraph by paragraph:
# 1. The relationship and the end date, up front: which agreement, that you are ending it,
#    under which section, and the day it ends, in bold. The reader looks for this first.
# 2. Why. Specific, as here, when the reason is yours and you can say it kindly; or general:
#    \"We have decided to change the focus of our practice; this is not a reflection on our
#    work together.\" Never blame the client in a letter that ends the work.
# 3. What happens until the end: that current work continues, a dated handover timeline
#    (a numbered list), and when the final invoice comes and when it is payable.
# 4. A referral to a colleague who can carry the work on, with a way to reach them.
# 5. A cordial close: thanks, and an offer to talk it through by phone.
body: |
  I am writing to give notice that we are ending our consulting agreement dated March 3,
  2025. Under the 90-day notice period in Section 9.2, the agreement will end on
  **March 31, 2027**.

  This decision is not a reflection on our work together. Starting next year, our firm
  will focus exclusively on crisis communications, and we could no longer give your
  company the attention it deserves. We would rather tell you now than let the quality of
  our service slip.

  Until the agreement ends, all current work will continue as usual, and Peter Green
  remains your account lead. We propose the following schedule for the transition:

  1. by January 15, 2027 – your media list and press contacts, with the coverage history;
  2. by March 15, 2027 – the spring campaign completed and all source files delivered;
  3. by March 31, 2027 – a final report, and access to your accounts and tools returned.

  We will send our final invoice, covering all work through March 31, 2027, on the day the
  agreement ends; it will be due within 30 days.

  If you are looking for a firm to take your communications forward, I can highly
  recommend Emily Clark, a partner at Lumen Communications, who knows your market well.
  You can reach her at (312) 555-0141 or emily.clark@lumencomms.com; with your
  permission, we will brief her on the campaign.

  Thank you for your trust and for almost two years of excellent work together. I would be
  glad to talk the transition through by phone – please suggest a convenient time, or call
  me directly at (312) 555-0114.
closing: Sincerely,
signatures:                    # whoever the contract says may give notice for your firm
  - name: Anne Newman
    role: Managing Partner
    # image: signature.png     # optional PNG (with transparency) or JPEG
# enclosures:
#   - Transition schedule
cc:
  - Peter Green, Account Director
";

/// German.
pub const TERMINATION_DE: &str = "\
language: de
place: München                 # printed before the date
# date: 2026-11-26             # the day you send it; left out: today
mail_note: Einschreiben        # registered post: proof that the notice was delivered
recipient:                     # the address as on the contract, at most 6 lines
  - Schmidt Medien GmbH
  - Herrn Jan Schmidt
  - Geschäftsführer
  - Hauptstraße 1
  - 80331 München
references:
  your_ref: JS/118
  our_ref: HP/2026/114
subject: Kündigung des Beratungsvertrags vom 3. März 2025

# The salutation, with the name: „Sehr geehrter Herr Schmidt,“ / „Sehr geehrte Frau
# Schmidt,“; to a firm: „Sehr geehrte Damen und Herren,“.
opening: Sehr geehrter Herr Schmidt,

# The body, paragraph by paragraph (after the comma of the salutation, the first word is
# written with a small letter unless it is a noun, a name or the formal „Sie“):
# 1. The relationship and the end date, up front: which contract, that you end it, under
#    which clause, and the day it ends, in bold. The reader looks for this first.
# 2. Why. Specific, as here, when the reason is yours and you can say it kindly; or general:
#    „Wir richten unsere Kanzlei neu aus; die Entscheidung ist keine Kritik an unserer
#    Zusammenarbeit.“ Never blame the client in a letter that ends the work.
# 3. What happens until the end: that current work continues, a dated handover timeline
#    (a numbered list), and when the final invoice comes and when it is payable.
# 4. A referral to a colleague who can carry the work on, with a way to reach them.
# 5. A cordial close: thanks, and an offer to talk it through by phone.
body: |
  hiermit kündigen wir den Beratungsvertrag vom 3. März 2025 fristgerecht zum
  **31. März 2027**. Die Kündigungsfrist von drei Monaten nach § 9 Abs. 2 des Vertrags
  ist damit gewahrt.

  Diese Entscheidung ist keine Kritik an unserer Zusammenarbeit. Ab dem kommenden Jahr
  konzentrieren wir uns ausschließlich auf Krisenkommunikation und könnten Ihrem
  Unternehmen nicht mehr die Aufmerksamkeit widmen, die es verdient. Das sagen wir Ihnen
  lieber jetzt, bevor die Qualität unserer Arbeit darunter leidet.

  Bis zum Vertragsende führen wir alle laufenden Arbeiten wie gewohnt fort; Ihr
  Ansprechpartner bleibt Herr Peter Grün. Für die Übergabe schlagen wir folgenden
  Zeitplan vor:

  1. bis 15. Januar 2027: Presseverteiler und Kontakte mit der bisherigen Berichterstattung;
  2. bis 15. März 2027: Abschluss der Frühjahrskampagne und Übergabe aller Quelldateien;
  3. bis 31. März 2027: Abschlussbericht und Rückgabe aller Zugänge zu Konten und Werkzeugen.

  Die Schlussrechnung über alle Leistungen bis zum 31. März 2027 stellen wir Ihnen zum
  Vertragsende; sie ist innerhalb von 14 Tagen zahlbar.

  Wenn Sie eine Agentur suchen, die Ihre Kommunikation weiterführt, empfehlen wir Ihnen
  gern Frau Eva Berger von Lumen Kommunikation (Telefon 089 555 07 41,
  e.berger@lumen-kommunikation.de). Mit Ihrem Einverständnis informieren wir sie über die
  laufende Kampagne.

  Wir danken Ihnen für Ihr Vertrauen und fast zwei Jahre guter Zusammenarbeit. Gern
  besprechen wir die Übergabe mit Ihnen am Telefon – nennen Sie uns einfach einen
  passenden Termin, oder rufen Sie mich direkt an: 0171 555 02 14.
closing: Mit freundlichen Grüßen   # no comma after the closing in German
signatures:                    # whoever the contract says may give notice for your firm
  - name: Dr. Anna Hartmann
    role: Partnerin
    # image: unterschrift.png  # optional PNG (with transparency) or JPEG
# enclosures:
#   - Zeitplan der Übergabe
cc:
  - Peter Grün
";
