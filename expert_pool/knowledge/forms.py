"""Forms of the knowledge pages: they check shape; the services check meaning."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional, Regexp

from ..experts.forms import split_tags
from ..taxonomy.choices import language_choices, party_choices
from ..taxonomy.fields import LanguagesField, TagsField
from .models import PRODUCT_TYPES, VISIBILITIES
from .services import FIRST_YEAR, LAST_YEAR

TYPE_LABELS = {
    "report": _l("Report"),
    "case_study": _l("Case study"),
    "policy_brief": _l("Policy brief"),
    "guideline": _l("Guideline"),
    "training_material": _l("Training material"),
    "dataset": _l("Dataset"),
    "tool": _l("Tool"),
}
VISIBILITY_LABELS = {"public": _l("Public: anyone finds it"), "staff": _l("Staff only")}
ANY = SelectChoice("", _l("Any"))
YEAR_RANGE = NumberRange(
    min=FIRST_YEAR, max=LAST_YEAR, message=_l("a year from %(min)s to %(max)s")
)
# No text of the databases holds a NUL character (PostgreSQL refuses one in a query).
NO_NUL = Regexp("^[^\x00]*$")


class CatalogueForm(FlaskForm):
    """The catalogue's search and filters (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search in any language"), validators=[Length(max=2000), NO_NUL])
    type = SelectField(
        _l("Type"),
        choices=[ANY, *(SelectChoice(t, TYPE_LABELS[t]) for t in PRODUCT_TYPES)],
        default="",
    )
    target = SelectField(_l("KMGBF target"), choices=[ANY], default="")
    tag = StringField(_l("Topic"), validators=[Length(max=200), NO_NUL])
    party = SelectField(_l("Party"), choices=[ANY], default="")
    language = SelectField(_l("Language"), choices=[ANY], default="")
    year = IntegerField(_l("Year"), validators=[Optional(), YEAR_RANGE])

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Named in the language of the request, so built with the form.
        self.target.choices = [ANY, *targets]
        self.party.choices = [ANY, *party_choices(served_first=True)]
        self.language.choices = [ANY, *language_choices()]


class ProductForm(FlaskForm):
    """A knowledge product, in English, Chinese or both."""

    title = StringField(_l("Title in English"), validators=[Length(max=250)])
    title_zh = StringField(_l("Title in Chinese"), validators=[Length(max=250)])
    summary = TextAreaField(_l("Summary in English"), validators=[Length(max=20000)])
    summary_zh = TextAreaField(_l("Summary in Chinese"), validators=[Length(max=20000)])
    type = SelectField(_l("Type"), choices=[SelectChoice(t, TYPE_LABELS[t]) for t in PRODUCT_TYPES])
    languages = LanguagesField(_l("Languages of the product"))
    year = IntegerField(_l("Year"), validators=[Optional(), YEAR_RANGE])
    targets = SelectMultipleField(_l("KMGBF targets"), coerce=int, validators=[Optional()])
    tags = TagsField(_l("Topics (from the taxonomy)"), validators=[Length(max=2000)])
    parties = SelectMultipleField(_l("Parties concerned"), validators=[Optional()])
    experts = SelectMultipleField(
        _l("Authors from the expert pool"), coerce=int, validators=[Optional()]
    )
    authors = StringField(_l("Other authors"), validators=[Length(max=2000)])
    links = TextAreaField(_l("Links (one web address a line)"), validators=[Length(max=12000)])
    licence = StringField(_l("Licence"), validators=[Length(max=100)])
    visibility = SelectField(
        _l("Visibility"), choices=[SelectChoice(v, VISIBILITY_LABELS[v]) for v in VISIBILITIES]
    )
    files = MultipleFileField(_l("Files"))
    submit = SubmitField(_l("Save the product"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties.choices = party_choices(served_first=True)

    def service_data(self) -> dict:
        """The form's values in the shape the services take."""
        return {
            "title": self.title.data,
            "title_zh": self.title_zh.data,
            "summary": self.summary.data,
            "summary_zh": self.summary_zh.data,
            "type": self.type.data,
            "languages": list(self.languages.data or []),
            "year": self.year.data,
            "targets": list(self.targets.data or []),
            "tags": split_tags(self.tags.data),
            "parties": list(self.parties.data or []),
            "experts": list(self.experts.data or []),
            "authors": self.authors.data,
            "links": (self.links.data or "").split(),
            "licence": self.licence.data,
            "visibility": self.visibility.data,
        }


class AnswerFromCatalogueForm(FlaskForm):
    """Staff answer a knowledge-product inquiry with products of the catalogue."""

    products = SelectMultipleField(
        _l("Products that answer it"), coerce=int, validators=[Optional()]
    )
    note = TextAreaField(_l("Note to the Party"), validators=[Length(max=10000)])
    version = IntegerField(validators=[Optional()])
    submit = SubmitField(_l("Deliver these products"))
