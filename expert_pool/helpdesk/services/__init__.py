"""The help desk's services: the only code that changes requests, invitations, comments and
attachments. Every function adds and flushes; the caller (route, API handler, CLI command,
seeder) commits once."""

from ._shared import TransitionRefused
from .assignments import (
    TOP_CANDIDATES,
    apply_assignment_action,
    expire_invitations,
    invite_expert,
)
from .attachments import add_attachment, attachment_path, remove_attachment
from .bulk import BULK_MOVES, act_on_requests
from .comments import add_comment
from .ownership import correct_request, set_owner
from .replies import delete_reply, save_reply
from .requests import apply_action, create_request, submit_request, update_draft

__all__ = [
    "BULK_MOVES",
    "TOP_CANDIDATES",
    "TransitionRefused",
    "act_on_requests",
    "add_attachment",
    "add_comment",
    "apply_action",
    "apply_assignment_action",
    "attachment_path",
    "correct_request",
    "create_request",
    "delete_reply",
    "expire_invitations",
    "invite_expert",
    "remove_attachment",
    "save_reply",
    "set_owner",
    "submit_request",
    "update_draft",
]
