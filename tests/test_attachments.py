"""Attachments: accepted by content, not by name; stored outside static; access-checked."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from app.attachments import services
from app.core.domain import DomainError

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.mark.parametrize("data, name, content_type", [
    (PDF, "plan.pdf", "application/pdf"),
    (PNG, "bild.png", "image/png"),
    (docx_bytes(), "kravspec.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_accepted_files(data, name, content_type):
    _, filename, detected = services.checked_upload(upload(data, name))
    assert detected == content_type and filename == name


@pytest.mark.parametrize("data, name", [
    (b"<script>alert(1)</script>", "report.pdf"),      # disguised as PDF
    (b"MZ\x90\x00 executable", "invoice.docx"),         # an executable
    (PDF, "plan.exe"),                                  # right content, wrong name
    (b"PK\x03\x04not-a-zip", "sheet.xlsx"),             # broken archive
])
def test_disguised_or_unknown_files_are_refused(data, name):
    with pytest.raises(DomainError, match="not an accepted file"):
        services.checked_upload(upload(data, name))


def test_oversized_file_is_refused():
    with pytest.raises(DomainError) as error:
        services.checked_upload(upload(PDF + b"0" * services.MAX_BYTES, "big.pdf"))
    assert error.value.status == 413


def test_stored_outside_static_and_served_only_when_allowed(app, client):
    attachment = services.store(upload(PDF, "secret.pdf"), "test_owner", 7)
    path = services.storage_path(attachment)
    assert path.read_bytes() == PDF
    assert Path(app.static_folder) not in path.parents
    allowed = {"yes": False}
    services.register_owner("test_owner", lambda owner_id: {"id": owner_id},
                            lambda user, owner: allowed["yes"])
    url = f"/attachments/{attachment.id}/secret.pdf"
    from app.extensions import db

    db.session.commit()
    assert client.get(url).status_code == 404
    allowed["yes"] = True
    response = client.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert "no-store" in response.headers["Cache-Control"]
