"""Uploads never exhaust memory, and files follow the transaction.

Hostile archives are built here with zipfile (the large one in streaming fashion) and
uploaded over HTTP by a supplier answering a challenge. The memory the request takes in
this process is measured with tracemalloc: the crafted entry unpacks to 200 MB, the
request may take a few MB. Files: a request that fails after replacing or deleting a file
changes nothing on disk, and the `file_sweep` job removes orphans and nothing else.
"""

from __future__ import annotations

import gc
import io
import os
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text
from werkzeug.datastructures import FileStorage

from app.attachments import services as attachment_services
from app.attachments.models import Attachment
from app.core.jobs import JOBS, run_job
from app.extensions import db
from app.solutions import services as solution_services
from tests.conftest import csrf_from, submit
from tests.factories import make_authority, make_challenge, make_supplier, make_user

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ODT = "application/vnd.oasis.opendocument.text"
BOMB_MB = 200  # what the crafted entry unpacks to
MEMORY_BOUND = 4 * 1024 * 1024  # what one upload request may take in this process (today: ~1 MB)
MANY_ENTRIES = 70_000  # more than 65 535: zipfile writes ZIP64 end records


# --- crafted archives ----------------------------------------------------------------

def _bomb(path: Path, first: str, rest: dict[str, str]) -> Path:
    """An archive whose first entry unpacks to BOMB_MB of zeros, written in chunks (fast
    compression: 0.9 MB, still over 200 times smaller than what it unpacks to)."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(first, "w") as entry:
            for _ in range(BOMB_MB):
                entry.write(chunk)
        for name, content in rest.items():
            archive.writestr(name, content)
    return path


def _patched(source: Path, target: Path, patch) -> Path:
    data = bytearray(source.read_bytes())
    patch(data)
    target.write_bytes(bytes(data))
    return target


def _declare_unpacked(size: int):
    """Make the first entry claim `size` unpacked bytes, in both of its headers."""
    def patch(data: bytearray) -> None:
        struct.pack_into("<L", data, 22, size)  # local file header
        struct.pack_into("<L", data, data.find(b"PK\x01\x02") + 24, size)  # directory
    return patch


def _declare_entries(count: int):
    def patch(data: bytearray) -> None:
        end = data.rfind(b"PK\x05\x06")
        struct.pack_into("<2H", data, end + 8, count, count)
    return patch


def _many_entries(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(MANY_ENTRIES):
            archive.writestr(f"word/media/p{number}", b"")
    return path


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    """name -> (file, upload name), built once for the module."""
    folder = tmp_path_factory.mktemp("crafted")
    odt = _bomb(folder / "bomb.odt", "mimetype", {"content.xml": "<office:document/>"})
    docx = _bomb(folder / "bomb.docx", "[Content_Types].xml", {"word/document.xml": "<w/>"})
    many = _many_entries(folder / "many.docx")
    small = folder / "small.docx"
    with zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return {
        "odt_bomb": (odt, "offer.odt"),
        "docx_bomb": (docx, "offer.docx"),
        # says the 200 MB entry holds the 39 bytes of an ODF media type: plausible
        "odt_bomb_claiming_39_bytes": (
            _patched(odt, folder / "liar.odt", _declare_unpacked(len(ODT))), "offer.odt"),
        # says a small entry unpacks to 3 GB
        "docx_claiming_3_gb": (
            _patched(small, folder / "huge.docx", _declare_unpacked(3 * 2**30)), "offer.docx"),
        "many_entries": (many, "offer.docx"),
        # says it has 3 entries and holds 70 001
        "many_entries_claiming_3": (
            _patched(many, folder / "few.docx", _declare_entries(3)), "offer.docx"),
    }


# --- a supplier answering a challenge --------------------------------------------------

@pytest.fixture
def scene():
    owner = make_authority(admin=make_user(email="buyer@uploads.example"), name="Kommunen")
    challenge = make_challenge(owner=owner, title="Indoor climate in schools")
    alice = make_user(email="alice@uploads.example")
    supplier = make_supplier(admin=alice, name="Sensorbolaget AB")
    db.session.commit()
    return type("Scene", (), dict(challenge=challenge, alice=alice, supplier=supplier))


def form_data(challenge, **overrides) -> dict:
    data = {"title": "Sensor mesh", "public_summary": "Wireless sensors.",
            "details": "Typed by hand and never lost", "trl": "6", "references": "",
            "price_model": "", "ip_statement": "", "action": "save"}
    data.update({f"answer_{r.id}": "Like this." for r in challenge.requirements})
    data.update(overrides)
    return data


def solution_url(scene) -> str:
    return f"/challenges/{scene.challenge.id}/solution"


def peak_memory(action):
    """(result, peak bytes newly allocated in this process while `action` ran)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def upload_measured(client, scene, path: Path, name: str):
    """Post the solution form with one file, the way a browser does; measure the post."""
    page = client.get(solution_url(scene)).get_data(as_text=True)
    with path.open("rb") as file:
        data = form_data(scene.challenge, csrf_token=csrf_from(page), attachments=(file, name))
        return peak_memory(lambda: client.post(solution_url(scene), data=data))


