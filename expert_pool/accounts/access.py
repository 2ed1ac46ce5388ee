"""Who may open which page or API route, declared in one place and checked before every view.

Each endpoint names the roles allowed, or PUBLIC. An endpoint missing from RULES is refused to
everyone (and a test fails), so a new route cannot go out without a rule. Ownership (a Party's own
requests, an expert's own profile) is checked by the services, which know the objects.
"""

import logging

from flask import Flask, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..exceptions import ServiceError
from ..roles import ADMIN_ROLES, ROLES, STAFF_ROLES
from .models import User
from .services import user_from_token

logger = logging.getLogger(__name__)

PUBLIC = "public"
ANY_USER = ROLES
STAFF = STAFF_ROLES
ADMIN = ADMIN_ROLES

RULES: dict[str, str | tuple[str, ...]] = {
    "static": PUBLIC,
    "bootstrap.static": PUBLIC,
    "helpdesk.home": PUBLIC,
    "accounts.login": PUBLIC,
    "ops.healthz": PUBLIC,
    "accounts.logout": ANY_USER,
    "api-docs.openapi_json": PUBLIC,
    # Languages: anyone may switch the interface language.
    "accounts.set_language": PUBLIC,
    "api.Tokens": PUBLIC,
    "api.me": ANY_USER,
    "api.tags": PUBLIC,
    "api.targets": PUBLIC,
    "api.parties": PUBLIC,
    # Help desk and the request workflow: the services check ownership and the
    # transition table decides which role takes which action.
    "helpdesk.my_requests": ("party",),
    "helpdesk.new_request": ("party",),
    "helpdesk.edit_draft": ("party",),
    "helpdesk.view_request": ANY_USER,
    "helpdesk.act_on_request": ANY_USER,
    "helpdesk.comment_on_request": ANY_USER,
    "helpdesk.upload_attachments": ANY_USER,
    "helpdesk.download_attachment": ANY_USER,
    "helpdesk.delete_attachment": ("party", *STAFF),
    "helpdesk.my_invitations": ("expert",),
    "helpdesk.act_on_assignment": ("expert", *STAFF),
    "helpdesk.queue": STAFF,
    "helpdesk.act_on_queue": STAFF,
    "helpdesk.saved_replies": STAFF,
    "helpdesk.edit_saved_reply": STAFF,
    "helpdesk.delete_saved_reply": STAFF,
    "helpdesk.work": ANY_USER,
    "api_work.my_work": ANY_USER,
    "helpdesk.set_request_owner": STAFF,
    "helpdesk.correct_request_fields": STAFF,
    "api_requests.create": ("party",),
    "api_requests.index": ANY_USER,
    "api_requests.detail": ANY_USER,
    "api_requests.act": ANY_USER,
    "api_requests.patch": STAFF,
    "api_requests.invite": STAFF,
    "api_requests.act_on_assignment": ("expert", *STAFF),
    # Accounts and the expert registry: the services check that an expert only
    # changes their own profile, and which profiles a viewer may see.
    # The outbox: every email written, and (without a mail server) where it is read.
    "notifications.outbox": STAFF,
    "notifications.outbox_message": STAFF,
    "notifications.resend": STAFF,
    "notifications.inbox": ANY_USER,
    "notifications.read_notification": ANY_USER,
    "api_notifications.index": ANY_USER,
    "api_notifications.read": ANY_USER,
    "accounts.invite": STAFF,
    "accounts.resend_invitation": STAFF,
    "accounts.accept_invitation": PUBLIC,
    "accounts.reset_password": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    "accounts.users": ADMIN,
    "accounts.edit_user": ADMIN,
    "accounts.set_active": ADMIN,
    "experts.directory": PUBLIC,
    "experts.profile": PUBLIC,
    "experts.edit_own_profile": ("expert",),
    "experts.confirm_current": ("expert",),
    "helpdesk.staff_directory": STAFF,
    "experts.edit_profile": STAFF,
    "experts.new_expert": STAFF,
    "experts.set_status": STAFF,
    "experts.new_publication": ("expert", *STAFF),
    "experts.edit_publication": ("expert", *STAFF),
    "experts.remove_publication_page": ("expert", *STAFF),
    "experts.import_page": STAFF,
    "experts.confirm_import": STAFF,
    "experts.export_experts": STAFF,
    "experts.import_template": STAFF,
    "taxonomy.suggest_tags": PUBLIC,
    "experts.taxonomy": ADMIN,
    "api_experts.list_experts": PUBLIC,
    "api_experts.get_expert": ("expert", *STAFF),
    "api_experts.patch_expert": ("expert", *STAFF),
    # Matching: staff only; matching proposes, staff decide.
    "matching.candidates": STAFF,
    "matching.invite": STAFF,
    "matching.invite_chosen": STAFF,
    "matching.adhoc": STAFF,
    "matching.batch": STAFF,
    "matching.declare_request_conflict": STAFF,
    "matching.remove_request_conflict": STAFF,
    "api_matching.request_matches": STAFF,
    "api_matching.adhoc_match": STAFF,
    "api_matching.declare_conflict": STAFF,
    # Knowledge products: the catalogue is public (the services hide the staff-only products);
    # staff record them and answer inquiries from them.
    "knowledge.catalogue": PUBLIC,
    "knowledge.view_product": PUBLIC,
    "knowledge.download_file": PUBLIC,
    "knowledge.closest": PUBLIC,
    "knowledge.new_product": STAFF,
    "knowledge.edit_product": STAFF,
    "knowledge.delete_file": STAFF,
    "knowledge.answer_from_catalogue": STAFF,
    "api_knowledge.index": PUBLIC,
    "api_knowledge.detail": PUBLIC,
    "api_knowledge.create": STAFF,
    "api_knowledge.patch": STAFF,
    "api_matching.remove_conflict": STAFF,
    # Reports and events: staff only.
    "reports.dashboard": STAFF,
    "reports.coverage_gaps": STAFF,
    "reports.biennial": STAFF,
    "reports.download_report": STAFF,
    "events.list_events": STAFF,
    "events.export_events": STAFF,
    "events.view_event": STAFF,
    "events.new_event": STAFF,
    "events.edit_event": STAFF,
    "api_reports.summary": STAFF,
    "api_events.index": STAFF,
    "api_events.create": STAFF,
    "api_events.detail": STAFF,
    "api_events.patch": STAFF,
    # The needs assessment: staff keep the questionnaires, the rounds, the desk review and the
    # assessment; a focal point answers for their own Party (the services check which).
    "needs.overview": STAFF,
    "needs.new_template": STAFF,
    "needs.edit_template": STAFF,
    "needs.new_round": STAFF,
    "needs.view_round": STAFF,
    "needs.my_questionnaires": ("party",),
    "needs.answer_response": ("party", *STAFF),
    "needs.download_document": ("party", *STAFF),
    "needs.findings": STAFF,
    "needs.new_finding": STAFF,
    "needs.edit_finding": STAFF,
    "needs.assessment": STAFF,
    "needs.download_assessment": STAFF,
    "api_needs.templates": ("party", *STAFF),
    "api_needs.create_round_": STAFF,
    "api_needs.round_detail": STAFF,
    "api_needs.response_detail": ("party", *STAFF),
    "api_needs.save_response_": ("party", *STAFF),
    "api_needs.create_finding_": STAFF,
    "api_needs.finding_detail": STAFF,
    "api_needs.assessment": STAFF,
}


