"""The 29 innovation procurement checks granted to public bodies in 2021-2023: the good
examples `knowledge seed` adds, and the contracting authorities of the demo data.

Source: Vinnova's final report on government assignment N2021/01194 (Swedish),
"Uppdrag att genomföra insatser för nyttiggörande och kommersialisering av
innovation", annex 4.4
"Bilaga Projektlista för checkar för innovationsupphandling".

Notes:
* Summaries are written for this platform; they are not quotations from the report.
* The annex gives no amounts per project, so ``amount_sek`` is None throughout.
  (Section 2.5.2: 29 checks worth SEK 6,501,819 in total.)
* ``track`` is inferred from each project's description. Section 2.5.2 reports 16
  decision-basis projects, 7 ongoing procurements, 4 capacity-building projects and
  2 checks for test infrastructure; the two test-infrastructure checks (clay wall,
  hempcrete) are filed under "ongoing_procurement", the track that covered
  external verification and validation.
"""

from __future__ import annotations

CHECK_PROJECTS: list[dict] = [
    # Annex 4.4, project 1
    {
        "organisation": "Region Stockholm",
        "kind_of_body": "region",
        "county_code": "SE110",
        "title_sv": "Kombinerad ultraljuds- och gammaprob för precisionsbiopsier",
        "title_en": "Combined ultrasound and gamma probe for precision biopsies",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "health",
        "summary_sv": (
            "Karolinska Universitetssjukhusets enhet för medicinsk strålningsfysik och "
            "nuklearmedicin anlitade konsulter för att kartlägga marknaden för en ny "
            "medicinteknisk prob som ska vägleda biopsier av portvaktskörtlar. Kartläggningen "
            "omfattade både tänkbara företagspartner av olika storlek och produktens "
            "marknadspotential. Underlaget används nu i samtal med företag inför en möjlig "
            "innovationsupphandling."
        ),
        "summary_en": (
            "The radiation physics and nuclear medicine unit at Karolinska University Hospital "
            "brought in consultants to map the market for a new medical device probe to guide "
            "sentinel node biopsies. The analysis covered potential company partners of all sizes "
            "as well as the commercial potential of the product. The findings now underpin talks "
            "with companies ahead of a possible innovation procurement."
        ),
    },
    # Annex 4.4, project 2
    {
        "organisation": "Region Östergötland",
        "kind_of_body": "region",
        "county_code": "SE123",
        "title_sv": "Framtidens avfallshantering i Region Östergötland",
        "title_en": "Future waste management in Region Östergötland",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "environment",
        "summary_sv": (
            "Regionen skulle upphandla avfallshantering för samtliga enheter och behövde förstå "
            "nya lagkrav och förväntningar kopplade till Agenda 2030. Externa avfallsexperter "
            "besvarade regionens frågor om bland annat avfallsfraktioner, hur tjänsten ska "
            "utvecklas under avtalstiden och vad kravspecifikationen bör innehålla. Resultatet "
            "blev en konsultrapport som stöder krav som flyttar hanteringen högre upp i "
            "avfallstrappan."
        ),
        "summary_en": (
            "The region was about to procure waste management for all its units and needed to "
            "understand new legal requirements and expectations linked to Agenda 2030. External "
            "waste experts answered the region's questions on waste fractions, how the service "
            "should evolve during the contract and what the specification should contain. The "
            "outcome was a consultancy report supporting requirements that move waste handling "
            "further up the waste hierarchy."
        ),
    },
    # Annex 4.4, project 3
    {
        "organisation": "Göteborgs kommun",
        "kind_of_body": "municipality",
        "county_code": "SE232",
        "title_sv": "Nytt resehanteringssystem för serviceresor",
        "title_en": "New travel management system for special transport services",
        "track": "ongoing_procurement",
        "amount_sek": None,
        "sector": "transport",
        "summary_sv": (
            "Trafikkontoret i Göteborgs Stad ska upphandla ett IT-stöd för serviceresor som kan "
            "vidareutvecklas över tid, med målet att ha ett nytt system på plats senast 2026. "
            "Efter workshoppar med verksamheten togs ett RFI-underlag fram och publicerades, följt "
            "av dialogmöten med leverantörer och jämförelser med andra kommuner. Dialogen visade "
            "att marknaden är positiv till funktionskrav och gav staden en tydligare "
            "upphandlingsstrategi."
        ),
        "summary_en": (
            "Gothenburg's traffic administration is procuring an IT system for special transport "
            "services that can keep evolving, aiming to have it in place by 2026. Following "
            "workshops with staff, a request for information was drafted and published, followed "
            "by supplier dialogue meetings and benchmarking against other municipalities. The "
            "dialogue showed that the market welcomes functional requirements and gave the city a "
            "clearer procurement strategy."
        ),
    },
    # Annex 4.4, project 4
    {
        "organisation": "Västra Götalandsregionen",
        "kind_of_body": "region",
        "county_code": "SE232",
        "title_sv": "GATAPP – digitalt stöd för andningsträning inför strålbehandling",
        "title_en": "GATAPP – digital tool for breathing training before radiotherapy",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "health",
        "summary_sv": (
            "Regionalt cancercentrum väst utvecklar en app där patienter tränar andning hemma "
            "inför strålbehandling efter operation. Med juridiskt expertstöd utreddes immateriella "
            "rättigheter, delat ägande och om appen räknas som en medicinteknisk produkt. Ett "
            "avtal mellan parterna är nu undertecknat, medan vissa frågor får vänta tills en proof "
            "of concept-fas har utvärderats."
        ),
        "summary_en": (
            "The Regional Cancer Centre West is developing an app that lets patients practise "
            "breathing at home before post-operative radiotherapy. With legal expert support the "
            "project examined intellectual property, joint ownership and whether the app counts as "
            "a medical device. An agreement between the parties has been signed, while some "
            "questions must wait until a proof-of-concept phase has been evaluated."
        ),
    },
    # Annex 4.4, project 5
    {
        "organisation": "Falun kommun",
        "kind_of_body": "municipality",
        "county_code": "SE312",
        "title_sv": "Kundcentrerad ärendehantering",
        "title_en": "Customer-centred case management",
        "track": "ongoing_procurement",
        "amount_sek": None,
        "sector": "administration",
        "summary_sv": (
            "Falun ville pröva ett nytt sätt att upphandla ärendehantering, där kommunen beskriver "
            "behov och effektmål i stället för färdiga lösningar och söker ett partnerskap med "
            "leverantören. Under en fördjupad förstudie på ungefär ett halvår avgränsades "
            "upphandlingen och en strategi lades fast. En RFI gav god dialog med marknaden, och "
            "därefter kunde upphandlingen annonseras."
        ),
        "summary_en": (
            "Falun wanted to try a new way of procuring case management, describing needs and "
            "intended outcomes rather than ready-made solutions and seeking a partnership with the "
            "supplier. During an in-depth pre-study of about six months the scope was defined and "
            "a procurement strategy was set. A request for information produced good dialogue with "
            "the market, after which the tender was published."
        ),
    },
    # Annex 4.4, project 6
    {
        "organisation": "Sveriges Kommuner & Regioner",
        "kind_of_body": "agency",
        "county_code": "SE",
        "title_sv": "KASAM – expertstöd till ett innovationspartnerskap",
        "title_en": "KASAM – expert support for an innovation partnership",
        "track": "ongoing_procurement",
        "amount_sek": None,
        "sector": "health",
        "summary_sv": (
            "SKR samordnade ett innovationspartnerskap där flera kommuner tar fram digitalt stöd "
            "för vuxna vars känsla av sammanhang (KASAM) är svag. Checken betalade expertstöd för "
            "att utveckla en hållbar affärsmodell för den gemensamt utvecklade portalen samt "
            "processtöd till kommunerna. Affärsutvecklingsstödet gav störst nytta, och kommunerna "
            "fick en tydligare bild av sin roll och av hur nyttan ska tas tillvara på sikt."
        ),
        "summary_en": (
            "SKR coordinated an innovation partnership in which several municipalities are "
            "developing digital support for adults with a weak sense of coherence. The check paid "
            "for experts to build a sustainable business model for the jointly developed portal "
            "and for process support to the municipalities. The business development support "
            "proved most valuable, and the municipalities gained a clearer view of their role and "
            "of how to realise the benefits over time."
        ),
    },
    # Annex 4.4, project 7
    {
        "organisation": "Industri- & logistikcentrum i Storuman AB",
        "kind_of_body": "public_company",
        "county_code": "SE331",
        "title_sv": "Upphandlingsunderlag för vätgastankning i en testregion",
        "title_en": "Procurement basis for hydrogen refuelling in a test region",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "energy",
        "summary_sv": (
            "Bolaget tog fram underlag för att kunna upphandla tankning av vätgas för vägfordon "
            "och tåg, som grund för en testregion för vätgaslogistik i glesbygd. Tillsammans med "
            "universitet, teknikpark och kommun och i dialog med utvalda leverantörer beskrevs "
            "teknikmognad, standarder och en samlad kravspecifikation för en modulär station som "
            "går att skala upp och kopiera. Även lokal vätgasproduktion utreddes, och samtliga "
            "projektmål nåddes."
        ),
        "summary_en": (
            "The company prepared the groundwork for procuring hydrogen refuelling for road "
            "vehicles and trains, as the basis for a hydrogen logistics test region in a sparsely "
            "populated area. With a university, a technology park and the municipality, and in "
            "dialogue with selected suppliers, it described technology readiness, standards and a "
            "combined specification for a modular station that can be scaled up and replicated. "
            "Local hydrogen production was also studied, and all project goals were met."
        ),
    },
    # Annex 4.4, project 8
    {
        "organisation": "Region Stockholm",
        "kind_of_body": "region",
        "county_code": "SE110",
        "title_sv": "Digital administration av kliniska studier",
        "title_en": "Digital administration of clinical trials",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "health",
        "summary_sv": (
            "Akademiskt specialistcentrum behövde ett IT-stöd för att administrera kliniska "
            "studier när den manuella hanteringen inte längre räckte till. En marknadsundersökning "
            "visade att inget färdigt system fanns, så i stället byggdes en prototyp på "
            "programvara som regionen redan hade upphandlat. Resultatet är ett system i drift som "
            "även kan återanvändas i andra verksamheter."
        ),
        "summary_en": (
            "The Academic Specialist Centre needed IT support to administer clinical trials once "
            "manual handling could no longer cope. A market survey found no ready-made system, so "
            "a prototype was instead built on software the region had already procured. The result "
            "is a system in production use that can also be reused in other parts of the "
            "organisation."
        ),
    },
    # Annex 4.4, project 9
    {
        "organisation": "Region Stockholm",
        "kind_of_body": "region",
        "county_code": "SE110",
        "title_sv": "Programvara för beslutsstöd och AI-bedömning vid blodcancer",
        "title_en": "Decision support and AI assessment software for blood cancer",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "health",
        "summary_sv": (
            "Karolinska laboratoriet vill ta fram programvara där AI stöder bedömningen av "
            "blodcancersjukdomar. Med juridisk expertis jämfördes olika sätt att utveckla "
            "mjukvaran och hur en extern leverantör av mjukvara skulle kunna involveras. Projektet "
            "gav ett utkast till samarbetsavtal som värnar regionens intressen som offentlig "
            "aktör."
        ),
        "summary_en": (
            "Karolinska laboratory wants to develop software in which AI supports the assessment "
            "of blood cancers. With legal expertise, the project compared ways of developing the "
            "software and how a partnership with an external software company could be set up. It "
            "produced a draft collaboration agreement that protects the region's interests as a "
            "public body."
        ),
    },
    # Annex 4.4, project 10
    {
        "organisation": "Göteborgs kommun",
        "kind_of_body": "municipality",
        "county_code": "SE232",
        "title_sv": "Träregelvägg med lerskivor och biobaserad isolering",
        "title_en": "Timber stud wall with clay boards and bio-based insulation",
        "track": "ongoing_procurement",
        "amount_sek": None,
        "sector": "construction",
        "summary_sv": (
            "Lokalförvaltningen testade om mineralull och gips i en träregelvägg kan bytas mot "
            "biobaserad isolering och lerskivor för att minska klimatpåverkan. Ett "
            "forskningsinstitut provade brandmotstånd och kritiskt fukttillstånd, medan övriga "
            "egenskaper bedömdes utifrån litteratur. Väggen nådde brandklass REI90 och bedöms "
            "fungera i bostäder och kontor, men lerskivan tål mekanisk påverkan sämre."
        ),
        "summary_en": (
            "The city's premises administration tested whether mineral wool and plasterboard in a "
            "timber stud wall could be replaced with bio-based insulation and clay boards to cut "
            "climate impact. A research institute tested fire resistance and critical moisture "
            "levels, while other properties were assessed from the literature. The wall reached "
            "fire class REI90 and is considered suitable for homes and offices, although the clay "
            "board is less robust against impact."
        ),
    },
    # Annex 4.4, project 11
    {
        "organisation": "Göteborgs kommun",
        "kind_of_body": "municipality",
        "county_code": "SE232",
        "title_sv": "Verifiering av hampakalk som byggmaterial",
        "title_en": "Verifying hempcrete as a building material",
        "track": "ongoing_procurement",
        "amount_sek": None,
        "sector": "construction",
        "summary_sv": (
            "Projektet ville fastställa egenskaperna hos hampakalk, ett byggmaterial med låg "
            "klimatpåverkan. Brand- och fuktprovningar kompletterades med litteraturstudier om "
            "isolering, täthet och akustik. Provväggen stod emot brand i 118 minuter utan att "
            "bärförmågan påverkades, vilket tyder på att materialet kan användas i de flesta "
            "brandcellsgränser."
        ),
        "summary_en": (
            "The project set out to establish the properties of hempcrete, a building material "
            "with a low climate footprint. Fire and moisture tests were complemented by literature "
            "reviews of insulation, airtightness and acoustics. The test wall resisted fire for "
            "118 minutes without losing load-bearing capacity, suggesting the material can be used "
            "in most fire compartment boundaries."
        ),
    },
    # Annex 4.4, project 12
    {
        "organisation": "Region Östergötland",
        "kind_of_body": "region",
        "county_code": "SE123",
        "title_sv": "Automatiserad provhantering i laboratoriet",
        "title_en": "Automated sample handling in the laboratory",
        "track": "ongoing_procurement",
        "amount_sek": None,
        "sector": "health",
        "summary_sv": (
            "I samband med en pågående upphandling av automation och instrument inom "
            "laboratoriemedicin anlitade regionen konsulter för att analysera provflödet. Vid "
            "platsbesök kartlades dagens arbetssätt och tekniska lösningar som kan minska manuella "
            "moment och risken för fel. Utredningen såg störst potential i början av flödet, "
            "vilket kan ge snabbare provsvar till patienter och en bättre arbetsmiljö."
        ),
        "summary_en": (
            "Alongside an ongoing procurement of automation and instruments for laboratory "
            "medicine, the region hired consultants to analyse the sample flow. Site visits mapped "
            "current working methods and technical options that could reduce manual steps and the "
            "risk of error. The study saw the greatest potential at the start of the flow, which "
            "could mean faster test results for patients and a better working environment."
        ),
    },
    # Annex 4.4, project 13
    {
        "organisation": "Mölndals kommun",
        "kind_of_body": "municipality",
        "county_code": "SE232",
        "title_sv": "Trygghetsskapande teknik i ordinärt och särskilt boende",
        "title_en": "Safety technology in ordinary housing and residential care",
        "track": "ongoing_procurement",
        "amount_sek": None,
        "sector": "elderly_care",
        "summary_sv": (
            "Vård- och omsorgsförvaltningen upphandlade 2021–2022 trygghetsskapande teknik för "
            "brukare i eget boende och på särskilt boende. Ett förhandlat förfarande med "
            "funktionsinriktade krav gjorde det möjligt att föra dialog med anbudsgivarna genom "
            "hela processen. Avtal har tecknats med en leverantör, och nu handlar arbetet om att "
            "ta hem nyttan för brukare och medarbetare."
        ),
        "summary_en": (
            "The care administration procured safety technology for care recipients living at home "
            "and in residential care in 2021–2022. A negotiated procedure with function-based "
            "requirements made it possible to hold dialogue with bidders throughout the process. A "
            "contract has been signed with a supplier, and the work now focuses on realising the "
            "benefits for care recipients and staff."
        ),
    },
    # Annex 4.4, project 14
    {
        "organisation": "Sotenäs kommun",
        "kind_of_body": "municipality",
        "county_code": "SE232",
        "title_sv": "Tvätt av marin plast från fiskeredskap",
        "title_en": "Washing marine plastic from fishing gear",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "environment",
        "summary_sv": (
            "Sotenäs undersökte vilken tvättprocess som passar sorterade fiskeredskap vid "
            "kommunens marina återvinningscentral. Arbetet bestod av behovs- och marknadsanalys, "
            "dialogmöten med aktörer och funktionskrav för en eventuell upphandling. Slutsatsen "
            "blev att industriella tvättanläggningar är för stora och dyra för de aktuella "
            "volymerna och att en enklare tvätt som tar bort partiklar är ett rimligare val."
        ),
        "summary_en": (
            "Sotenäs investigated which washing process suits sorted fishing gear at the "
            "municipality's marine recycling centre. The work combined a needs and market "
            "analysis, dialogue meetings with market players and functional requirements for a "
            "possible procurement. It concluded that industrial washing plants are too large and "
            "costly for the volumes involved and that a simpler wash removing solid particles is "
            "the more sensible choice."
        ),
    },
    # Annex 4.4, project 15
    {
        "organisation": "Ludvika kommun",
        "kind_of_body": "municipality",
        "county_code": "SE312",
        "title_sv": "Upphandling som förebygger avfall",
        "title_en": "Waste-preventing procurement",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "environment",
        "summary_sv": (
            "Ludvika ville minska avfallet från det som kommunen köper in. Konsulter gick igenom "
            "upphandlingsplan och avtal och förde dialog med leverantörer inom bland annat "
            "livsmedel, arbetskläder och byggtjänster. Resultatet blev förslag på krav, "
            "utvärderingsmodell och arbetssätt för cirkulär ekonomi, samt workshoppar som höjde "
            "kunskapen hos upphandlare och beställare."
        ),
        "summary_en": (
            "Ludvika wanted to reduce the waste that comes with what the municipality buys. "
            "Consultants reviewed the procurement plan and contracts and held dialogue with "
            "suppliers in areas such as food, workwear and construction services. The result was "
            "proposed requirements, an evaluation model and working methods for a circular "
            "economy, plus workshops that built knowledge among procurers and requisitioners."
        ),
    },
    # Annex 4.4, project 16
    {
        "organisation": "Stockholms kommun",
        "kind_of_body": "municipality",
        "county_code": "SE110",
        "title_sv": "Marknadsanalys av emissionsfria arbetsmaskiner i anläggningsentreprenader",
        "title_en": "Market analysis of zero-emission machinery in civil engineering contracts",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "construction",
        "summary_sv": (
            "Exploateringskontoret ville kunna ställa skarpare krav på emissionsfria "
            "arbetsmaskiner och fordon i kommande entreprenader. En marknadsanalys med intervjuer "
            "visade vilka maskiner som finns i dag och på något längre sikt, och hur upphandlingar "
            "bör utformas för att emissionsfria alternativ ska erbjudas. Branschen ser stegvis "
            "skärpta krav som rimliga, med hälften emissionsfria entreprenader 2025 och samtliga "
            "2030."
        ),
        "summary_en": (
            "The city's development administration wanted to set tougher requirements for "
            "zero-emission machinery and vehicles in future contracts. A market analysis with "
            "interviews showed which machines are available now and in the somewhat longer term, "
            "and how tenders should be designed so that zero-emission options are offered. The "
            "industry regards gradually tightening requirements as reasonable, with half of "
            "contracts emission-free in 2025 and all of them by 2030."
        ),
    },
    # Annex 4.4, project 17
    {
        "organisation": "Göteborgs universitet",
        "kind_of_body": "agency",
        "county_code": "SE232",
        "title_sv": "Samordnad varudistribution till universitetet",
        "title_en": "Coordinated goods distribution for the university",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "transport",
        "summary_sv": (
            "Göteborgs universitet lät en extern expert utreda om samordnad varudistribution, som "
            "flera kommuner redan har infört, passar ett stort lärosäte. Studien visade att "
            "godsmängderna är för små för att ge samma nytta som i kommunerna. I stället föreslås "
            "en fortsatt analys för att göra inköpen mer enhetliga, och studien kan användas som "
            "jämförelse av andra lärosäten."
        ),
        "summary_en": (
            "The University of Gothenburg had an external expert examine whether coordinated goods "
            "distribution, already used by several municipalities, suits a large university. The "
            "study found that goods volumes are too small to yield the same benefits as in "
            "municipalities. It instead recommends further analysis to make purchasing more "
            "uniform, and it can serve as a benchmark for other universities."
        ),
    },
    # Annex 4.4, project 18
    {
        "organisation": "Göteborgs kommun",
        "kind_of_body": "municipality",
        "county_code": "SE232",
        "title_sv": "Resehanteringssystem 2.0 – informationssäkerhet",
        "title_en": "Travel management system 2.0 – information security",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "digital",
        "summary_sv": (
            "Uppföljningen av stadens arbete med ett nytt resehanteringssystem inriktades på hur "
            "kraven på informationssäkerhet kan förenas med en upphandling som bygger på "
            "funktionskrav. Oklarheter kring interna riktlinjer försenade tidplanen och frågorna "
            "är ännu inte lösta. Staden planerar en RFI om informationssäkerhet för att höra hur "
            "leverantörer kan hantera känsliga personuppgifter."
        ),
        "summary_en": (
            "This follow-up to the city's work on a new travel management system focused on "
            "reconciling information security requirements with a procurement based on functional "
            "requirements. Uncertainty over internal guidelines delayed the schedule and the "
            "issues remain unresolved. The city plans a request for information on security to "
            "learn how suppliers can handle sensitive personal data."
        ),
    },
    # Annex 4.4, project 19
    {
        "organisation": "Katrineholms kommun",
        "kind_of_body": "municipality",
        "county_code": "SE122",
        "title_sv": "Krisberedskap – VR-träning om pågående dödligt våld i skolan",
        "title_en": "Crisis preparedness – VR training for lethal violence in schools",
        "track": "ongoing_procurement",
        "amount_sek": None,
        "sector": "safety",
        "summary_sv": (
            "Katrineholm använde extern kompetens för att höja kvaliteten i en "
            "innovationsupphandling av VR-baserad träning i att hantera pågående dödligt våld i "
            "skolmiljö. En konsult med kunskap om hot och våld förbättrade scenariot och utbildade "
            "instruktörer, och en högskola utvärderade lösningen. Kommunen inför nu fler praktiska "
            "övningsmoment och bygger vidare på utvärderingsmodellen."
        ),
        "summary_en": (
            "Katrineholm used external expertise to raise the quality of an innovation procurement "
            "of VR-based training for handling an ongoing lethal attack in a school setting. A "
            "consultant specialising in threats and violence improved the scenario and trained "
            "instructors, and a university evaluated the solution. The municipality is now adding "
            "more practical exercises and building on the evaluation model."
        ),
    },
    # Annex 4.4, project 20
    {
        "organisation": "Kungliga Tekniska Högskolan",
        "kind_of_body": "agency",
        "county_code": "SE110",
        "title_sv": "Långsiktig finansiering av en samverkansarena för klimatneutral anläggning",
        "title_en": (
            "Long-term funding of a collaboration arena for climate-neutral infrastructure"
        ),
        "track": "capacity_building",
        "amount_sek": None,
        "sector": "construction",
        "summary_sv": (
            "KTH undersökte vem som kan ta över finansieringen av Beställarnätverket, en "
            "samverkansarena för en klimatneutral anläggningssektor, när programmet InfraSweden "
            "upphör. Konsulter förde dialog med ett tiotal aktörer, gjorde en skrivbordsstudie och "
            "höll arbetsmöten om möjliga vägar framåt. Ingen självklar finansiär fanns våren 2024, "
            "men flera aktörer visade intresse och nya innovationsprogram kan bli aktuella."
        ),
        "summary_en": (
            "KTH explored who could take over funding of the client network, a collaboration arena "
            "for a climate-neutral civil engineering sector, once the InfraSweden programme ends. "
            "Consultants held talks with about ten organisations, carried out a desk study and ran "
            "workshops on possible ways forward. No obvious funder existed in spring 2024, but "
            "several organisations showed interest and new innovation programmes may become "
            "options."
        ),
    },
    # Annex 4.4, project 21
    {
        "organisation": "Hammarö kommun",
        "kind_of_body": "municipality",
        "county_code": "SE311",
        "title_sv": "Medborgarportal",
        "title_en": "Citizen portal",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "digital",
        "summary_sv": (
            "Hammarö prövade om modellen för efterfrågeacceleration kan användas för att upphandla "
            "utvecklingen av en medborgarportal. En RFI spreds i flera kanaler och följdes av ett "
            "innovationsforum för intresserade företag. Intresset blev större än väntat och flera "
            "företag bedömdes kunna leverera, så kommunen har beslutat att gå vidare med en "
            "innovationsupphandling."
        ),
        "summary_en": (
            "Hammarö tested whether the demand acceleration model could be used to procure the "
            "development of a citizen portal. A request for information was spread through several "
            "channels and followed by an innovation forum for interested companies. Interest "
            "exceeded expectations and several companies were judged able to deliver, so the "
            "municipality decided to proceed with an innovation procurement."
        ),
    },
    # Annex 4.4, project 22
    {
        "organisation": "Södra Smålands Avfall & Miljö AB",
        "kind_of_body": "public_company",
        "county_code": "SE212",
        "title_sv": "Dialog för mer återbruk av grovavfall",
        "title_en": "Dialogue to increase reuse of bulky waste",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "environment",
        "summary_sv": (
            "Det kommunägda avfallsbolaget ville få fungerande saker som lämnas på "
            "återvinningscentralerna att återbrukas i stället för att kasseras. En konsult "
            "analyserade behoven och kartlade flödena, vilket låg till grund för dialogmöten med "
            "aktörer inom återbruk, avfall och handel. Det visade sig att marknaden i dag saknar "
            "erbjudanden som möter kommunernas behov, så bolaget fortsätter att kommunicera "
            "behovet och utreda upphandling av hela flöden."
        ),
        "summary_en": (
            "The municipally owned waste company wanted usable items left at recycling centres to "
            "be reused rather than discarded. A consultant analysed the needs and mapped the "
            "flows, which formed the basis for dialogue meetings with reuse, waste and retail "
            "actors. It turned out that the market currently lacks offers matching the "
            "municipalities' needs, so the company will keep communicating the need and explore "
            "procuring entire flows."
        ),
    },
    # Annex 4.4, project 23
    {
        "organisation": "Akademiska Hus AB",
        "kind_of_body": "public_company",
        "county_code": "SE232",
        "title_sv": "Innovationsupphandling av demontering",
        "title_en": "Innovation procurement of dismantling",
        "track": "capacity_building",
        "amount_sek": None,
        "sector": "construction",
        "summary_sv": (
            "Det statliga fastighetsbolaget tog in externt stöd för att lära sig arbeta med "
            "innovationsupphandling och innovationspartnerskap, med demontering som "
            "tillämpningsområde. Inköpsavdelningen har byggt upp kunskap om metoden och om hur "
            "upphandling kan driva fram nya lösningar. Tidsåtgången underskattades, men bolaget "
            "vet nu hur nästa upphandling kan göras mer effektivt."
        ),
        "summary_en": (
            "The state-owned property company brought in external support to learn how to work "
            "with innovation procurement and innovation partnerships, using dismantling as the "
            "case. Its purchasing department has built up knowledge of the method and of how "
            "procurement can drive new solutions. The time needed was underestimated, but the "
            "company now knows how to run its next procurement more efficiently."
        ),
    },
    # Annex 4.4, project 24
    {
        "organisation": "Hultsfreds kommun",
        "kind_of_body": "municipality",
        "county_code": "SE213",
        "title_sv": "Ny metod för kommunalteknik i mindre glesbygdsorter",
        "title_en": "New approach to municipal utilities in small rural towns",
        "track": "ongoing_procurement",
        "amount_sek": None,
        "sector": "water",
        "summary_sv": (
            "Hultsfred såg att det invanda sättet att driva projekt inte räckte för att komma "
            "ikapp det eftersatta underhållet av den kommunaltekniska infrastrukturen. Med "
            "spetskompetens som checken finansierade utformades en funktions- och "
            "innovationsupphandling där entreprenören tar ansvar för delar av problemlösningen, "
            "med orten Rosenfors som exempel. Förfarandet skulle slutföras hösten 2024, och "
            "arbetet har stärkt kommunens förmåga att upphandla för omställning."
        ),
        "summary_en": (
            "Hultsfred saw that its usual way of running projects could not clear the maintenance "
            "backlog in its municipal utility infrastructure. Using specialist expertise funded by "
            "the check, it designed a functional and innovation procurement that leaves part of "
            "the problem-solving to the contractor, with the village of Rosenfors as the case. The "
            "procedure was due to be completed in autumn 2024, and the work has strengthened the "
            "municipality's ability to procure for sustainable transition."
        ),
    },
    # Annex 4.4, project 25
    {
        "organisation": "Borlänge kommun",
        "kind_of_body": "municipality",
        "county_code": "SE312",
        "title_sv": "Kapacitetsbyggande dialog för hållbara byggprocesser",
        "title_en": "Capacity-building dialogue for sustainable construction processes",
        "track": "capacity_building",
        "amount_sek": None,
        "sector": "construction",
        "summary_sv": (
            "Borlänge kommunkoncern använde checken för att färdigställa riktlinjer som innebär "
            "att bevarande och återbruk går före nyproduktion och rivning när koncernen upphandlar "
            "byggnation och förvaltning. Som stöd togs en manual med kravförslag för "
            "byggentreprenader fram. Riktlinjerna används redan i projekt och har gett lägre "
            "utsläpp och kostnader, även om målen bara delvis är nådda."
        ),
        "summary_en": (
            "The Borlänge municipal group used the check to finalise guidelines under which "
            "preservation and reuse take precedence over new construction and demolition when it "
            "procures building and property management. A manual with suggested requirements for "
            "construction contracts was produced to support them. The guidelines are already "
            "applied in projects and have lowered emissions and costs, although the goals are only "
            "partly met."
        ),
    },
    # Annex 4.4, project 26
    {
        "organisation": "Stockholm Avfall AB",
        "kind_of_body": "public_company",
        "county_code": "SE110",
        "title_sv": "Smart mottagning av hushållens farliga avfall i staden",
        "title_en": "Smart collection of household hazardous waste in the city",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "environment",
        "summary_sv": (
            "Stockholm Avfall vill ha en ny typ av miljöstation där invånare kan lämna farligt "
            "avfall utan att behöva bil. Genom marknadsdialog stämdes tidigare utredda krav av mot "
            "leverantörernas tekniska lösningar, och kraven formulerades så att de inte stänger "
            "ute leverantörer i onödan. Rekommendationen är att gå vidare med en RFI eller ett "
            "förhandlat förfarande för att hitta en driftsäker och kostnadseffektiv lösning."
        ),
        "summary_en": (
            "Stockholm Avfall wants a new type of drop-off station where residents can leave "
            "hazardous waste without needing a car. Through market dialogue, previously "
            "investigated requirements were checked against suppliers' technical solutions and "
            "worded so as not to shut out suppliers needlessly. The recommendation is to continue "
            "with a request for information or a negotiated procedure to find a reliable, "
            "cost-effective solution."
        ),
    },
    # Annex 4.4, project 27
    {
        "organisation": "Göteborgs kommun",
        "kind_of_body": "municipality",
        "county_code": "SE232",
        "title_sv": "Cirkulär upphandling av arbetskläder",
        "title_en": "Circular procurement of workwear",
        "track": "capacity_building",
        "amount_sek": None,
        "sector": "environment",
        "summary_sv": (
            "Göteborgs Stad ville kartlägga vad förvaltningarna behöver för arbetskläder och hur "
            "de kan hanteras mer cirkulärt. En processledande konsult genomförde intervjuer, "
            "workshoppar och marknadsdialoger, och en RFI skickades ut inför en kommande "
            "upphandling. Projektet gav rekommendationer om intern styrning, kravställning och "
            "samarbete med marknaden och blev starten på ett långsiktigt arbete."
        ),
        "summary_en": (
            "The City of Gothenburg wanted to understand its departments' workwear needs and the "
            "circular options available. A consultant facilitated interviews, workshops and market "
            "dialogues, and a request for information was issued ahead of an upcoming procurement. "
            "The project produced recommendations on internal governance, requirements and working "
            "with the market, and marked the start of long-term work."
        ),
    },
    # Annex 4.4, project 28
    {
        "organisation": "Helsingborgs kommun",
        "kind_of_body": "municipality",
        "county_code": "SE224",
        "title_sv": "Innovationsupphandling för cirkulärt avloppsvatten",
        "title_en": "Innovation procurement as a catalyst for circular wastewater",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "water",
        "summary_sv": (
            "Helsingborg ville skapa förutsättningar för att återvunnet avloppsvatten och "
            "näringsämnen ska komma till nytta, och undersökte hur upphandling kan driva "
            "innovation inom urban symbios. En sonderingsfas enligt metoden för "
            "efterfrågeacceleration, med intervjuer och lärforum, visade på möjligheter men också "
            "hinder som svagt samspel mellan aktörerna. Arbetet mynnade ut i en Circular Challenge "
            "Brief som ska bära den fortsatta dialogen."
        ),
        "summary_en": (
            "Helsingborg wanted to create the conditions for recovered wastewater and nutrients to "
            "be put to use, and explored how procurement can drive innovation in urban symbiosis. "
            "A scoping phase following the demand acceleration method, with interviews and "
            "learning forums, revealed opportunities as well as obstacles such as weak interaction "
            "between actors. The work resulted in a Circular Challenge Brief to carry the "
            "continued dialogue."
        ),
    },
    # Annex 4.4, project 29
    {
        "organisation": "Umeå kommun",
        "kind_of_body": "municipality",
        "county_code": "SE331",
        "title_sv": "Energigemenskaper och trygghetspunkter",
        "title_en": "Energy communities and emergency support points",
        "track": "before_procurement",
        "amount_sek": None,
        "sector": "energy",
        "summary_sv": (
            "Umeå lät konsulter ta fram ett kunskapsunderlag om energigemenskaper och lokala "
            "trygghetspunkter för energiberedskap. Rapporten ska stödja kommunens upphandling och "
            "beredskapsenhet inför möjliga upphandlingar på området. Kommunen bedömer att målen i "
            "stort sett har nåtts och hoppas att underlaget leder till upphandling av tjänster och "
            "tekniska lösningar."
        ),
        "summary_en": (
            "Umeå had consultants produce a knowledge base on energy communities and local "
            "emergency support points for energy preparedness. The report is meant to support the "
            "municipality's procurement and preparedness units ahead of possible procurements in "
            "this field. The municipality considers the goals largely met and hopes the material "
            "will lead to procurement of services and technical solutions."
        ),
    },
]
