"""Rounds that send a questionnaire version to Parties, and the Parties' responses: answers saved
and submitted by their focal points, supporting documents, reminders before the deadline."""

import logging
from datetime import date, datetime, timedelta
from typing import IO, Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ...accounts.models import User
from ...audit.services import record_event
from ...database import utcnow
from ...exceptions import Conflict, NotFound, PermissionDenied, ValidationError
from ...extensions import db
from ...helpdesk.notices import staff_addresses
from ...helpdesk.services.attachments import check_upload
from ...notifications.services import external_url, notify
from ...roles import ensure_staff
from ...taxonomy.models import Party
from ...validation import Problems
from ..models import (
    RATINGS,
    Answer,
    Response,
    ResponseDocument,
    Round,
    TemplateVersion,
)
from .questionnaires import TEXT_LIMIT, TITLE_LIMIT, rated_items

logger = logging.getLogger(__name__)


def focal_points(party_code: str) -> list[str]:
    """The addresses of the active focal points (party accounts) of a Party."""
    return list(
        db.session.scalars(
            select(User.email)
            .where(User.role == "party", User.party_code == party_code, User.is_active.is_(True))
            .order_by(User.email)
        )
    )


def _announce(template: str, response: Response) -> None:
    notify(
        template,
        focal_points(response.party_code),
        response=response,
        round=response.round,
        link=external_url("needs.answer_response", response_id=response.id),
    )


def create_round(
    version: TemplateVersion, data: dict, actor: User, today: date | None = None
) -> Round:
    """Send a questionnaire version to Parties (staff): one response each, open until its
    focal points submit it by the deadline; they are emailed."""
    ensure_staff(actor)
    problems = Problems()
    title = problems.text(
        "title", data.get("title"), TITLE_LIMIT, required=_("give the round a title")
    )
    deadline = problems.date("deadline", data.get("deadline"))
    if deadline is None and "deadline" not in problems:
        problems.add("deadline", _("give the deadline to answer"))
    elif deadline is not None and deadline < (today or utcnow().date()):
        problems.add("deadline", _("the deadline is in the past"))
    codes = [str(code).upper() for code in dict.fromkeys(data.get("parties") or [])]
    if not codes:
        problems.add("parties", _("choose at least one Party"))
    known = set(db.session.scalars(select(Party.code).where(Party.code.in_(codes))))
    for code in codes:
        if code not in known:
            problems.add("parties", _("%(code)s is not a Party", code=code))
        elif not focal_points(code):
            problems.add("parties", _("%(code)s has no focal point account to answer", code=code))
    problems.raise_if_any(_("the round has errors"))
    round_ = Round(version=version, title=title, deadline=deadline, created_by_id=actor.id)
    round_.responses = [Response(party_code=code) for code in codes]
    db.session.add(round_)
    db.session.flush()
    record_event(
        "needs.round_created",
        round_,
        actor,
        data={"version_id": version.id, "parties": codes, "deadline": deadline.isoformat()},
    )
    for response in round_.responses:
        _announce("needs_round", response)
    logger.info("%s sent questionnaire version %s to %s", actor, version.id, ", ".join(codes))
    return round_


def get_round(round_id: int) -> Round:
    """One round, or NotFound."""
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise NotFound(_("there is no round %(id)s", id=round_id))
    return round_


def can_see_response(response: Response, user: User | None) -> bool:
    """Staff see every response; a focal point those of their own Party."""
    if user is None:
        return False
    return user.is_staff or (user.role == "party" and user.party_code == response.party_code)


def get_response(response_id: int, actor: User | None) -> Response:
    """A response the actor may see, or NotFound (another Party's is not found either)."""
    response = db.session.get(Response, response_id)
    if response is None or not can_see_response(response, actor):
        raise NotFound(_("there is no such questionnaire for you"))
    return response


def _ensure_answering(response: Response, actor: User, version: int | None) -> None:
    if actor.role != "party" or actor.party_code != response.party_code:
        raise PermissionDenied(_("only the Party's focal point answers its questionnaire"))
    if response.status == "submitted":
        raise Conflict(_("this questionnaire was submitted: it can no longer be changed"))
    if version is not None and version != response.version:
        raise Conflict(
            _("someone else saved this questionnaire in the meantime: reload it and try again"),
            {"version": [_("the current version is %(current)d", current=response.version)]},
        )


