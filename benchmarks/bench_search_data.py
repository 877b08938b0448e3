"""The words the search benchmark builds its fictional contacts and pages from (benchmarks/bench_search.py)."""

# (role slug, English function, the function in the Baltic tenant's languages)
FUNCTIONS = [
    ("prosecutor", "Prosecutor", {"de": "Staatsanwalt", "pl": "Prokurator", "lt": "Prokuroras", "sv": "Åklagare"}),
    ("prosecutor", "Public prosecutor", {"de": "Staatsanwältin", "pl": "Prokurator", "lt": "Prokurorė", "sv": "Allmän åklagare"}),
    ("labour-inspectorate", "Labour inspector",
     {"de": "Arbeitsinspektor", "pl": "Inspektor pracy", "lt": "Darbo inspektorius", "sv": "Arbetsmiljöinspektör"}),
    ("labour-inspectorate", "Senior labour inspector",
     {"de": "Leitende Arbeitsinspektorin", "pl": "Starszy inspektor pracy", "lt": "Vyresnysis darbo inspektorius",
      "sv": "Senior arbetsmiljöinspektör"}),
    ("ngo-assistance", "Shelter coordinator",
     {"de": "Koordinatorin Schutzunterkunft", "pl": "Koordynator schroniska", "lt": "Prieglaudos koordinatorė",
      "sv": "Samordnare för skyddat boende"}),
    ("ngo-assistance", "Victim support worker",
     {"de": "Opferberaterin", "pl": "Pracownik wsparcia ofiar", "lt": "Pagalbos aukoms darbuotojas", "sv": "Brottsofferstödjare"}),
    ("ngo-assistance", "Outreach worker", {"de": "Streetworker", "pl": "Streetworker", "lt": "Gatvės darbuotojas", "sv": "Uppsökande socialarbetare"}),
    ("ngo-assistance", "Case manager, safe house",
     {"de": "Fallmanagerin, Schutzwohnung", "pl": "Opiekun przypadku, bezpieczny dom", "lt": "Atvejo vadybininkas, saugus būstas",
      "sv": "Handläggare, skyddat boende"}),
    ("law-enforcement", "Investigator", {"de": "Ermittler", "pl": "Śledczy", "lt": "Tyrėjas", "sv": "Utredare"}),
    ("law-enforcement", "Police liaison officer",
     {"de": "Verbindungsbeamter der Polizei", "pl": "Oficer łącznikowy policji", "lt": "Policijos ryšių pareigūnas",
      "sv": "Sambandsman vid polisen"}),
    ("border-police", "Border guard officer",
     {"de": "Grenzschutzbeamter", "pl": "Funkcjonariusz Straży Granicznej", "lt": "Pasieniečių pareigūnas", "sv": "Gränspolis"}),
    ("social-services", "Social worker", {"de": "Sozialarbeiterin", "pl": "Pracownik socjalny", "lt": "Socialinis darbuotojas", "sv": "Socialsekreterare"}),
    ("social-services", "Legal counsellor", {"de": "Rechtsberaterin", "pl": "Doradca prawny", "lt": "Teisininkas konsultantas", "sv": "Juridisk rådgivare"}),
    ("child-protection", "Child protection officer",
     {"de": "Kinderschutzbeauftragte", "pl": "Specjalista ds. ochrony dzieci", "lt": "Vaiko teisių apsaugos specialistas",
      "sv": "Barnskyddshandläggare"}),
    ("migration-authority", "Migration case officer",
     {"de": "Sachbearbeiter Migration", "pl": "Urzędnik ds. migracji", "lt": "Migracijos specialistas", "sv": "Migrationshandläggare"}),
    ("consular-service", "Consular officer", {"de": "Konsularbeamter", "pl": "Urzędnik konsularny", "lt": "Konsulinis pareigūnas", "sv": "Konsulär handläggare"}),
    ("judiciary", "Court liaison officer",
     {"de": "Verbindungsbeamtin des Gerichts", "pl": "Urzędnik łącznikowy sądu", "lt": "Teismo ryšių pareigūnas", "sv": "Domstolens kontaktperson"}),
    ("hotline", "Hotline counsellor", {"de": "Beraterin Hotline", "pl": "Konsultant infolinii", "lt": "Pagalbos linijos konsultantas", "sv": "Rådgivare stödlinje"}),
    ("national-coordinator", "Anti-trafficking coordinator",
     {"de": "Koordinator gegen Menschenhandel", "pl": "Koordynator ds. przeciwdziałania handlowi ludźmi",
      "lt": "Kovos su prekyba žmonėmis koordinatorius", "sv": "Samordnare mot människohandel"}),
    ("international-organisation", "Counter-trafficking programme officer",
     {"de": "Programmreferentin gegen Menschenhandel", "pl": "Specjalista programu przeciw handlowi ludźmi",
      "lt": "Programos prieš prekybą žmonėmis pareigūnas", "sv": "Programansvarig mot människohandel"}),
]
QUALIFIERS = ["", "", "", "Senior ", "Deputy ", "Regional ", "Duty "]
FOCUS = [
    "labour exploitation", "sexual exploitation", "forced criminality", "child trafficking", "forced begging",
    "domestic servitude", "organised crime", "victim identification", "asylum procedures", "unaccompanied minors",
    "agriculture and construction", "online recruitment", "compensation claims", "safe return",
]
COUNTRY_LANGUAGE = {"DE": "de", "PL": "pl", "LT": "lt", "SE": "sv", "DK": "da", "EE": "et", "FI": "fi", "LV": "lv",
                    "NO": "no", "IS": "is"}
