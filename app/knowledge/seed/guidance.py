"""IP guidance, method guides and a good example drawn from the check projects."""

from __future__ import annotations

from app.knowledge.models import ArticleKind
from app.knowledge.seed import SeedArticle, Text

IP_GUIDANCE = SeedArticle(
    slug="ip-guidance",
    kind=ArticleKind.IP_GUIDANCE,
    tags=("ip", "law", "sme", "scaling"),
    related=("pre-commercial-procurement", "innovation-partnership", "innovation-procurement",
             "template-challenge-text"),
    sv=Text(
        title="Immateriella rättigheter: låt leverantören äga, ta licens på det du behöver",
        summary="Varför det oftast är bättre för både dig och leverantören att leverantören "
                "behåller rättigheterna, och hur du ändå säkrar det du behöver.",
        body="""
            Immateriella tillgångar är sådant som saknar fysisk form men har ett värde:
            teknik, design, programkod, data, metoder och varumärken. Immaterialrätter –
            patent, upphovsrätt, designskydd och varumärken – ger ensamrätt att använda dem.

            ## Varför leverantören bör äga

            Traditionellt har offentliga köpare krävt att få äga allt som tas fram. En
            undersökning av 197 slumpvis utvalda svenska upphandlingar från 2022 visade att
            nästan 94 procent krävde äganderätten. Men ägande är sällan det du behöver:

            * **Priset blir högre.** Kan leverantören inte sälja lösningen till andra måste
              du ensam bära hela utvecklingskostnaden.
            * **Lösningen stannar hos dig.** Den sprids inte, utvecklas inte vidare och får
              inga uppdateringar som andra kunder betalar för.
            * **Ägande kostar.** Du får ansvar för förvaltning, skydd och vidareutveckling.
            * **Små företag förlorar sin tillgång.** Små och medelstora företag som har
              patent, design eller varumärken har enligt EU:s immaterialrättsmyndighet i
              genomsnitt 44 procent högre intäkter än de som saknar sådana.

            EU-kommissionens vägledning för innovationsupphandling pekar åt samma håll, och
            i Belgien är huvudregeln att leverantören behåller rättigheterna och ger köparen
            de licenser som behövs. Nederländerna och Finland har standardvillkor med samma
            grundtanke.

            ## Säkra det du behöver med licens

            Bestäm i förväg och skriv in i avtalet:

            * vad lösningen får användas till, av vem (även andra organisationer i ert
              nätverk) och hur länge,
            * rätten att ändra, anpassa och låta någon annan förvalta,
            * tillgång till era egna **data** i öppna format, och att de är era,
            * dokumenterade gränssnitt och vad som gäller om leverantören upphör.

            ## Undvik inlåsning

            Inlåsning uppstår av stängda format och beroenden, inte av vem som äger
            patentet. Ställ krav på öppna standarder, dataportabilitet och en plan för
            avslut. I vissa fall kan ägande vara motiverat, till exempel av säkerhetsskäl.
            Därför kräver plattformen en skriftlig motivering om du väljer något annat än
            att leverantören äger.
        """,
    ),
    en=Text(
        title="Intellectual property: let the supplier own it, license what you need",
        summary="Why it is usually better for both you and the supplier that the supplier "
                "keeps the rights, and how you still secure what you need.",
        body="""
            Intangible assets are things without physical form that have value: technology,
            design, software code, data, methods and brands. Intellectual property rights –
            patents, copyright, design rights and trade marks – give the exclusive right to
            use them.

            ## Why the supplier should own it

            Public buyers have traditionally demanded to own everything that is produced. A
            study of 197 randomly chosen Swedish procurements from 2022 found that almost 94
            per cent required ownership of the rights. But ownership is rarely what you need:

            * **The price goes up.** If the supplier cannot sell the solution to others, you
              alone carry the whole development cost.
            * **The solution stays with you.** It does not spread, is not developed further
              and gets no updates that other customers pay for.
            * **Ownership costs.** You become responsible for maintenance, protection and
              further development.
            * **Small companies lose their asset.** According to the EU's intellectual
              property office, small and medium-sized firms that hold patents, designs or
              trade marks have on average 44 per cent higher revenue than those without.

            The European Commission's guidance on innovation procurement points the same
            way, and in Belgium the main rule is that the supplier keeps the rights and
            grants the buyer the licences it needs. The Netherlands and Finland have standard
            terms built on the same idea.

            ## Secure what you need with a licence

            Decide in advance and write into the contract:

            * what the solution may be used for, by whom (including other organisations in
              your network) and for how long,
            * the right to change, adapt and let someone else maintain it,
            * access to your own **data** in open formats, and that it is yours,
            * documented interfaces, and what happens if the supplier ceases trading.

            ## Avoid lock-in

            Lock-in comes from closed formats and dependencies, not from who owns the
            patent. Require open standards, data portability and an exit plan. Ownership can
            sometimes be justified, for example for security reasons. That is why the
            platform asks for a written justification if you choose anything other than
            supplier ownership.
        """,
    ),
)

