"""Forms of the expert registry (shape only: the services check meaning)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import fits
from ..taxonomy.choices import language_choices, party_choices
from ..taxonomy.fields import TagsField
from .models import Expert

# Tag names may contain commas ("free, prior and informed consent"), so lists use semicolons.
TAG_SEPARATOR = ";"
AVAILABILITY_CHOICES = [
    SelectChoice("available", _l("Available")),
    SelectChoice("limited", _l("Limited availability")),
    SelectChoice("unavailable", _l("Unavailable (until the date below)")),
]


# What each profile status is called on the pages.
STATUS_LABELS = {"pending": _l("pending"), "active": _l("active"), "inactive": _l("inactive")}
AVAILABILITY_LABELS = {
    "available": _l("available"),
    "limited": _l("limited"),
    "unavailable": _l("unavailable"),
}


def split_tags(text: str | None) -> list[str]:
    """The tag names of a semicolon-separated text (the full-width ； of Chinese input too)."""
    text = (text or "").replace("\uff1b", TAG_SEPARATOR)
    return [name.strip() for name in text.split(TAG_SEPARATOR) if name.strip()]


class ProfileForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name (Latin script)"), validators=[DataRequired(), fits(Expert.name)])
    native_name = StringField(
        _l("Name in your own script"), validators=[Optional(), fits(Expert.native_name)]
    )
    title = StringField(_l("Position or title"), validators=[Optional(), fits(Expert.title)])
    affiliation = StringField(_l("Institution"), validators=[Optional(), fits(Expert.affiliation)])
    country = SelectField(_l("Country"), choices=[], validate_choice=False)
    province = StringField(_l("Province or state"), validators=[Optional(), fits(Expert.province)])
    orcid = StringField(_l("ORCID iD"), validators=[Optional(), Length(max=19)])
    bio = TextAreaField(_l("Expertise and experience"), validators=[Optional(), fits(Expert.bio)])
    tags = TagsField(_l("Expertise tags"), validators=[Optional(), Length(max=2000)])
    targets = SelectMultipleField(_l("KMGBF targets you work on"), choices=[], coerce=int)
    languages = SelectMultipleField(_l("Working languages"))
    availability = SelectField(_l("Availability"), choices=AVAILABILITY_CHOICES)
    unavailable_until = DateField(_l("Unavailable until"), validators=[Optional()])
    max_assignments = IntegerField(
        _l("Most assignments at the same time"), validators=[NumberRange(min=0, max=20)], default=3
    )
    public = BooleanField(_l("List me in the public directory (your email address is never shown)"))
    submit = SubmitField(_l("Save the profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named in the language of the request, so built with the form.
        self.country.choices = [SelectChoice("", _("(choose)")), *party_choices()]
        self.languages.choices = language_choices()

    def to_data(self) -> dict:
        """The form's values in the shape the services take."""
        data = {
            field: getattr(self, field).data or ""
            for field in (
                "name",
                "native_name",
                "title",
                "affiliation",
                "country",
                "province",
                "orcid",
                "bio",
                "availability",
            )
        }
        if "email" in self:
            data["email"] = self.email.data or ""
        data.update(
            tags=split_tags(self.tags.data),
            targets=list(self.targets.data or []),
            languages=list(self.languages.data or []),
            unavailable_until=self.unavailable_until.data,
            max_assignments=self.max_assignments.data,
            public=bool(self.public.data),
        )
        return data


class PublicationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=400)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(min=1900, max=2100)])
    url = URLField(_l("Web address"), validators=[Optional(), Length(max=400)])
    abstract = TextAreaField(_l("Abstract"), validators=[Optional(), Length(max=10000)])
    submit = SubmitField(_l("Save the publication"))


class ImportForm(FlaskForm):
    file = FileField(
        _l("Spreadsheet (CSV or XLSX)"),
        validators=[FileRequired(), FileAllowed(["csv", "xlsx"], _l("a .csv or .xlsx file"))],
    )
    update = BooleanField(_l("Update the experts already in the pool (matched by email or name)"))
    skip_invalid = BooleanField(_l("Import the valid rows even if some rows have errors"))
    submit = SubmitField(_l("Check the file"))


class ImportConfirmForm(FlaskForm):
    """The checked upload and the options chosen with it, carried to the confirming POST."""

    ON = "1"
    upload = HiddenField(validators=[DataRequired(), Length(max=64)])
    update = HiddenField()
    skip_invalid = HiddenField()
    submit = SubmitField(_l("Import now"))

    @classmethod
    def for_upload(cls, upload: str, update: bool, skip_invalid: bool) -> "ImportConfirmForm":
        """The confirm form of a checked upload, built from values, never from the check's POST
        (whose checkboxes say "y" under the same names)."""
        return cls(
            formdata=None,
            upload=upload,
            update=cls.ON if update else "",
            skip_invalid=cls.ON if skip_invalid else "",
        )

    def options(self) -> dict[str, bool]:
        """The import options as the importer takes them."""
        return {
            "update": self.update.data == self.ON,
            "skip_invalid": self.skip_invalid.data == self.ON,
        }
