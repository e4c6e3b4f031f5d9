"""Attachments: accepted by content, not by name; stored outside static; access-checked."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from app.attachments import services
from app.core.domain import DomainError
from app.extensions import db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes(compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                         compress_type=compression)
        archive.writestr("content.xml", "<office:document-content/>",
                         compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# A sheet's XML over 1 MB (so the ratio limit applies), compressing as real sheets do.
SHEET = "".join(f'<row r="{n}"><c r="A{n}"><v>{n * 7919 % 100_003}</v></c></row>'
                for n in range(1, 30_000))


def zip64_xlsx_bytes() -> bytes:
    """Written with ZIP64 records, as some office programs do even for small files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("[Content_Types].xml", "<Types/>"),
                           ("xl/worksheets/sheet1.xml", SHEET)):
            with archive.open(name, "w", force_zip64=True) as entry:
                entry.write(text.encode())
    return buffer.getvalue()


def zip64_directory_odt(unpacked: int | None = None) -> bytes:
    """An OpenDocument whose directory gives its sizes in a ZIP64 extra field, built by
    hand (zipfile writes one only for entries over 4 GB); `unpacked` overrides the size."""
    name, data = b"mimetype", b"application/vnd.oasis.opendocument.text"
    crc = zlib.crc32(data)
    local = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 45, 0, 0, 0, 0, 0, crc, len(data),
                        len(data), len(name), 0) + name + data
    extra = struct.pack("<2H2Q", 1, 16, unpacked or len(data), len(data))
    central = struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 45, 3, 45, 0, 0, 0, 0, 0, crc,
                          0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra), 0, 0, 0, 0, 0)
    central += name + extra
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local), 0)
    return local + central + end


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.mark.parametrize("data, name, content_type", [
    (PDF, "plan.pdf", "application/pdf"),
    (PNG, "bild.png", "image/png"),
    (docx_bytes(), "kravspec.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (odt_bytes(), "anbud.odt", "application/vnd.oasis.opendocument.text"),
    (odt_bytes(zipfile.ZIP_DEFLATED), "anbud.odt", "application/vnd.oasis.opendocument.text"),
    (zip64_xlsx_bytes(), "budget.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (zip64_directory_odt(), "anbud.odt", "application/vnd.oasis.opendocument.text"),
])
def test_accepted_files(data, name, content_type):
    checked = services.checked_upload(upload(data, name))
    assert checked.content_type == content_type and checked.filename == name


@pytest.mark.parametrize("data, name", [
    (b"<script>alert(1)</script>", "report.pdf"),      # disguised as PDF
    (b"MZ\x90\x00 executable", "invoice.docx"),         # an executable
    (PDF, "plan.exe"),                                  # right content, wrong name
    (b"PK\x03\x04not-a-zip", "sheet.xlsx"),             # broken archive
    (odt_bytes()[:-30], "anbud.odt"),                   # truncated archive
    (docx_bytes(), "kravspec.odt"),                     # Word named as OpenDocument
])
def test_disguised_or_unknown_files_are_refused(data, name):
    with pytest.raises(DomainError, match="not an accepted file"):
        services.checked_upload(upload(data, name))


def test_a_zip64_size_that_breaks_the_limits_is_refused():
    with pytest.raises(DomainError, match="would unpack to far more"):
        services.checked_upload(upload(zip64_directory_odt(unpacked=3 * 2**30), "anbud.odt"))


def test_oversized_file_is_refused_without_leaving_anything(app):
    max_bytes = app.config["UPLOAD_MAX_BYTES"]
    with pytest.raises(DomainError) as error:
        services.checked_upload(upload(PDF + b"0" * max_bytes, "big.pdf"))
    assert error.value.status == 413
    staging = Path(app.config["UPLOAD_DIR"]) / "staging"
    assert not any(staging.iterdir())


def test_stored_outside_static_and_served_only_when_allowed(app, client):
    attachment = services.store(upload(PDF, "secret.pdf"), "test_owner", 7)
    db.session.commit()
    path = services.storage_path(attachment)
    assert path.read_bytes() == PDF
    assert Path(app.static_folder) not in path.parents
    allowed = {"yes": False}
    services.register_owner("test_owner", lambda owner_id: {"id": owner_id},
                            lambda user, owner: allowed["yes"])
    url = f"/attachments/{attachment.id}/secret.pdf"
    assert client.get(url).status_code == 404
    allowed["yes"] = True
    response = client.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert "no-store" in response.headers["Cache-Control"]
