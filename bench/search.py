"""Search speed, measured on generated data (not part of the test suite).

    .venv/bin/python bench/search.py [--workdir /tmp/arena-bench] [--postgres URL]
                                     [--challenges 20000] [--solutions 100000]
                                     [--reuse] [--steps postgres,whoosh]

Generates (or reuses) a throwaway SQLite database with published, closed and decided
challenges and public solution summaries, rebuilds the Whoosh index from it (timed, as
`flask --app wsgi search rebuild` does), then prints for the search page's query
(`app.search.services.run_search`: matching, facets with counts, sorting, the shown
page's rows and highlighting, "did you mean" when nothing matches):

  * p50/p95 over a mix of realistic queries, first run and repeated;
  * the same queries on SQLite FTS5 over the same documents (count, facet counts,
    bm25 ranking and snippet() of the first page), and on the PostgreSQL backend when
    --postgres names an empty throwaway database (after VACUUM ANALYZE and the snapshot
    the worker would take, timed: see app/search/snapshot.py);
  * the time from a commit to the change being searchable, with a real worker process
    (`flask --app wsgi worker`) indexing;
  * the memory (RSS) of a process that has answered the queries with its searchers open;
  * success@5 and MRR of the labelled relevance collection (tests/relevance_collection.py)
    on each backend, each in a scratch database of its own.

Results of a run are kept in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

def _words(text: str) -> list[str]:
    return text.split()


SWEDISH = _words("""upphandling innovation innovationsupphandling avfall avfallshantering
återvinning
sensor sensorer digital digitala tjänst tjänster kommun kommunen region regionen vård omsorg
äldreomsorg hemtjänst skola skolor elever lärande energi solceller värme fjärrvärme vatten
avlopp rening transport fordon elbilar laddning kollektivtrafik cykel cyklar säkerhet
trygghet brand räddning mat måltider kök livsmedel matsvinn bygg fastighet bostäder
renovering ventilation belysning gatubelysning data plattform system integration källkod
molntjänst app mobil användare invånare medborgare patient patienter personal kostnad
effektiv hållbar miljö klimat utsläpp koldioxid cirkulär ekonomi förnybar smart styrning
övervakning mätning analys prognos planering schemaläggning logistik leverans lager inköp
avtal leverantör leverantörer lösning lösningar behov utmaning krav funktion kvalitet
tillgänglighet användbarhet test pilot prototyp demonstration samverkan partnerskap
forskning utveckling kunskap kompetens utbildning metod modell verktyg process flöde
förskola gymnasium bibliotek sjukhus vårdcentral hjälpmedel rehabilitering läkemedel
journal information kommunikation bredband nätverk trafik parkering vägar broar snöröjning
park grönområden träd biologisk mångfald dagvatten översvämning dricksvatten ledningar
läckage sopor kärl insamling sortering plast textil möbler återbruk kemikalier buller luft
luftkvalitet partiklar ljus lampor dimning rörelse larm trygghetslarm kamera integritet
dataskydd öppna standarder interoperabilitet arkitektur upphandlande organisation anbud
dialog marknadsdialog förfrågan underlag utvärdering tävling jury pris vinnare kontrakt
licens immaterialrätt finansiering stöd bidrag check projekt genomförande uppföljning
resultat effekter nytta besparing tid kvalitetssäkring risk ansvar drift underhåll service
support utbildningstjänster konsult mjukvara hårdvara robot automation artificiell
intelligens maskininlärning algoritm visualisering karta geodata satellit drönare batteri
lagring vätgas biogas fordonsgas elnät effekt förbrukning mätare fastighetsautomation
inomhusklimat tak fasad isolering trä betong stål återvinningscentral deponi kompost
matavfall restaurang skolmåltid näring recept allergi specialkost leveranskedja""")

ENGLISH = _words("""procurement innovation waste recycling sensor sensors digital service services
municipality region care elderly school pupils learning energy solar heating water sewage
transport vehicles charging public bicycle safety security fire rescue food meals kitchen
building housing renovation ventilation lighting street data platform system integration
open source cloud mobile user citizens patient staff cost efficient sustainable environment
climate emissions circular economy renewable smart control monitoring measurement analysis
forecast planning logistics delivery contract supplier solution need challenge requirement
quality accessibility usability test pilot prototype research development knowledge
method model tool process hospital library traffic parking roads bridges park trees
biodiversity flooding drinking leakage plastic textile furniture reuse air noise light
alarm camera privacy standards architecture tender dialogue evaluation competition jury
prize winner licence funding grant project results impact savings risk maintenance robot
automation artificial intelligence machine learning map satellite drone battery storage
hydrogen biogas grid consumption meter insulation wood concrete steel compost""")

SECTORS = ["health", "elderly_care", "education", "transport", "energy", "environment", "water",
           "construction", "digital", "safety", "food", "culture", "administration"]
REGIONS = ["SE110", "SE121", "SE122", "SE123", "SE124", "SE125", "SE211", "SE212", "SE213",
           "SE214", "SE221", "SE224", "SE231", "SE232", "SE311", "SE312", "SE313", "SE321",
           "SE322", "SE331", "SE332", "SE"]
ROUTES = ["market_dialogue", "innovation_partnership", "pre_commercial",
          "procurement_of_innovation", "undecided"]


STOP_WORDS = {"sv": _words("och att i på för med som av en det till är den om de inte har vi "
                            "ett kan ska eller från så man också när alla"),
              "en": _words("the of and to in for with on a is that are by as be this or from "
                           "it we can will not all")}


class Words:
    """A Zipf-like vocabulary: real domain words first, made-up compounds in the tail;
    about a third of running text is stop words, as in real prose."""

    def __init__(self, real: list[str], size: int, seed: int, language: str = "sv"):
        self.stop_words = STOP_WORDS[language]
        rnd = random.Random(seed)
        syllables = ["ka", "lo", "mi", "ne", "sta", "ber", "gen", "ni", "tor", "vik", "ström",
                     "land", "rå", "ök", "ång", "fri", "hus", "berg", "dal", "sjö", "by"]
        tail: set[str] = set()
        while len(tail) < size - len(real):
            tail.add("".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 4))))
        self.words = list(dict.fromkeys(real)) + sorted(tail - set(real))
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 10)
                                                    for rank in range(len(self.words))))

    def text(self, rnd: random.Random, count: int) -> str:
        content = rnd.choices(self.words, cum_weights=self.cumulative, k=count)
        stops = rnd.choices(self.stop_words, k=count)
        return " ".join(stop if rnd.random() < 0.35 else word
                        for word, stop in zip(content, stops, strict=True))

    def common(self, rnd: random.Random, top: int = 3000) -> str:
        return rnd.choices(self.words[:top], cum_weights=self.cumulative[:top], k=1)[0]


# -- the throwaway database ----------------------------------------------------------

def make_app(database_url: str, index_dir: str, backend: str = "whoosh", procs: int = 1):
    import config as settings
    from app import create_app

    bench_config = type("BenchConfig", (settings.Config,), {
        "SQLALCHEMY_DATABASE_URI": database_url, "SEARCH_INDEX_DIR": index_dir,
        "SEARCH_BACKEND": backend, "SEARCH_REBUILD_PROCS": procs, "MAIL_TRANSPORT": "file",
    })
    return create_app(bench_config)


def migrate_schema(app) -> None:
    """Bring an empty database to the current schema, as `flask db upgrade` does."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


