"""Forms of the matching pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional


def split_list(value: str | None) -> list[str]:
    """Comma- or semicolon-separated values, stripped, empty ones dropped."""
    return [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]


class AdhocMatchForm(FlaskForm):
    """Paste a need, see who in the pool fits it (a GET form: the results can be shared)."""

    class Meta:
        csrf = False  # a read-only search: nothing changes

    text = TextAreaField(_l("What is needed"), validators=[Optional(), Length(max=10_000)])
    tags = StringField(
        _l("Tags (comma-separated)"),
        validators=[Optional(), Length(max=1_000)],
        description=_l("Tag names, aliases or Chinese terms; typos are tolerated."),
    )
    languages = StringField(
        _l("Working languages (ISO 639-1, comma-separated)"),
        validators=[Optional(), Length(max=100)],
        description=_l("For example: en, zh, km. Experts sharing none of them are filtered out."),
    )
    k = IntegerField(_l("How many"), default=10, validators=[Optional(), NumberRange(1, 200)])
    submit = SubmitField(_l("Find experts"))


class InviteCandidateForm(FlaskForm):
    """Invite one ranked expert; a reason is needed outside the top candidates."""

    reason = StringField(_l("Reason (needed outside the top five)"), validators=[Length(max=1_000)])
    submit = SubmitField(_l("Invite"))


class BatchInviteForm(FlaskForm):
    """Send the invitations ticked on the batch proposal page (checkboxes named `pair`)."""

    submit = SubmitField(_l("Send the selected invitations"))
