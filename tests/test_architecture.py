"""The structure the code promises (docs/architecture.md): each area imports on its own,
and the layering holds. `make test` also runs `lint-imports` (the contracts are in
pyproject.toml); the test below runs them too, so a plain pytest run checks them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AREAS = sorted(p.parent.name for p in (ROOT / "app").glob("*/__init__.py"))

# In one fresh interpreter, import only third-party libraries, then fork a child per area
# that imports the area and every module in it: with none of our modules imported before,
# an area that works only after another was imported (a hidden order, or a cycle) fails.
# (The fork spares each child the second it takes to import Flask, SQLAlchemy and co.)
IMPORT_EACH_ALONE = """
import importlib, os, pkgutil, sys, traceback
for library in ("flask", "flask_babel", "flask_login", "flask_wtf", "flask_sqlalchemy",
                "flask_migrate", "flask_limiter", "flask_mail", "flask_talisman", "sqlalchemy",
                "wtforms", "govuk_frontend_wtf", "whoosh", "markdown_it", "nh3", "yaml",
                "babel", "fpdf", "segno", "argon2", "pyotp", "psycopg", "tqdm"):
    importlib.import_module(library)
assert not [name for name in sys.modules if name == "app" or name.startswith("app.")]
failed = []
for area in sys.argv[1:]:
    child = os.fork()
    if child == 0:
        try:
            package = importlib.import_module(area)
            for module in pkgutil.walk_packages(package.__path__, area + "."):
                importlib.import_module(module.name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    if os.waitpid(child, 0)[1]:
        failed.append(area)
print("FAILED:", " ".join(failed))
"""


def test_every_area_imports_alone_in_a_fresh_interpreter():
    assert len(AREAS) >= 17
    result = subprocess.run([sys.executable, "-c", IMPORT_EACH_ALONE,
                             *(f"app.{area}" for area in AREAS)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "FAILED:", result.stderr[-3000:]


def test_the_layering_contracts_hold():
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.fail("import-linter is missing: make install-dev")
    result = subprocess.run([str(linter), "--no-logo", "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_migration_files_are_numbered_in_chain_order_without_gaps():
    """`0001_…` is the first migration, each next file the one that revises it; a new
    migration takes the next number (its revision id may be anything unique)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    chain = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    names = [Path(script.path).name for script in chain]
    assert [name[:5] for name in names] == [f"{n:04d}_" for n in range(1, len(chain) + 1)]


GETTEXT_NAMES = {"gettext", "ngettext", "pgettext", "npgettext"}


def _eager_gettext_names(tree) -> set[str]:
    """The names a module binds to Flask-Babel's (eager) gettext functions, e.g. `_`."""
    import ast

    return {alias.asname or alias.name for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module in {"flask_babel", "gettext"}
            for alias in node.names if alias.name in GETTEXT_NAMES}


def _calls_run_at_import(node):
    """Calls evaluated when the module is imported: outside every function and lambda
    (class bodies and default arguments run at import too)."""
    import ast

    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        for default in node.args.defaults + node.args.kw_defaults:
            if default is not None:
                yield from _calls_run_at_import(default)
        for decorator in node.decorator_list:
            yield from _calls_run_at_import(decorator)
        return
    if isinstance(node, ast.Lambda):
        return
    if isinstance(node, ast.Call):
        yield node
    for child in ast.iter_child_nodes(node):
        yield from _calls_run_at_import(child)


def test_no_text_is_translated_at_import_time():
    """Text defined at module level must be lazy (`lazy_gettext as _l`): `gettext` there
    runs once, at import, outside any request, and so is always English."""
    import ast

    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        eager = _eager_gettext_names(tree)
        found += [f"{path.relative_to(ROOT)}:{call.lineno}"
                  for call in _calls_run_at_import(tree)
                  if isinstance(call.func, ast.Name) and call.func.id in eager]
    assert found == []
