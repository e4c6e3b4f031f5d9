"""Fill Swedish translations from a JSON file {area: {msgid: msgstr}}: used when adding texts.

    python tools/po_fill.py translations.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def fill(area: str, strings: dict[str, str]) -> int:
    path = ROOT / "app" / area / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
    catalogue = read_po(path.open("rb"))
    filled = 0
    for message in catalogue:
        if isinstance(message.id, str) and message.id in strings:
            message.string = strings[message.id]
            message.flags.discard("fuzzy")
            filled += 1
    with path.open("wb") as handle:
        write_po(handle, catalogue, sort_output=True, width=100)
    return filled


def main(argv: list[str]) -> None:
    data = json.loads(Path(argv[0]).read_text())
    for area, strings in data.items():
        print(f"{area}: {fill(area, strings)} filled")


if __name__ == "__main__":
    main(sys.argv[1:])
