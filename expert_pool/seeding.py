"""Loading the demo data in seeds/ through the services: idempotent, shared by the CLI and tests."""

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from .accounts.models import User
from .accounts.services import create_user, get_user_by_email
from .database import utcnow
from .exceptions import ServiceError
from .experts.models import Expert
from .experts.services import create_expert, get_expert_by_email
from .extensions import db
from .helpdesk.models import Assignment, CooperationRequest
from .helpdesk.services import (
    add_comment,
    apply_action,
    apply_assignment_action,
    create_request,
    invite_expert,
)
from .knowledge.models import KnowledgeProduct
from .knowledge.services import create_product, delivery_data
from .needs.models import QuestionnaireTemplate
from .needs.services import create_finding, create_round, create_template, save_response
from .notifications.services import silenced
from .taxonomy.models import Tag
from .taxonomy.services import ensure_parties, ensure_tags, ensure_targets

logger = logging.getLogger(__name__)

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

# The demo accounts of ARCHITECTURE.md: (email, role, Party, name).
DEMO_ACCOUNTS = (
    ("admin@example.org", "admin", None, "Demo Admin"),
    ("staff@example.org", "staff", None, "Demo Staff"),
    ("party-khm@example.org", "party", "KHM", "Cambodia focal point"),
    ("party-chn@example.org", "party", "CHN", "China focal point"),
    ("party-npl@example.org", "party", "NPL", "Nepal focal point"),
    ("party-pak@example.org", "party", "PAK", "Pakistan focal point"),
)


class SeedError(ServiceError):
    """A seed file is wrong; the message names the file and the row."""


@dataclass
class SeedReport:
    """What one run of the seeder added."""

    added: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.added[what] = self.added.get(what, 0) + n