def _org_number(seed: int) -> str:
    from app.organisations.orgnumber import luhn_ok

    body = f"55{seed % 10_000_000:07d}"
    check = next(d for d in range(10) if luhn_ok(body + str(d)))
    return f"{body[:6]}-{body[6:]}{check}"


def _known_cpv_codes() -> list[str]:
    """The shipped CPV list, loaded into the database (challenges may only carry known
    codes), as the codes to draw from."""
    from app.challenges import cpv
    from app.challenges.models import CpvCode
    from app.extensions import db

    cpv.ensure_seeded()
    return sorted(db.session.scalars(db.select(CpvCode.code)))


def generate(app, challenges: int, solutions: int, seed: int = 7) -> None:
    """Bulk-insert organisations, challenges (with sectors, CPV, requirements) and public
    solution summaries; ten per decided challenge."""
    from app.challenges.models import (
        Challenge,
        ChallengeCpv,
        ChallengeRequirement,
        ChallengeSector,
    )
    from app.extensions import db
    from app.organisations.models import Organisation
    from app.solutions.models import Solution

    rnd = random.Random(seed)
    swedish, english = Words(SWEDISH, 30_000, seed), Words(ENGLISH, 8_000, seed + 1, "en")
    now = datetime.now(UTC)
    migrate_schema(app)
    with app.app_context():
        known_codes = _known_cpv_codes()
        buyers, suppliers = 300, 3000
        db.session.execute(Organisation.__table__.insert(), [
            {"id": i, "name": f"{'Kommun' if i <= buyers else 'Leverantör'} {i} "
                              f"{swedish.common(rnd)}",
             "kind": "contracting_authority" if i <= buyers else "supplier",
             "org_number": _org_number(i * 7919), "size_class": "large" if i <= buyers else "small",
             "is_cooperative": False, "sectors": rnd.sample(SECTORS, 2),
             "region": rnd.choice(REGIONS[:-1]), "description": swedish.text(rnd, 40),
             "verification_status": "verified" if i <= buyers else "not_required",
             "is_trusted": True, "created_at": now - timedelta(days=rnd.randint(1, 1500)),
             "updated_at": now}
            for i in range(1, buyers + suppliers + 1)])
        decided_needed = solutions // 10
        rows, requirements, sectors, cpvs, answers = [], [], [], [], []
        for i in range(1, challenges + 1):
            state = ("decided" if i <= decided_needed else
                     rnd.choice(["published", "published", "published", "closed"]))
            language = "en" if rnd.random() < 0.08 else "sv"
            words = english if language == "en" else swedish
            published = now - timedelta(days=rnd.randint(1, 1100), minutes=rnd.randint(0, 1440))
            deadline = (published + timedelta(days=rnd.randint(20, 90)) if state != "published"
                        else now + timedelta(days=rnd.randint(1, 120)))
            rows.append({
                "id": i, "kind": rnd.choice(["need", "challenge"]), "state": state,
                "owner_id": rnd.randint(1, buyers), "title": words.text(rnd, rnd.randint(4, 8)),
                "summary": words.text(rnd, 30), "problem_statement": words.text(rnd, 150),
                "desired_effects": words.text(rnd, 60), "constraints": words.text(rnd, 20),
                "currency": "SEK", "procurement_route": rnd.choice(ROUTES),
                "ip_terms": "supplier_owns", "ip_justification": "", "agenda_goals": [],
                "region": rnd.choice(REGIONS), "language": language, "contact_name": "",
                "contact_email": "", "contact_phone": "", "is_paused": False,
                "created_at": published, "updated_at": published, "published_at": published,
                "submission_deadline_at": deadline,
                "decided_at": deadline + timedelta(days=20) if state == "decided" else None,
                "version": 1})
            requirements += [{"challenge_id": i, "position": p, "text": words.text(rnd, 12)}
                             for p in range(3)]
            sectors += [{"challenge_id": i, "sector": s} for s in rnd.sample(SECTORS, 2)]
            cpvs += [{"challenge_id": i, "code": code}
                     for code in rnd.sample(known_codes, rnd.randint(1, 2))]
            if state == "decided":
                for supplier in rnd.sample(range(buyers + 1, buyers + suppliers + 1), 10):
                    answers.append({
                        "challenge_id": i, "organisation_id": supplier, "state": "submitted",
                        "title": words.text(rnd, 4), "public_summary": words.text(rnd, 80),
                        "details": words.text(rnd, 100), "references": "", "price_model": "",
                        "ip_statement": "", "ip_terms_acknowledged": True,
                        "summary_public_after_decision": True, "created_at": published,
                        "updated_at": published, "submitted_at": deadline, "version": 1})
        for table, data in ((Challenge.__table__, rows),
                            (ChallengeRequirement.__table__, requirements),
                            (ChallengeSector.__table__, sectors), (ChallengeCpv.__table__, cpvs),
                            (Solution.__table__, answers[:solutions])):
            for start in range(0, len(data), 5000):
                db.session.execute(table.insert(), data[start:start + 5000])
        db.session.commit()