def staging_files(app) -> list[Path]:
    staging = Path(app.config["UPLOAD_DIR"]) / "staging"
    return list(staging.iterdir()) if staging.is_dir() else []


# --- 15.1: uploads never exhaust memory -------------------------------------------------

@pytest.mark.parametrize("case, message", [
    ("odt_bomb", "would unpack to far more than its own size"),
    ("docx_bomb", "would unpack to far more than its own size"),
    ("odt_bomb_claiming_39_bytes", "is not an accepted file"),
    ("docx_claiming_3_gb", "would unpack to far more than its own size"),
    ("many_entries", "holds more than 5000 parts"),
    ("many_entries_claiming_3", "holds more than 5000 parts"),
])
def test_hostile_archives_are_refused_in_bounded_memory(app, client, login, scene, crafted,
                                                        case, message):
    path, name = crafted[case]
    login(scene.alice)
    response, peak = upload_measured(client, scene, path, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:2000]
    assert message in page
    assert "Typed by hand and never lost" in page and 'value="Sensor mesh"' in page
    assert peak < MEMORY_BOUND, f"the request took {peak / 2**20:.1f} MB"
    assert solution_services.solution_of(scene.challenge, scene.supplier) is None
    assert staging_files(app) == []


def test_the_refusal_is_in_the_suppliers_language(client, login, scene, crafted):
    scene.alice.locale = "sv"
    db.session.commit()
    login(scene.alice)
    response, peak = upload_measured(client, scene, *crafted["odt_bomb"])
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "skulle packas upp till långt mer än sin egen storlek" in page
    assert "högst 10 MB per fil" in page  # the hint names the configured limit
    assert peak < MEMORY_BOUND


def test_a_real_document_and_a_large_file_are_streamed_in_bounded_memory(
        app, client, login, scene, tmp_path):
    """An accepted file of 9 MB goes to disk in chunks; 11 MB is refused while streaming."""
    login(scene.alice)
    accepted = tmp_path / "plan.pdf"
    accepted.write_bytes(PDF + os.urandom(9 * 2**20))
    response, peak = upload_measured(client, scene, accepted, "plan.pdf")
    assert response.status_code == 302
    assert peak < MEMORY_BOUND, f"the request took {peak / 2**20:.1f} MB"
    (attachment,) = solution_services.attachments_of(
        solution_services.solution_of(scene.challenge, scene.supplier))
    assert attachment_services.storage_path(attachment).read_bytes() == accepted.read_bytes()
    too_large = tmp_path / "huge.pdf"
    too_large.write_bytes(PDF + bytes(11 * 2**20))
    response, peak = upload_measured(client, scene, too_large, "huge.pdf")
    assert response.status_code == 413
    assert "larger than 10 MB" in response.get_data(as_text=True)
    assert peak < MEMORY_BOUND and staging_files(app) == []


def test_a_request_over_the_total_limit_is_refused_before_it_is_read(client, login, scene):
    login(scene.alice)
    page = client.get(solution_url(scene)).get_data(as_text=True)
    declared = client.application.config["MAX_CONTENT_LENGTH"] + 1
    response, peak = peak_memory(lambda: client.post(
        solution_url(scene), data=form_data(scene.challenge, csrf_token=csrf_from(page)),
        environ_overrides={"CONTENT_LENGTH": str(declared)}))
    assert response.status_code == 413
    assert "The file you sent is larger than we accept." in response.get_data(as_text=True)
    assert peak < MEMORY_BOUND


# --- 16.2: files follow the transaction --------------------------------------------------

