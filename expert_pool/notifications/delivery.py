"""Delivering the outbox through SMTP: one message at a time, each marked sent (or postponed with
a growing delay) and committed before the next, so that nothing is sent twice or lost when the
server is down. This is edge work, like a CLI command: it commits."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from sqlalchemy import func, or_, select, update

from ..database import utcnow
from ..extensions import db
from .models import OutboxMessage

logger = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    """What one run of the sender did."""

    sent: int = 0
    postponed: int = 0
    failed: int = 0
    kept: int = 0
    error: str = ""


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the n-th failed attempt: doubling, up to OUTBOX_RETRY_MAX_SECONDS."""
    config = current_app.config
    seconds = config["OUTBOX_RETRY_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["OUTBOX_RETRY_MAX_SECONDS"]))


def _due(now: datetime, include_waiting: bool):
    query = select(OutboxMessage).where(OutboxMessage.status == "pending")
    if not include_waiting:
        query = query.where(
            or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)
        )
    return query


def count_due(now: datetime | None = None, include_waiting: bool = False) -> int:
    """How many messages are waiting to be sent now."""
    query = _due(now or utcnow(), include_waiting).with_only_columns(func.count())
    return db.session.scalar(query.order_by(None)) or 0


def _connect() -> smtplib.SMTP:
    config = current_app.config
    cls = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    connection = cls(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
    if config["MAIL_USE_TLS"]:
        connection.starttls()
    if config["MAIL_USERNAME"]:
        connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return connection


def _email_of(message: OutboxMessage) -> EmailMessage:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email


def _postpone(message: OutboxMessage, error: Exception, now: datetime, permanent: bool) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if permanent and message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        message.status = "failed"
        message.next_attempt_at = None
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)


def _lease(message: OutboxMessage, now: datetime) -> bool:
    """Take the message for this sender by moving its next attempt past the time a delivery
    takes, if no other sender changed it since it was read; committed before sending, so
    another process (SQLite has no row locks) sees it taken."""
    lease = now + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    taken = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message.id,
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at.is_not_distinct_from(message.next_attempt_at),
        )
        .values(next_attempt_at=lease)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return taken == 1


def _claim(now: datetime, include_waiting: bool, tried: set[int]) -> OutboxMessage | None:
    # Several senders may run at once (several workers, the CLI, the after-request hook):
    # SKIP LOCKED lets each take a different message on PostgreSQL, the lease on SQLite.
    while True:
        query = _due(now, include_waiting).order_by(OutboxMessage.id).limit(1)
        if tried:
            query = query.where(OutboxMessage.id.not_in(tried))
        message = db.session.scalar(query.with_for_update(skip_locked=True))
        if message is None:
            return None
        tried.add(message.id)
        if _lease(message, now):
            return message


def keep_due(now: datetime, *, limit: int = 500, include_waiting: bool = False) -> DeliveryReport:
    """Without a mail server, mark the due messages as kept: they are read on the outbox page."""
    report = DeliveryReport()
    tried: set[int] = set()
    while report.kept < limit:
        message = _claim(now, include_waiting, tried)
        if message is None:
            break
        message.status = "kept"
        message.sent_at = utcnow()
        report.kept += 1
        db.session.commit()
    if report.kept:
        logger.info("outbox: %s kept for the outbox page (no MAIL_SERVER)", report.kept)
    return report


def deliver_due(
    now: datetime | None = None, *, limit: int = 500, include_waiting: bool = False
) -> DeliveryReport:
    """Send up to `limit` due messages; `include_waiting` also sends those whose next retry is
    later. A message that cannot be sent stays in the outbox for the next run."""
    now = now or utcnow()
    if not current_app.config["MAIL_SERVER"]:
        return keep_due(now, limit=limit, include_waiting=include_waiting)
    report = DeliveryReport()
    tried: set[int] = set()
    connection: smtplib.SMTP | None = None
    try:
        while len(tried) < limit:
            message = _claim(now, include_waiting, tried)
            if message is None:
                break
            try:
                if connection is None:
                    connection = _connect()
                connection.send_message(_email_of(message))
            except smtplib.SMTPRecipientsRefused as error:
                codes = [code for code, _ in error.recipients.values()] or [550]
                _postpone(message, error, now, permanent=min(codes) >= 500)
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                _postpone(message, error, now, permanent=error.smtp_code >= 500)
            except (smtplib.SMTPException, OSError) as error:
                # The server is down or dropped us: keep everything for the next run.
                _postpone(message, error, now, permanent=False)
                report.postponed += 1
                report.error = message.last_error
                db.session.commit()
                break
            else:
                message.status = "sent"
                message.sent_at = utcnow()
                message.attempts += 1
                message.last_error = ""
                message.next_attempt_at = None
                report.sent += 1
            if message.status == "failed":
                report.failed += 1
            elif message.status == "pending":
                report.postponed += 1
            db.session.commit()
    finally:
        db.session.rollback()
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()
    if report.sent or report.postponed or report.failed:
        logger.info(
            "outbox: %s sent, %s postponed, %s failed",
            report.sent,
            report.postponed,
            report.failed,
        )
    return report