# -- queries -------------------------------------------------------------------------

def query_mix(count: int, seed: int = 11) -> list[dict]:
    """What people type: mostly one or two common words, some phrases, prefixes, filters
    and misspellings."""
    rnd = random.Random(seed)
    swedish = Words(SWEDISH, 30_000, 7)
    mix = []
    for _ in range(count):
        roll = rnd.random()
        if roll < 0.40:
            q = swedish.common(rnd)
        elif roll < 0.70:
            q = f"{swedish.common(rnd)} {swedish.common(rnd)}"
        elif roll < 0.78:
            q = " ".join(swedish.common(rnd) for _ in range(3))
        elif roll < 0.84:
            q = swedish.common(rnd, 400)[:5] + "*"
        elif roll < 0.90:
            q = f'"{rnd.choice(SWEDISH)} {rnd.choice(SWEDISH)}"'
        elif roll < 0.95:
            mix.append({"q": swedish.common(rnd), "status": "open",
                        "sector": rnd.choice(SECTORS)})
            continue
        else:
            word = rnd.choice(SWEDISH[:200])
            q = word[:2] + word[3] + word[2] + word[4:] if len(word) > 5 else word + "x"
        mix.append({"q": q})
    return mix


CPU_TIMES: list[float] = []  # CPU time of the last time_search_page run, query by query


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def time_search_page(app, queries: list[dict]) -> list[float]:
    from werkzeug.datastructures import MultiDict

    from app.search.services import params_from, run_search

    timings, cpu = [], []
    with app.test_request_context("/search"):
        for query in queries:
            started, started_cpu = time.perf_counter(), time.thread_time()
            page = run_search(params_from(MultiDict(query)))
            assert not page.limited, "the index is unavailable"
            timings.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - started_cpu)
    CPU_TIMES[:] = cpu
    return timings


