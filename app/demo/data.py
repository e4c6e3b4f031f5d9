"""Demo data for Innovation Arena: suppliers and the authorities' organisation numbers.

The contracting authorities are those of the 29 check projects in Vinnova's report
(`app/knowledge/seed/check_projects.py`, re-exported here as ``CHECK_PROJECTS``).
Organisation numbers in AUTHORITY_ORG_NUMBERS and SUPPLIERS are FICTIONAL. They pass the
Luhn check but are not the bodies' real numbers; the suppliers are invented companies.
"""

from __future__ import annotations

from app.knowledge.seed.check_projects import CHECK_PROJECTS

__all__ = ["AUTHORITY_ORG_NUMBERS", "CHECK_PROJECTS", "SUPPLIERS"]

SUPPLIERS: list[dict] = [
    {
        "name": "Hampa & Lera Byggsystem AB",
        "org_number": "559347-1823",
        "size_class": "small",
        "is_cooperative": False,
        "sectors": ["construction", "environment"],
        "county_code": "SE232",
        "website": "https://hampalera.example.se",
        "description_sv": (
            "Hampa & Lera Byggsystem utvecklar väggsystem av hampakalk, lerskivor och "
            "träfiberisolering för skolor, förskolor och kontor. Företaget startades av två "
            "byggingenjörer som ville göra biobaserade material till ett självklart val i "
            "offentligt byggande."
        ),
        "offers_sv": (
            "Prefabricerade väggelement med biobaserad isolering, materialleveranser till "
            "entreprenörer samt rådgivning kring klimatsmarta konstruktionslösningar."
        ),
        "capabilities_sv": (
            "Brand- och fuktdokumentation enligt svenska normer, livscykelanalyser och "
            "klimatdeklarationer, samverkan med provningslaboratorier."
        ),
    },
    {
        "name": "Fjällvind Vätgasteknik AB",
        "org_number": "559201-7361",
        "size_class": "micro",
        "is_cooperative": False,
        "sectors": ["energy", "transport"],
        "county_code": "SE331",
        "website": "https://fjallvind.example.se",
        "description_sv": (
            "Fjällvind Vätgasteknik projekterar små och modulära tankstationer för vätgas i "
            "glesbygd. Bolaget har fem anställda och samarbetar med universitet och teknikparker i "
            "norra Sverige."
        ),
        "offers_sv": (
            "Förstudier, systemdesign och driftsättning av containerbaserade tankstationer för 350 "
            "och 700 bar, samt underlag för lokal vätgasproduktion med förnybar el."
        ),
        "capabilities_sv": (
            "Tryckkärlsberäkningar, säkerhets- och riskanalyser, integration mot elnät och "
            "solparker, mätdata för forskning och utveckling."
        ),
    },
    {
        "name": "Provflöde Labbautomation AB",
        "org_number": "559418-0258",
        "size_class": "medium",
        "is_cooperative": False,
        "sectors": ["health", "digital"],
        "county_code": "SE123",
        "website": "https://provflode.example.se",
        "description_sv": (
            "Provflöde hjälper sjukhuslaboratorier att korta ledtider genom automation av "
            "provmottagning och sortering. Bolaget kombinerar robotik med mjukvara för "
            "flödesstyrning och har kunder i flera regioner."
        ),
        "offers_sv": (
            "Kartläggning av provflöden, moduler för automatiserad provmottagning och sortering "
            "samt programvara för spårbarhet av prover."
        ),
        "capabilities_sv": (
            "Processanalys på plats, integration med laboratoriedatasystem, validering enligt krav "
            "för medicintekniska produkter, utbildning av personal."
        ),
    },
    {
        "name": "Återbruket Södra Sverige ekonomisk förening",
        "org_number": "769641-2530",
        "size_class": "small",
        "is_cooperative": True,
        "sectors": ["environment", "construction"],
        "county_code": "SE212",
        "website": "https://aterbruket-syd.example.se",
        "description_sv": (
            "Återbruket Södra Sverige är ett kooperativ som tar emot möbler, husgeråd och "
            "byggmaterial från återvinningscentraler och ger dem ett nytt liv. Föreningen erbjuder "
            "också arbetsträning i samverkan med kommunerna."
        ),
        "offers_sv": (
            "Hämtning och mottagning av hela fraktioner från återvinningscentraler, "
            "rekonditionering av möbler och försäljning av återbrukat byggmaterial."
        ),
        "capabilities_sv": (
            "Logistik för återbruksflöden, sortering och kvalitetsbedömning, statistik över "
            "återbrukade mängder, arbetsintegrerande socialt företagande."
        ),
    },
    {
        "name": "Bergslagens Energigemenskap ekonomisk förening",
        "org_number": "769638-4176",
        "size_class": "micro",
        "is_cooperative": True,
        "sectors": ["energy", "safety"],
        "county_code": "SE312",
        "website": "https://bergslagsenergi.example.se",
        "description_sv": (
            "Bergslagens Energigemenskap är en medlemsägd förening som bygger och driver lokala "
            "solcellsparker och batterilager. Föreningen arbetar för att bostadsområden ska kunna "
            "hålla igång viktiga funktioner vid elavbrott."
        ),
        "offers_sv": (
            "Planering och drift av energigemenskaper, reservkraft med batterier för "
            "trygghetspunkter samt medlemsmodeller för delad el."
        ),
        "capabilities_sv": (
            "Lokal elproduktion och lagring, ö-drift vid kris, samverkan med kommunernas "
            "beredskapsarbete och elnätsbolag."
        ),
    },
    {
        "name": "Klarälv Digitala Tjänster AB",
        "org_number": "559276-3907",
        "size_class": "small",
        "is_cooperative": False,
        "sectors": ["digital", "administration", "elderly_care"],
        "county_code": "SE311",
        "website": "https://klaralvdigital.example.se",
        "description_sv": (
            "Klarälv Digitala Tjänster bygger medborgarportaler och e-tjänster för kommuner i "
            "samarbete med användarna. Bolaget har även tagit fram en digital tillsynslösning för "
            "hemtjänsten."
        ),
        "offers_sv": (
            "Medborgarportaler, ärendehantering med fokus på invånaren samt digitala "
            "trygghetstjänster för äldreomsorgen."
        ),
        "capabilities_sv": (
            "Tjänstedesign, tillgänglighet enligt WCAG, informationssäkerhet och hantering av "
            "känsliga personuppgifter, öppna API:er mot kommunala verksamhetssystem."
        ),
    },
    {
        "name": "Miljöstationen Norden AB",
        "org_number": "559512-0048",
        "size_class": "small",
        "is_cooperative": False,
        "sectors": ["environment"],
        "county_code": "SE110",
        "website": "https://miljostationen.example.se",
        "description_sv": (
            "Miljöstationen Norden tillverkar och sköter obemannade inlämningsskåp för "
            "hushållens farliga avfall: färgrester, lösningsmedel, batterier och lysrör. "
            "Skåpen står i dag vid matbutiker och tunnelbanestationer i fyra kommuner."
        ),
        "offers_sv": (
            "Obemannade miljöstationer med ett fack per avfallsslag, inloggning med BankID "
            "eller passerkort, tömning och transport till godkänd behandling."
        ),
        "capabilities_sv": (
            "Tillstånd för transport av farligt avfall, brandklassade skåp med ventilation, "
            "vågceller och sensorer som larmar när ett fack är fullt eller fel avfall lämnas."
        ),
    },
    {
        "name": "Sortera Rätt Robotik AB",
        "org_number": "559488-2135",
        "size_class": "micro",
        "is_cooperative": False,
        "sectors": ["environment", "digital"],
        "county_code": "SE121",
        "website": "https://sorterarattrobotik.example.se",
        "description_sv": (
            "Sortera Rätt Robotik är ett avknoppningsföretag från Uppsala universitet som "
            "använder kameror och bildigenkänning för att känna igen avfall vid inlämning. "
            "Tekniken har provats på två återvinningscentraler."
        ),
        "offers_sv": (
            "En inlämningslucka med kamera som känner igen förpackningen, visar var den ska "
            "och öppnar rätt fack, samt en tjänst som följer upp felsorteringen."
        ),
        "capabilities_sv": (
            "Bildigenkänning tränad på över 40 000 bilder av farligt avfall, integration med "
            "passersystem, öppna data om inlämnade mängder per avfallsslag."
        ),
    },
    {
        "name": "Norrsol Batteri & Styrning AB",
        "org_number": "559377-6502",
        "size_class": "small",
        "is_cooperative": False,
        "sectors": ["energy"],
        "county_code": "SE331",
        "website": "https://norrsol.example.se",
        "description_sv": (
            "Norrsol Batteri & Styrning utvecklar styrsystem som låter flera byggnader dela "
            "solel och batterier. Bolaget har tolv anställda i Umeå och driver lokala "
            "energinät för två bostadsrättsföreningar."
        ),
        "offers_sv": (
            "Styrsystem och batterilager för lokala energinät, dimensionering av ö-drift och "
            "drift och övervakning som tjänst."
        ),
        "capabilities_sv": (
            "Ö-drift och automatisk frånkoppling från elnätet, prognoser för sol och last, "
            "samarbete med elnätsbolag om anslutning och mätning."
        ),
    },
]