RUN_A_CHALLENGE = SeedArticle(
    slug="run-a-challenge",
    kind=ArticleKind.METHOD_GUIDE,
    tags=("platform", "dialogue", "requirements"),
    related=("template-challenge-text", "functional-requirements", "evaluate-with-a-jury",
             "ip-guidance", "market-dialogue"),
    sv=Text(
        title="Så genomför du en utmaning på plattformen",
        summary="Steg för steg från ett behov i verksamheten till ett beslut, ett utfall och "
                "ett gott exempel som andra kan lära av.",
        body="""
            En utmaning är en öppen tävling där leverantörer föreslår lösningar på ert
            problem och en jury väljer de bästa. Vill du bara se vad marknaden erbjuder
            publicerar du i stället ett *behov*. Stegen är i stort sett desamma.

            ## 1. Förankra

            Se till att den som äger behovet, en upphandlare och någon i ledningen står
            bakom. Bestäm vem som svarar på frågor och vem som sitter i juryn. Räkna med att
            verksamheten behöver lägga tid – det är den vanligaste orsaken till att
            innovationsupphandlingar stannar av.

            ## 2. Beskriv problemet, inte lösningen

            Skriv problembeskrivning, önskade effekter, funktionella krav och ramar. Ange
            ett ungefärligt budgetintervall, tänkt upphandlingsväg och villkor för
            immateriella rättigheter. Utgå gärna från mallen för utmaningstext.

            ## 3. Granskning och publicering

            Din organisation måste vara verifierad som upphandlande organisation. Utmaningen
            granskas sedan av en administratör innan den publiceras, om inte er organisation
            har fått rätt att publicera direkt. Flera organisationer i ett nätverk kan äga
            en utmaning tillsammans.

            ## 4. Svara öppet

            Frågor från leverantörer är privata tills du svarar. Svaret publiceras för alla,
            utan frågeställarens namn, och alla som följer utmaningen får besked. Håll
            tidsfristerna: ändra dem bara om det är nödvändigt och förklara varför.

            ## 5. Stäng, utvärdera och besluta

            När tiden gått ut stängs utmaningen. Lösningarnas detaljer är konfidentiella och
            syns bara för er, för leverantören själv och för jurymedlemmar utan jäv. Juryn
            poängsätter, och ni fattar beslutet med en motivering.

            ## 6. Registrera utfallet och berätta

            Ange vad som hände sedan: en upphandling annonserades, ett avtal tecknades, ett
            partnerskap startade – eller att ni inte gick vidare. I Österrike leder ungefär
            60 procent av liknande utmaningar till upphandling. Gör gärna ert utfall till ett
            gott exempel, så att andra vågar ta steget.
        """,
    ),
    en=Text(
        title="How to run a challenge on the platform",
        summary="Step by step from a need in your organisation to a decision, an outcome and "
                "a good example that others can learn from.",
        body="""
            A challenge is an open competition in which suppliers propose solutions to your
            problem and a jury picks the best. If you only want to see what the market
            offers, publish a *need* instead. The steps are much the same.

            ## 1. Get backing

            Make sure the person who owns the need, a procurement officer and someone in
            management stand behind it. Decide who answers questions and who sits on the
            jury. Expect the service to spend time on it – the lack of that time is the most
            common reason innovation procurements stall.

            ## 2. Describe the problem, not the solution

            Write the problem statement, the desired effects, functional requirements and
            constraints. Give an approximate budget range, the intended procurement route
            and the terms for intellectual property. The challenge text template is a good
            starting point.

            ## 3. Review and publication

            Your organisation must be verified as a contracting authority. An administrator
            then reviews the challenge before it is published, unless your organisation has
            been trusted to publish directly. Several organisations in a network can own a
            challenge together.

            ## 4. Answer in the open

            Suppliers' questions stay private until you answer. The answer is published for
            everyone, without the asker's name, and everyone following the challenge is
            told. Keep to the deadlines: change them only when necessary and explain why.

            ## 5. Close, evaluate and decide

            When time is up the challenge closes. The details of solutions are confidential
            and visible only to you, to the supplier and to jurors without a conflict of
            interest. The jury scores, and you take the decision with a justification.

            ## 6. Record the outcome and tell the story

            State what happened next: a procurement was announced, a contract signed, a
            partnership started – or you decided not to go on. In Austria about 60 per cent
            of similar challenges lead to a procurement. Turn your outcome into a good
            example, so that others dare to take the step.
        """,
    ),
)

