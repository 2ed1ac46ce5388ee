"""The worker's jobs. Each calls the same service as its CLI command and commits at the edge, as
a command does; any number of workers may run them at once (the services claim their rows)."""

import logging
import os
import socket

from flask import current_app

from ..database import utcnow
from ..experts.verification import send_verification_reminders
from ..extensions import db
from ..helpdesk.services import expire_invitations
from ..matching.services import index_stale_experts, prune_changes
from ..needs.services import send_round_reminders
from ..notifications.delivery import deliver_due
from ..reports.gaps import refresh_gap_scores
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def worker_name() -> str:
    """This process, as the heartbeats name it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def record_heartbeat() -> None:
    """Say in the database that this worker is alive (read by /healthz)."""
    name = worker_name()
    beat = db.session.get(WorkerHeartbeat, name)
    if beat is None:
        db.session.add(WorkerHeartbeat(name=name))
    else:
        beat.last_seen_at = utcnow()
    db.session.commit()


def send_outbox() -> None:
    """Send (or, without MAIL_SERVER, keep for the outbox page) the messages that are due."""
    report = deliver_due(limit=current_app.config["WORKER_OUTBOX_BATCH"])
    if report.error:
        logger.warning("the mail server could not be reached: %s", report.error)


def index_changed_profiles() -> None:
    """Store the vectors of the profiles changed since their last embedding (each process's
    matcher has embedded them in memory already; stored, a new process reads them)."""
    indexed = index_stale_experts()
    db.session.commit()
    if indexed:
        logger.info("indexed %s changed profile(s)", indexed)


def refresh_gaps() -> None:
    """Score the default period's requests whose coverage-gap score is out of date."""
    refresh_gap_scores()
    db.session.commit()


def expire_unanswered_invitations() -> None:
    """Expire the invitations nobody answered in time; staff and the expert are told."""
    expired = expire_invitations()
    db.session.commit()
    if expired:
        logger.info("expired %s invitation(s)", len(expired))


def remind_verifications() -> None:
    """Remind the experts whose profile is overdue for verification."""
    reminded = send_verification_reminders()
    db.session.commit()
    if reminded:
        logger.info("reminded %s expert(s) to verify their profile", len(reminded))


def prune_matcher_changes() -> None:
    """Delete the matcher's change-log rows older than MATCHER_CHANGES_KEEP_SECONDS."""
    pruned = prune_changes(current_app.config["MATCHER_CHANGES_KEEP_SECONDS"])
    db.session.commit()
    if pruned:
        logger.info("pruned %s row(s) of the matcher's change log", pruned)


def remind_questionnaires() -> None:
    """Remind the Parties whose needs questionnaire is due soon and not submitted yet."""
    reminded = send_round_reminders()
    db.session.commit()
    if reminded:
        logger.info("reminded %s Party response(s) of their questionnaire", len(reminded))