# One person at each supplier without a demo account, who answers challenges for it.
SUPPLIER_CONTACTS: dict[str, tuple[str, str]] = {
    "559201-7361": ("Nils Fjällström", "nils@fjallvind.demo.example"),
    "559418-0258": ("Amira Karlsson", "amira@provflode.demo.example"),
    "769638-4176": ("Gunnel Berg", "gunnel@bergslagsenergi.demo.example"),
    "559276-3907": ("Johan Klarström", "johan@klaralvdigital.demo.example"),
    "559512-0048": ("Petra Miljö", "petra@miljostationen.demo.example"),
    "559488-2135": ("Leo Sortén", "leo@sorterarattrobotik.demo.example"),
    "559377-6502": ("Hanna Norrsol", "hanna@norrsol.demo.example"),
}

# One person at each authority that owns a demo challenge but has no demo account: who
# answers questions, runs the jury and publishes the decision.
AUTHORITY_CONTACTS: dict[str, tuple[str, str]] = {
    "Stockholm Avfall AB": ("Karin Avfallsson", "karin@stockholmavfall.demo.example"),
    "Umeå kommun": ("Erik Umefors", "erik@umea.demo.example"),
    "Sotenäs kommun": ("Maja Havsdal", "maja@sotenas.demo.example"),
    "Helsingborgs kommun": ("Olof Öresund", "olof@helsingborg.demo.example"),
    "Region Östergötland": ("Sofia Lab", "sofia@regionostergotland.demo.example"),
    "Falun kommun": ("Anders Kopparberg", "anders@falun.demo.example"),
    "Hammarö kommun": ("Eva Nyström", "eva.nystrom@demo.example"),
    "Industri- & logistikcentrum i Storuman AB": ("Per Lapp", "per@storuman.demo.example"),
    "Hultsfreds kommun": ("Ingrid Vattman", "ingrid@hultsfred.demo.example"),
    "Ludvika kommun": ("Lars Ludvigsson", "lars@ludvika.demo.example"),
}

AUTHORITY_ORG_NUMBERS: dict[str, str] = {
    "Region Stockholm": "232100-9017",
    "Region Östergötland": "232100-9025",
    "Västra Götalandsregionen": "232100-9033",
    "Göteborgs kommun": "212000-9010",
    "Falun kommun": "212000-9028",
    "Mölndals kommun": "212000-9036",
    "Sotenäs kommun": "212000-9044",
    "Ludvika kommun": "212000-9051",
    "Stockholms kommun": "212000-9069",
    "Katrineholms kommun": "212000-9077",
    "Hammarö kommun": "212000-9085",
    "Hultsfreds kommun": "212000-9093",
    "Borlänge kommun": "212000-9101",
    "Helsingborgs kommun": "212000-9119",
    "Umeå kommun": "212000-9127",
    "Sveriges Kommuner & Regioner": "222000-9019",
    "Göteborgs universitet": "202100-9010",
    "Kungliga Tekniska Högskolan": "202100-9028",
    "Industri- & logistikcentrum i Storuman AB": "556914-3729",
    "Södra Smålands Avfall & Miljö AB": "556628-4914",
    "Akademiska Hus AB": "556731-8505",
    "Stockholm Avfall AB": "559082-6342",
}
