"""Which language each person reads: the accounts know who chose which language and which
expert profile an account is linked to. The pages and the API are answered in the language this
module selects; the outbox asks it in which language to write to each address."""

from collections import defaultdict

from flask import has_request_context, request, session
from flask_login import current_user
from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import aliased

from ..experts.models import Expert, ExpertLanguage
from ..extensions import db
from ..i18n import LANGUAGES, SESSION_KEY
from .access import current_api_user
from .models import User


def select_locale() -> str:
    """The language of this request: the user's choice, the session's, then the browser's
    (for the API: the Accept-Language header, then the token user's choice)."""
    if not has_request_context():
        return "en"
    if request.path.startswith("/api/"):
        return _api_locale()
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    if session.get(SESSION_KEY) in LANGUAGES:
        return session[SESSION_KEY]
    return request.accept_languages.best_match(LANGUAGES, default="en")


def _api_locale() -> str:
    # A program says which language it wants with Accept-Language; without it, the token
    # user's choice holds, else English.
    if request.headers.get("Accept-Language"):
        return request.accept_languages.best_match(LANGUAGES, default="en")
    user = current_api_user()
    return user.locale if user is not None and user.locale in LANGUAGES else "en"


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
    return "en"


def recipient_locales(addresses: list[str]) -> dict[str, str]:
    """The language each address is written to: the locale chosen by the account with that
    address, else by the account linked to the expert with that address; else, for an expert,
    Chinese when they work in Chinese and not in English; else English."""
    chosen: dict[str, dict[int, str]] = defaultdict(dict)
    spoken: dict[str, set[str]] = defaultdict(set)
    for rank, address, locale, code in _language_rows(addresses):
        if locale in LANGUAGES:
            chosen[address].setdefault(rank, locale)
        if code:
            spoken[address].add(code)
    return {address: _choose(chosen[address], spoken[address]) for address in addresses}
