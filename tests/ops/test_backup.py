"""Backups: `backup create` copies the database and the attachments into one file and `backup
restore` brings both back after they changed, on SQLite and PostgreSQL."""

from sqlalchemy import func, select

from expert_pool.extensions import db
from expert_pool.helpdesk.services.attachments import attachments_dir
from expert_pool.notifications.models import OutboxMessage
from expert_pool.notifications.services import queue_email


def count() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)))


def test_a_backup_restores_the_database_and_the_attachments(world, runner, tmp_path):
    queue_email("kept@example.org", "Before the backup", "Body\n")
    db.session.commit()
    stored = attachments_dir() / "report.pdf"
    stored.write_bytes(b"%PDF-1.4 the report")
    file = tmp_path / "backup.tar.gz"

    created = runner.invoke(args=["backup", "create", str(file)])
    assert created.exit_code == 0, created.output
    assert "Backed up" in created.output and file.stat().st_size > 0

    queue_email("later@example.org", "After the backup", "Body\n")
    db.session.commit()
    stored.unlink()
    (attachments_dir() / "later.txt").write_text("added later")
    before = count() - 1

    restored = runner.invoke(args=["backup", "restore", str(file)])
    assert restored.exit_code == 0, restored.output
    db.session.remove()
    assert count() == before
    subjects = set(db.session.scalars(select(OutboxMessage.subject)))
    assert "Before the backup" in subjects and "After the backup" not in subjects
    assert stored.read_bytes() == b"%PDF-1.4 the report"
    assert not (attachments_dir() / "later.txt").exists()


def test_a_file_that_is_not_a_backup_is_refused_by_name(runner, tmp_path, app):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_text("not an archive")
    result = runner.invoke(args=["backup", "restore", str(bogus)])
    assert result.exit_code == 1 and "is not a backup of Expert Pool" in result.output