class Unauthorized(ServiceError):
    """No valid bearer token came with the call."""

    status = 401
    code = "unauthorized"


def current_api_user() -> User | None:
    """The user of the bearer token of this call, or None (worked out once per call)."""
    if "expert_pool.api_user" not in request.environ:
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        user = user_from_token(token.strip()) if scheme.lower() == "bearer" else None
        request.environ["expert_pool.api_user"] = user
    return request.environ["expert_pool.api_user"]


def acting_user() -> User | None:
    """The signed-in user: by bearer token under /api/, by session cookie elsewhere."""
    if request.path.startswith("/api/"):
        return current_api_user()
    return current_user if current_user.is_authenticated else None


def is_allowed(endpoint: str, role: str | None) -> bool:
    """Whether a role (None: anonymous) may use an endpoint, by the declaration."""
    rule = RULES.get(endpoint)
    if rule is None:
        return False
    return rule == PUBLIC or (role is not None and role in rule)


def check_access():
    """Before every request: refuse what the declaration does not allow."""
    endpoint = request.endpoint
    if endpoint is None:  # no such route: the 404/405 handlers answer
        return None
    if endpoint not in RULES:
        logger.error("no access rule for endpoint %s: refused", endpoint)
        abort(403)
    if RULES[endpoint] == PUBLIC:
        return None
    user = acting_user()
    if user is None:
        if request.path.startswith("/api/"):
            raise Unauthorized(_("send a valid token: Authorization: Bearer <token>"))
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if not is_allowed(endpoint, user.role):
        abort(403)
    return None


def register(app: Flask) -> None:
    """Check every request against the declaration."""
    app.before_request(check_access)
