"""An installed package works on its own and speaks Swedish (what `pip install .` gives a
deployment): the wheel carries the compiled catalogues, templates, static files and
migrations (setup.py), and runs outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run by the fresh environment's Python, in a folder outside the checkout: migrate an
# empty database, then ask for pages and an e-mail in Swedish.
SCRIPT = """
import sys
from pathlib import Path

import app, config
from app import create_app
from app.extensions import db
from flask_migrate import upgrade

assert Path(app.__file__).is_relative_to(sys.prefix), app.__file__
assert not config.IN_CHECKOUT
application = create_app()
with application.app_context():
    upgrade()
    from app.accounts.services import create_user
    from app.notifications.services import render_email
    user = create_user("person@example.se", "Person", "correct-horse-battery-9")
    user.locale = "sv"
    db.session.commit()
    email = render_email("accounts/password_changed", "sv", recipient=user)
client = application.test_client()
home = client.get("/", headers={"Accept-Language": "sv"})
login = client.get("/auth/login", headers={"Accept-Language": "sv"})
css = client.get("/static/css/arena.css")
print(home.status_code, login.status_code, css.status_code)
print(email.subject)
print(login.get_data(as_text=True))
"""


def _site_packages(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                          "'purelib'))"], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def _fresh_copy(target: Path) -> Path:
    """The checkout's files as a fresh clone has them: no compiled catalogues, no build/."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def test_a_wheel_installed_outside_the_checkout_speaks_swedish(tmp_path):
    wheels, venv, elsewhere = tmp_path / "wheels", tmp_path / "venv", tmp_path / "site"
    source = _fresh_copy(tmp_path / "source")
    assert not list(source.glob("app/*/translations/*/LC_MESSAGES/*.mo"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "-w", str(wheels)], check=True, cwd=tmp_path, capture_output=True)
    (wheel,) = wheels.glob("innovation_arena-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The fresh environment gets the dependencies of ours (not our editable install,
    # whose finder lives in a .pth file that a path entry does not run), and the wheel.
    (_site_packages(python) / "dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n")
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    elsewhere.mkdir()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'arena.sqlite'}",
           "ARENA_ENV": "development", "PYTHONPATH": ""}
    result = subprocess.run([str(python), "-c", SCRIPT], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    statuses, subject, page = result.stdout.split("\n", 2)
    assert statuses == "200 200 200"
    assert subject == "Ditt lösenord har ändrats"
    assert "Logga in" in page and 'lang="sv"' in page
    assert (elsewhere / "instance").is_dir()  # data next to where it runs, not in the venv
