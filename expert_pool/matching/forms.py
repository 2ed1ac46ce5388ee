"""Forms of the matching pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..experts.forms import split_tags
from ..taxonomy.fields import LanguagesField, TagsField
from .conflicts import REASON_LIMIT


class AdhocMatchForm(FlaskForm):
    """Paste a need, see who in the pool fits it (a GET form: the results can be shared)."""

    class Meta:
        csrf = False  # a read-only search: nothing changes

    text = TextAreaField(_l("What is needed"), validators=[Optional(), Length(max=10_000)])
    tags = TagsField(
        _l("Tags"),
        validators=[Optional(), Length(max=1_000)],
        description=_l(
            "Tag names, aliases or Chinese terms, separated by semicolons; typos are tolerated."
        ),
    )
    languages = LanguagesField(
        _l("Working languages"),
        description=_l("Experts sharing none of the chosen languages are filtered out."),
    )
    k = IntegerField(_l("How many"), default=10, validators=[Optional(), NumberRange(1, 200)])
    submit = SubmitField(_l("Find experts"))

    def service_data(self) -> dict:
        """The form's values in the shape match_text takes."""
        return {
            "text": self.text.data or "",
            "tags": split_tags(self.tags.data),
            "languages": [code.lower() for code in self.languages.data or []],
            "k": self.k.data or 10,
        }


class InviteCandidateForm(FlaskForm):
    """Invite one ranked expert; a reason is needed outside the top candidates."""

    reason = StringField(_l("Reason (needed outside the top five)"), validators=[Length(max=1_000)])
    submit = SubmitField(_l("Invite"))


class BatchInviteForm(FlaskForm):
    """Send the invitations ticked on the batch proposal page (checkboxes named `pair`)."""

    submit = SubmitField(_l("Send the selected invitations"))


class InviteForm(FlaskForm):
    """Invite any expert of the pool by name, from the request's page."""

    expert_id = SelectField(_l("Expert"), coerce=int, validators=[DataRequired()])
    reason = TextAreaField(_l("Why this expert (kept with the invitation)"))
    version = IntegerField(validators=[Optional()])
    submit = SubmitField(_l("Invite"))


class ConflictForm(FlaskForm):
    """Exclude an expert from a request, its Party or its institution, saying why (staff)."""

    expert_id = SelectField(_l("Expert"), coerce=int, validators=[DataRequired()])
    scope = RadioField(
        _l("Not to be proposed for"),
        choices=[
            SelectChoice("request", _l("this request")),
            SelectChoice("party", _l("every request of this Party")),
            SelectChoice("institution", _l("every request from this institution")),
        ],
        default="request",
    )
    reason = TextAreaField(
        _l("Why (shown to staff with the candidates)"),
        validators=[DataRequired(), Length(max=REASON_LIMIT)],
    )
    submit = SubmitField(_l("Declare the conflict of interest"))


class RemoveConflictForm(FlaskForm):
    """Remove a declared conflict of interest (staff)."""

    submit = SubmitField(_l("Remove"))