def read_json(path: Path) -> Any:
    """A seed file's content, or a SeedError naming the file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SeedError(f"{path}: {error}") from error


def is_empty() -> bool:
    """Whether the database has no taxonomy yet (nothing has been seeded)."""
    return not db.session.scalar(select(func.count()).select_from(Tag))


def _ensure_account(
    email: str,
    role: str,
    report: SeedReport,
    *,
    password_hash: str | None,
    party_code: str | None = None,
    name: str = "",
    expert_id: int | None = None,
) -> User:
    user = get_user_by_email(email)
    if user is None:
        user = create_user(email, role, name=name, party_code=party_code, expert_id=expert_id)
        report.count("users")
    if password_hash and not user.password_hash:
        user.password_hash = password_hash
        report.count("passwords set")
    return user


def _parse_time(value: str, where: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise SeedError(f"{where}: {value!r} is not an ISO 8601 time") from error


def _replay(request: CooperationRequest, row: dict, staff: User, party: User, where: str) -> None:
    """Take a seeded request through its history with the workflow services."""
    for number, step in enumerate(row["history"], start=1):
        at = _parse_time(step.get("at"), f"{where}, step {number}")
        action = step["action"]
        note = step.get("note") or step.get("reason") or ""
        if action in ("invite",) or action.startswith("assignment_"):
            expert = get_expert_by_email(step.get("expert", ""))
            if expert is None:
                raise SeedError(f"{where}, step {number}: no expert {step.get('expert')!r}")
            if action == "invite":
                invite_expert(request, expert, staff, at=at)
                continue
            assignment = db.session.scalar(
                select(Assignment)
                .where(Assignment.request_id == request.id, Assignment.expert_id == expert.id)
                .order_by(Assignment.id.desc())
            )
            if assignment is None:
                raise SeedError(f"{where}, step {number}: {expert.email} was never invited")
            expert_user = get_user_by_email(expert.email)
            actor = None if action == "assignment_expire" else expert_user
            verb = action.removeprefix("assignment_")
            apply_assignment_action(assignment, verb, actor, reason=note, at=at)
            continue
        actor = party if action in ("submit", "answer", "withdraw", "confirm") else staff
        apply_action(request, action, actor, note=note, rating=step.get("rating"), at=at)
    if request.status != row["status"]:
        raise SeedError(f"{where}: the history ends in {request.status}, not {row['status']}")


def _seed_requests(rows: list[dict], staff: User, report: SeedReport) -> None:
    for index, row in enumerate(rows, start=1):
        where = f"requests.json row {index} ({row.get('title', '')[:40]!r})"
        party = get_user_by_email(row["submitter"])
        if party is None:
            raise SeedError(f"{where}: no account {row['submitter']!r}")
        exists = db.session.scalar(
            select(CooperationRequest.id).where(
                CooperationRequest.submitted_by_id == party.id,
                CooperationRequest.title == row["title"],
            )
        )
        if exists:
            continue
        started = _parse_time(row["history"][0]["at"], where)
        try:
            request = create_request(row, party, at=started)
            _replay(request, row, staff, party, where)
            for comment in row.get("comments", []):
                author = get_user_by_email(comment["author"])
                if author is None:
                    raise SeedError(f"{where}: no account {comment['author']!r}")
                at = _parse_time(comment["at"], where)
                add_comment(request, author, comment["body"], internal=comment["internal"], at=at)
        except SeedError:
            raise
        except ServiceError as error:
            raise SeedError(f"{where}: {error.message} {error.fields or ''}".strip()) from error
        report.count("requests")


def _seed_knowledge(rows: list[dict], staff: User, report: SeedReport) -> None:
    """The knowledge products, those published from a seeded request prefilled from it."""
    for index, row in enumerate(rows, start=1):
        title, title_zh = row.get("title", ""), row.get("title_zh", "")
        where = f"knowledge_products.json row {index} ({(title or title_zh)[:40]!r})"
        request = None
        if row.get("request"):
            request = db.session.scalar(
                select(CooperationRequest).where(CooperationRequest.title == row["request"])
            )
            if request is None:
                raise SeedError(f"{where}: no request {row['request']!r}")
        same = (
            KnowledgeProduct.request_id == request.id
            if request
            else (KnowledgeProduct.title == title) & (KnowledgeProduct.title_zh == title_zh)
        )
        if db.session.scalar(select(KnowledgeProduct.id).where(same)):
            continue
        data = {k: v for k, v in row.items() if k not in ("request", "created_at", "experts")}
        if "experts" in row:
            experts = [get_expert_by_email(email) for email in row["experts"]]
            if None in experts:
                raise SeedError(f"{where}: an unknown expert in {row['experts']}")
            data["experts"] = [expert.id for expert in experts]
        data = {**delivery_data(request), **data} if request else data
        at = _parse_time(row.get("created_at"), where)
        try:
            create_product(data, staff, request=request, at=at)
        except ServiceError as error:
            raise SeedError(f"{where}: {error.message} {error.fields or ''}".strip()) from error
        report.count("knowledge products")


def _seed_needs(data: dict, staff: User, focal_points: dict[str, User], report: SeedReport) -> None:
    """The questionnaire, one round answered by the served Parties, and the desk review's
    (fictional) findings; nothing when the questionnaire is there already."""
    spec = data["template"]
    name = spec["name"]
    if db.session.scalar(
        select(QuestionnaireTemplate.id).where(QuestionnaireTemplate.name == name)
    ):
        return
    try:
        template = create_template(name, spec, staff)
        report.count("questionnaires")
        version = template.current
        by_kind = {question.kind: str(question.id) for question in version.questions}
        sent = data["round"]
        sent_at = _parse_time(sent["sent_at"], "needs.json round")
        parties = [row["party"] for row in sent["responses"]]
        round_ = create_round(
            version,
            {"title": sent["title"], "deadline": sent["deadline"], "parties": parties},
            staff,
            today=sent_at.date(),
        )
        responses = {response.party_code: response for response in round_.responses}
        for row in sent["responses"]:
            response = responses[row["party"]]
            answers = {
                by_kind["target_priority"]: row["targets"],
                by_kind["area_priority"]: row["areas"],
                by_kind["choice"]: row["choice"],
                by_kind["text"]: row["text"],
            }
            at = _parse_time(row["submitted_at"], f"needs.json response of {row['party']}")
            save_response(response, answers, focal_points[row["party"]], submit=True, at=at)
            report.count("questionnaire responses")
        for row in data["findings"]:
            create_finding({**row, "note": data["findings_note"]}, staff)
            report.count("desk-review findings")
    except ServiceError as error:
        raise SeedError(f"needs.json: {error.message} {error.fields or ''}".strip()) from error


def seed(demo_password: str | None = None, seeds_dir: Path = SEEDS_DIR) -> SeedReport:
    """Load the taxonomy, Parties, experts, sample requests, knowledge products and the needs
    assessment's questionnaire, answered round and findings that are missing.

    Every demo person gets an account; with `demo_password` those accounts can sign in with it.
    The caller commits.
    """
    report = SeedReport()
    report.count("parties", ensure_parties())
    report.count("targets", ensure_targets(read_json(seeds_dir / "targets.json")))
    report.count("tags", ensure_tags(read_json(seeds_dir / "tags.json")))
    db.session.flush()

    password_hash = (
        generate_password_hash(demo_password, method="scrypt") if demo_password else None
    )
    accounts = {
        email: _ensure_account(
            email, role, report, password_hash=password_hash, party_code=party, name=name
        )
        for email, role, party, name in DEMO_ACCOUNTS
    }
    staff = accounts["staff@example.org"]

    for path in sorted((seeds_dir / "experts").glob("*.json")):
        for index, row in enumerate(read_json(path), start=1):
            expert = get_expert_by_email(row.get("email", ""))
            if expert is None:
                data = {**row, "native_name": row.get("name_zh", ""), "status": "active"}
                try:
                    expert = create_expert(data, staff)
                except ServiceError as error:
                    raise SeedError(f"{path.name} row {index}: {error.fields}") from error
                expert.verified_at = utcnow()
                db.session.flush()
                report.count("experts")
            _ensure_account(
                expert.email,
                "expert",
                report,
                password_hash=password_hash,
                name=expert.name,
                expert_id=expert.id,
            )
    with silenced():  # the replayed history is old news: no emails about it
        _seed_requests(read_json(seeds_dir / "requests.json"), staff, report)
        focal_points = {user.party_code: user for user in accounts.values() if user.role == "party"}
        _seed_needs(read_json(seeds_dir / "needs.json"), staff, focal_points, report)
    _seed_knowledge(read_json(seeds_dir / "knowledge_products.json"), staff, report)
    db.session.flush()
    logger.info("seeded: %s", report.added)
    return report


def count_rows() -> dict[str, int]:
    """How many rows the main tables hold (for the CLI's summary and the tests)."""
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Tag, Expert, User, CooperationRequest, KnowledgeProduct)
    }
