"""Every Swedish catalogue is complete and its placeholders match the English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOGUES = sorted(Path("app").glob("*/translations/sv/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[1])
def test_swedish_catalogue_is_complete(path):
    catalogue = read_po(path.open("rb"))
    missing, mismatched = [], []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            missing.append(ids[0])
            continue
        expected = set(PLACEHOLDER.findall(ids[-1]))
        if any(set(PLACEHOLDER.findall(s)) - expected for s in strings):
            mismatched.append(ids[0])
    assert missing == [], f"untranslated in {path}"
    assert mismatched == [], f"placeholders differ in {path}"
