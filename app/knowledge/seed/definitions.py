"""Definitions: the words of innovation procurement, in Swedish and English."""

from __future__ import annotations

from app.knowledge.models import ArticleKind
from app.knowledge.seed import SeedArticle, Text

INNOVATION_PROCUREMENT = SeedArticle(
    slug="innovation-procurement",
    kind=ArticleKind.DEFINITION,
    tags=("procurement-routes", "law"),
    related=("pre-commercial-procurement", "procurement-of-innovative-solutions",
             "innovation-partnership", "market-dialogue", "choose-a-procurement-route"),
    sv=Text(
        title="Innovationsupphandling",
        summary="Samlingsnamnet för upphandlingar där en offentlig organisation köper "
                "antingen utvecklingen av något nytt eller en lösning som är ny för marknaden.",
        body="""
            Innovationsupphandling är inte ett eget förfarande i lagen utan ett paraplybegrepp.
            Inom EU används det för **alla upphandlingar som syftar till något av två**:

            1. **Att köpa själva innovationsprocessen** – upphandling av forskning och
               utveckling (FoU). Du beskriver ditt behov, och leverantörerna tar fram kunskap
               och lösningar som ännu inte finns på marknaden. Förkommersiell upphandling är
               den vanligaste metoden.
            2. **Att köpa resultatet av innovation** – upphandling av innovation. Din
               organisation blir en tidig kund till en vara, tjänst eller process som är ny
               för marknaden eller har väsentligt nya egenskaper.

            ## Vad räknas som nytt?

            Det behöver inte vara en uppfinning. Det räcker att du köper

            * en helt ny vara, tjänst eller process,
            * en tydlig förbättring av något som redan finns,
            * en ny kombination av befintliga lösningar, eller
            * något beprövat som används på ett nytt sätt, till exempel i en annan sektor.

            ## Varför det spelar roll

            Offentlig sektor köper för stora belopp varje år. När en kommun, region eller
            myndighet vågar vara först att använda en ny lösning får leverantören en
            referenskund, och lösningen kan sedan spridas till fler. Samtidigt får
            verksamheten bättre kvalitet, lägre kostnader eller mindre miljöpåverkan.

            ## Svårare än det är

            Många upphandlande organisationer upplever innovationsupphandling som krångligt.
            Oftast är det inte förfarandet som är svårt – verktygen finns redan i lagen. Det
            som kräver mer är att verksamheten själv formulerar sitt behov, att ni för dialog
            med marknaden och att ledningen ger tid och mandat att pröva något nytt.

            Börja gärna i liten skala: beskriv ett behov i funktionella termer och publicera
            det som ett behov på plattformen för att se vad marknaden kan erbjuda. Läs sedan
            om de olika vägarna – förkommersiell upphandling, upphandling av innovation och
            innovationspartnerskap – och välj den som passar er situation.
        """,
    ),
    en=Text(
        title="Innovation procurement",
        summary="The umbrella term for procurements in which a public body buys either "
                "the development of something new or a solution that is new to the market.",
        body="""
            Innovation procurement is not a procedure of its own in the law but an umbrella
            term. In the EU it covers **every procurement that aims at one of two things**:

            1. **Buying the innovation process itself** – procurement of research and
               development (R&D). You describe your need, and suppliers develop knowledge and
               solutions that do not yet exist on the market. Pre-commercial procurement is
               the best-known method.
            2. **Buying the result of innovation** – procurement of innovative solutions.
               Your organisation becomes an early customer of a product, service or process
               that is new to the market or has substantially new characteristics.

            ## What counts as new?

            It does not have to be an invention. It is enough that you buy

            * an entirely new product, service or process,
            * a clear improvement of something that already exists,
            * a new combination of existing solutions, or
            * something proven that is used in a new way, for example in another sector.

            ## Why it matters

            The public sector spends large sums every year. When a municipality, region or
            agency dares to be the first to use a new solution, the supplier gains a
            reference customer and the solution can spread to others. The organisation
            itself gets better quality, lower costs or a smaller environmental footprint.

            ## Less difficult than it looks

            Many contracting authorities see innovation procurement as complicated. Usually
            the procedure is not the hard part – the tools are already in the law. What takes
            more effort is that the organisation puts its need into words, that you talk
            with the market, and that management gives time and a mandate to try something
            new.

            Start small: describe a need in functional terms and publish it as a need on the
            platform to see what the market can offer. Then read about the different routes –
            pre-commercial procurement, procurement of innovative solutions and innovation
            partnership – and choose the one that fits your situation.
        """,
    ),
)