def refuse_in_database(action: str) -> None:
    """Make the database refuse the audit record of `action`, as a failing commit would:
    the request fails after its files were changed. Undone with the test's transaction."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text(
            "CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit_events "
            f"WHEN NEW.action = '{action}' BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    else:
        db.session.execute(text(
            "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '40001'; END $$"))
        db.session.execute(text(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW "
            f"WHEN (NEW.action = '{action}') EXECUTE FUNCTION refuse_audit()"))
    db.session.commit()


def files_on_disk(app) -> set[Path]:
    return {p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()}


def test_a_failed_replacement_keeps_the_old_file_and_leaves_no_stray_file(
        app, client, login, scene):
    login(scene.alice)
    response = submit(client, solution_url(scene), form_data(
        scene.challenge, attachments=(io.BytesIO(PDF + b"old"), "old.pdf")))
    assert response.status_code == 302
    (old,) = solution_services.attachments_of(
        solution_services.solution_of(scene.challenge, scene.supplier))
    before = files_on_disk(app)
    refuse_in_database("solution.draft_saved")
    response = submit(client, solution_url(scene), form_data(
        scene.challenge, remove_attachments=[str(old.id)],
        attachments=(io.BytesIO(PDF + b"new"), "new.pdf")))
    assert response.status_code in (500, 503)  # the database refused: nothing was saved
    assert files_on_disk(app) == before
    download = client.get(f"/attachments/{old.id}/old.pdf")
    assert download.status_code == 200 and download.data == PDF + b"old"


def test_a_failed_deletion_keeps_the_file(app, client, login, scene):
    owner = make_user(email="owner@uploads.example")
    challenge = make_challenge(owner=make_authority(admin=owner), title="With a brief")
    db.session.commit()
    login(owner)
    edit = f"/challenges/{challenge.id}/edit"
    response = submit(client, f"/challenges/{challenge.id}/attachments",
                      {"file": (io.BytesIO(PDF), "brief.pdf")}, page=edit)
    assert response.status_code == 302
    (brief,) = attachment_services.attachments_of("challenge", challenge.id)
    before = files_on_disk(app)
    refuse_in_database("challenge.attachment_removed")
    response = submit(client, f"/challenges/{challenge.id}/attachments/{brief.id}/delete",
                      page=edit)
    assert response.status_code in (500, 503)
    assert files_on_disk(app) == before
    assert client.get(f"/attachments/{brief.id}/brief.pdf").data == PDF


def test_a_refused_upload_and_a_rollback_leave_nothing_on_disk(app, scene):
    upload = FileStorage(io.BytesIO(PDF), filename="a.pdf")
    checked = attachment_services.checked_upload(upload)
    attachment_services.attach(checked, "solution", 1)
    assert checked.staged.path.is_file()
    db.session.rollback()
    assert not checked.staged.path.exists()
    assert not attachment_services.storage.stored_path(checked.staged.key).exists()


def test_files_move_into_place_only_when_the_row_commits(app, scene):
    upload = FileStorage(io.BytesIO(PDF), filename="a.pdf")
    attachment = attachment_services.store(upload, "solution", 1)
    stored = attachment_services.storage_path(attachment)
    assert not stored.exists()  # flushed, not committed
    db.session.commit()
    assert stored.read_bytes() == PDF
    attachment_services.delete(attachment)
    assert stored.exists()  # deleted, not committed
    db.session.commit()
    assert not stored.exists()


# --- the sweep ---------------------------------------------------------------------------

def _file(path: Path, age_seconds: float, content: bytes = PDF) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_the_sweep_removes_orphans_and_nothing_else(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    grace = app.config["UPLOAD_ORPHAN_GRACE_SECONDS"]
    old, new = grace + 60, grace - 60
    kept = attachment_services.store(
        FileStorage(io.BytesIO(PDF), filename="kept.pdf"), "solution", 1)
    interrupted = attachment_services.store(
        FileStorage(io.BytesIO(PDF), filename="late.pdf"), "solution", 1)
    db.session.commit()
    stored = attachment_services.storage_path
    os.utime(stored(kept), (time.time() - old,) * 2)
    staged = tmp_path / "staging" / interrupted.storage_key  # stopped after its commit
    os.replace(stored(interrupted), staged)
    os.utime(staged, (time.time() - old,) * 2)
    orphans = [_file(tmp_path / "ab" / ("ab" + "1" * 30), old),
               _file(tmp_path / "staging" / ("2" * 32), old)]
    young = [_file(tmp_path / "cd" / ("cd" + "3" * 30), new),
             _file(tmp_path / "staging" / ("4" * 32), new)]
    others = [_file(tmp_path / "README.txt", old), _file(tmp_path / "ab" / "notes", old),
              _file(tmp_path / "xyz" / ("5" * 32), old)]
    report = run_job(JOBS["file_sweep"])
    assert report == "2 orphaned files removed, 1 staged files moved into place"
    assert not any(path.exists() for path in orphans)
    assert all(path.exists() for path in young + others + [stored(kept)])
    assert stored(interrupted).read_bytes() == PDF
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) >= 2


def test_the_sweep_keeps_stored_files_when_the_database_names_no_attachment(
        app, monkeypatch, tmp_path):
    """A worker pointed at the wrong (or an empty, restored) database deletes nothing."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    old = app.config["UPLOAD_ORPHAN_GRACE_SECONDS"] + 60
    stored = _file(tmp_path / "ef" / ("ef" + "6" * 30), old)
    staged = _file(tmp_path / "staging" / ("7" * 32), old)
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
    report = run_job(JOBS["file_sweep"])
    assert report == "1 orphaned files removed, 0 staged files moved into place"
    assert stored.exists() and not staged.exists()


def test_the_sweep_is_a_listed_job(app):
    listing = app.test_cli_runner().invoke(args=["jobs", "list"])
    assert "file_sweep" in listing.output and "every 3600 s" in listing.output
