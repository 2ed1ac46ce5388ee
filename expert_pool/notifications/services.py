"""The email outbox: queueing messages in the transaction of the change they announce, each
written in its recipient's language."""

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import aliased

from ..accounts.models import User
from ..experts.models import Expert, ExpertLanguage
from ..extensions import db
from ..i18n import LANGUAGES
from .models import OutboxMessage

logger = logging.getLogger(__name__)


def queue_email(
    to: str,
    subject: str,
    body_text: str,
    *,
    body_html: str = "",
    template: str = "",
    request_id: int | None = None,
) -> OutboxMessage:
    """Add one email to the outbox (the caller commits; delivery happens afterwards)."""
    message = OutboxMessage(
        to_address=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        template=template,
        request_id=request_id,
    )
    db.session.add(message)
    db.session.flush()
    logger.info("queued email %r to %s", subject, to)
    return message


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an email, built on PUBLIC_URL (never on the request's Host header,
    which a client chooses)."""
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


# Set while the demo data is replayed: historical events announce nothing to anyone.
_silenced: ContextVar[bool] = ContextVar("notifications_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """Within this block, notify() queues nothing (used when the seeds replay old events)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


DEFAULT_LOCALE = "en"


def _addresses(recipients: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(a.strip().lower() for a in recipients if a and a.strip()))


def _language_rows(addresses: list[str]):
    # One query for all the addresses: (rank, address, chosen locale, working language). Rank 0:
    # the account with that address (and the expert profile linked to it); rank 1: the expert
    # profile with that address (and the account linked to it).
    linked = aliased(User)
    of_users = (
        select(literal(0), User.email, User.locale, ExpertLanguage.code)
        .outerjoin(ExpertLanguage, ExpertLanguage.expert_id == User.expert_id)
        .where(User.email.in_(addresses))
    )
    of_experts = (
        select(literal(1), Expert.email, linked.locale, ExpertLanguage.code)
        .outerjoin(linked, linked.expert_id == Expert.id)
        .outerjoin(ExpertLanguage, ExpertLanguage.expert_id == Expert.id)
        .where(Expert.email.in_(addresses))
    )
    return db.session.execute(union_all(of_users, of_experts)).all()


def _choose(chosen: dict[int, str], spoken: set[str]) -> str:
    if chosen:
        return chosen[min(chosen)]
    if "zh" in spoken and "en" not in spoken:
        return "zh"
    return DEFAULT_LOCALE


def recipient_locales(recipients: Iterable[str]) -> dict[str, str]:
    """The language each address is written to: the locale chosen by the account with that
    address, else by the account linked to the expert with that address; else, for an expert,
    Chinese when they work in Chinese and not in English; else English."""
    addresses = _addresses(recipients)
    if not addresses:
        return {}
    chosen: dict[str, dict[int, str]] = defaultdict(dict)
    spoken: dict[str, set[str]] = defaultdict(set)
    for rank, address, locale, code in _language_rows(addresses):
        if locale in LANGUAGES:
            chosen[address].setdefault(rank, locale)
        if code:
            spoken[address].add(code)
    return {address: _choose(chosen[address], spoken[address]) for address in addresses}


def recipient_locale(address: str) -> str:
    """The language ("en" or "zh") in which emails to this address are written."""
    return recipient_locales([address]).get(address.strip().lower(), DEFAULT_LOCALE)


def notify(
    template: str,
    recipients: Iterable[str],
    *,
    request_id: int | None = None,
    **context: Any,
) -> list[OutboxMessage]:
    """Queue the email rendered from notifications/<template>.txt to each distinct recipient,
    in the recipient's language (recipient_locales).

    The template sets `subject`; its body is the text. Nothing is queued while silenced()."""
    if _silenced.get():
        return []
    page = current_app.jinja_env.get_template(f"notifications/{template}.txt")
    messages = []
    for address, locale in recipient_locales(recipients).items():
        with force_locale(locale):
            module = page.make_module({**context, "recipient": address})
            subject = " ".join(str(module.subject).split())
            body = str(module).strip() + "\n"
        messages.append(
            queue_email(address, subject, body, template=template, request_id=request_id)
        )
    return messages