PRE_COMMERCIAL = SeedArticle(
    slug="pre-commercial-procurement",
    kind=ArticleKind.DEFINITION,
    tags=("procurement-routes", "research-and-development", "ip"),
    related=("innovation-procurement", "innovation-partnership", "ip-guidance",
             "choose-a-procurement-route"),
    sv=Text(
        title="Förkommersiell upphandling",
        summary="Ett sätt att köpa forskning och utveckling i konkurrens, i faser, när den "
                "lösning du behöver ännu inte finns.",
        body="""
            Förkommersiell upphandling (på engelska *pre-commercial procurement*, PCP) är en
            metod för att köpa forsknings- och utvecklingstjänster. Sådana köp är under vissa
            villkor undantagna från EU:s upphandlingsdirektiv, och metoden är utformad för
            att hålla sig inom det undantaget. Den passar när ingen lösning på marknaden
            möter ditt behov och utveckling behövs först.

            ## Tre grundprinciper

            * **Utveckling i konkurrens och i faser.** Flera leverantörer arbetar parallellt,
              till exempel först med lösningsförslag, sedan prototyper och till sist en
              mindre testserie. Efter varje fas går de bästa vidare.
            * **Leverantören behåller de immateriella rättigheterna.** Den upphandlande
              organisationen får rätt att använda resultaten och licenser på villkor som
              bestäms i förväg.
            * **Utvecklingen hålls isär från köpet.** Om du sedan vill köpa lösningen i
              större volym görs det i en separat, vanlig upphandling.

            ## Vad du vinner

            Du styr utvecklingen mot ditt faktiska behov, delar risken mellan flera
            leverantörer och kan jämföra olika tekniska vägar innan du bestämmer dig.
            Leverantörerna får i sin tur utveckla en produkt som de kan sälja till andra, och
            en första kund som referens. Det är en anledning till att rättigheterna stannar
            hos dem.

            ## Att tänka på

            * Beskriv behovet funktionellt och mät resultaten mot det.
            * Planera tid och budget för alla faser – och för den efterföljande upphandlingen.
            * Gör en marknadsdialog först, så att du vet att utveckling verkligen behövs.
            * Om du redan vet att du vill köpa resultatet kan ett innovationspartnerskap
              passa bättre, eftersom det förenar utveckling och köp i ett förfarande.
        """,
    ),
    en=Text(
        title="Pre-commercial procurement",
        summary="A way to buy research and development competitively, in phases, when the "
                "solution you need does not exist yet.",
        body="""
            Pre-commercial procurement (PCP) is a method for buying research and development
            services. Under certain conditions such purchases are exempt from the EU
            procurement directives, and the method is designed to stay within that
            exemption. It fits when no solution on the market meets your need and
            development has to come first.

            ## Three principles

            * **Competitive development in phases.** Several suppliers work in parallel, for
              example first on solution designs, then on prototypes and finally on a small
              test series. After each phase the best go on to the next.
            * **The supplier keeps the intellectual property.** The contracting authority
              gets the right to use the results and licences on terms set in advance.
            * **Development is kept apart from buying.** If you then want to buy the
              solution in larger volumes, that is done in a separate, ordinary procurement.

            ## What you gain

            You steer development towards your real need, share the risk among several
            suppliers and can compare different technical paths before you decide. The
            suppliers, in turn, develop a product they can sell to others, with a first
            customer as a reference. That is one reason why the rights stay with them.

            ## Points to consider

            * Describe the need in functional terms and measure the results against it.
            * Plan time and budget for every phase – and for the procurement that follows.
            * Hold a market dialogue first, so you know that development is really needed.
            * If you already know you want to buy the result, an innovation partnership may
              suit you better, because it joins development and purchase in one procedure.
        """,
    ),
)