def rss_mb() -> tuple[float, float]:
    status = Path("/proc/self/status").read_text()
    values = {k: int(v.split()[0]) / 1024 for k, v in re.findall(r"(VmRSS|VmHWM):\s+(.+)", status)}
    return values["VmRSS"], values["VmHWM"]


# -- SQLite FTS5 over the same documents ---------------------------------------------

def fts5_query(query: dict) -> str:
    terms = []
    for match in re.finditer(r'"([^"]*)"|(\S+)', query["q"]):
        phrase, word = match.groups()
        if phrase is not None:
            terms.append('"' + phrase.replace('"', "") + '"')
        elif word.endswith("*"):
            terms.append('"' + word.rstrip("*") + '"*')
        else:
            terms.append('"' + word + '"')
    return " AND ".join(terms)


def setup_fts5(path: Path) -> None:
    connection = sqlite3.connect(path)
    if not connection.execute("SELECT name FROM sqlite_master WHERE name='fts_docs'").fetchone():
        connection.execute("CREATE VIRTUAL TABLE fts_docs USING fts5(title, body, extra, "
                           "content='search_documents', content_rowid='id', "
                           "tokenize='unicode61 remove_diacritics 2')")
        connection.execute("INSERT INTO fts_docs(fts_docs) VALUES ('rebuild')")
        connection.commit()
    connection.close()


def time_fts5(path: Path, queries: list[dict]) -> list[float]:
    connection = sqlite3.connect(path)
    timings = []
    for query in queries:
        match = fts5_query(query)
        started = time.perf_counter()
        connection.execute("SELECT j.value, count(*) FROM fts_docs JOIN search_documents d "
                           "ON d.id = fts_docs.rowid, json_each(d.facets) j "
                           "WHERE fts_docs MATCH ? GROUP BY j.value", (match,)).fetchall()
        connection.execute("SELECT rowid, snippet(fts_docs, 1, '<mark>', '</mark>', '…', 24) "
                           "FROM fts_docs WHERE fts_docs MATCH ? ORDER BY bm25(fts_docs, 2.0, "
                           "1.0, 0.5) LIMIT 20", (match,)).fetchall()
        timings.append(time.perf_counter() - started)
    connection.close()
    return timings


