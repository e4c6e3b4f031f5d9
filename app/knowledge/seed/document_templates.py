"""Templates: a challenge text, a request for information and evaluation criteria."""

from __future__ import annotations

from app.knowledge.models import ArticleKind
from app.knowledge.seed import SeedArticle, Text

CHALLENGE_TEXT = SeedArticle(
    slug="template-challenge-text",
    kind=ArticleKind.TEMPLATE,
    tags=("requirements", "platform"),
    related=("functional-requirements", "run-a-challenge", "ip-guidance",
             "template-evaluation-criteria"),
    sv=Text(
        title="Mall: utmaningstext",
        summary="En struktur för att beskriva ett behov eller en utmaning så att leverantörer "
                "förstår problemet och kan föreslå egna lösningar.",
        body="""
            Kopiera rubrikerna och ersätt texten inom hakparentes. Skriv så att någon utanför
            er organisation förstår – undvik interna förkortningar.

            ## Rubrik

            [En mening som beskriver problemet, inte lösningen. Till exempel: *Färre
            fallolyckor bland äldre som bor hemma* i stället för *Sensorer i hemtjänsten*.]

            ## Sammanfattning

            [Två eller tre meningar: vem har problemet, varför är det viktigt nu, och vad
            vill ni uppnå?]

            ## Bakgrund och problem

            [Beskriv dagens situation med siffror om ni har dem: hur många berörs, vad
            kostar det, vad har ni redan prövat och varför räckte det inte?]

            ## Önskade effekter

            [Vad ska vara annorlunda när problemet är löst? Ange mätbara mål, till exempel
            *30 procent färre larm nattetid inom ett år*.]

            ## Funktionella krav

            [En punkt per krav, formulerad som ett resultat. Ange hur kravet verifieras.]

            * [Lösningen ska …]
            * [Lösningen ska …]

            ## Ramar

            [Det som verkligen gäller: lagar, säkerhet, tillgänglighet, befintliga system
            som lösningen ska fungera med, miljö där den ska användas.]

            ## Budget och nästa steg

            [Ett ungefärligt intervall och vilken upphandlingsväg ni tänker er. Säg ärligt om
            den inte är bestämd.]

            ## Immateriella rättigheter

            [Standard: leverantören behåller rättigheterna och ni får licens för er
            användning. Beskriv licensens omfattning. Väljer ni något annat, motivera varför.]

            ## Tidsplan och kontakt

            [Sista dag för frågor och för lösningar, när beslut väntas, och vem som svarar.
            Påminn om att frågor besvaras öppet för alla.]
        """,
    ),
    en=Text(
        title="Template: challenge text",
        summary="A structure for describing a need or challenge so that suppliers understand "
                "the problem and can propose solutions of their own.",
        body="""
            Copy the headings and replace the text in square brackets. Write so that someone
            outside your organisation understands – avoid internal abbreviations.

            ## Title

            [One sentence that describes the problem, not the solution. For example: *Fewer
            falls among older people living at home* instead of *Sensors in home care*.]

            ## Summary

            [Two or three sentences: who has the problem, why it matters now, and what you
            want to achieve.]

            ## Background and problem

            [Describe today's situation with figures if you have them: how many people are
            affected, what it costs, what you have already tried and why it was not enough.]

            ## Desired effects

            [What will be different when the problem is solved? Give measurable goals, for
            example *30 per cent fewer night-time alarms within a year*.]

            ## Functional requirements

            [One item per requirement, phrased as a result. State how it will be verified.]

            * [The solution must …]
            * [The solution must …]

            ## Constraints

            [What truly applies: law, safety, accessibility, existing systems the solution
            must work with, the environment where it will be used.]

            ## Budget and next step

            [An approximate range and the procurement route you have in mind. Say honestly
            if it is not decided.]

            ## Intellectual property

            [Default: the supplier keeps the rights and you get a licence for your use.
            Describe the scope of the licence. If you choose anything else, explain why.]

            ## Timetable and contact

            [Last day for questions and for solutions, when a decision is expected, and who
            answers. Remind readers that questions are answered openly for everyone.]
        """,
    ),
)

