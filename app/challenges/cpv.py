"""The CPV code list: look-up, search for the picker, the seed list and the official import."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import or_

from app.challenges.models import CpvCode
from app.core.domain import DomainError
from app.extensions import db

SEED_FILE = Path(__file__).parent / "data" / "cpv_seed.tsv"
CODE_PATTERN = re.compile(r"^(\d{8})-?(\d)$")
SEARCH_LIMIT = 25


def normalise_code(raw: str) -> str | None:
    """'90510000-5' (or '905100005') in the official form, or None if not shaped like one."""
    match = CODE_PATTERN.match((raw or "").strip())
    return f"{match.group(1)}-{match.group(2)}" if match else None


def read_seed() -> list[dict[str, str]]:
    """The seed list shipped with the platform: every division and codes for innovation work."""
    with SEED_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def ensure_seeded() -> int:
    """Load the seed list into an empty table (test and demo databases); returns rows added."""
    if db.session.scalar(db.select(db.func.count(CpvCode.code))):
        return 0
    rows = read_seed()
    db.session.add_all(CpvCode(**row) for row in rows)
    db.session.flush()
    return len(rows)


def checked_codes(raw_codes) -> list[str]:
    """The codes in official form, each one known; DomainError naming the first unknown one."""
    codes = []
    for raw in raw_codes or []:
        code = normalise_code(raw)
        if code is None or db.session.get(CpvCode, code) is None:
            raise DomainError(
                _("%(code)s is not a known CPV code. Search for the code by its name or "
                  "number and pick it from the list.", code=raw), field="cpv_codes")
        if code not in codes:
            codes.append(code)
    return codes


def search(query: str, limit: int = SEARCH_LIMIT) -> list[CpvCode]:
    """Codes whose number starts with, or whose Swedish or English name contains, the query."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    digits = query.replace("-", "")
    conditions = [CpvCode.name_en.ilike(f"%{query}%"), CpvCode.name_sv.ilike(f"%{query}%")]
    if digits.isdigit():
        conditions.append(CpvCode.code.startswith(digits[:8]))
    return list(db.session.scalars(
        db.select(CpvCode).where(or_(*conditions)).order_by(CpvCode.code).limit(limit)))


def codes_by_id(codes) -> list[CpvCode]:
    """The CpvCode rows for codes, in the order given (unknown ones left out)."""
    found = {c.code: c for c in db.session.scalars(db.select(CpvCode).where(
        CpvCode.code.in_(list(codes or []))))}
    return [found[code] for code in codes or [] if code in found]


def _entries(path: Path):
    for _event, element in ElementTree.iterparse(path, events=("end",)):
        if element.tag != "CPV":
            continue
        texts = {text.get("LANG", "").upper(): (text.text or "").strip()
                 for text in element.findall("TEXT")}
        code = normalise_code(element.get("CODE", ""))
        if code and texts.get("EN"):
            yield code, texts["EN"], texts.get("SV") or texts["EN"]
        element.clear()


def import_xml(path: Path) -> tuple[int, int]:
    """Import the official cpv_2008.xml (EU Publications Office); returns (added, updated).

    Each `<CPV CODE="...">` element holds one `<TEXT LANG="..">` per language; we keep
    English and Swedish. Existing codes get the official names; nothing is deleted.
    """
    added = updated = 0
    try:
        for code, name_en, name_sv in _entries(path):
            existing = db.session.get(CpvCode, code)
            if existing is None:
                db.session.add(CpvCode(code=code, name_en=name_en[:400], name_sv=name_sv[:400]))
                added += 1
            else:
                existing.name_en, existing.name_sv = name_en[:400], name_sv[:400]
                updated += 1
    except ElementTree.ParseError as error:
        raise DomainError(f"{path} is not a valid CPV XML file: {error}") from error
    db.session.flush()
    return added, updated