PPI = SeedArticle(
    slug="procurement-of-innovative-solutions",
    kind=ArticleKind.DEFINITION,
    tags=("procurement-routes", "scaling"),
    related=("innovation-procurement", "functional-requirements", "market-dialogue",
             "choose-a-procurement-route"),
    sv=Text(
        title="Upphandling av innovation",
        summary="När din organisation blir en tidig kund till en lösning som är ny eller "
                "tydligt förbättrad men ännu inte används i stor skala.",
        body="""
            Upphandling av innovation (på engelska *public procurement of innovative
            solutions*, PPI) betyder att offentlig sektor köper nya eller förbättrade
            lösningar som ännu inte är allmänt spridda. Det kan vara varor, tjänster eller
            processer som har prövats i liten skala men inte används brett. Även en befintlig
            lösning som används på ett nytt sätt kan räknas hit.

            Till skillnad från förkommersiell upphandling köper du här inte utveckling utan
            en färdig eller nästan färdig lösning, och upphandlingen följer de vanliga
            reglerna i lagen om offentlig upphandling.

            ## Tidig kund

            Den upphandlande organisationen blir en *tidig användare*. Med det brukar man mena
            ungefär de första 20 procenten av kunderna som köper en ny lösning. Tidiga kunder
            är avgörande: de ger leverantören referenser och intäkter, vilket gör att
            lösningen kan skalas upp, spridas och bli billigare för alla som kommer efter.

            ## Så gör du det möjligt

            * **Ställ funktionella krav.** Beskriv vad lösningen ska åstadkomma, inte hur
              den ska se ut, så att nya lösningar kan konkurrera.
            * **För dialog med marknaden först.** Då vet du vad som finns och vad som är
              rimligt att kräva.
            * **Utvärdera på kvalitet och helhetskostnad,** inte bara på lägsta pris. En ny
              lösning kan kosta mer i inköp men mindre under hela livslängden.
            * **Tillåt alternativa anbud** när det är lämpligt.
            * **Gå samman med andra köpare.** En gemensam upphandling eller en
              beställargrupp ger volym, vilket gör det lättare för leverantören att satsa.

            ## Risk

            Det finns alltid en viss osäkerhet i något nytt. Hantera den med tester,
            etappvisa leveranser och tydliga villkor för uppföljning – i stället för att
            undvika det nya helt.
        """,
    ),
    en=Text(
        title="Procurement of innovative solutions",
        summary="When your organisation becomes an early customer of a solution that is new "
                "or clearly improved but not yet used at scale.",
        body="""
            Public procurement of innovative solutions (PPI) means that the public sector
            buys new or improved solutions that are not yet widely available. They may be
            products, services or processes that have been tried on a small scale but are
            not in broad use. An existing solution used in a new way can also count.

            Unlike pre-commercial procurement, you are not buying development here but a
            ready or nearly ready solution, and the procurement follows the ordinary rules of
            the Public Procurement Act.

            ## Early customer

            The contracting authority becomes an *early adopter*. The term usually means
            roughly the first 20 per cent of customers who buy a new solution. Early
            customers are crucial: they give the supplier references and revenue, which lets
            the solution scale up, spread and become cheaper for everyone who follows.

            ## How to make it possible

            * **Set functional requirements.** Describe what the solution must achieve, not
              what it should look like, so that new solutions can compete.
            * **Talk with the market first.** Then you know what exists and what is
              reasonable to require.
            * **Evaluate on quality and whole-life cost,** not only on the lowest price. A
              new solution may cost more to buy but less over its lifetime.
            * **Allow variants** where it makes sense.
            * **Join forces with other buyers.** A joint procurement or a buyers' group gives
              volume, which makes it easier for the supplier to invest.

            ## Risk

            There is always some uncertainty in something new. Manage it with tests, delivery
            in stages and clear terms for follow-up – instead of avoiding the new altogether.
        """,
    ),
)

