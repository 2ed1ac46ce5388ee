"""The needs assessment's services: the only code that changes questionnaires, rounds,
responses and findings. Each takes the acting user, checks the role and the ownership, writes
the audit event, adds and flushes; the caller (route, API handler, CLI command, seeder) commits
once."""

from .findings import create_finding, finding_data, get_finding, update_finding
from .questionnaires import (
    check_questionnaire,
    create_template,
    get_template,
    is_sent,
    list_templates,
    rated_items,
    save_template,
)
from .responses import (
    add_response_document,
    answers_of,
    can_see_response,
    create_round,
    focal_points,
    get_response,
    get_round,
    open_responses_for,
    save_response,
    send_round_reminders,
)

__all__ = [
    "add_response_document",
    "answers_of",
    "can_see_response",
    "check_questionnaire",
    "create_finding",
    "create_round",
    "create_template",
    "finding_data",
    "focal_points",
    "get_finding",
    "get_response",
    "get_round",
    "get_template",
    "is_sent",
    "list_templates",
    "open_responses_for",
    "rated_items",
    "save_response",
    "save_template",
    "send_round_reminders",
    "update_finding",
]