# -- PostgreSQL: the same documents in the PostgreSQL backend ------------------------

def copy_to_postgres(source_app, url: str, index_dir: str):
    from sqlalchemy import select

    from app.extensions import db
    from app.organisations.models import Organisation
    from app.search import store
    from app.search.documents import IndexDocument
    from app.search.indexer import iterate_documents
    from app.search.models import SearchLexiconEntry
    from app.search.registry import document_types

    target = make_app(url, index_dir, backend="postgres")
    migrate_schema(target)
    with source_app.app_context():
        organisations = [dict(row._mapping) for row in db.session.execute(
            select(Organisation.__table__))]
        batches: list[list[IndexDocument]] = []
        for search_type in document_types():
            batch: list[IndexDocument] = []
            for document in iterate_documents(db.session, search_type):
                batch.append(document)
                if len(batch) == 2000:
                    batches.append(batch)
                    batch = []
            batches.append(batch)
    with source_app.app_context():
        lexicon = [dict(row._mapping) for row in db.session.execute(
            select(SearchLexiconEntry.__table__))]
    with target.app_context():
        db.session.execute(Organisation.__table__.insert(), organisations)
        for start in range(0, len(lexicon), 5000):
            db.session.execute(SearchLexiconEntry.__table__.insert(), lexicon[start:start + 5000])
        now = datetime.now(UTC)
        for batch in batches:
            store.save_documents(db.session, batch, now)
        db.session.commit()
    return target


def take_snapshot(postgres_app, url: str) -> str:
    """VACUUM ANALYZE (as autovacuum would after a bulk load), then the PostgreSQL
    backend's snapshot, as the worker takes it (timed)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    from app.extensions import db
    from app.search import snapshot

    with postgres_app.app_context():
        started = time.perf_counter()
        snapshot.build(db.session)
        db.session.commit()
        documents = db.session.scalar(db.text("SELECT documents FROM search_snapshots"))
        return (f"PostgreSQL snapshot (worker job search_snapshot): "
                f"{time.perf_counter() - started:.0f} s for {documents} documents")


# -- relevance: the labelled collection ---------------------------------------------

def relevance(database_url: str, index_dir: str, backend: str):
    """success@5 and MRR of the collection in an empty scratch database."""
    from app.challenges import cpv
    from app.extensions import db
    from app.search.indexer import process_queue
    from tests.relevance_collection import create_documents, run_queries

    app = make_app(database_url, index_dir, backend=backend)
    migrate_schema(app)
    with app.test_request_context("/search"):
        cpv.ensure_seeded()
        ids = create_documents()
        db.session.commit()
        process_queue()
        if backend == "postgres":  # as the worker's search_snapshot job would
            from app.search import snapshot

            snapshot.build(db.session)
            db.session.commit()
        report = run_queries(ids)
        db.session.remove()
        db.engine.dispose()
    return report


def scratch_postgres(url: str, suffix: str):
    """A new empty database beside the given one (dropped by the returned function)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{suffix}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False), drop


def relevance_lines(workdir: Path, postgres: str | None) -> list[str]:
    scratch = workdir / "relevance.sqlite"
    scratch.unlink(missing_ok=True)
    report = relevance(f"sqlite:///{scratch}", str(workdir / "relevance-index"), "whoosh")
    lines = [f"relevance collection, Whoosh: success@5 {report.success_at_5:.1%}, "
             f"MRR {report.mrr:.3f} ({len(report.failures)} failed)"]
    if postgres:
        url, drop = scratch_postgres(postgres, "relevance")
        try:
            report = relevance(url, str(workdir / "relevance-index-pg"), "postgres")
        finally:
            drop()
        lines.append(f"relevance collection, PostgreSQL: success@5 {report.success_at_5:.1%}, "
                     f"MRR {report.mrr:.3f} ({len(report.failures)} failed)")
    return lines