RFI = SeedArticle(
    slug="template-rfi",
    kind=ArticleKind.TEMPLATE,
    tags=("dialogue", "law"),
    related=("market-dialogue", "template-challenge-text", "functional-requirements"),
    sv=Text(
        title="Mall: informationsförfrågan (RFI)",
        summary="En mall för att fråga marknaden vad som finns och vad som är rimligt, innan "
                "du bestämmer krav och upphandlingsväg.",
        body="""
            En informationsförfrågan (*request for information*, RFI) är en del av
            marknadsdialogen. Den är inte en upphandling: ingen kan vinna något, och svaren
            binder varken er eller leverantören. Ersätt texten inom hakparentes.

            ## Om oss och syftet

            [Vilka ni är, vilket behov ni undersöker och varför. Skriv tydligt att detta är
            en informationsförfrågan och inte en upphandling.]

            ## Behovet

            [En kort beskrivning av problemet och de effekter ni vill nå. Beskriv inte en
            lösning.]

            ## Frågor till marknaden

            [Välj de frågor som passar och lägg till egna. Numrera dem.]

            1. Finns det lösningar i dag som möter behovet helt eller delvis? Beskriv dem.
            2. Hur skulle ni föreslå att behovet löses, om inget finns i dag?
            3. Vilka krav från oss skulle utesluta bra lösningar i onödan?
            4. Vilken ungefärlig kostnad och tidsåtgång ser ni?
            5. Vilken affärsmodell passar: köp, tjänst, licens, hyra, partnerskap?
            6. Vad behöver ni från oss för att lämna ett bra anbud längre fram?
            7. Hur ser ni på immateriella rättigheter och licenser i en sådan affär?

            ## Så svarar du

            [Sista svarsdag, format och längd, och vart svaret skickas. Här på plattformen
            svarar leverantörer med en lösning.]

            ## Sekretess och likabehandling

            [Förklara att handlingar hos en offentlig organisation kan bli allmänna, att
            leverantören kan markera affärshemligheter och att ni prövar sekretess i varje
            fall. Alla frågor och svar om förfrågan publiceras för alla utan att
            frågeställaren namnges.]

            ## Vad händer sedan

            [Hur ni använder svaren, om ni planerar möten och när en eventuell upphandling
            kan annonseras.]
        """,
    ),
    en=Text(
        title="Template: request for information (RFI)",
        summary="A template for asking the market what exists and what is reasonable, before "
                "you set requirements and choose a procurement route.",
        body="""
            A request for information (RFI) is part of market dialogue. It is not a
            procurement: nobody can win anything, and the answers bind neither you nor the
            supplier. Replace the text in square brackets.

            ## About us and the purpose

            [Who you are, which need you are exploring and why. State clearly that this is a
            request for information and not a procurement.]

            ## The need

            [A short description of the problem and the effects you want. Do not describe a
            solution.]

            ## Questions to the market

            [Pick the questions that fit and add your own. Number them.]

            1. Are there solutions today that meet the need fully or partly? Describe them.
            2. How would you suggest the need is met, if nothing exists today?
            3. Which requirements from us would needlessly exclude good solutions?
            4. What approximate cost and time do you foresee?
            5. Which business model fits: purchase, service, licence, rental, partnership?
            6. What do you need from us to make a good tender later on?
            7. How do you view intellectual property and licences in such a deal?

            ## How to answer

            [Closing date, format and length, and where to send the answer. Here on the
            platform suppliers answer with a solution.]

            ## Confidentiality and equal treatment

            [Explain that documents held by a public body may become public, that the
            supplier can mark business secrets and that you assess confidentiality case by
            case. All questions and answers about the request are published for everyone
            without naming the asker.]

            ## What happens next

            [How you will use the answers, whether you plan meetings and when a procurement
            might be advertised.]
        """,
    ),
)