CITIES = {
    "DE": ["Berlin", "Hamburg", "München", "Köln", "Leipzig"], "PL": ["Warszawa", "Kraków", "Gdańsk", "Wrocław", "Łódź"],
    "LT": ["Vilnius", "Kaunas", "Klaipėda", "Šiauliai"], "SE": ["Stockholm", "Göteborg", "Malmö", "Uppsala"],
    "DK": ["København", "Aarhus", "Odense"], "EE": ["Tallinn", "Tartu", "Narva"], "FI": ["Helsinki", "Tampere", "Turku"],
    "LV": ["Rīga", "Daugavpils", "Liepāja"], "NO": ["Oslo", "Bergen", "Trondheim"], "IS": ["Reykjavík", "Akureyri"],
}
FIRST_NAMES = ["Katarzyna", "Tomasz", "Agnieszka", "Piotr", "Anna", "Jonas", "Rūta", "Mindaugas", "Ingrid", "Erik",
               "Sofia", "Lars", "Mette", "Jesper", "Kadri", "Marko", "Liis", "Jukka", "Aino", "Jānis", "Ilze", "Sabine",
               "Matthias", "Julia", "Stefan", "Birgitta", "Olav", "Guðrún", "Magnus", "Ewa"]
LAST_NAMES = ["Nowak", "Kowalski", "Wiśniewska", "Kazlauskas", "Petrauskienė", "Jankauskas", "Andersson", "Johansson",
              "Lindqvist", "Nielsen", "Hansen", "Tamm", "Saar", "Virtanen", "Korhonen", "Bērziņš", "Ozola", "Müller",
              "Schmidt", "Schneider", "Fischer", "Larsen", "Berg", "Jónsdóttir", "Dąbrowski", "Zielińska", "Lehmann",
              "Karlsson", "Mäkinen", "Kalniņa"]
ORGANISATIONS = {  # by role slug: (name template, type)
    "prosecutor": ("Prosecutor's Office in {city}", "judiciary"),
    "judiciary": ("District Court of {city}", "judiciary"),
    "labour-inspectorate": ("Labour Inspectorate of {country} – {city} branch", "governmental"),
    "ngo-assistance": ("{city} Shelter and Counselling Centre", "ngo"),
    "law-enforcement": ("National Police of {country} – {city} Organised Crime Unit", "law_enforcement"),
    "border-police": ("Border Guard of {country} – {city} post", "law_enforcement"),
    "social-services": ("Social Welfare Department of {city}", "governmental"),
    "child-protection": ("Child Protection Service of {city}", "governmental"),
    "migration-authority": ("Migration Agency of {country} – {city} office", "governmental"),
    "consular-service": ("Ministry of Foreign Affairs of {country} – Consular Department", "governmental"),
    "hotline": ("Anti-Trafficking Helpline of {country}", "ngo"),
    "national-coordinator": ("Office of the National Coordinator of {country}", "governmental"),
    "international-organisation": ("International Migration Mission in {country} – {city}", "international"),
}

PAGE_TOPICS = [
    "Identifying victims of labour exploitation", "Referral to a shelter", "Residence permit for victims of trafficking",
    "Working with the prosecutor", "Checklist for labour inspectors", "Interviewing children",
    "Compensation for victims", "Safe return and reintegration", "Recovery and reflection period",
    "Cooperation with border guards", "Forced criminality and non-punishment", "Online recruitment and advertising",
    "Domestic servitude in private households", "Interpreters in victim interviews", "Data protection for practitioners",
]
PAGE_ASPECTS = ["practical guidance", "case study", "training module", "questions and answers", "regional practice",
                "legal framework", "checklist", "lessons learnt"]
SENTENCES = [
    "Practitioners should refer a presumed victim to a specialised shelter without delay.",
    "The labour inspector documents working hours, wages and housing conditions during the visit.",
    "A prosecutor may request a protected witness interview before the main hearing.",
    "Children are always interviewed in a child-friendly room with a guardian present.",
    "The recovery and reflection period gives the victim time to decide whether to cooperate with the authorities.",
    "Border guards check travel documents and look for indicators of trafficking at crossing points.",
    "Victims are entitled to free legal counselling and an interpreter in a language they understand.",
    "Compensation can be claimed in criminal proceedings or through the state compensation fund.",
    "Social services assess the needs of the person and arrange accommodation, medical care and psychological support.",
    "Cooperation agreements between police, NGOs and the labour inspectorate speed up referral.",
    "Recruitment agencies advertising abroad must be licensed; unlicensed offers are a common indicator.",
    "Safe return is prepared with the consulate and an organisation in the country of origin.",
]
