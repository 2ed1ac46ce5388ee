"""Form fields that take the taxonomy's vocabularies, shared by every feature's forms."""

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup
from wtforms import SelectMultipleField, StringField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .choices import COMMON_LANGUAGES, language_choices


class TagsField(StringField):
    """Taxonomy tag names separated by semicolons, typed with the taxonomy's suggestions
    (static/js/tag_autocomplete.js): the expert profile's tags and a request's topics."""

    def __call__(self, **kwargs) -> Markup:
        """The input with the address of the suggestions and an example; the template's own
        attributes come first."""
        attributes = {
            "data-suggest-url": url_for("taxonomy.suggest_tags"),
            "autocomplete": "off",
            "placeholder": _("e.g. wetland ecology; invasive alien species"),
        }
        return super().__call__(**{**attributes, **kwargs})


class LanguagesField(SelectMultipleField):
    """Working languages as checkboxes named in the interface language, the region's common ones
    first (the macro language_checkboxes shows the others behind "More languages"): a request's
    languages and ad-hoc matching. The services refuse what is not an ISO 639-1 code, as they do
    for the API, so the field takes any code."""

    common = COMMON_LANGUAGES

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(
            label,
            validators or [Optional()],
            validate_choice=False,
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
            **kwargs,
        )
        # Built with the form, in the language of the request it serves.
        self.choices = language_choices()
