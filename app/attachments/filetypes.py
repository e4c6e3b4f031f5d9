"""Which kind of file an upload is, judged by its content (never by its name alone)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.attachments import archives


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: frozenset[str]


KINDS = {
    "pdf": FileKind("application/pdf", frozenset({"pdf"})),
    "png": FileKind("image/png", frozenset({"png"})),
    "jpeg": FileKind("image/jpeg", frozenset({"jpg", "jpeg"})),
    "docx": FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     frozenset({"docx"})),
    "xlsx": FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     frozenset({"xlsx"})),
    "pptx": FileKind("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                     frozenset({"pptx"})),
    "odt": FileKind("application/vnd.oasis.opendocument.text", frozenset({"odt"})),
    "ods": FileKind("application/vnd.oasis.opendocument.spreadsheet", frozenset({"ods"})),
    "odp": FileKind("application/vnd.oasis.opendocument.presentation", frozenset({"odp"})),
    "ole": FileKind("application/octet-stream", frozenset({"doc", "xls", "ppt"})),
}
OLE_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel",
             "ppt": "application/vnd.ms-powerpoint"}
MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)
ZIP_MAGIC = b"PK\x03\x04"
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OOXML_MARKER = "[Content_Types].xml"
ODF_MIMETYPE = "mimetype"
ODF_TYPES = {KINDS[k].content_type.encode("ascii"): k for k in ("odt", "ods", "odp")}
MIMETYPE_PEEK_BYTES = 64  # longer than any ODF media type we accept


def detect(path: Path, head: bytes, limits: archives.Limits) -> str | None:
    """The kind of the file at `path` (whose first bytes are `head`), or None.

    ZIP-based documents are judged by their directory and at most a few bytes of one
    entry; archives.ImplausibleArchive if the directory breaks the limits.
    """
    kind = next((kind for magic, kind in MAGIC if head.startswith(magic)), None)
    if kind is None and head.startswith(ZIP_MAGIC):
        return _office_kind(path, limits)
    return kind


def content_type(kind: str, extension: str) -> str:
    """The media type a file of this kind and extension is served with."""
    return OLE_TYPES[extension] if kind == "ole" else KINDS[kind].content_type


def _office_kind(path: Path, limits: archives.Limits) -> str | None:
    with path.open("rb") as fp:
        try:
            directory = archives.inspect(
                fp, path.stat().st_size, limits, names=(ODF_MIMETYPE, OOXML_MARKER),
                prefixes=tuple(OOXML_PARTS.values()))
            if ODF_MIMETYPE in directory.names:
                return _odf_kind(fp, directory.entries[ODF_MIMETYPE])
        except archives.BadArchive:
            return None
    if OOXML_MARKER not in directory.names:
        return None
    return next((k for k, part in OOXML_PARTS.items() if part in directory.prefixes), None)


def _odf_kind(fp, entry: archives.Entry) -> str | None:
    return ODF_TYPES.get(archives.first_bytes(fp, entry, MIMETYPE_PEEK_BYTES).strip())
