"""Guides for suppliers getting ready for public buyers, linked from the readiness check.

Each article answers one or two themes of the quick check (`app/readiness/questions.py`):
what a buyer asks for, why, and what a small company or cooperative can do about it.
"""

from __future__ import annotations

from app.knowledge.models import ArticleKind
from app.knowledge.seed import SeedArticle, Text

REGISTRATION_TAX_INSURANCE = SeedArticle(
    slug="supplier-registration-tax-insurance",
    kind=ArticleKind.METHOD_GUIDE,
    tags=("sme", "law", "supplier-readiness"),
    related=("supplier-references-capacity", "innovation-procurement"),
    sv=Text(
        title="Redo för anbud: registrering, skatt och försäkring",
        summary="Det en offentlig köpare kontrollerar om varje leverantör innan avtal skrivs, "
                "och hur du har det klart i förväg.",
        body="""
            Innan en offentlig köpare skriver avtal kontrollerar den att leverantören finns,
            sköter sina skatter och kan bära ansvar om något går fel. Det gäller lika mycket
            för ett litet företag som svarar på en utmaning här som för ett stort bolag i en
            vanlig upphandling.

            ## Registrering och F-skatt

            Företaget ska vara registrerat hos Bolagsverket (eller som ekonomisk förening,
            som de flesta kooperativ) och ha F-skatt. Köparen kan begära uppgifter direkt
            från Skatteverket, så det lönar sig att själv kontrollera att allt stämmer: rätt
            adress, rätt firmatecknare och ett aktuellt registreringsbevis.

            ## Skatter och avgifter

            En leverantör som inte har betalat skatter eller sociala avgifter kan uteslutas.
            Har du en skuld: betala den eller kom överens om en avbetalningsplan innan du
            lämnar anbud, och var öppen med det om köparen frågar. Många upphandlingar
            använder ESPD, det europeiska upphandlingsdokumentet, där du intygar detta själv
            och visar bevis först när du har vunnit.

            ## Försäkring

            De flesta avtal kräver en ansvarsförsäkring, ofta med ett belopp som står i
            upphandlingsdokumenten. Levererar du rådgivning eller programvara kan även en
            konsultansvarsförsäkring behövas. Be ditt försäkringsbolag om ett
            försäkringsbevis nu, på svenska och engelska, så att du kan visa det inom några
            dagar. Är kravet för högt för ditt företag kan du ställa en fråga: köparen ska
            ställa krav som står i proportion till uppdraget.

            ## Checklista

            * Registreringsbevis och F-skattebevis, högst några månader gamla.
            * Inga skulder hos Kronofogden, eller en plan för dem.
            * Försäkringsbevis som täcker det du erbjuder.
            * En person som får skriva under för företaget.
        """,
    ),
    en=Text(
        title="Ready to tender: registration, tax and insurance",
        summary="What a public buyer checks about every supplier before signing, and how to "
                "have it ready in advance.",
        body="""
            Before a public buyer signs a contract it checks that the supplier exists, pays
            its taxes and can carry the responsibility if something goes wrong. That applies
            as much to a small company answering a challenge here as to a large firm in an
            ordinary procurement.

            ## Registration and F-tax

            The company must be registered with the Swedish Companies Registration Office
            (or as an economic association, as most cooperatives are) and be approved for
            F-tax. The buyer can ask the Swedish Tax Agency directly, so check for yourself
            that everything is right: the address, who may sign for the company, and a
            recent certificate of registration.

            ## Taxes and contributions

            A supplier that has not paid its taxes or social security contributions can be
            excluded. If you have a debt, pay it or agree a payment plan before you tender,
            and be open about it if the buyer asks. Many procurements use the ESPD, the
            European Single Procurement Document, in which you declare this yourself and
            show the evidence only once you have won.

            ## Insurance

            Most contracts require liability insurance, often with an amount stated in the
            procurement documents. If you deliver advice or software, professional liability
            insurance may be needed too. Ask your insurer now for a certificate, in Swedish
            and English, so that you can show it within a few days. If the requirement is
            too high for your company, ask a question: a buyer's requirements must be in
            proportion to the contract.

            ## Checklist

            * A certificate of registration and of F-tax, no more than a few months old.
            * No debts with the Enforcement Authority, or a plan for them.
            * An insurance certificate covering what you offer.
            * A person who may sign for the company.
        """,
    ),
)