EVALUATION_CRITERIA = SeedArticle(
    slug="template-evaluation-criteria",
    kind=ArticleKind.TEMPLATE,
    tags=("evaluation",),
    related=("evaluate-with-a-jury", "functional-requirements", "template-challenge-text"),
    sv=Text(
        title="Mall: utvärderingskriterier",
        summary="Kriterier, vikter och en poängskala att utgå från när en jury ska bedöma "
                "lösningar på en utmaning.",
        body="""
            Anpassa kriterierna till era önskade effekter. Publicera dem med vikter innan
            någon lämnar en lösning, och ändra dem inte efteråt.

            ## Kriterier och vikter

            | Kriterium | Vikt |
            |---|---|
            | Möter behovet | 35 % |
            | Genomförbarhet | 20 % |
            | Nyhetsvärde | 15 % |
            | Användarnytta | 15 % |
            | Kostnad över tid | 10 % |
            | Skalbarhet | 5 % |

            Vad juryn bedömer:

            * **Möter behovet** – hur väl lösningen ger de önskade effekterna och uppfyller
              de funktionella kraven.
            * **Genomförbarhet** – mognadsgrad (TRL), plan, resurser och risker.
            * **Nyhetsvärde** – vad lösningen gör bättre än det som finns i dag.
            * **Användarnytta** – hur den fungerar för dem som ska använda den, inklusive
              tillgänglighet.
            * **Kostnad över tid** – indikativt pris, drift och förvaltning under livslängden.
            * **Skalbarhet** – om den kan spridas till fler organisationer och användas utan
              inlåsning.

            Vikterna ska summera till 100 procent.

            ## Poängskala

            Använd samma skala för alla kriterier, till exempel:

            * **0** – saknas eller går inte att bedöma
            * **1** – svagt, stora brister
            * **2** – godtagbart, vissa brister
            * **3** – bra
            * **4** – mycket bra, tydligt över förväntan

            Beskriv gärna med en mening vad som krävs för 2 och 4 inom varje kriterium, så
            att juryn bedömer lika.

            ## Kommentarer

            Be jurymedlemmarna motivera varje poäng med en kort kommentar. Kommentarerna gör
            det lättare att diskutera skillnader och att ge leverantörerna återkoppling.

            ## Beslut

            Skriv i förväg hur ni gör vid lika poäng och att den upphandlande organisationen
            fattar det slutliga beslutet med en motivering. Ange också om juryn bedömer
            anonymiserat.
        """,
    ),
    en=Text(
        title="Template: evaluation criteria",
        summary="Criteria, weights and a scoring scale to start from when a jury assesses "
                "solutions to a challenge.",
        body="""
            Adapt the criteria to your desired effects. Publish them with their weights
            before anyone submits a solution, and do not change them afterwards.

            ## Criteria and weights

            | Criterion | Weight |
            |---|---|
            | Meets the need | 35 % |
            | Feasibility | 20 % |
            | Novelty | 15 % |
            | Value for users | 15 % |
            | Cost over time | 10 % |
            | Scalability | 5 % |

            What the jury assesses:

            * **Meets the need** – how well the solution delivers the desired effects and
              meets the functional requirements.
            * **Feasibility** – maturity (TRL), plan, resources and risks.
            * **Novelty** – what the solution does better than what exists today.
            * **Value for users** – how it works for the people who will use it, including
              accessibility.
            * **Cost over time** – indicative price, running and maintenance over its
              lifetime.
            * **Scalability** – whether it can spread to other organisations and be used
              without lock-in.

            The weights must add up to 100 per cent.

            ## Scoring scale

            Use the same scale for every criterion, for example:

            * **0** – missing or impossible to assess
            * **1** – weak, major shortcomings
            * **2** – acceptable, some shortcomings
            * **3** – good
            * **4** – very good, clearly above expectations

            Describe in a sentence what it takes to score 2 and 4 for each criterion, so that
            jurors assess alike.

            ## Comments

            Ask jurors to explain every score in a short comment. Comments make it easier to
            discuss differences and to give suppliers feedback.

            ## Decision

            State in advance what you do when scores are tied, and that the contracting
            authority takes the final decision with a justification. Also say whether the
            jury assesses anonymously.
        """,
    ),
)

ARTICLES = [CHALLENGE_TEXT, RFI, EVALUATION_CRITERIA]
