"""The email outbox: queueing messages in the transaction of the change they announce, each
written in its recipient's language."""

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from flask_babel import force_locale

from ..extensions import db
from .inbox import add_notification
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
LOCALE_SOURCE = "expert_pool.recipient_locales"


def _addresses(recipients: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(a.strip().lower() for a in recipients if a and a.strip()))


def set_locale_source(app: Flask, source: Callable[[list[str]], dict[str, str]]) -> None:
    """Name the function that tells, for a list of addresses, the language each is written to.
    The outbox knows no people; the accounts do, and the factory connects them."""
    app.extensions[LOCALE_SOURCE] = source


def recipient_locales(recipients: Iterable[str]) -> dict[str, str]:
    """The language ("en" or "zh") each distinct address is written to, by the locale source;
    English where it says nothing."""
    addresses = _addresses(recipients)
    source = current_app.extensions.get(LOCALE_SOURCE)
    found = source(addresses) if source and addresses else {}
    return {address: found.get(address, DEFAULT_LOCALE) for address in addresses}


def recipient_locale(address: str) -> str:
    """The language ("en" or "zh") in which emails to this address are written."""
    return recipient_locales([address]).get(address.strip().lower(), DEFAULT_LOCALE)


def notify(
    template: str,
    recipients: Iterable[str],
    *,
    request_id: int | None = None,
    in_app: bool = True,
    **context: Any,
) -> list[OutboxMessage]:
    """Queue the email rendered from notifications/<template>.txt to each distinct recipient,
    in the recipient's language (recipient_locales).

    The template sets `subject`; its body is the text. Each email is also an unread in-app
    notification for the address, linked to the context's `link`, unless `in_app` is off (a
    signed link for someone who cannot sign in yet stays in the email). Nothing is queued while
    silenced()."""
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
        if in_app:
            add_notification(
                address,
                subject,
                link=str(context.get("link") or ""),
                template=template,
                request_id=request_id,
            )
    return messages
