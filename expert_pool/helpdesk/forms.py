"""Forms of the help desk pages: they check shape; the services check meaning."""

from flask_babel import lazy_gettext as _l
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
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from ..experts.forms import split_tags
from ..forms import fits
from ..taxonomy.choices import language_choices
from ..taxonomy.fields import LanguagesField, TagsField
from ..taxonomy.vocabulary import THEMATIC_AREAS
from .models import Comment, CooperationRequest
from .workflow import LEVELS, REQUEST_STATES, REQUEST_TYPES, URGENCIES

TYPE_LABELS = {
    "technical_consultation": _l("Technical consultation"),
    "capacity_building": _l("Capacity building"),
    "knowledge_product": _l("Knowledge product"),
    "technology_transfer": _l("Technology transfer"),
    "other": _l("Other"),
}
URGENCY_LABELS = {"low": _l("Low"), "normal": _l("Normal"), "high": _l("High")}
LEVEL_LABELS = {
    "national": _l("National"),
    "subnational": _l("Subnational"),
    "regional": _l("Regional"),
}


ANY = SelectChoice("", _l("Any"))


def _choices(values, labels=None) -> list[SelectChoice]:
    labels = labels or {}
    return [SelectChoice(v, labels.get(v, v.replace("_", " ").capitalize())) for v in values]


class RequestForm(FlaskForm):
    """The request for assistance, modelled on the Bio-Bridge Initiative's form."""

    title = StringField(_l("Title"), validators=[DataRequired(), fits(CooperationRequest.title)])
    problem_statement = TextAreaField(
        _l(
            "Problem statement: the biodiversity challenge, and the technical and scientific needs "
            "and gaps"
        ),
        validators=[fits(CooperationRequest.problem_statement)],
    )
    type = SelectField(_l("Type of support"), choices=_choices(REQUEST_TYPES, TYPE_LABELS))
    targets = SelectMultipleField(_l("Related KMGBF targets"), coerce=int, validators=[Optional()])
    thematic_areas = SelectMultipleField(
        _l("CBD thematic areas"),
        choices=_choices(THEMATIC_AREAS, THEMATIC_AREAS),
        validators=[Optional()],
    )
    tags = TagsField(_l("Topics (from the taxonomy)"), validators=[Length(max=2000)])
    national_priorities = TextAreaField(
        _l("National priorities addressed (NBSAP and others)"),
        validators=[fits(CooperationRequest.national_priorities)],
    )
    level = SelectField(_l("Level of application"), choices=_choices(LEVELS, LEVEL_LABELS))
    institution = StringField(
        _l("Requesting institution"), validators=[fits(CooperationRequest.institution)]
    )
    beneficiaries = TextAreaField(
        _l("Beneficiaries"), validators=[fits(CooperationRequest.beneficiaries)]
    )
    expected_outputs = TextAreaField(
        _l("Expected outputs and indicators"),
        validators=[fits(CooperationRequest.expected_outputs)],
    )
    existing_initiatives = TextAreaField(
        _l("Existing initiatives it builds on"),
        validators=[fits(CooperationRequest.existing_initiatives)],
    )
    other_programmes = TextAreaField(
        _l("Did the same request go to other programmes? Which?"),
        validators=[fits(CooperationRequest.other_programmes)],
    )
    languages = LanguagesField(_l("Working languages"))
    urgency = SelectField(
        _l("Urgency"), choices=_choices(URGENCIES, URGENCY_LABELS), default="normal"
    )
    start_date = DateField(_l("Anticipated start"), validators=[Optional()])
    end_date = DateField(_l("Anticipated end"), validators=[Optional()])
    files = MultipleFileField(_l("Attachments"))
    save_draft = SubmitField(_l("Save as draft"))
    submit_request = SubmitField(_l("Submit the request"))

    def service_data(self) -> dict:
        """The form's values in the shape the services take."""
        data = {
            name: field.data
            for name, field in self._fields.items()
            if name not in ("csrf_token", "files", "save_draft", "submit_request")
        }
        data["tags"] = split_tags(self.tags.data)
        data["languages"] = list(self.languages.data or [])
        return data