def _check_answers(version: TemplateVersion, answers: Any) -> list[Answer]:
    problems = Problems()
    if not isinstance(answers, dict):
        raise ValidationError.on("answers", _("the answers are an object by question id"))
    questions = {str(q.id): q for q in version.questions}
    rows = []
    for key, value in answers.items():
        field = f"answers.{key}"
        question = questions.get(str(key))
        if question is None:
            problems.add(field, _("there is no such question in this questionnaire"))
        elif question.kind in ("target_priority", "area_priority"):
            if not isinstance(value, dict):
                problems.add(field, _("the ratings are an object by item"))
                continue
            items = rated_items(question)
            for item, rating in value.items():
                if str(item) not in items:
                    problems.add(field, _("%(item)s is not rated by this question", item=item))
                elif rating in (None, ""):
                    continue
                elif not isinstance(rating, str) or rating not in RATINGS:
                    problems.add(
                        field, _("a rating is one of %(ratings)s", ratings=", ".join(RATINGS))
                    )
                else:
                    rows.append(Answer(question_id=question.id, item=str(item), value=rating))
        elif question.kind == "choice":
            if value in (None, ""):
                continue
            if not isinstance(value, str) or value not in [o["code"] for o in question.options]:
                problems.add(field, _("choose one of the options"))
            else:
                rows.append(Answer(question_id=question.id, item="", value=value))
        else:
            text = problems.text(field, value if isinstance(value, str) else "", TEXT_LIMIT)
            if not isinstance(value, str | None):
                problems.add(field, _("the answer is a text"))
            elif text:
                rows.append(Answer(question_id=question.id, item="", value=text))
    problems.raise_if_any(_("the answers have errors"))
    return rows


def save_response(
    response: Response,
    answers: dict,
    actor: User,
    *,
    submit: bool = False,
    version: int | None = None,
    at: datetime | None = None,
) -> Response:
    """Save a Party's answers (its focal point), replacing those saved before; `submit` sends
    them to the centre, after which they are fixed. 409 when submitted already or stale."""
    _ensure_answering(response, actor, version)
    rows = _check_answers(response.round.version, answers)
    now = at or utcnow()
    response.answers = rows
    response.saved_at = now
    if submit:
        response.status = "submitted"
        response.submitted_at = now
        response.submitted_by_id = actor.id
    try:
        db.session.flush()
    except StaleDataError as error:
        raise Conflict(
            _("someone else saved this questionnaire in the meantime: reload it and try again")
        ) from error
    record_event(
        "needs.response_submitted" if submit else "needs.response_saved",
        response,
        actor,
        to_state=response.status,
        data={"answers": len(rows)},
        at=at,
    )
    if submit:
        notify(
            "needs_submitted",
            staff_addresses(),
            response=response,
            round=response.round,
            link=external_url("needs.answer_response", response_id=response.id),
        )
    return response


def answers_of(response: Response) -> dict[str, Any]:
    """The saved answers in the shape save_response takes (question id -> value or ratings)."""
    kinds = {q.id: q.kind for q in response.round.version.questions}
    values: dict[str, Any] = {}
    for answer in response.answers:
        if kinds.get(answer.question_id) in ("target_priority", "area_priority"):
            values.setdefault(str(answer.question_id), {})[answer.item] = answer.value
        else:
            values[str(answer.question_id)] = answer.value
    return values


def add_response_document(
    response: Response, filename: str, stream: IO[bytes], actor: User
) -> ResponseDocument:
    """Keep a supporting document with an open response (its focal point), by the rules of the
    requests' attachments."""
    _ensure_answering(response, actor, None)
    upload = check_upload(filename, stream, field="documents")
    document = ResponseDocument(response=response, uploaded_by_id=actor.id, **upload.columns())
    db.session.add(document)
    db.session.flush()
    upload.save()
    record_event(
        "needs.document_added",
        document,
        actor,
        data={"response_id": response.id, "filename": upload.filename, "size": len(upload.content)},
    )
    return document


def open_responses_for(user: User) -> list[Response]:
    """The questionnaires waiting for a focal point's Party, the earliest deadline first."""
    if user.role != "party" or not user.party_code:
        return []
    return list(
        db.session.scalars(
            select(Response)
            .join(Round)
            .where(Response.party_code == user.party_code, Response.status == "open")
            .order_by(Round.deadline, Response.id)
        )
    )


def send_round_reminders(now: datetime | None = None) -> list[Response]:
    """Remind, once, the focal points of the open responses whose deadline is within
    NEEDS_REMINDER_DAYS; returns the responses reminded."""
    now = now or utcnow()
    horizon = (now + timedelta(days=current_app.config["NEEDS_REMINDER_DAYS"])).date()
    responses = db.session.scalars(
        select(Response)
        .join(Round)
        .where(
            Response.status == "open",
            Response.reminded_at.is_(None),
            Round.deadline <= horizon,
            Round.deadline >= now.date(),
        )
        .order_by(Response.id)
        .with_for_update(skip_locked=True, of=Response)
    ).all()
    for response in responses:
        _announce("needs_reminder", response)
        response.reminded_at = now
        record_event("needs.response_reminded", response, None, at=now)
    logger.info("needs questionnaire reminders sent for %d response(s)", len(responses))
    return list(responses)
