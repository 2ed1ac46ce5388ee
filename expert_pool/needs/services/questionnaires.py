"""Questionnaire templates: their checked wording, sections and questions, and their versions
(a version a round has sent is never changed again: an edit makes the next one)."""

import logging
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import exists, select

from ...accounts.models import User
from ...audit.services import record_event
from ...exceptions import NotFound
from ...extensions import db
from ...roles import ensure_staff
from ...taxonomy.vocabulary import THEMATIC_AREAS
from ...validation import Problems
from ..models import (
    QUESTION_KINDS,
    Question,
    QuestionnaireTemplate,
    Round,
    Section,
    TemplateVersion,
)

logger = logging.getLogger(__name__)

TITLE_LIMIT = 250
TEXT_LIMIT = 5000


def rated_items(question: Question) -> list[str]:
    """What a priority question rates: its options, or every target or thematic area."""
    if question.kind == "target_priority":
        return [str(n) for n in (question.options or range(1, 24))]
    if question.kind == "area_priority":
        return list(question.options or THEMATIC_AREAS)
    return [""]


def _check_options(problems: Problems, field: str, kind: str, options: Any) -> list:
    if not isinstance(options, list | tuple | None):
        problems.add(field, _("the options are a list"))
        return []
    options = list(options or [])
    if kind == "target_priority":
        if any(not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 23 for n in options):
            problems.add(field, _("the targets to rate are numbers from 1 to 23"))
            return []
        return sorted(set(options))
    if kind == "area_priority":
        if unknown := [a for a in options if not isinstance(a, str) or a not in THEMATIC_AREAS]:
            problems.add(
                field, _("unknown thematic areas: %(areas)s", areas=", ".join(map(str, unknown)))
            )
            return []
        return list(dict.fromkeys(options))
    if kind == "choice":
        cleaned = []
        for option in options:
            if not isinstance(option, dict) or not all(
                str(option.get(key) or "").strip() for key in ("code", "en", "zh")
            ):
                problems.add(field, _("each choice has a code and its English and Chinese wording"))
                return []
            cleaned.append(
                {key: str(option[key]).strip()[:TITLE_LIMIT] for key in ("code", "en", "zh")}
            )
        if len(cleaned) < 2 or len({o["code"] for o in cleaned}) != len(cleaned):
            problems.add(field, _("a choice offers at least two options with different codes"))
        return cleaned
    if options:
        problems.add(field, _("a free-text question has no options"))
    return []


def _check_wording(problems: Problems, prefix: str, data: dict, name: str, limit: int) -> dict:
    required = _("write it in English and in Chinese")
    return {
        f"{name}_{lang}": problems.text(
            f"{prefix}{name}_{lang}", data.get(f"{name}_{lang}"), limit, required=required
        )
        for lang in ("en", "zh")
    }


def check_questionnaire(data: dict) -> dict:
    """The questionnaire's wording, sections and questions, cleaned; every problem refused on
    its field (`sections.0.questions.1.text_zh`, say)."""
    problems = Problems()
    values = _check_wording(problems, "", data, "title", TITLE_LIMIT)
    for lang in ("en", "zh"):
        values[f"intro_{lang}"] = problems.text(
            f"intro_{lang}", data.get(f"intro_{lang}"), TEXT_LIMIT
        )
    sections = []
    raw_sections = data.get("sections") or []
    if not isinstance(raw_sections, list) or not raw_sections:
        problems.add("sections", _("a questionnaire has at least one section with a question"))
        raw_sections = []
    for s, section in enumerate(raw_sections):
        prefix = f"sections.{s}."
        section = section if isinstance(section, dict) else {}
        cleaned = _check_wording(problems, prefix, section, "title", TITLE_LIMIT)
        questions = []
        raw_questions = section.get("questions") or []
        if not isinstance(raw_questions, list) or not raw_questions:
            problems.add(f"{prefix}questions", _("a section has at least one question"))
            raw_questions = []
        for q, question in enumerate(raw_questions):
            field = f"{prefix}questions.{q}."
            question = question if isinstance(question, dict) else {}
            kind = problems.one_of(
                f"{field}kind",
                question.get("kind"),
                QUESTION_KINDS,
                _("the kind is one of %(kinds)s", kinds=", ".join(QUESTION_KINDS)),
            )
            questions.append(
                {
                    "kind": kind,
                    **_check_wording(problems, field, question, "text", TEXT_LIMIT),
                    "options": _check_options(
                        problems, f"{field}options", kind, question.get("options")
                    ),
                }
            )
        sections.append({**cleaned, "questions": questions})
    problems.raise_if_any(_("the questionnaire has errors"))
    return {**values, "sections": sections}


def _fill_version(version: TemplateVersion, values: dict) -> None:
    for key in ("title_en", "title_zh", "intro_en", "intro_zh"):
        setattr(version, key, values[key])
    version.sections = [
        Section(
            position=s,
            title_en=section["title_en"],
            title_zh=section["title_zh"],
            questions=[
                Question(
                    position=q,
                    kind=question["kind"],
                    text_en=question["text_en"],
                    text_zh=question["text_zh"],
                    options=question["options"],
                )
                for q, question in enumerate(section["questions"])
            ],
        )
        for s, section in enumerate(values["sections"])
    ]


def create_template(name: str, data: dict, actor: User) -> QuestionnaireTemplate:
    """Start a questionnaire (staff) with its first version."""
    ensure_staff(actor)
    problems = Problems()
    name = problems.text("name", name, 200, required=_("give the questionnaire a name"))
    if name and db.session.scalar(
        select(QuestionnaireTemplate.id).where(QuestionnaireTemplate.name == name)
    ):
        problems.add("name", _("a questionnaire has this name already"))
    with problems.catching():
        values = check_questionnaire(data)
    problems.raise_if_any(_("the questionnaire has errors"))
    template = QuestionnaireTemplate(name=name)
    version = TemplateVersion(number=1, created_by_id=actor.id)
    _fill_version(version, values)
    template.versions.append(version)
    db.session.add(template)
    db.session.flush()
    record_event("needs.template_created", template, actor, data={"name": name, "version": 1})
    return template


def is_sent(version: TemplateVersion) -> bool:
    """Whether a round has sent this version (its wording is then fixed for good)."""
    return bool(db.session.scalar(select(exists().where(Round.version_id == version.id))))


def save_template(template: QuestionnaireTemplate, data: dict, actor: User) -> TemplateVersion:
    """Change a questionnaire (staff): its current version in place while no round has sent
    it, else a new version (the answers given stay tied to the version they answered)."""
    ensure_staff(actor)
    values = check_questionnaire(data)
    version = template.current
    if is_sent(version):
        version = TemplateVersion(number=version.number + 1, created_by_id=actor.id)
        template.versions.append(version)
    _fill_version(version, values)
    db.session.flush()
    record_event("needs.template_saved", template, actor, data={"version": version.number})
    return version


def list_templates() -> list[QuestionnaireTemplate]:
    """Every questionnaire, by name."""
    return list(
        db.session.scalars(select(QuestionnaireTemplate).order_by(QuestionnaireTemplate.name))
    )


def get_template(template_id: int) -> QuestionnaireTemplate:
    """One questionnaire, or NotFound."""
    template = db.session.get(QuestionnaireTemplate, template_id)
    if template is None:
        raise NotFound(_("there is no questionnaire %(id)s", id=template_id))
    return template