REFERENCES_CAPACITY = SeedArticle(
    slug="supplier-references-capacity",
    kind=ArticleKind.METHOD_GUIDE,
    tags=("sme", "requirements", "supplier-readiness"),
    related=("supplier-registration-tax-insurance", "run-a-challenge",
             "innovation-partnership"),
    sv=Text(
        title="Referenser och leveransförmåga för en liten leverantör",
        summary="Hur du visar att du kan leverera när du har få kunder, och hur du växer "
                "med partner i stället för att tacka nej.",
        body="""
            Köpare vill veta att du har gjort något liknande förut och att du klarar den
            volym och den tid som avtalet kräver. För ett nytt eller litet företag är det
            ofta det svåraste kravet. Det finns sätt att möta det.

            ## Referenser

            Be två eller tre nöjda kunder om lov att lämna deras namn, och skriv ner vad du
            levererade, när, till vilket värde och vad det ledde till. En pilot, ett test
            eller ett utvecklingsprojekt räknas också. Att svara på ett behov eller en
            utmaning på Innovation Arena ger dig ofta just det: en offentlig organisation
            som har sett din lösning och kan beskriva den.

            Köparen får bara begära referenser som står i proportion till uppdraget. I en
            innovationsupphandling är det lösningens förmåga som ska bedömas, inte hur länge
            företaget har funnits. Tycker du att kraven stänger ute nya företag: ställ en
            fråga under frågeperioden. Svaret går till alla.

            ## Leveransförmåga

            Räkna på hur många enheter eller timmar du kan leverera per månad och vad som
            krävs för att fördubbla det: personal, lokaler, underleverantörer, kapital.
            Köparen kan dela upp en upphandling i mindre delar, och du får lämna anbud
            tillsammans med andra eller stödja dig på andra företags kapacitet, om du visar
            att du verkligen förfogar över den (till exempel genom ett skriftligt åtagande).

            ## Partner

            Kom överens i förväg med en eller två partner: vem gör vad, vem är
            avtalspart och hur delar ni risk och betalning. Ett konsortium som har övat på
            en mindre utmaning är ett betydligt starkare anbud än tre företag som träffas
            veckan före sista anbudsdag. Affärsutvecklingscheckar kan betala
            för hjälp med att bygga upp förmågan.
        """,
    ),
    en=Text(
        title="References and delivery capacity for a small supplier",
        summary="How to show that you can deliver when you have few customers, and how to "
                "grow with partners instead of saying no.",
        body="""
            Buyers want to know that you have done something similar before and that you
            can manage the volume and the time the contract requires. For a new or small
            company this is often the hardest requirement. There are ways to meet it.

            ## References

            Ask two or three satisfied customers whether you may give their names, and write
            down what you delivered, when, for what value and what it led to. A pilot, a test
            or a development project counts too. Answering a need or a challenge on
            Innovation Arena often gives you exactly that: a public organisation that has
            seen your solution and can describe it.

            A buyer may only ask for references in proportion to the contract. In an
            innovation procurement it is the solution's ability that should be judged, not
            how long the company has existed. If you think the requirements shut out new
            companies, ask a question during the question period. The answer goes to all.

            ## Delivery capacity

            Work out how many units or hours you can deliver per month and what it would
            take to double that: people, premises, subcontractors, capital. A buyer can
            divide a procurement into smaller lots, and you may tender together with others
            or rely on other companies' capacity, if you show that you really have it at
            your disposal (for example through a written commitment).

            ## Partners

            Agree in advance with one or two partners: who does what, who signs the contract
            and how you share risk and payment. A consortium that has practised on a smaller
            challenge is a much stronger tender than three companies that meet the week
            before the deadline. Business development checks can pay for help with building
            the capacity.
        """,
    ),
)

