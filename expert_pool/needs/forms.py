"""Forms of the needs assessment pages, and the labels of its vocabularies: they check shape;
the services check meaning."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import MultiDict
from wtforms import (
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

from ..experts.forms import split_tags
from ..taxonomy.fields import TagsField
from .models import DOCUMENT_TYPES, PRIORITIES, QUESTION_KINDS, RATINGS, TemplateVersion
from .services import rated_items

DOCUMENT_TYPE_LABELS = {
    "national_report_7": _l("7th National Report"),
    "cartagena_report": _l("Cartagena Protocol national report"),
    "nagoya_report": _l("Nagoya Protocol national report"),
    "nbsap": _l("NBSAP"),
    "other": _l("Other document"),
}
PRIORITY_LABELS = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}
RATING_LABELS = {**PRIORITY_LABELS, "none": _l("Not a priority")}
KIND_LABELS = {
    "target_priority": _l("Priority of each KMGBF target"),
    "area_priority": _l("Priority of each thematic area"),
    "choice": _l("One choice"),
    "text": _l("Free text"),
}
STATUS_LABELS = {"open": _l("Open"), "submitted": _l("Answers submitted")}
# Blank question rows offered below the questionnaire's questions in the editor.
BLANK_QUESTION_ROWS = 3


class QuestionRow(Form):
    """One question of the editor, with the section it belongs to (consecutive rows with the
    same section title make one section)."""

    section_en = StringField(_l("Section (English)"), validators=[Length(max=250)])
    section_zh = StringField(_l("Section (Chinese)"), validators=[Length(max=250)])
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in QUESTION_KINDS]
    )
    text_en = TextAreaField(_l("Question (English)"), validators=[Length(max=5000)])
    text_zh = TextAreaField(_l("Question (Chinese)"), validators=[Length(max=5000)])
    options = TextAreaField(
        _l("Options"),
        description=_l(
            "Targets or thematic area codes to rate, separated by commas (empty: all); for a "
            "choice, one option a line: code | English | Chinese"
        ),
        validators=[Length(max=5000)],
    )


class TemplateForm(FlaskForm):
    """A questionnaire: its name, wording and questions."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=250)])
    title_zh = StringField(_l("Title (Chinese)"), validators=[DataRequired(), Length(max=250)])
    intro_en = TextAreaField(_l("Introduction (English)"), validators=[Length(max=5000)])
    intro_zh = TextAreaField(_l("Introduction (Chinese)"), validators=[Length(max=5000)])
    questions = FieldList(FormField(QuestionRow), min_entries=1)
    submit = SubmitField(_l("Save the questionnaire"))

    def to_data(self) -> dict:
        """The questionnaire as the services take it: rows grouped into sections."""
        sections: list[dict] = []
        for row in self.questions.entries:
            question = row.form
            if not (question.text_en.data or question.text_zh.data):
                continue
            title = (question.section_en.data or "", question.section_zh.data or "")
            if not sections or (sections[-1]["title_en"], sections[-1]["title_zh"]) != title:
                sections.append({"title_en": title[0], "title_zh": title[1], "questions": []})
            sections[-1]["questions"].append(
                {
                    "kind": question.kind.data,
                    "text_en": question.text_en.data,
                    "text_zh": question.text_zh.data,
                    "options": parse_options(question.kind.data, question.options.data or ""),
                }
            )
        return {
            "title_en": self.title_en.data,
            "title_zh": self.title_zh.data,
            "intro_en": self.intro_en.data,
            "intro_zh": self.intro_zh.data,
            "sections": sections,
        }


def parse_options(kind: str, text: str) -> list:
    """The options of a question as written in the editor."""
    if kind == "choice":
        options = []
        for line in filter(None, (line.strip() for line in text.splitlines())):
            code, _sep, rest = line.partition("|")
            english, _sep, chinese = rest.partition("|")
            options.append({"code": code.strip(), "en": english.strip(), "zh": chinese.strip()})
        return options
    items = [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]
    if kind == "target_priority":
        return [int(item) if item.isdigit() else item for item in items]
    return items