# -- commit to searchable ------------------------------------------------------------

def commit_to_searchable(app, database_url: str, index_dir: str, workdir: Path,
                         rounds: int) -> list[float]:
    from werkzeug.datastructures import MultiDict

    from app.challenges.models import Challenge, ChallengeKind, ChallengeState
    from app.extensions import db
    from app.search.services import params_from, run_search

    environment = {**os.environ, "ARENA_ENV": "development", "DATABASE_URL": database_url,
                   "SEARCH_INDEX_DIR": index_dir, "MAIL_FOLDER": str(workdir / "mail"),
                   "SEARCH_BACKEND": "whoosh"}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
                              cwd=ROOT, env=environment, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    latencies = []
    try:
        time.sleep(3)  # the worker starts and finds nothing queued
        with app.test_request_context("/search"):
            for number in range(rounds):
                word = f"latensprov{number}x{random.randint(0, 10**9)}"
                db.session.add(Challenge(owner_id=1, kind=ChallengeKind.NEED,
                                         state=ChallengeState.PUBLISHED,
                                         published_at=datetime.now(UTC), title=f"Prov {word}",
                                         problem_statement="Hur snabbt syns en ändring?"))
                db.session.commit()
                committed = time.perf_counter()
                while not run_search(params_from(MultiDict({"q": word}))).total:
                    if time.perf_counter() - committed > 30:
                        raise RuntimeError("not searchable within 30 s")
                    time.sleep(0.02)
                latencies.append(time.perf_counter() - committed)
                db.session.remove()
                time.sleep(random.uniform(0.2, 1.0))  # commits land anywhere in a tick
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return latencies


# -- the run -------------------------------------------------------------------------

def measure_rss(database_url: str, index_dir: str, queries_file: str) -> None:
    """A fresh process (like a web worker) answers the queries, then reports memory."""
    app = make_app(database_url, index_dir)
    queries = json.loads(Path(queries_file).read_text())
    before = rss_mb()[0]
    time_search_page(app, queries)
    rss, peak = rss_mb()
    print(json.dumps({"rss_start_mb": before, "rss_mb": rss, "peak_mb": peak}))


def report(label: str, samples: list[float], cpu: list[float] | None = None) -> str:
    p50, p95 = percentiles(samples)
    line = f"{label:<46} p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"
    if cpu:
        cpu50, cpu95 = percentiles(cpu)
        line += f"  (CPU p50 {cpu50 * 1000:5.1f} ms, p95 {cpu95 * 1000:5.1f} ms)"
    return line


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


STEPS = ("relevance", "whoosh", "rss", "fts5", "postgres", "latency")