QUALITY_ENVIRONMENT = SeedArticle(
    slug="supplier-quality-environment",
    kind=ArticleKind.METHOD_GUIDE,
    tags=("sme", "requirements", "supplier-readiness"),
    related=("supplier-references-capacity", "functional-requirements"),
    sv=Text(
        title="Kvalitets- och miljöarbete som en köpare kan kontrollera",
        summary="Du behöver sällan ett certifikat, men du behöver kunna visa hur du arbetar. "
                "Så beskriver du det på ett par sidor.",
        body="""
            Offentliga köpare ställer nästan alltid krav på kvalitet och ofta på miljö. Det
            betyder inte att ett litet företag måste vara certifierat. Köparen ska godta
            likvärdiga bevis, och för ett litet uppdrag räcker det ofta med en tydlig
            beskrivning av hur du faktiskt arbetar.

            ## Kvalitet

            Skriv ner, på en eller två sidor, hur du planerar en leverans, hur du
            kontrollerar att den blev rätt, hur du tar emot klagomål och hur du rättar fel
            så att de inte upprepas. Ange vem som ansvarar. Det är kärnan i ISO 9001, och
            den beskrivningen kan du visa en köpare, använda när du tar in nya medarbetare
            och bygga vidare på om du senare vill certifiera dig.

            ## Miljö

            Beskriv din lösnings viktigaste miljöpåverkan under hela livscykeln: energi,
            material, transporter, vad som händer när den är uttjänt. Välj ett eller två mått
            som du följer över tid, till exempel energi per enhet eller andel återvunnet
            material. Upphandlingsmyndigheten publicerar hållbarhetskriterier som många
            köpare använder; läs de som gäller din bransch så vet du vad som kommer.

            ## Varför det lönar sig

            En innovativ lösning säljs ofta på att den är bättre för miljön eller för
            användarna. Kan du visa det med siffror blir det en fördel i utvärderingen, inte
            bara ett krav att klara. Ett kvalitetsarbete som håller minskar också risken att
            ett första offentligt avtal blir det sista.

            ## Att göra nu

            * En kort kvalitetsbeskrivning med ansvariga.
            * En miljöbeskrivning med ett mått du följer.
            * Läs hållbarhetskriterierna för din bransch.
        """,
    ),
    en=Text(
        title="Quality and environmental work a buyer can check",
        summary="You rarely need a certificate, but you do need to show how you work. How to "
                "describe it in a couple of pages.",
        body="""
            Public buyers almost always set requirements on quality and often on the
            environment. That does not mean a small company must be certified. The buyer
            must accept equivalent evidence, and for a small contract a clear description of
            how you actually work is often enough.

            ## Quality

            Write down, in one or two pages, how you plan a delivery, how you check that it
            came out right, how you receive complaints and how you correct mistakes so that
            they do not recur. Say who is responsible. That is the core of ISO 9001, and it
            is a description you can show a buyer, use when new people join, and build on if
            you later want to be certified.

            ## Environment

            Describe your solution's main environmental impact over its whole life: energy,
            materials, transport, what happens when it is worn out. Choose one or two figures
            that you follow over time, such as energy per unit or the share of recycled
            material. The National Agency for Public Procurement publishes sustainability
            criteria that many buyers use; read the ones for your sector so you know what is
            coming.

            ## Why it pays

            An innovative solution is often sold on being better for the environment or for
            its users. If you can show that with figures it becomes an advantage in the
            evaluation, not just a requirement to pass. Quality work that holds also lowers
            the risk that a first public contract becomes the last.

            ## To do now

            * A short description of your quality work, with who is responsible.
            * An environmental description with one figure you follow.
            * Read the sustainability criteria for your sector.
        """,
    ),
)

