"""Forms of the help desk pages: they check shape; the services check meaning."""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..taxonomy.vocabulary import THEMATIC_AREAS
from .workflow import LEVELS, REQUEST_STATES, REQUEST_TYPES, URGENCIES

TYPE_LABELS = {
    "technical_consultation": "Technical consultation",
    "capacity_building": "Capacity building",
    "knowledge_product": "Knowledge product",
    "technology_transfer": "Technology transfer",
    "other": "Other",
}


ANY = SelectChoice("", "Any")


def _choices(values, labels=None) -> list[SelectChoice]:
    labels = labels or {}
    return [SelectChoice(v, labels.get(v, v.replace("_", " ").capitalize())) for v in values]


class RequestForm(FlaskForm):
    """The request for assistance, modelled on the Bio-Bridge Initiative's form."""

    title = StringField("Title", validators=[DataRequired(), Length(max=250)])
    problem_statement = TextAreaField(
        "Problem statement: the biodiversity challenge, and the technical and scientific needs "
        "and gaps",
        validators=[Length(max=20000)],
    )
    type = SelectField("Type of support", choices=_choices(REQUEST_TYPES, TYPE_LABELS))
    targets = SelectMultipleField("Related KMGBF targets", coerce=int, validators=[Optional()])
    thematic_areas = SelectMultipleField(
        "CBD thematic areas",
        choices=_choices(THEMATIC_AREAS, THEMATIC_AREAS),
        validators=[Optional()],
    )
    tags = SelectMultipleField("Topics (from the taxonomy)", validators=[Optional()])
    national_priorities = TextAreaField(
        "National priorities addressed (NBSAP and others)", validators=[Length(max=10000)]
    )
    level = SelectField("Level of application", choices=_choices(LEVELS))
    institution = StringField("Requesting institution", validators=[Length(max=250)])
    beneficiaries = TextAreaField("Beneficiaries", validators=[Length(max=10000)])
    expected_outputs = TextAreaField(
        "Expected outputs and indicators", validators=[Length(max=10000)]
    )
    existing_initiatives = TextAreaField(
        "Existing initiatives it builds on", validators=[Length(max=10000)]
    )
    other_programmes = TextAreaField(
        "Did the same request go to other programmes? Which?", validators=[Length(max=10000)]
    )
    languages = StringField(
        "Working languages (ISO 639-1 codes, comma-separated, e.g. en, km)",
        validators=[Length(max=100)],
    )
    urgency = SelectField("Urgency", choices=_choices(URGENCIES), default="normal")
    start_date = DateField("Anticipated start", validators=[Optional()])
    end_date = DateField("Anticipated end", validators=[Optional()])
    files = MultipleFileField("Attachments")
    save_draft = SubmitField("Save as draft")
    submit_request = SubmitField("Submit the request")

    def service_data(self) -> dict:
        """The form's values in the shape the services take."""
        data = {
            name: field.data
            for name, field in self._fields.items()
            if name not in ("csrf_token", "files", "save_draft", "submit_request")
        }
        data["languages"] = [
            code.strip() for code in (self.languages.data or "").split(",") if code.strip()
        ]
        return data


class ActionForm(FlaskForm):
    """One workflow action on the version of the request the viewer saw."""

    action = HiddenField(validators=[DataRequired()])
    version = IntegerField(validators=[InputRequired()])
    note = TextAreaField("Note", validators=[Length(max=10000)])
    rating = SelectField(
        "Rating",
        choices=[SelectChoice("", "-"), *_choices([str(n) for n in range(5, 0, -1)])],
        validators=[Optional()],
    )


class CommentForm(FlaskForm):
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=5000)])
    internal = BooleanField("Internal: only staff see it")
    submit = SubmitField("Add the comment")


class InviteForm(FlaskForm):
    expert_id = SelectField("Expert", coerce=int, validators=[DataRequired()])
    reason = TextAreaField("Why this expert (kept with the invitation)")
    version = IntegerField(validators=[Optional()])
    submit = SubmitField("Invite")


class AssignmentActionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    reason = TextAreaField("Reason", validators=[Length(max=5000)])


class AttachmentForm(FlaskForm):
    files = MultipleFileField("Add files")
    submit = SubmitField("Upload")


class QueueFilterForm(FlaskForm):
    """The staff queue's filters (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    status = SelectField("Status", choices=[ANY, *_choices(REQUEST_STATES[1:])], default="")
    party = SelectField("Party", choices=[ANY], default="")
    type = SelectField("Type", choices=[ANY, *_choices(REQUEST_TYPES, TYPE_LABELS)], default="")
    target = SelectField("KMGBF target", choices=[ANY], default="")
    tag = StringField("Tag")
    urgency = SelectField("Urgency", choices=[ANY, *_choices(URGENCIES)], default="")
    overdue = BooleanField("Overdue only")
    sort = SelectField(
        "Sort",
        choices=_choices(
            ("newest", "oldest", "due", "urgency", "reference"),
            {"newest": "Newest first", "oldest": "Oldest first", "due": "Deadline"},
        ),
        default="newest",
    )
