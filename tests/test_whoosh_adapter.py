"""The Whoosh adapter's assumptions about whoosh-reloaded's internals, each checked against
the library's public API on a real index, so an upgrade that breaks one fails here."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, TEXT, Schema
from whoosh.writing import SegmentWriter

from app.search.backends import bitsets, whoosh_adapter
from app.search.backends.whoosh_adapter import (
    LENGTHS,
    PostingsCache,
    UnsupportedWhoosh,
    check_version,
    decode,
    length_bytes,
    numeric_column,
    per_document_reader,
    positions_in,
    raw_matcher,
)

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = 40  # with blocks of 8 postings, "vatten" spans several blocks


def _schema() -> Schema:
    return Schema(key=ID(stored=True, unique=True), body=TEXT(),
                  published=COLUMN(NumericColumn("Q", default=0)))


def _body(number: int) -> str:
    return " ".join(["vatten"] * (1 + number % 3) + ["avfall"] * (number % 2) + ["ord"] * number)


def _build(directory: Path, delete: tuple[int, ...] = ()):
    ix = whoosh_index.create_in(str(directory), _schema())
    writer = ix.writer(codec=W3Codec(blocklimit=8, compression=0), compound=False)
    for number in range(DOCUMENTS):
        writer.add_document(key=f"d{number}", body=_body(number), published=1000 + number * 7)
    writer.commit()
    if delete:
        writer = ix.writer()
        for number in delete:
            writer.delete_by_term("key", f"d{number}")
        writer.commit()
    return ix


@pytest.fixture
def reader(tmp_path):
    ix = _build(tmp_path)
    with ix.searcher() as searcher:
        yield searcher.reader()


def test_only_the_supported_version_is_accepted():
    check_version((2, 7, 5))
    with pytest.raises(UnsupportedWhoosh, match="2.7.6"):
        check_version((2, 7, 6))
    check_version()  # the installed one


def test_numeric_columns_read_in_one_go_equal_the_public_column_reader(reader):
    public = reader.column_reader("published")
    assert list(numeric_column(reader, "published", "Q")) == [
        public[docnum] for docnum in range(DOCUMENTS)]


def test_length_columns_equal_the_public_field_lengths(reader):
    lengths = length_bytes(per_document_reader(reader), "body")
    assert len(lengths) == DOCUMENTS
    assert [LENGTHS[byte] for byte in lengths] == [
        reader.doc_field_length(docnum, "body") for docnum in range(DOCUMENTS)]


def test_postings_decoded_block_by_block_equal_the_public_matcher(reader):
    for word in ("vatten", "avfall", "ord"):
        public = reader.postings("body", word)
        expected = []
        while public.is_active():
            expected.append((public.id(), public.weight()))
            public.next()
        ids, weights = decode(raw_matcher(reader, "body", word))
        assert list(zip(ids, weights, strict=True)) == expected, word
    assert raw_matcher(reader, "body", "saknas") is None


def test_positions_of_chosen_documents_equal_the_public_matcher(reader):
    decode_positions = reader.schema["body"].format.decode_positions
    for word in ("vatten", "avfall", "ord"):
        public, expected = reader.postings("body", word), {}
        while public.is_active():
            expected[public.id()] = list(public.value_as("positions"))
            public.next()
        for chosen in ([], [0], [1, 2, 17, 39], [9, 10, 11], list(range(DOCUMENTS))):
            found = positions_in(raw_matcher(reader, "body", word),
                                 bitsets.from_ids(chosen, DOCUMENTS), decode_positions)
            assert found == {d: p for d, p in expected.items() if d in chosen}, (word, chosen)


def test_the_raw_matcher_still_holds_deleted_documents(tmp_path):
    ix = _build(tmp_path, delete=(0, 3))
    with ix.searcher() as searcher:
        (segment_reader, _offset), *_ = searcher.reader().leaf_readers()
        ids, _weights = decode(raw_matcher(segment_reader, "body", "vatten"))
        assert 0 in ids and 3 in ids  # the engine removes them with its live set
        assert segment_reader.deleted_docs_set == {0, 3}


def _index_contents(directory: Path) -> dict:
    ix = whoosh_index.open_dir(str(directory))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        contents = {"field_length": reader.field_length("body"),
                    "max_length": reader.max_field_length("body")}
        for field, text in reader.all_terms():
            info = reader.term_info(field, text)
            contents[(field, text)] = (info.weight(), info.doc_frequency(),
                                       info.min_length(), info.max_length(),
                                       list(reader.postings(field, text).all_ids()))
        return contents


def test_the_patched_writer_writes_the_same_index(tmp_path):
    was_installed = whoosh_adapter.installed()
    try:
        for name in ("plain", "patched"):
            (tmp_path / name).mkdir()
        whoosh_adapter.uninstall()
        _build(tmp_path / "plain")
        whoosh_adapter.install()
        assert SegmentWriter._flush_segment is not whoosh_adapter._ORIGINAL_FLUSH
        _build(tmp_path / "patched")
    finally:
        (whoosh_adapter.install if was_installed else whoosh_adapter.uninstall)()
    assert _index_contents(tmp_path / "patched") == _index_contents(tmp_path / "plain")


def test_the_patch_is_installed_by_init_app_not_by_importing():
    script = (
        "from app.search.backends import whoosh_adapter, whoosh_backend, whoosh_engine\n"
        "import app.search.services\n"
        "assert not whoosh_adapter.installed(), 'patched on import'\n"
        "import config\n"
        "from app import create_app\n"
        "create_app(config.TestConfig)\n"
        "assert whoosh_adapter.installed(), 'not patched by init_app'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_postings_cache_is_shared_safely_by_threads():
    cache = PostingsCache(budget=500)
    failures: list[BaseException] = []

    def value(key: int) -> tuple[list[int], int]:
        return list(range(key % 37)), key

    def work(seed: int) -> None:
        try:
            for step in range(3000):
                key = (seed * 7919 + step * 31) % 211
                found = cache.get(("segment", "body", key), lambda k=key: value(k))
                assert found == value(key)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert cache.size <= 500 + 36
