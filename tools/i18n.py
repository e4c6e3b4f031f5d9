"""Translation catalogues, one per area: `python tools/i18n.py update|compile [area ...]`.

Each area under app/ keeps `translations/sv/LC_MESSAGES/messages.po`, extracted from its
Python code, `templates/<area>/` and `templates/email/<area>/`. The shared parts (base
layout, macros, error pages, landing page) belong to the `core` area.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_TEMPLATES = ["templates/base.html", "templates/core", "templates/macros", "templates/errors",
                    "templates/main", "templates/email/layout.html",
                    "templates/email/_macros.html", "templates/email/_footer.txt"]
LOCALES = ["sv"]


def areas() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "app").glob("*/__init__.py"))


def sources(area: str) -> list[str]:
    paths = [f"app/{area}"]
    if area == "core":
        paths += ["app/__init__.py", "app/main"] + SHARED_TEMPLATES
    elif area != "main":
        paths += [f"templates/{area}", f"templates/email/{area}"]
    return [p for p in paths if (ROOT / p).exists()]


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)


def update(area: str) -> None:
    folder = ROOT / "app" / area / "translations"
    pot = folder / "messages.pot"
    folder.mkdir(exist_ok=True)
    run("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
        "-o", str(pot.relative_to(ROOT)), *sources(area))
    if pot.read_text().count('msgid "') <= 1:  # only the header: nothing to translate
        pot.unlink()
        return
    for locale in LOCALES:
        po = folder / locale / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        extra = ["--no-fuzzy-matching"] if command == "update" else []
        run(command, "-i", str(pot.relative_to(ROOT)), "-d", str(folder.relative_to(ROOT)),
            "-l", locale, *extra)
    pot.unlink()


def compile_all() -> None:
    for po in sorted((ROOT / "app").glob("*/translations/*/LC_MESSAGES/messages.po")):
        run("compile", "-i", str(po.relative_to(ROOT)), "-o",
            str(po.with_suffix(".mo").relative_to(ROOT)))


def main(argv: list[str]) -> None:
    command, *names = argv or ["compile"]
    if command == "update":
        for area in names or [a for a in areas() if a != "main"]:
            update(area)
    elif command == "compile":
        compile_all()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