ACCESSIBILITY_DATA_PROTECTION = SeedArticle(
    slug="supplier-accessibility-data-protection",
    kind=ArticleKind.METHOD_GUIDE,
    tags=("sme", "law", "supplier-readiness"),
    related=("supplier-quality-environment", "functional-requirements"),
    sv=Text(
        title="Tillgänglighet och dataskydd i offentliga avtal",
        summary="Två krav som offentliga köpare inte kan förhandla bort när lösningen är "
                "digital eller hanterar personuppgifter, och hur du förbereder dig.",
        body="""
            Levererar du något digitalt, eller skulle du hantera personuppgifter åt en
            köpare, möter du två krav som köparen själv är bunden av. Att ha svaren klara i
            förväg sparar veckor i en upphandling.

            ## Tillgänglighet

            Offentliga organisationers digitala tjänster ska vara tillgängliga för personer
            med funktionsnedsättning, och köpare ska ta hänsyn till tillgänglighet när de
            köper något som människor ska använda. I praktiken hänvisar kraven till den
            europeiska standarden EN 301 549, som för webb och appar bygger på WCAG 2.1 nivå
            AA.

            Låt någon granska din tjänst mot WCAG, rätta det viktigaste och skriv en kort
            redogörelse för vad som är tillgängligt och vad som inte är det ännu. Testa med
            några användare med olika funktionsnedsättningar: de hittar det som en
            automatisk kontroll missar, och en köpare väger sådana tester högt.

            ## Dataskydd

            Behandlar du personuppgifter för köparens räkning är du personuppgiftsbiträde,
            och ni ska skriva ett biträdesavtal enligt artikel 28 i dataskyddsförordningen.
            Ha ett eget utkast klart, tillsammans med en beskrivning av dina tekniska och
            organisatoriska säkerhetsåtgärder.

            Köpare frågar allt oftare var data lagras och vilka underbiträden som används:
            molntjänst, e-post, support. Lista dem, och ange hur överföringar utanför EU och
            EES är reglerade. Kan du erbjuda lagring inom EU är det ofta en fördel.

            ## Om det inte gäller dig

            Levererar du varken något digitalt eller hanterar personuppgifter gäller inte
            kraven. Säg det tydligt i anbudet, så slipper köparen fråga.
        """,
    ),
    en=Text(
        title="Accessibility and data protection in public contracts",
        summary="Two requirements public buyers cannot bargain away when a solution is "
                "digital or handles personal data, and how to prepare.",
        body="""
            If you deliver something digital, or would handle personal data for a buyer, you
            will meet two requirements that the buyer is itself bound by. Having the answers
            ready in advance saves weeks in a procurement.

            ## Accessibility

            Public organisations' digital services must be accessible to people with
            disabilities, and buyers must take accessibility into account when they buy
            something that people will use. In practice the requirements refer to the
            European standard EN 301 549, which for the web and apps builds on WCAG 2.1 level
            AA.

            Have someone check your service against WCAG, fix what matters most and write a
            short statement of what is accessible and what is not yet. Test with a few users
            with different disabilities: they find what an automatic check misses, and a
            buyer values such tests highly.

            ## Data protection

            If you process personal data on the buyer's behalf you are a processor, and you
            must sign a data processing agreement under article 28 of the General Data
            Protection Regulation. Have your own draft ready, together with a description of
            your technical and organisational security measures.

            Buyers increasingly ask where data is stored and which sub-processors are used:
            cloud service, e-mail, support. List them, and say how transfers outside the EU
            and the EEA are covered. If you can offer storage within the EU, that is often an
            advantage.

            ## If it does not apply to you

            If you deliver nothing digital and handle no personal data, the requirements do
            not apply. Say so clearly in your tender, and the buyer need not ask.
        """,
    ),
)

