"""What each demo supplier answers, written for the challenge it answers (`demo load`).

One entry per solution: the supplier (by organisation number), the challenge (by title),
whether it is submitted or still a draft, and its texts. `answers` follow the order of
the challenge's requirements in `app/demo/challenges.py`. All companies are invented.
"""

from __future__ import annotations

from app.demo.data import SUPPLIERS

HAMPA, FJALLVIND, PROVFLODE, ATERBRUKET, BERGSLAGEN, KLARALV = (
    s["org_number"] for s in SUPPLIERS[:6])
MILJOSTATIONEN, SORTERA_RATT, NORRSOL = (s["org_number"] for s in SUPPLIERS[6:9])

IP_STATEMENT = ("Vi behåller rättigheterna till vår teknik och ger köparen en evig licens "
                "att använda det som tas fram i projektet, enligt utmaningens villkor.")

SOLUTIONS: list[dict] = [
    # --- open challenges and needs ------------------------------------------------------
    {
        "supplier": HAMPA, "challenge": "Biobaserade väggar i nya förskolor", "submit": True,
        "trl": 7,
        "title": "Prefabricerade väggar av hampakalk och lerskivor",
        "summary": "Väggelement med stomme av limträ, isolering av hampakalk och "
                   "invändig beklädnad av lerskivor – levererade färdiga till bygget.",
        "details": "Våra element är 2,4 × 3,0 meter och monteras på en dag per "
                   "avdelning. Hampakalken binder koldioxid medan den härdar, och "
                   "lerskivorna jämnar ut luftfuktigheten i rummet.\n\n"
                   "**Förslag:** vi bygger en provvägg i en av förskolorna, mäter fukt och "
                   "temperatur under ett år och redovisar resultatet för kommunens "
                   "byggprojektledare.",
        "price": "Omkring 4 200 kr per kvadratmeter vägg, monterad. Provväggen: 85 000 kr.",
        "references": "Förskola i Lerum (väggelement, 2024), kontorsombyggnad i Borås (2025).",
        "answers": [
            "Väggtypen är provad av RISE och klarar EI 60 med 15 mm lerskiva på båda "
            "sidor; provningsrapporten bifogas på begäran.",
            "I våtrum och entréer byter vi lerskivan mot en kalkputsad skiva; fukt"
            "beräkningar enligt BBR finns för båda varianterna.",
            "Klimatdeklarationen omfattar stomme, isolering, skivor och infästningar: "
            "38 kg koldioxidekvivalenter per kvadratmeter vägg.",
        ],
    },
    {
        "supplier": KLARALV, "challenge": "Trygghetsteknik i ordinärt och särskilt boende",
        "submit": True, "trl": 8,
        "title": "Nattillsyn med radarsensor i stället för besök",
        "summary": "En sensor i taket som känner av fall och oro utan kamera, kopplad till "
                   "hemtjänstens larmapp – nattbesöket görs bara när det behövs.",
        "details": "Sensorn ser inga bilder: den mäter rörelse och andning med radar. Vid "
                   "ett fall eller ovanlig oro skickas ett larm till den personal som har "
                   "jour. Nattpersonalen ser en lista över vilka som sover lugnt.\n\n"
                   "Vi har prövat lösningen i 30 lägenheter i Karlstad under ett halvår; "
                   "antalet nattbesök minskade med 40 procent.",
        "price": "Sensor och tjänst: 290 kr per lägenhet och månad, installation ingår.",
        "references": "E-tjänsteplattform för två värmländska kommuner (2024); nattillsyn "
                      "i 30 lägenheter i Karlstad (2025).",
        "answers": [
            "Fallet känns igen inom 20 sekunder och larmet når personalens telefon inom "
            "40 sekunder; provet i Karlstad gav i snitt 31 sekunder.",
            "Sensorn tar inga bilder alls, så inga bilder kan sparas.",
            "Sensorn har eget mobilabonnemang (LTE-M) och reservbatteri för ett dygn.",
        ],
    },
    {
        "supplier": KLARALV, "challenge": "Bygglov som invånaren förstår", "submit": False,
        "trl": 6,
        "title": "Bygglovsguide som frågar i rätt ordning",
        "summary": "En e-tjänst som ställer frågorna i den ordning invånaren tänker och "
                   "visar direkt vilka ritningar som saknas.",
        "details": "Utkast: vi bygger vidare på vår medborgarportal. Guiden börjar med vad "
                   "invånaren vill bygga, inte med vilken blankett som gäller.\n\n"
                   "Att göra: fråga Hammarö vilket ärendesystem som används.",
        "price": "",
        "references": "E-tjänsteplattform för två värmländska kommuner (2024).",
        "answers": [
            "Guiden kontrollerar bilagorna mot åtgärden och listar det som saknas.",
            "",
            "",
        ],
    },
    {
        "supplier": PROVFLODE, "challenge": "Snabbare provsvar från vårdcentralernas prover",
        "submit": True, "trl": 8,
        "title": "Automatisk provmottagning med spårning från vårdcentralen",
        "summary": "En modul som läser, registrerar och sorterar rören direkt ur "
                   "transportlådan, och en tjänst som visar var varje prov är.",
        "details": "Modulen tar emot upp till 1 200 rör i timmen. Streckkoden läses när "
                   "röret lyfts ur lådan och röret placeras i rätt ställ för analysen. "
                   "Vårdcentralen ser i sin webbläsare när provet har kommit fram.\n\n"
                   "Vi föreslår en driftsättning i två steg: först måndagsflödet, sedan "
                   "hela veckan.",
        "price": "Modulen: 2,9 miljoner kr, service 240 000 kr per år.",
        "references": "Automatiserad provmottagning vid ett länssjukhus (2023–2025).",
        "answers": [
            "Ett rör registreras och sorteras i snitt sex minuter efter att lådan ställts "
            "in; längsta tid i vår senaste installation var nio minuter.",
            "Varje skanning loggas med tid och plats, från vårdcentralens etikett till "
            "analysinstrumentet.",
            "Modulen har färdiga kopplingar till de två laboratoriedatasystem som används "
            "i svenska regioner.",
        ],
    },
    {
        "supplier": FJALLVIND, "challenge": "Vätgas för tunga transporter längs E12",
        "submit": False, "trl": 6,
        "title": "Containerstation för vätgas med elektrolys vid vindparken",
        "summary": "En tankstation i två containrar och en elektrolysör som kör när "
                   "vindkraften ger överskott.",
        "details": "Utkast: dimensionering för 20 lastbilar per dygn pågår. Vi behöver "
                   "veta hur mycket el vindparken kan leverera vintertid.",
        "price": "",
        "references": "Förstudie om vätgastankning för en kommun i Västerbotten (2024).",
        "answers": [
            "Två dispensrar à 350 bar räcker för 24 lastbilar per dygn.",
            "Kompressor och dispenser står i uppvärmd container, provad till −40 °C.",
            "",
        ],
    },
    # --- the judged challenge in evaluation: hazardous waste in Stockholm ----------------
    {
        "supplier": MILJOSTATIONEN,
        "challenge": "Smart mottagning av hushållens farliga avfall", "submit": True,
        "trl": 8,
        "title": "Obemannade miljöstationer vid matbutiker",
        "summary": "Tjugo låsta miljöstationer vid matbutiker och tunnelbanestationer, "
                   "öppna när butiken är öppen – nära dem som inte har bil.",
        "details": "Invånaren loggar in med BankID i appen eller med passerkort, väljer "
                   "avfallsslag och får ett fack som öppnas. Vågceller och gassensorer "
                   "larmar om något är fel. Vi tömmer stationerna varje vecka och kör "
                   "avfallet till godkänd behandling.\n\n"
                   "Placering vid butiker ger öppettider på 98 timmar i veckan utan "
                   "egen personal.",
        "price": "Per station: 14 500 kr i månaden inklusive tömning och transport.",
        "references": "Miljöstationer i Solna och Sundbyberg sedan 2023 (46 stationer).",
        "answers": [
            "Stationerna följer butikens öppettider: 7–22 alla dagar, 105 timmar i veckan.",
            "Varje fack tar bara ett avfallsslag och känner igen fel vikt och gas; "
            "felsorteringen i Solna är under 2 procent.",
        ],
    },
    {
        "supplier": SORTERA_RATT,
        "challenge": "Smart mottagning av hushållens farliga avfall", "submit": True,
        "trl": 6,
        "title": "Inlämningslucka som känner igen avfallet",
        "summary": "En lucka med kamera på stadens återvinningscentraler som visar var "
                   "avfallet ska och öppnar rätt fack, dygnet runt.",
        "details": "Invånaren håller upp förpackningen framför kameran. Bildigenkänningen "
                   "föreslår avfallsslag på under en sekund; vid osäkerhet frågar skärmen. "
                   "Luckan sitter i ytterväggen på befintliga återvinningscentraler och "
                   "nås med passerkort även när centralen är stängd.",
        "price": "Per lucka: 390 000 kr, därefter 3 000 kr i månaden för tjänsten.",
        "references": "Försök på två återvinningscentraler i Uppsala (2024–2025).",
        "answers": [
            "Luckan är tillgänglig dygnet runt med passerkort: 168 timmar i veckan.",
            "Kameran känner igen 94 procent av förpackningarna rätt; resten sorteras om "
            "när centralen är bemannad.",
        ],
    },
    {
        "supplier": ATERBRUKET,
        "challenge": "Smart mottagning av hushållens farliga avfall", "submit": True,
        "trl": 9,
        "title": "Miljöbil på lastcykel i stadsdelarna – och återbruk av färg",
        "summary": "En bemannad lastcykel hämtar farligt avfall på fasta platser i "
                   "stadsdelarna. Oöppnad färg går till återbruk i stället för destruktion.",
        "details": "Kooperativets medarbetare, många i arbetsträning, kör enligt en "
                   "turlista med hållplatser vid torg och skolor. Invånaren får sms dagen "
                   "före. Hel färg lämnas till vår butik och säljs för 20 kr burken.",
        "price": "Per stadsdel: 42 000 kr i månaden för två turer i veckan.",
        "references": "Återbruk vid tre återvinningscentraler i Kronobergs län sedan 2022.",
        "answers": [
            "Lastcykeln står på varje hållplats två timmar två gånger i veckan; med tio "
            "hållplatser blir det 40 timmar i veckan, inte 80.",
            "Vår personal sorterar på plats; vi kan inte erbjuda sortering utan personal.",
        ],
    },
    # --- the decided challenge: energy communities in Umeå ------------------------------
    {
        "supplier": BERGSLAGEN,
        "challenge": "Energigemenskaper som blir trygghetspunkter", "submit": True,
        "trl": 8,
        "title": "Skolan som trygghetspunkt med delad solel och batteri",
        "summary": "Solceller på skolan och tre grannhus, ett gemensamt batteri och "
                   "ö-drift: skolan håller värme, ljus och wifi i tre dygn vid elavbrott.",
        "details": "Energigemenskapen äger anläggningen tillsammans med kommunen. I "
                   "vardagen delas solelen mellan husen; vid avbrott kopplas skolan "
                   "automatiskt loss från nätet och prioriterar värme, belysning och "
                   "kommunikation.",
        "price": "Anläggning 3,8 miljoner kr; drift genom medlemsavgifter.",
        "references": "Trygghetspunkt med batterilager i en bergslagskommun (2025).",
        "answers": [
            "Batteriet på 400 kWh och solcellerna ger 80 timmars drift av trygghetspunkten "
            "i februari enligt vår simulering.",
            "Mätarna i gemenskapen delar överskottet varje kvart enligt avtal mellan "
            "medlemmarna.",
        ],
    },
    {
        "supplier": NORRSOL,
        "challenge": "Energigemenskaper som blir trygghetspunkter", "submit": True,
        "trl": 7,
        "title": "Styrsystem som gör tre fastigheter till ett lokalt elnät",
        "summary": "Vårt styrsystem kopplar ihop befintliga solceller och batterier i "
                   "kvarteret och håller trygghetspunkten igång vid avbrott.",
        "details": "Vi bygger på det som redan finns i kvarteret och lägger till ett "
                   "batteri på 200 kWh. Styrsystemet prioriterar trygghetspunkten och "
                   "stänger av annat i tur och ordning.",
        "price": "Styrsystem och batteri: 2,1 miljoner kr, drift 60 000 kr per år.",
        "references": "Lokala energinät för två bostadsrättsföreningar i Umeå (2024).",
        "answers": [
            "Med 200 kWh räcker lagret i 48 timmar; 72 timmar kräver ett större batteri "
            "eller reservaggregat.",
            "Styrsystemet fördelar energin mellan byggnaderna timme för timme.",
        ],
    },
    {
        "supplier": FJALLVIND,
        "challenge": "Energigemenskaper som blir trygghetspunkter", "submit": True,
        "trl": 5,
        "title": "Vätgas som säsongslager för trygghetspunkten",
        "summary": "Sommarens solel lagras som vätgas och blir el och värme i en "
                   "bränslecell när nätet ligger nere.",
        "details": "Elektrolysören kör på sommarens överskott. Vätgasen lagras i flaskpaket "
                   "och räcker för en veckas drift av trygghetspunkten.",
        "price": "Anläggning 6,5 miljoner kr.",
        "references": "Förstudie om vätgastankning för en kommun i Västerbotten (2024).",
        "answers": [
            "Lagret räcker en vecka, men bränslecellen är inte provad i kyla under −20 °C.",
            "Energin kan delas, men vätgaslagret är dimensionerat för en byggnad.",
        ],
    },
]