def options_text(kind: str, options: list) -> str:
    """A question's options as the editor writes them."""
    if kind == "choice":
        return "\n".join(f"{o['code']} | {o['en']} | {o['zh']}" for o in options)
    return ", ".join(str(option) for option in options)


def template_form_data(name: str, version: TemplateVersion) -> dict:
    """A questionnaire version as the editor's fields, with blank rows below its questions."""
    rows = [
        {
            "section_en": section.title_en,
            "section_zh": section.title_zh,
            "kind": question.kind,
            "text_en": question.text_en,
            "text_zh": question.text_zh,
            "options": options_text(question.kind, question.options),
        }
        for section in version.sections
        for question in section.questions
    ]
    return {
        "name": name,
        "title_en": version.title_en,
        "title_zh": version.title_zh,
        "intro_en": version.intro_en,
        "intro_zh": version.intro_zh,
        "questions": rows + [{}] * BLANK_QUESTION_ROWS,
    }


class RoundForm(FlaskForm):
    """A round: which Parties answer which questionnaire by when."""

    title = StringField(_l("Title of the round"), validators=[DataRequired(), Length(max=250)])
    template = SelectField(_l("Questionnaire"), coerce=int)
    deadline = DateField(_l("Deadline"), validators=[DataRequired()])
    parties = SelectMultipleField(_l("Parties"), validators=[DataRequired()])
    submit = SubmitField(_l("Send the questionnaire"))


class ResponseForm(FlaskForm):
    """The buttons and documents of a Party's response page (the answers are read from the
    fields named after the questions)."""

    documents = MultipleFileField(_l("Supporting documents"))
    save = SubmitField(_l("Save and continue later"))
    submit = SubmitField(_l("Submit the answers"))


def answer_field(question_id: int, item: str = "") -> str:
    """The name of the page field that holds one answer."""
    return f"q-{question_id}-{item}" if item else f"q-{question_id}"


def answers_from_form(version: TemplateVersion, formdata: MultiDict) -> dict:
    """The answers of the response page, in the shape the services take."""
    answers: dict = {}
    for question in version.questions:
        if question.kind in ("target_priority", "area_priority"):
            answers[str(question.id)] = {
                item: formdata.get(answer_field(question.id, item), "")
                for item in rated_items(question)
            }
        else:
            answers[str(question.id)] = formdata.get(answer_field(question.id), "")
    return answers


RATING_CHOICES = [SelectChoice(code, RATING_LABELS[code]) for code in RATINGS]


class FindingForm(FlaskForm):
    """A desk-review finding."""

    party = SelectField(_l("Party"), validators=[DataRequired()])
    document_type = SelectField(
        _l("Document"), choices=[SelectChoice(t, DOCUMENT_TYPE_LABELS[t]) for t in DOCUMENT_TYPES]
    )
    document_title = StringField(_l("Title of the document"), validators=[Length(max=250)])
    document_year = IntegerField(
        _l("Year of the document"),
        validators=[
            DataRequired(),
            NumberRange(min=1992, max=2100, message=_l("a year from %(min)s to %(max)s")),
        ],
    )
    document_link = StringField(_l("Link to the document"), validators=[Length(max=500)])
    targets = SelectMultipleField(_l("KMGBF targets"), coerce=int)
    tags = TagsField(_l("Topics"))
    priority = SelectField(
        _l("Priority"), choices=[SelectChoice(p, PRIORITY_LABELS[p]) for p in PRIORITIES]
    )
    passage = TextAreaField(_l("Quoted passage"), validators=[DataRequired(), Length(max=5000)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save the finding"))

    def to_data(self) -> dict:
        """The finding as the services take it."""
        names = (
            "party",
            "document_type",
            "document_title",
            "document_year",
            "document_link",
            "targets",
            "priority",
            "passage",
            "note",
        )
        return {
            **{name: getattr(self, name).data for name in names},
            "tags": split_tags(self.tags.data),
        }