IP_TERMS = SeedArticle(
    slug="supplier-ip-terms",
    kind=ArticleKind.IP_GUIDANCE,
    tags=("sme", "ip", "supplier-readiness"),
    related=("ip-guidance", "pre-commercial-procurement", "supplier-references-capacity"),
    sv=Text(
        title="Att läsa en utmanings IP-villkor som leverantör",
        summary="Vad du äger när du börjar, vad som händer med det du tar fram, och vilka "
                "frågor du ska ställa innan du lägger ner arbete.",
        body="""
            Dina immateriella tillgångar – kod, design, varumärken, data och kunnande – är
            ofta det mest värdefulla ditt företag har. Innan du svarar på en utmaning ska du
            veta vad villkoren gör med dem.

            ## Vet vad du äger

            Lista vad du har: programkod, ritningar, design, varumärken, data, metoder och
            kunnande. Skriv också vem som skapade vad. Har en konsult eller en tidigare
            partner skrivit delar av koden måste avtalet med dem säga att rättigheterna är
            dina. Detta är dina bakgrundsrättigheter: det du tar med dig in i ett projekt.

            ## Läs villkoren

            Varje utmaning på Innovation Arena visar sina IP-villkor. Standardvalet är att
            leverantören behåller rättigheterna och att köparen får en licens att använda
            lösningen. Har köparen valt något annat måste det motiveras skriftligt, och
            plattformen visar en varning om inlåsning. Läs tre saker:

            * vem som äger nya resultat som tas fram i projektet,
            * vad köparens licens omfattar: vem, till vad, hur länge, rätt att ändra,
            * vad som gäller för dina bakgrundsrättigheter.

            ## Fråga hellre än gissa

            Är något oklart, ställ en fråga under frågeperioden. Svaret publiceras till alla
            utan ditt namn, så du avslöjar ingenting om din lösning. Kräver villkoren att du
            lämnar ifrån dig något som du behöver för att sälja till andra, väg det mot vad
            uppdraget är värt.

            ## Skydda det du visar

            Lösningens detaljer är konfidentiella här och läses bara av köparen och juryn.
            Beskriv ändå din bakgrund skriftligt innan du börjar, så att ingen senare kan
            ifrågasätta vad som var ditt. En IP-check kan betala för rådgivning om strategin.
        """,
    ),
    en=Text(
        title="Reading a challenge's IP terms as a supplier",
        summary="What you own when you start, what happens to what you create, and which "
                "questions to ask before you put in the work.",
        body="""
            Your intangible assets – code, designs, brands, data and know-how – are often the
            most valuable things your company has. Before you answer a challenge you should
            know what its terms do to them.

            ## Know what you own

            List what you have: software code, drawings, designs, brands, data, methods and
            know-how. Also write down who created what. If a consultant or a former partner
            wrote parts of the code, your agreement with them must say the rights are yours.
            This is your background IP: what you bring into a project.

            ## Read the terms

            Every challenge on Innovation Arena shows its IP terms. The default is that the
            supplier keeps the rights and the buyer gets a licence to use the solution. If
            the buyer has chosen anything else it must give a written reason, and the
            platform shows a lock-in warning. Read three things:

            * who owns new results created in the project,
            * what the buyer's licence covers: who, for what, how long, the right to change,
            * what applies to your background IP.

            ## Ask rather than guess

            If something is unclear, ask a question during the question period. The answer
            is published to everyone without your name, so you reveal nothing about your
            solution. If the terms require you to give up something you need in order to
            sell to others, weigh that against what the contract is worth.

            ## Protect what you show

            A solution's details are confidential here and read only by the buyer and the
            jury. Still, describe your background in writing before you start, so nobody can
            later question what was yours. An IP check can pay for advice on your strategy.
        """,
    ),
)

ARTICLES = [REGISTRATION_TAX_INSURANCE, REFERENCES_CAPACITY, QUALITY_ENVIRONMENT,
            ACCESSIBILITY_DATA_PROTECTION, IP_TERMS]
