"""The expert registry's pages: directories, profiles, self-service editing, vetting, and the
staff import and export. Each view: form, service, commit, flash, redirect.

This module holds the blueprint and what the page groups' templates share."""

import logging

from flask import Blueprint

from ..forms import AVAILABILITY_LABELS, STATUS_LABELS

bp = Blueprint("experts", __name__, template_folder="../templates")
logger = logging.getLogger(__name__)


@bp.app_context_processor
def expert_labels() -> dict:
    """What the registry's statuses and availabilities are called on its pages."""
    return {"status_labels": STATUS_LABELS, "availability_labels": AVAILABILITY_LABELS}


# The views, by page group; imported last because they use the blueprint above.
from . import directory, profile, publications, taxonomy, transfer  # noqa: E402, F401
