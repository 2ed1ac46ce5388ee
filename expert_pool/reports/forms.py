"""Forms of the report and event pages: they check shape; the services check meaning."""

from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..exceptions import ValidationError
from ..forms import show_service_error
from ..taxonomy.choices import party_choices
from .models import EVENT_TYPES, GENDERS, PARTICIPANT_ROLES
from .period import Period
from .tables import EVENT_TYPE_LABELS, GENDER_LABELS, PARTICIPANT_ROLE_LABELS

# Blank participant rows offered below the recorded ones.
BLANK_PARTICIPANT_ROWS = 4


class PeriodForm(FlaskForm):
    """The period of a report, from the query string (?from=&to=)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), name="from", validators=[Optional()])
    end = DateField(_l("To"), name="to", validators=[Optional()])


def read_period(form: PeriodForm) -> Period | None:
    """The form's period; None, with the problems on its fields, when a date is unreadable or
    the end comes before the start (a period is never replaced by another one unasked)."""
    if not form.validate():
        flash(_("The period is not valid: please correct the dates."), "danger")
        return None
    try:
        return Period.parse(form.start.data, form.end.data)
    except ValidationError as error:
        show_service_error(form, error, aliases={"from": "start", "to": "end"})
        return None


class ReportDownloadForm(PeriodForm):
    """The period and the format of a biennial report to download."""

    format = SelectField(
        _l("Format"),
        choices=[
            SelectChoice("xlsx", _l("Excel workbook (XLSX)")),
            SelectChoice("csv", _l("CSV")),
            SelectChoice("html", _l("Printable page (HTML)")),
        ],
        default="xlsx",
    )
    gaps = BooleanField(_l("Include the coverage gaps (runs the matcher: slower)"), default=True)


class GapsForm(PeriodForm):
    """The period and the score below which a request is a gap."""

    threshold = StringField(_l("Weak below (best score, 0-1)"), validators=[Optional()])


class ParticipantsForm(Form):
    """One group of participants: how many of a Party, role and gender."""

    party = SelectField(_l("Party"))
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r, PARTICIPANT_ROLE_LABELS[r]) for r in PARTICIPANT_ROLES]
    )
    gender = SelectField(_l("Gender"), choices=[SelectChoice(g, GENDER_LABELS[g]) for g in GENDERS])
    count = IntegerField(
        _l("Number"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100000, message=_l("a whole number from %(min)s to %(max)s")),
        ],
    )


class EventForm(FlaskForm):
    """A capacity-building event and its participants."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=250)])
    type = SelectField(
        _l("Type"), choices=[SelectChoice(t, EVENT_TYPE_LABELS[t]) for t in EVENT_TYPES]
    )
    start_date = DateField(_l("Start date"), validators=[DataRequired()])
    end_date = DateField(_l("End date (if it lasted several days)"), validators=[Optional()])
    is_online = BooleanField(_l("Online"))
    place = StringField(_l("Place"), validators=[Length(max=250)])
    organisers = TextAreaField(_l("Organisers"), validators=[Length(max=5000)])
    partners = TextAreaField(_l("Partners"), validators=[Length(max=5000)])
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    parties = SelectMultipleField(_l("Parties concerned"), validators=[Optional()])
    targets = SelectMultipleField(_l("KMGBF targets"), coerce=int, validators=[Optional()])
    requests = StringField(
        _l("Linked requests (references, separated by commas)"), validators=[Length(max=2000)]
    )
    experts = SelectMultipleField(_l("Experts involved"), coerce=int, validators=[Optional()])
    participants = FieldList(FormField(ParticipantsForm))
    submit = SubmitField(_l("Save the event"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named in the language of the request, so built with the form.
        parties = party_choices()
        self.parties.choices = parties
        for row in self.participants:
            row.party.choices = [SelectChoice("", _("No Party")), *parties]

    def participant_problems(self) -> list[str]:
        """The participant table's problems as sentences: each row's by its column, then the
        service's about the table as a whole."""
        problems = [
            _(
                "Participants, row %(row)d, %(column)s: %(problem)s",
                row=number,
                column=field.label.text,
                problem=message,
            )
            for number, row in enumerate(self.participants, start=1)
            for field in row
            for message in field.errors
        ]
        problems.extend(e for e in self.participants.errors if isinstance(e, str))
        return problems

    def to_data(self) -> dict:
        """The form's values in the shape the services take."""
        references = (self.requests.data or "").replace(";", ",").split(",")
        return {
            "title": self.title.data,
            "type": self.type.data,
            "start_date": self.start_date.data,
            "end_date": self.end_date.data,
            "is_online": self.is_online.data,
            "place": self.place.data,
            "organisers": self.organisers.data,
            "partners": self.partners.data,
            "description": self.description.data,
            "parties": self.parties.data or [],
            "targets": self.targets.data or [],
            "requests": [r.strip() for r in references if r.strip()],
            "experts": self.experts.data or [],
            "participants": [
                {
                    "party": row.party.data or None,
                    "role": row.role.data,
                    "gender": row.gender.data,
                    "count": row.count.data or 0,
                }
                for row in self.participants
                if row.count.data
            ],
        }
