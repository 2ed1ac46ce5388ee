"""Forms of the expert registry (shape only: the services check meaning)."""

import pycountry
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

# Tag names may contain commas ("free, prior and informed consent"), so lists use semicolons.
TAG_SEPARATOR = ";"
LANGUAGE_CHOICES = sorted(
    (
        SelectChoice(language.alpha_2, language.name)
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    ),
    key=lambda choice: choice.label,
)
AVAILABILITY_CHOICES = [
    SelectChoice("available", "Available"),
    SelectChoice("limited", "Limited availability"),
    SelectChoice("unavailable", "Unavailable (until the date below)"),
]


def split_tags(text: str | None) -> list[str]:
    """The tag names of a semicolon-separated text."""
    return [name.strip() for name in (text or "").split(TAG_SEPARATOR) if name.strip()]


class ProfileForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name (Latin script)", validators=[DataRequired(), Length(max=200)])
    native_name = StringField("Name in your own script", validators=[Optional(), Length(max=200)])
    title = StringField("Position or title", validators=[Optional(), Length(max=120)])
    affiliation = StringField("Institution", validators=[Optional(), Length(max=250)])
    country = SelectField("Country", choices=[], validate_choice=False)
    province = StringField("Province or state", validators=[Optional(), Length(max=120)])
    orcid = StringField("ORCID iD", validators=[Optional(), Length(max=19)])
    bio = TextAreaField("Expertise and experience", validators=[Optional(), Length(max=5000)])
    tags = StringField("Expertise tags", validators=[Optional(), Length(max=2000)])
    targets = SelectMultipleField("KMGBF targets you work on", choices=[], coerce=int)
    languages = SelectMultipleField("Working languages", choices=LANGUAGE_CHOICES)
    availability = SelectField("Availability", choices=AVAILABILITY_CHOICES)
    unavailable_until = DateField("Unavailable until", validators=[Optional()])
    max_assignments = IntegerField(
        "Most assignments at the same time", validators=[NumberRange(min=0, max=20)], default=3
    )
    public = BooleanField("List me in the public directory (your email address is never shown)")
    submit = SubmitField("Save the profile")

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
    title = StringField("Title", validators=[DataRequired(), Length(max=400)])
    year = IntegerField("Year", validators=[Optional(), NumberRange(min=1900, max=2100)])
    url = URLField("Web address", validators=[Optional(), Length(max=400)])
    abstract = TextAreaField("Abstract", validators=[Optional(), Length(max=10000)])
    submit = SubmitField("Save the publication")


class ImportForm(FlaskForm):
    file = FileField(
        "Spreadsheet (CSV or XLSX)",
        validators=[FileRequired(), FileAllowed(["csv", "xlsx"], "a .csv or .xlsx file")],
    )
    update = BooleanField("Update the experts already in the pool (matched by email or name)")
    skip_invalid = BooleanField("Import the valid rows even if some rows have errors")
    submit = SubmitField("Check the file")


class ImportConfirmForm(FlaskForm):
    upload = HiddenField(validators=[DataRequired(), Length(max=64)])
    update = HiddenField()
    skip_invalid = HiddenField()
    submit = SubmitField("Import now")