def reusable_postgres(url: str) -> bool:
    """The database already holds the documents of an earlier run."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return (inspect(connection).has_table("search_documents") and bool(
                connection.execute(text("SELECT 1 FROM search_documents LIMIT 1")).scalar()))
    finally:
        engine.dispose()


def postgres_lines(app, args, index_dir: str, warm_up: list, queries: list) -> list[str]:
    """The documents copied into PostgreSQL (or reused), a snapshot taken when due, and
    the search page's times on the PostgreSQL backend."""
    lines = []
    if args.reuse and reusable_postgres(args.postgres):
        postgres_app = make_app(args.postgres, index_dir, backend="postgres")
        migrate_schema(postgres_app)  # bring an older copy to the current schema
    else:
        postgres_app = copy_to_postgres(app, args.postgres, index_dir)
    from app.extensions import db
    from app.search import snapshot

    with postgres_app.app_context():
        due = snapshot.due(db.session)
    if due:
        lines.append(take_snapshot(postgres_app, args.postgres))
        print(lines[-1], flush=True)
    time_search_page(postgres_app, warm_up)
    postgres = time_search_page(postgres_app, queries)
    lines.append(report("PostgreSQL backend, search page", postgres, CPU_TIMES))
    print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "arena-bench"))
    parser.add_argument("--postgres", help="URL of an empty, throwaway PostgreSQL database")
    parser.add_argument("--challenges", type=int, default=20_000)
    parser.add_argument("--solutions", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--procs", type=int, default=2, help="processes for the rebuild")
    parser.add_argument("--latency-rounds", type=int, default=10)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the Whoosh index and the PostgreSQL documents of an earlier "
                             "run with the same --workdir and --postgres (no rebuild, no copy)")
    parser.add_argument("--steps", default=",".join(STEPS),
                        help=f"comma-separated subset of {','.join(STEPS)}")
    parser.add_argument("--measure-rss", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_rss:
        measure_rss(*args.measure_rss)
        return
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    steps = set(args.steps.split(","))
    relevance_found = relevance_lines(workdir, args.postgres) if "relevance" in steps else []
    print("\n".join(relevance_found), flush=True)
    database = workdir / f"bench-{args.challenges}-{args.solutions}.sqlite"
    database_url, index_dir = f"sqlite:///{database}", str(workdir / "index")
    app = make_app(database_url, index_dir, procs=args.procs)
    lines = [f"data: {args.challenges} challenges, {args.solutions} public solution summaries "
             f"({database}); {load()}", *relevance_found]
    if not database.exists():
        started = time.perf_counter()
        generate(app, args.challenges, args.solutions)
        lines.append(f"generated in {time.perf_counter() - started:.0f} s")
    print(lines[-1], flush=True)

    from app.extensions import db
    from app.search.backends import get_backend
    from app.search.indexer import count_objects, rebuild

    needs_whoosh = bool(steps & {"whoosh", "rss", "fts5", "latency"})
    if needs_whoosh and not (args.reuse and (Path(index_dir) / "current").exists()):
        with app.app_context():
            objects = count_objects(db.session)
            started = time.perf_counter()
            documents = rebuild(db.session, get_backend())
            elapsed = time.perf_counter() - started
        lines.append(f"full rebuild (Whoosh, {args.procs} processes): {elapsed:.0f} s for "
                     f"{documents} documents from {objects} objects")
        print(lines[-1], flush=True)

    queries = query_mix(args.queries)
    warm_up = query_mix(50, seed=99)
    if "whoosh" in steps:
        time_search_page(app, warm_up)
        first = time_search_page(app, queries)
        first_cpu = list(CPU_TIMES)
        again = time_search_page(app, queries)
        lines.append(report("Whoosh, search page, first run of each query", first, first_cpu))
        lines.append(report("Whoosh, search page, repeated queries", again, CPU_TIMES))
        print("\n".join(lines[-2:]), flush=True)

    if "rss" in steps:
        queries_file = workdir / "queries.json"
        queries_file.write_text(json.dumps(queries))
        measured = subprocess.run([sys.executable, __file__, "--measure-rss", database_url,
                                   index_dir, str(queries_file)], capture_output=True,
                                  text=True, cwd=ROOT, check=True)
        memory = json.loads(measured.stdout.strip().splitlines()[-1])
        lines.append(f"memory of a process with open searchers after the queries: RSS "
                     f"{memory['rss_mb']:.0f} MB (peak {memory['peak_mb']:.0f} MB, "
                     f"{memory['rss_start_mb']:.0f} MB before searching)")
        print(lines[-1], flush=True)

    if "fts5" in steps:
        setup_fts5(database)
        time_fts5(database, warm_up)
        lines.append(report("SQLite FTS5, same queries (no stemming)",
                            time_fts5(database, queries)))
        print(lines[-1], flush=True)

    if args.postgres and "postgres" in steps:
        lines += postgres_lines(app, args, index_dir, warm_up, queries)

    if "latency" in steps:
        latencies = commit_to_searchable(app, database_url, index_dir, workdir,
                                         args.latency_rounds)
        lines.append(f"commit to searchable (worker running): median "
                     f"{statistics.median(latencies):.2f} s, max {max(latencies):.2f} s "
                     f"over {len(latencies)} commits")
        print(lines[-1], flush=True)
    lines.append(f"at the end: {load()}")
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