EVALUATE_WITH_A_JURY = SeedArticle(
    slug="evaluate-with-a-jury",
    kind=ArticleKind.METHOD_GUIDE,
    tags=("evaluation", "platform"),
    related=("template-evaluation-criteria", "run-a-challenge", "functional-requirements"),
    sv=Text(
        title="Så utvärderar du med en jury",
        summary="Hur du sätter ihop en jury, väljer kriterier och vikter, hanterar jäv och "
                "kommer fram till en rangordning som håller.",
        body="""
            En extern jury gör bedömningen bredare och mer trovärdig. Den ger också
            leverantörerna förtroende för att den bästa idén vinner, inte den mest kända.

            ## Sätt ihop juryn

            Blanda kompetenser: någon från verksamheten som har behovet, någon med teknisk
            kunskap, någon som kan användarnas vardag och gärna någon helt utifrån, till
            exempel från forskningen eller en annan kommun. Tre till sju personer brukar
            räcka. Jurymedlemmar bjuds in via e-post och behöver inget konto i förväg.

            ## Bestäm kriterier och vikter i förväg

            Kriterierna och deras vikter ska vara kända när utmaningen publiceras. Koppla
            dem till de önskade effekterna och de funktionella kraven. Vanliga kriterier är
            hur väl lösningen möter behovet, genomförbarhet, nyhetsvärde, möjlighet att
            skala och kostnad över tid. Använd mallen för utvärderingskriterier.

            ## Hantera jäv

            Varje jurymedlem deklarerar för varje lösning om det finns jäv, till exempel en
            anställning, ett ägande eller en nära relation. Den som är jävig ser inte
            lösningens detaljer och sätter inga poäng på den.

            ## Poängsätt var för sig

            Jurymedlemmarna poängsätter varje kriterium självständigt och motiverar med en
            kommentar. Ingen ser de andras poäng förrän man själv har lämnat in. Vill ni
            minska risken för förutfattade meningar kan ni välja anonymiserat läge, där
            juryn ser "Lösning 3" i stället för företagets namn.

            ## Från poäng till beslut

            Plattformen väger ihop poängen till en rangordning. Diskutera stora skillnader
            mellan jurymedlemmarna – de visar ofta att ett kriterium har tolkats olika.
            Beslutet fattas sedan av den organisation som äger utmaningen, med en motivering
            som alla deltagare får se. Vinnarna kan bjudas in att presentera sina lösningar.

            ## Återkoppla

            Ge alla deltagare besked och gärna en kort återkoppling. Den som inte vann i dag
            kan vara rätt leverantör nästa gång.
        """,
    ),
    en=Text(
        title="How to evaluate with a jury",
        summary="How to form a jury, choose criteria and weights, handle conflicts of "
                "interest and reach a ranking that stands up.",
        body="""
            An external jury makes the assessment broader and more credible. It also gives
            suppliers confidence that the best idea wins, not the best-known name.

            ## Form the jury

            Mix skills: someone from the service that has the need, someone with technical
            knowledge, someone who knows the users' daily life, and ideally someone from
            outside, for example from research or another municipality. Three to seven
            people are usually enough. Jurors are invited by e-mail and need no account in
            advance.

            ## Fix criteria and weights in advance

            The criteria and their weights must be known when the challenge is published.
            Link them to the desired effects and the functional requirements. Common
            criteria are how well the solution meets the need, feasibility, novelty,
            potential to scale and cost over time. Use the evaluation criteria template.

            ## Handle conflicts of interest

            Every juror declares, for every solution, whether there is a conflict of
            interest, such as employment, ownership or a close relationship. A juror with a
            conflict does not see the solution's details and does not score it.

            ## Score independently

            Jurors score every criterion on their own and explain each score in a comment.
            Nobody sees the others' scores until they have submitted their own. To reduce
            the risk of bias you can choose the anonymised mode, in which the jury sees
            "Solution 3" instead of the company's name.

            ## From scores to a decision

            The platform combines the scores into a ranking. Discuss large differences
            between jurors – they often show that a criterion was read in different ways.
            The decision is then taken by the organisation that owns the challenge, with a
            justification every participant can see. Winners can be invited to present.

            ## Give feedback

            Tell every participant the result and, if you can, give short feedback. The
            supplier who did not win today may be the right one next time.
        """,
    ),
)