INNOVATION_PARTNERSHIP = SeedArticle(
    slug="innovation-partnership",
    kind=ArticleKind.DEFINITION,
    tags=("procurement-routes", "law", "research-and-development"),
    related=("pre-commercial-procurement", "procurement-of-innovative-solutions",
             "ip-guidance", "choose-a-procurement-route"),
    sv=Text(
        title="Innovationspartnerskap",
        summary="Ett upphandlingsförfarande där du i en och samma upphandling köper både "
                "utvecklingen av en ny lösning och sedan själva lösningen.",
        body="""
            Innovationspartnerskap är ett förfarande i lagen om offentlig upphandling (LOU)
            sedan 2017 och bygger på EU:s upphandlingsdirektiv. Det är tänkt för behov som
            inte kan mötas av lösningar som redan finns på marknaden.

            ## Så fungerar det

            1. Du annonserar och beskriver behovet och de minimikrav som gäller. Alla
               leverantörer får ansöka, och du väljer ut de som ska lämna anbud utifrån
               förmåga att forska och utveckla.
            2. Du förhandlar med anbudsgivarna och ingår partnerskap med en eller flera av
               dem.
            3. Partnerskapet löper i **faser** med delmål, till exempel forskning,
               prototyp och test. Efter varje fas kan du avsluta partnerskapet eller minska
               antalet partner, om det var förutsett i upphandlingsdokumenten.
            4. Om resultatet når de prestandanivåer och den högsta kostnad ni kommit överens
               om kan du **köpa lösningen direkt**, utan en ny upphandling.

            ## Skillnaden mot förkommersiell upphandling

            Vid förkommersiell upphandling köper du bara utvecklingen, och ett senare köp
            kräver en ny upphandling. I ett innovationspartnerskap hänger utveckling och köp
            ihop. Det passar när du vet att du vill använda lösningen och har budget för det.

            ## Att tänka på

            * Förfarandet är omfattande och tar tid. Se till att verksamheten, inte bara
              upphandlarna, är med hela vägen.
            * Bestäm i förväg hur immateriella rättigheter ska fördelas. Oftast är det bäst
              att leverantören äger resultatet och att ni får de licenser ni behöver.
            * Sätt realistiska prestandanivåer och en takkostnad, annars går det inte att
              avgöra om ni ska köpa.
            * En marknadsdialog före annonseringen visar om utveckling verkligen behövs.
        """,
    ),
    en=Text(
        title="Innovation partnership",
        summary="A procurement procedure in which one procurement buys both the development "
                "of a new solution and, afterwards, the solution itself.",
        body="""
            The innovation partnership has been a procedure in the Swedish Public
            Procurement Act (LOU) since 2017 and comes from the EU procurement directives.
            It is meant for needs that solutions already on the market cannot meet.

            ## How it works

            1. You advertise and describe the need and the minimum requirements. Any
               supplier may apply, and you select those who may tender based on their
               capacity for research and development.
            2. You negotiate with the tenderers and enter into a partnership with one or
               more of them.
            3. The partnership runs in **phases** with milestones, such as research,
               prototype and testing. After each phase you may end the partnership or reduce
               the number of partners, if the procurement documents provided for it.
            4. If the result reaches the performance levels and the maximum cost agreed, you
               may **buy the solution directly**, without a new procurement.

            ## The difference from pre-commercial procurement

            In pre-commercial procurement you only buy development, and a later purchase
            needs a new procurement. In an innovation partnership development and purchase
            belong together. It fits when you know you want to use the solution and have a
            budget for it.

            ## Points to consider

            * The procedure is demanding and takes time. Make sure the service that has the
              need, not only the procurement team, takes part all the way.
            * Decide in advance how intellectual property is shared. Usually it is best that
              the supplier owns the result and you get the licences you need.
            * Set realistic performance levels and a cost ceiling; otherwise you cannot tell
              whether to buy.
            * A market dialogue before the notice shows whether development is really needed.
        """,
    ),
)

