"""A consistent copy of the database and of the attachments in one .tar.gz, and its restore on
a fresh install: SQLite through its online backup API (safe while the app runs), PostgreSQL
through pg_dump and pg_restore (one snapshot)."""

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from flask_babel import gettext as _

from ..database import utcnow
from ..exceptions import ValidationError
from ..extensions import db
from ..helpdesk.services.attachments import attachments_dir

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}


def _backend() -> str:
    return db.engine.url.get_backend_name()


def _pg_command(program: str, *args: str) -> None:
    url = db.engine.url
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    plain = url.set(drivername="postgresql", password=None)
    target = plain.render_as_string(hide_password=False)
    subprocess.run([program, *args, "--dbname", target], check=True, env=env, capture_output=True)


def _dump(path: Path) -> None:
    if _backend() == "sqlite":
        source = sqlite3.connect(db.engine.url.database)
        with sqlite3.connect(path) as copy:
            source.backup(copy)
        copy.close()
        source.close()
    else:
        _pg_command("pg_dump", "--format=custom", "--no-owner", f"--file={path}")


def _load(path: Path) -> None:
    db.session.remove()
    db.engine.dispose()
    if _backend() == "sqlite":
        source = sqlite3.connect(path)
        with sqlite3.connect(db.engine.url.database) as target:
            source.backup(target)
        target.close()
        source.close()
    else:
        _pg_command("pg_restore", "--clean", "--if-exists", "--no-owner", str(path))


def create_backup(file: Path) -> dict:
    """Write the database and the attachments to `file` (.tar.gz); the manifest it holds."""
    manifest = {"backend": _backend(), "created_at": utcnow().isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMPS[manifest["backend"]]
        _dump(dump)
        with tarfile.open(file, "w:gz") as archive:
            manifest_path = Path(work) / MANIFEST
            manifest_path.write_text(json.dumps(manifest))
            archive.add(manifest_path, MANIFEST)
            archive.add(dump, dump.name)
            archive.add(attachments_dir(), "attachments")
    logger.info("backup of the %s database and attachments written to %s", _backend(), file)
    return manifest


def restore_backup(file: Path) -> dict:
    """Replace the database and the attachments by those of a backup of the same backend."""
    with tempfile.TemporaryDirectory() as work, tarfile.open(file, "r:gz") as archive:
        archive.extractall(work, filter="data")
        manifest = json.loads((Path(work) / MANIFEST).read_text())
        if manifest.get("backend") != _backend():
            raise ValidationError.on(
                "file",
                _(
                    "%(file)s holds a %(found)s database; this install uses %(used)s",
                    file=file.name,
                    found=manifest.get("backend"),
                    used=_backend(),
                ),
            )
        _load(Path(work) / DUMPS[manifest["backend"]])
        folder = attachments_dir()
        shutil.rmtree(folder)
        shutil.copytree(Path(work) / "attachments", folder)
    logger.info("restored the %s database and attachments from %s", _backend(), file)
    return manifest