CHOOSE_A_ROUTE = SeedArticle(
    slug="choose-a-procurement-route",
    kind=ArticleKind.METHOD_GUIDE,
    tags=("procurement-routes", "dialogue"),
    related=("market-dialogue", "procurement-of-innovative-solutions",
             "pre-commercial-procurement", "innovation-partnership"),
    sv=Text(
        title="Välj väg: från behov till rätt upphandling",
        summary="Några frågor som hjälper dig att välja mellan marknadsdialog, upphandling "
                "av innovation, innovationspartnerskap och förkommersiell upphandling.",
        body="""
            När du publicerar ett behov eller en utmaning anger du vilken upphandlingsväg du
            tänker dig. Du kan ändra dig senare, men det hjälper leverantörerna att förstå
            vad som kan komma. Frågorna nedan ger en första riktning.

            ## Vet du vad marknaden kan erbjuda?

            **Nej** – börja med en **marknadsdialog**. Publicera behovet, skicka en
            informationsförfrågan eller bjud in till en leverantörsträff. Välj "ännu inte
            bestämt" som väg tills du vet mer.

            ## Finns det lösningar som nästan räcker?

            **Ja** – då handlar det troligen om **upphandling av innovation**. Ni blir en
            tidig kund till något som är nytt eller tydligt förbättrat. Använd funktionella
            krav, utvärdera kvalitet och helhetskostnad, och överväg ett förhandlat
            förfarande om lösningen behöver anpassas.

            ## Måste något utvecklas först?

            * **Ni vill köpa resultatet om det fungerar och har budget för det** –
              **innovationspartnerskap** förenar utveckling och köp i en upphandling.
            * **Ni vill först se vilka tekniska vägar som håller, och jämföra flera** –
              **förkommersiell upphandling** köper utvecklingen i konkurrens och i faser.
              Själva köpet görs senare i en separat upphandling.

            ## Är ni flera med samma behov?

            Gå samman i ett nätverk eller en beställargrupp. Gemensam efterfrågan gör det
            lättare för leverantörer att satsa och delar både kostnader och risker. Här kan
            andra organisationer registrera att de har samma behov.

            ## Och sedan?

            Oavsett väg gäller samma grund: ett tydligt behov, dialog med marknaden,
            funktionella krav och genomtänkta villkor för immateriella rättigheter. Behöver
            ni extern hjälp att ta fram beslutsunderlag finns det ibland finansiering att
            söka – se sidan om finansiering.
        """,
    ),
    en=Text(
        title="Choose a route: from need to the right procurement",
        summary="A few questions that help you choose between market dialogue, procurement "
                "of innovative solutions, innovation partnership and pre-commercial "
                "procurement.",
        body="""
            When you publish a need or a challenge you state the procurement route you have
            in mind. You can change your mind later, but it helps suppliers understand what
            may follow. The questions below give a first direction.

            ## Do you know what the market can offer?

            **No** – start with a **market dialogue**. Publish the need, send a request for
            information or invite suppliers to a meeting. Choose "not decided yet" as the
            route until you know more.

            ## Are there solutions that almost do the job?

            **Yes** – then it is probably **procurement of innovative solutions**. You
            become an early customer of something new or clearly improved. Use functional
            requirements, evaluate quality and whole-life cost, and consider a negotiated
            procedure if the solution needs adapting.

            ## Does something have to be developed first?

            * **You want to buy the result if it works, and have a budget for it** –
              an **innovation partnership** joins development and purchase in one
              procurement.
            * **You first want to see which technical paths hold up, and compare several** –
              **pre-commercial procurement** buys the development competitively and in
              phases. The purchase itself comes later, in a separate procurement.

            ## Do others have the same need?

            Join forces in a network or buyers' group. Pooled demand makes it easier for
            suppliers to invest and shares both costs and risks. Here, other organisations
            can register that they have the same need.

            ## And then?

            Whatever the route, the basics are the same: a clear need, dialogue with the
            market, functional requirements and well-considered terms for intellectual
            property. If you need outside help to build a decision basis, funding is
            sometimes available – see the funding pages.
        """,
    ),
)