FUNCTIONAL_REQUIREMENTS = SeedArticle(
    slug="functional-requirements",
    kind=ArticleKind.DEFINITION,
    tags=("requirements", "sme"),
    related=("market-dialogue", "template-challenge-text", "procurement-of-innovative-solutions",
             "template-evaluation-criteria"),
    sv=Text(
        title="Funktionella krav",
        summary="Krav som beskriver vad som ska uppnås – inte hur. De öppnar för nya "
                "lösningar och för fler leverantörer.",
        body="""
            Ett funktionellt krav beskriver **vilken funktion, prestanda eller effekt** du
            behöver, men lämnar åt leverantören att föreslå hur den ska uppnås. Lagen om
            offentlig upphandling tillåter uttryckligen att tekniska specifikationer skrivs
            som funktions- eller prestandakrav.

            ## Ett exempel

            * Detaljkrav: *"Kommunen köper tio el-lastcyklar av modell X med 250 W motor."*
            * Funktionellt krav: *"Hemtjänstens personal ska kunna ta sig mellan brukare i
              innerstaden med utrustning upp till 40 kg, året runt, utan fossila bränslen
              och på högst samma tid som i dag."*

            Det andra kravet kan mötas av cyklar, men också av smartare ruttplanering, lokala
            förråd eller en kombination som ingen hade tänkt på.

            ## Därför lönar det sig

            * Nya och bättre lösningar kan konkurrera, inte bara de du redan känner till.
            * Små företag och kooperativ med en annan idé får en chans.
            * Du riskerar inte att låsa fast dig vid en teknik som snart är föråldrad.

            ## Så skriver du bra funktionella krav

            1. Utgå från problemet och den effekt ni vill nå, gärna med en siffra.
            2. Ange hur kravet ska **verifieras**: ett test, ett mätvärde, en demonstration.
            3. Skilj på ska-krav och önskemål som ger poäng i utvärderingen.
            4. Undvik varumärken och tekniska lösningar, om det inte finns starka skäl.
            5. Ange ramar som verkligen gäller: lagkrav, säkerhet, befintliga system,
               budget.

            ## Vanliga fallgropar

            För vaga krav gör anbuden svåra att jämföra. Koppla därför kraven till en
            utvärderingsmodell och pröva dem i en marknadsdialog innan du publicerar. På
            plattformen skriver du kraven som en lista – ett krav per rad, vart och ett
            formulerat som ett resultat.
        """,
    ),
    en=Text(
        title="Functional requirements",
        summary="Requirements that describe what must be achieved – not how. They open the "
                "door to new solutions and to more suppliers.",
        body="""
            A functional requirement describes **the function, performance or effect** you
            need, but leaves it to the supplier to propose how to achieve it. The Public
            Procurement Act explicitly allows technical specifications to be written as
            functional or performance requirements.

            ## An example

            * Detailed requirement: *"The municipality buys ten electric cargo bikes of
              model X with a 250 W motor."*
            * Functional requirement: *"Home-care staff must be able to travel between
              clients in the city centre with up to 40 kg of equipment, all year round,
              without fossil fuels and in no more time than today."*

            The second can be met by bikes, but also by smarter route planning, local stores
            or a combination nobody had thought of.

            ## Why it pays off

            * New and better solutions can compete, not only the ones you already know.
            * Small companies and cooperatives with a different idea get a chance.
            * You do not tie yourself to a technology that may soon be out of date.

            ## How to write good functional requirements

            1. Start from the problem and the effect you want, preferably with a number.
            2. State how the requirement will be **verified**: a test, a measurement, a
               demonstration.
            3. Separate mandatory requirements from wishes that earn points in evaluation.
            4. Avoid brand names and technical solutions unless there are strong reasons.
            5. State the limits that truly apply: law, safety, existing systems, budget.

            ## Common pitfalls

            Requirements that are too vague make tenders hard to compare. Link them to an
            evaluation model and test them in a market dialogue before you publish. On the
            platform you write requirements as a list – one per line, each phrased as a
            result.
        """,
    ),
)

