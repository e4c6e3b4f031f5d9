"""The build steps pyproject.toml cannot express (the metadata is in pyproject.toml).

A wheel must work on its own, outside the checkout (`pip install .`, as the deployment
guide says): so building it compiles the translation catalogues (the .mo files are not
in git) and copies the templates, static files and migrations into the package, under
app/site/ (config.SITE_DIR finds them there).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SITE_FOLDERS = ("templates", "static", "migrations")


def compile_catalogues(source: Path, target: Path) -> None:
    """Compile every area's messages.po under `source` into messages.mo under `target`."""
    for po in sorted(source.glob("*/translations/*/LC_MESSAGES/messages.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as readable, mo.open("wb") as writable:
            write_mo(writable, read_po(readable))


class BuildPyWithSite(build_py):
    """build_py, plus the compiled catalogues and the site's files in the package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install runs from the checkout itself
            compile_catalogues(ROOT / "app", ROOT / "app")
            return
        package = Path(self.build_lib) / "app"
        compile_catalogues(ROOT / "app", package)
        for folder in SITE_FOLDERS:
            shutil.copytree(ROOT / folder, package / "site" / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "src"))


setup(cmdclass={"build_py": BuildPyWithSite})
