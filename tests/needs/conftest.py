"""Fixtures of the needs assessment tests: the help desk's world (a Cambodian and a Nepali focal
point, staff, experts) with a questionnaire in both languages."""

from datetime import date

import pytest

from expert_pool.extensions import db
from expert_pool.needs.services import create_round, create_template
from tests.world import World, world  # noqa: F401

DEADLINE = date(2099, 6, 30)


def questionnaire_data(**fields) -> dict:
    """A small questionnaire: targets 2, 3 and 21 to rate, two thematic areas, a choice, a text."""
    data = {
        "title_en": "Capacity-building needs",
        "title_zh": "能力建设需求",
        "intro_en": "Tell us your priorities.",
        "intro_zh": "请告诉我们您的优先事项。",
        "sections": [
            {
                "title_en": "Priorities",
                "title_zh": "优先事项",
                "questions": [
                    {
                        "kind": "target_priority",
                        "text_en": "How much does your Party need support on each target?",
                        "text_zh": "贵方在每个目标上需要多少支持？",
                        "options": [2, 3, 21],
                    },
                    {
                        "kind": "area_priority",
                        "text_en": "And on each thematic area?",
                        "text_zh": "每个专题领域呢？",
                        "options": ["forest", "marine_coastal"],
                    },
                ],
            },
            {
                "title_en": "About you",
                "title_zh": "关于您",
                "questions": [
                    {
                        "kind": "choice",
                        "text_en": "Which support do you prefer?",
                        "text_zh": "您更喜欢哪种支持？",
                        "options": [
                            {"code": "training", "en": "Training", "zh": "培训"},
                            {"code": "advice", "en": "Expert advice", "zh": "专家咨询"},
                        ],
                    },
                    {"kind": "text", "text_en": "Anything else?", "text_zh": "还有其他吗？"},
                ],
            },
        ],
    }
    data.update(fields)
    return data


@pytest.fixture
def template(world: World):  # noqa: F811
    """The questionnaire, committed."""
    template = create_template("Needs 2026", questionnaire_data(), world.staff)
    db.session.commit()
    return template


@pytest.fixture
def round_(world: World, template):  # noqa: F811
    """The questionnaire sent to Cambodia and Nepal, committed."""
    sent = create_round(
        template.current,
        {"title": "Round 2026", "deadline": DEADLINE, "parties": ["KHM", "NPL"]},
        world.staff,
    )
    db.session.commit()
    return sent


def ids(version) -> dict[str, int]:
    """The ids of the questionnaire's questions by kind."""
    return {q.kind: q.id for q in version.questions}