MARKET_DIALOGUE = SeedArticle(
    slug="market-dialogue",
    kind=ArticleKind.DEFINITION,
    tags=("dialogue", "law"),
    related=("template-rfi", "functional-requirements", "innovation-procurement",
             "run-a-challenge"),
    sv=Text(
        title="Marknadsdialog",
        summary="Samtal med leverantörer innan du upphandlar, för att förstå vad marknaden "
                "kan erbjuda. Tillåtet och klokt – om alla behandlas lika.",
        body="""
            Marknadsdialog (ibland *tidig dialog* eller *förberedande marknadsundersökning*)
            är det du gör före en upphandling för att lära känna marknaden: vilka lösningar
            som finns, vad de kostar, vilka krav som är rimliga och hur en affär kan
            utformas. Lagen om offentlig upphandling tillåter det uttryckligen, så länge
            dialogen inte snedvrider konkurrensen.

            ## Vanliga former

            * **Informationsförfrågan (RFI)** – en skriftlig fråga till marknaden som alla
              kan svara på.
            * **Leverantörsträffar och frukostmöten** – öppna för alla intresserade.
            * **Enskilda möten** – med samma information och samma tid till alla som vill.
            * **Workshops** där leverantörer och verksamhet tillsammans utforskar behovet.
            * **Ett publicerat behov på den här plattformen**, där leverantörer visar vad
              de kan och ställer frågor som besvaras öppet.

            ## Spelregler

            1. **Öppenhet.** Annonsera dialogen så att alla intresserade kan delta.
            2. **Likabehandling.** Det en leverantör får veta ska alla få veta. Därför
               publiceras svar på frågor här för alla, utan att frågeställaren namnges.
            3. **Dokumentation.** Anteckna vem ni träffat och vad som sagts.
            4. **Respektera affärshemligheter.** Leverantörer är ofta oroliga för att röja
               sina idéer. Var tydlig med vad som blir offentligt och vad som inte blir det.
            5. **Ni skriver kraven.** Låt ingen enskild leverantör formulera
               underlaget.

            ## Vad dialogen ger

            En god dialog gör kraven bättre, anbuden fler och riskerna mindre. Många
            upphandlare är rädda för att göra fel i dialogen och avstår därför helt. Men det
            lagliga utrymmet är större än de flesta tror – och att inte prata med marknaden
            är sällan det säkraste valet.
        """,
    ),
    en=Text(
        title="Market dialogue",
        summary="Talking with suppliers before you procure, to understand what the market "
                "can offer. Allowed and wise – as long as everyone is treated equally.",
        body="""
            Market dialogue (also *early dialogue* or *preliminary market consultation*) is
            what you do before a procurement to get to know the market: which solutions
            exist, what they cost, which requirements are reasonable and how a deal could be
            shaped. The Public Procurement Act explicitly allows it, provided the dialogue
            does not distort competition.

            ## Common forms

            * **Request for information (RFI)** – a written question to the market that
              anyone can answer.
            * **Supplier days and breakfast meetings** – open to everyone interested.
            * **One-to-one meetings** – with the same information and time for all who ask.
            * **Workshops** where suppliers and the service with the need explore it
              together.
            * **A need published on this platform**, where suppliers show what they can do
              and ask questions that are answered openly.

            ## Rules of the game

            1. **Openness.** Announce the dialogue so that everyone interested can take part.
            2. **Equal treatment.** What one supplier learns, everyone learns. That is why
               answers to questions are published here for all, without naming the asker.
            3. **Records.** Note whom you met and what was said.
            4. **Respect business secrets.** Suppliers often worry about giving away their
               ideas. Be clear about what becomes public and what does not.
            5. **You write the requirements.** Never let a single supplier draft the
               documents.

            ## What dialogue gives you

            Good dialogue makes requirements better, tenders more numerous and risks
            smaller. Many buyers fear doing something wrong in the dialogue and therefore
            avoid it altogether. But the legal room is wider than most think – and not
            talking to the market is rarely the safest choice.
        """,
    ),
)

ARTICLES = [INNOVATION_PROCUREMENT, PRE_COMMERCIAL, PPI, INNOVATION_PARTNERSHIP,
            FUNCTIONAL_REQUIREMENTS, MARKET_DIALOGUE]