class ActionForm(FlaskForm):
    """One workflow action on the version of the request the viewer saw."""

    action = HiddenField(validators=[DataRequired()])
    version = IntegerField(validators=[InputRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=10000)])
    rating = SelectField(
        _l("Rating"),
        choices=[SelectChoice("", "-"), *_choices([str(n) for n in range(5, 0, -1)])],
        validators=[Optional()],
    )


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), fits(Comment.body)])
    internal = BooleanField(_l("Internal: only staff see it"))
    files = MultipleFileField(_l("Files to send with it"), id="comment-files")
    submit = SubmitField(_l("Add the comment"))


class AssignmentActionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=5000)])


class AttachmentForm(FlaskForm):
    files = MultipleFileField(_l("Add files"))
    submit = SubmitField(_l("Upload"))


class QueueFilterForm(FlaskForm):
    """The staff queue's filters (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[ANY, *_choices(REQUEST_STATES[1:])], default="")
    party = SelectField(_l("Party"), choices=[ANY], default="")
    type = SelectField(_l("Type"), choices=[ANY, *_choices(REQUEST_TYPES, TYPE_LABELS)], default="")
    target = SelectField(_l("KMGBF target"), choices=[ANY], default="")
    # No text of the databases holds a NUL character (PostgreSQL refuses one in a query).
    tag = StringField(_l("Tag"), validators=[Regexp("^[^\x00]*$")])
    urgency = SelectField(
        _l("Urgency"), choices=[ANY, *_choices(URGENCIES, URGENCY_LABELS)], default=""
    )
    owner = SelectField(
        _l("Owner"),
        choices=[
            ANY,
            SelectChoice("mine", _l("Mine")),
            SelectChoice("unassigned", _l("Unassigned")),
        ],
        default="",
    )
    overdue = BooleanField(_l("Overdue only"))
    answered = BooleanField(_l("Answered only (delivered or closed)"))
    submitted_from = DateField(_l("Submitted from"), name="from", validators=[Optional()])
    submitted_to = DateField(_l("Submitted until"), name="to", validators=[Optional()])
    sort = SelectField(
        _l("Sort"),
        choices=_choices(
            ("newest", "oldest", "due", "urgency", "reference"),
            {
                "newest": _l("Newest first"),
                "oldest": _l("Oldest first"),
                "due": _l("Deadline"),
                "urgency": _l("Urgency"),
                "reference": _l("Reference"),
            },
        ),
        default="newest",
    )


# What the fields staff correct are called (on the page and in the Party's email).
CORRECTION_LABELS = {
    "tags": _l("Topics"),
    "targets": _l("KMGBF targets"),
    "type": _l("Type of support"),
    "languages": _l("Working languages"),
}


class OwnerForm(FlaskForm):
    """Who owns the request, on the version the viewer saw (choices: the active staff)."""

    owner = SelectField(_l("Owner"), choices=[], validate_choice=False)
    version = IntegerField(validators=[InputRequired()])
    submit = SubmitField(_l("Set the owner"))


class BulkForm(FlaskForm):
    """The requests ticked in the queue and the move to take on them (choices: the staff)."""

    references = SelectMultipleField(validate_choice=False)
    owner = SelectField(_l("Give the ticked requests to"), choices=[], validate_choice=False)
    assign = SubmitField(_l("Set the owner"))
    close = SubmitField(_l("Close the ticked requests"))


class CorrectionForm(FlaskForm):
    """Staff's corrections of the fields that drive the matching."""

    tags = TagsField(CORRECTION_LABELS["tags"], validators=[Length(max=2000)])
    targets = SelectMultipleField(CORRECTION_LABELS["targets"], coerce=int)
    type = SelectField(CORRECTION_LABELS["type"], choices=_choices(REQUEST_TYPES, TYPE_LABELS))
    languages = LanguagesField(CORRECTION_LABELS["languages"])
    version = IntegerField(validators=[InputRequired()])
    submit = SubmitField(_l("Save the corrections"))

    def service_data(self) -> dict:
        """The corrections in the shape the service takes."""
        return {
            "tags": split_tags(self.tags.data),
            "targets": list(self.targets.data or []),
            "type": self.type.data,
            "languages": list(self.languages.data or []),
        }


class ReplyForm(FlaskForm):
    """A saved reply of the staff: its name, language and text (language choices: built with
    the form, named in the interface language)."""

    title = StringField(
        _l("Name (to find it in the list)"), validators=[DataRequired(), Length(max=120)]
    )
    language = SelectField(_l("Language of the text"), choices=[])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Save the reply"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()