CHECK_LESSONS = SeedArticle(
    slug="lessons-from-innovation-procurement-checks",
    kind=ArticleKind.GOOD_EXAMPLE,
    tags=("funding", "scaling"),
    related=("innovation-procurement", "choose-a-procurement-route", "run-a-challenge"),
    sv=Text(
        title="Vad 29 checkar för innovationsupphandling lärde oss",
        summary="Mellan 2021 och 2023 fick offentliga organisationer små bidrag för att ta in "
                "extern kompetens. Så gick det – och det här kan du ta med dig.",
        body="""
            Under 2021–2023 kunde upphandlande organisationer söka checkar från Vinnova för
            att ta in extern kompetens i samband med en innovationsupphandling, eller för att
            testa nya lösningar i extern infrastruktur. Stödet täckte hela kostnaden, och
            ansökan var enkel även för ovana sökande.

            ## Vad pengarna användes till

            29 checkar delades ut, sammanlagt cirka 6,5 miljoner kronor. Mer än hälften
            (16 projekt) gällde **beslutsunderlag inför en möjlig innovationsupphandling**,
            sju rörde **en pågående upphandling**, fyra handlade om att **bygga kapacitet**
            och två om tillgång till **testmiljöer**. Projekten gällde allt från
            avfallshantering och klimatsmart byggande till vård och digitala tjänster.

            ## Vad det ledde till

            En uppföljning 2025 fick svar från sju projekt. Sex av dem hade gått vidare till
            en annonserad upphandling, och i alla sex tecknades avtal. Fyra lösningar hade
            levererats och används; tre hade nått sina mål. I ett fall minskade kostnaden med
            75 procent per år till en början. Fem av sju ansåg att organisationens förmåga
            att göra innovationsupphandlingar hade ökat.

            ## Lärdomar

            * **Små medel kan sätta mycket i rörelse.** Checken fick frågan prioriterad
              internt: arbetsgrupper bildades och engagemanget växte.
            * **Störst behov finns tidigt.** De flesta ville utreda om en
              innovationsupphandling var möjlig snarare än genomföra en.
            * **Kunskapen sitter ofta hos en person.** Två projekt fick avbrytas när
              projektledaren slutade. Bygg förmågan i organisationen, inte bara hos en
              eldsjäl.
            * **Det mesta är stegvis förbättring** – och kan ändå ge stora resultat för den
              som genomför det.

            Läs om alla 29 projekten bland de goda exemplen.
        """,
    ),
    en=Text(
        title="What 29 innovation procurement checks taught us",
        summary="Between 2021 and 2023 public bodies received small grants to bring in "
                "outside expertise. This is how it went – and what you can take from it.",
        body="""
            In 2021–2023 contracting authorities could apply to Vinnova for checks to bring
            in outside expertise for an innovation procurement, or to test new solutions in
            external test facilities. The grant covered the full cost, and applying was
            simple even for organisations that had never done it.

            ## What the money was used for

            29 checks were granted, about SEK 6.5 million in total. More than half (16
            projects) were about a **decision basis for a possible innovation procurement**,
            seven concerned **a procurement under way**, four were about **building
            capacity** and two about access to **test facilities**. The projects ranged from
            waste management and climate-smart building to health care and digital
            services.

            ## What came of it

            A follow-up in 2025 received answers from seven projects. Six of them had gone
            on to an advertised procurement, and in all six a contract was signed. Four
            solutions had been delivered and were in use; three had met their goals. In one
            case costs initially fell by 75 per cent a year. Five of the seven felt that
            their organisation had become better at innovation procurement.

            ## Lessons

            * **Small sums can set a lot in motion.** The check got the question prioritised
              internally: working groups formed and commitment grew.
            * **The greatest need is early.** Most wanted to find out whether an innovation
              procurement was possible rather than run one.
            * **Knowledge often rests with one person.** Two projects had to stop when the
              project leader left. Build the capacity into the organisation, not just into
              one enthusiast.
            * **Most of it is step-by-step improvement** – and can still bring large results
              for the organisation that does it.

            Read about all 29 projects among the good examples.
        """,
    ),
)

ARTICLES = [IP_GUIDANCE, RUN_A_CHALLENGE, EVALUATE_WITH_A_JURY, CHOOSE_A_ROUTE, CHECK_LESSONS]
