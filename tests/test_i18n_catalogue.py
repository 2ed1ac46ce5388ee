"""A catalogue that keeps up with the code: every string a user reads is marked for
translation, in the templates and in the Python code, and the Chinese catalogue translates and
compiles every one."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import Environment

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "expert_pool" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
}
# Every page and email template: each piece of its text is marked for translation.
TEMPLATES = sorted(
    path.relative_to(ROOT / "expert_pool").as_posix()
    for suffix in ("html", "txt")
    for path in (ROOT / "expert_pool").glob(f"**/templates/**/*.{suffix}")
)


def _extracted_messages() -> set[str]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS
        )
    }


def test_the_chinese_catalogue_translates_every_marked_string():
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    translated = {
        m.id[0] if m.pluralizable else m.id: m.string
        for m in catalogue
        if m.id and all(m.string if m.pluralizable else [m.string]) and not m.fuzzy
    }
    missing = sorted(_extracted_messages() - translated.keys())
    assert not missing, "run `make translations` and translate in messages.po:\n" + "\n".join(
        missing
    )


def test_the_compiled_catalogue_matches_its_source():
    with CATALOGUE.open("rb") as po:
        source = {}
        for m in read_po(po):
            if m.pluralizable:  # gettext keeps each plural form under (singular, index)
                source.update({(m.id[0], i): form for i, form in enumerate(m.string) if form})
            elif m.id and m.string:
                source[m.id] = m.string
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled = {key: value for key, value in compiled.items() if key}
    assert compiled == source, "run `make translations` to compile messages.mo"


TEXT = re.compile(r"[A-Za-z]{2,}")
# Attributes that people read (or hear), whose values need translating.
READ_ATTRIBUTES = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"\x00]*)"')
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]*>", flags=re.S)


def _unmarked_text(source: str) -> list[str]:
    """Pieces of a template's literal text that a reader sees but no gettext call wraps."""
    literal, strings = [], []
    in_trans = False
    previous = ""
    for _, kind, value in Environment(extensions=["jinja2.ext.i18n"]).lex(source):
        if kind == "name" and previous == "block_begin":
            in_trans = value == "trans" or (in_trans and value != "endtrans")
        if kind == "data" and not in_trans:
            literal.append(value)
        elif kind in ("variable_begin", "block_begin"):
            literal.append("\x00")  # an expression or a tag stands here
        if kind == "string" and previous not in ("(", ","):
            text = value[1:-1]  # the lexer keeps the quotes
            if text[:1].isupper() and " " in text and TEXT.match(text):
                strings.append(text)
        if kind != "whitespace":
            previous = value if kind == "operator" else kind
    page = "".join(literal)
    readable = READ_ATTRIBUTES.findall(page)
    pieces = HIDDEN.sub("\x00", page).split("\x00")
    return [p.strip() for p in pieces + readable if TEXT.search(p)] + strings


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_text_of_translated_templates_is_marked(template):
    source = (ROOT / "expert_pool" / template).read_text(encoding="utf-8")
    assert _unmarked_text(source) == []


def test_the_check_finds_unmarked_text():
    assert _unmarked_text("<p>Hello {{ _('marked') }}</p>") == ["Hello"]
    assert _unmarked_text('<a title="Close it">{% trans %}Inside{% endtrans %}</a>') == ["Close it"]
    assert _unmarked_text("{{ 'Draft request' if draft }}") == ["Draft request"]


# Python code that no user reads, so its strings stay English; each with the reason.
PYTHON_FOR_PROGRAMMERS = {
    "matching/engine": "the pure matching engine: its ValueErrors tell a programmer of a misuse",
    "seeding.py": "a SeedError names the seed file and row for the developer who wrote them",
}


def _callee(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _unmarked(node: ast.expr) -> bool:
    """Whether an expression is (or is built from) literal text rather than a call, such as
    _() or _l(), that gives the text in the reader's language."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(TEXT.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_unmarked(value) for value in node.values)
    if isinstance(node, ast.BinOp):
        return _unmarked(node.left) or _unmarked(node.right)
    if isinstance(node, ast.IfExp):
        return _unmarked(node.body) or _unmarked(node.orelse)
    if isinstance(node, (ast.BoolOp, ast.List, ast.Tuple)):
        return any(_unmarked(value) for value in getattr(node, "values", None) or node.elts)
    if isinstance(node, ast.Call) and _callee(node.func) == "format":
        return _unmarked(node.func.value)
    return False


def _arguments(call: ast.Call, positions: slice, *keywords: str) -> list[ast.expr]:
    return call.args[positions] + [k.value for k in call.keywords if k.arg in keywords]


def _field_messages(values: list[ast.expr]) -> list[ast.expr]:
    """The messages of a literal `fields` mapping ({"name": ["message", ...]})."""
    return [message for value in values if isinstance(value, ast.Dict) for message in value.values]


def _choice_labels(values: list[ast.expr]) -> list[ast.expr]:
    """The labels of literal choices ([("value", "label"), ...]); the values are codes."""
    return [
        choice.elts[1]
        for value in values
        if isinstance(value, (ast.List, ast.Tuple))
        for choice in value.elts
        if isinstance(choice, ast.Tuple) and len(choice.elts) == 2
    ]


def _subclasses(trees: list[ast.Module], roots: set[str]) -> set[str]:
    """The names of the roots and of every class of the package that derives from one."""
    names, grown = set(roots), True
    while grown:
        grown = False
        for tree in trees:
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in names
                    and any(_callee(base) in names for base in node.bases)
                ):
                    names.add(node.name)
                    grown = True
    return names


def _readable_kinds(trees: list[ast.Module]) -> dict[str, set[str]]:
    """The names of the calls whose arguments a user reads, by kind: the service errors (and
    WTForms' own ValidationError), the WTForms fields and the WTForms validators."""
    wtforms = {
        (alias.asname or alias.name, node.module)
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith(("wtforms", "flask_wtf"))
        for alias in node.names
    }
    fields = {name for name, _ in wtforms if name.endswith("Field")}
    validators = {name for name, module in wtforms if module.endswith((".validators", ".file"))}
    return {
        "error": _subclasses(trees, {"ServiceError", "ValidationError", "StopValidation"}),
        "field": _subclasses(trees, fields),
        "validator": _subclasses(trees, validators - fields),
    }


def _readable_arguments(call: ast.Call, kinds: dict[str, set[str]]) -> list[ast.expr]:
    """A call's arguments that a user reads: a flash message, a service error's message and
    field messages, a WTForms label, description, choice label, validator message or a message
    added to a field's errors."""
    name = _callee(call.func)
    if name == "flash":
        return _arguments(call, slice(0, 1), "message")
    if name in kinds["error"]:
        fields = _field_messages(_arguments(call, slice(1, 2), "fields"))
        return _arguments(call, slice(0, 1), "message") + fields
    if name == "on" and _callee(call.func.value) in kinds["error"]:
        return _arguments(call, slice(1, 2), "message")
    if name in kinds["field"]:
        choices = _choice_labels(_arguments(call, slice(0, 0), "choices"))
        return _arguments(call, slice(0, 1), "label", "description") + choices
    if name in kinds["validator"]:
        return _arguments(call, slice(0, 0), "message")
    if name == "SelectChoice":
        return _arguments(call, slice(1, 2), "label")
    if name in ("append", "extend") and _callee(call.func.value) == "errors":
        return call.args
    return []


def _unmarked_python(sources: dict[str, str]) -> list[str]:
    """Where Python code hands a user literal text instead of a gettext call ("path:line: code")."""
    trees = {path: ast.parse(source) for path, source in sources.items()}
    kinds = _readable_kinds(list(trees.values()))
    found = [
        (path, call.lineno, call.col_offset, ast.unparse(call))
        for path, tree in trees.items()
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and any(_unmarked(argument) for argument in _readable_arguments(call, kinds))
    ]
    return [f"{path}:{line}: {code}" for path, line, _, code in sorted(found)]


def _package_sources() -> dict[str, str]:
    package = ROOT / "expert_pool"
    return {
        path.relative_to(package).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(package.glob("**/*.py"))
    }


def test_the_text_python_shows_users_is_marked():
    sources = _package_sources()
    kinds = _readable_kinds([ast.parse(source) for source in sources.values()])
    assert {"TransitionRefused", "ValidationError", "NotFound"} <= kinds["error"]
    assert {"StringField", "SelectField"} <= kinds["field"] and "DataRequired" in kinds["validator"]
    found = [
        h for h in _unmarked_python(sources) if not h.startswith(tuple(PYTHON_FOR_PROGRAMMERS))
    ]
    assert found == [], "wrap these in _() (or _l() at import time):\n" + "\n".join(found)


UNMARKED_PYTHON = """
from flask import flash
from flask_babel import gettext as _
from wtforms import StringField
from wtforms.validators import Length

from expert_pool.exceptions import Conflict, NotFound, ServiceError, ValidationError


class Refused(ServiceError):
    "A refusal of the example."


class Later(Refused):
    "A refusal that says when to try again."


def view(form, name):
    flash("Saved.")
    flash(_("Saved."))
    flash(f"{name} was saved", "success")
    form.name.errors.append("too long")
    raise NotFound("there is no " + name)
    raise NotFound(_("there is no %(name)s", name=name))
    raise Conflict(_("changed"), {"version": [f"the version is {name}"]})
    raise ValidationError.on("name", f"{name} is taken")
    raise ValidationError.on("name", _("%(name)s is taken", name=name))
    raise Later(message="try again later" if name else _("now"))


class NameForm:
    name = StringField("Name", validators=[Length(max=9, message="at most 9")])
    nick = StringField(_("Nickname"), description="what friends call you")
    kind = StringField(_("Kind"), choices=[("a", _("A kind")), ("b", "Another kind")])
"""


def test_the_check_finds_unmarked_python_text():
    sources = {**_package_sources(), "demo.py": UNMARKED_PYTHON}  # the package's error classes
    found = [hit.split(": ", 1)[1] for hit in _unmarked_python(sources) if hit.startswith("demo")]
    assert found == [
        "flash('Saved.')",
        "flash(f'{name} was saved', 'success')",
        "form.name.errors.append('too long')",
        "NotFound('there is no ' + name)",
        "Conflict(_('changed'), {'version': [f'the version is {name}']})",
        "ValidationError.on('name', f'{name} is taken')",
        "Later(message='try again later' if name else _('now'))",
        "StringField('Name', validators=[Length(max=9, message='at most 9')])",
        "Length(max=9, message='at most 9')",
        "StringField(_('Nickname'), description='what friends call you')",
        "StringField(_('Kind'), choices=[('a', _('A kind')), ('b', 'Another kind')])",
    ]


# Pages that show data of the taxonomy (tag names, target titles) to staff: in Chinese, every
# tag with a Chinese label and every target with a Chinese title must be said in Chinese.
DATA_PAGES = (
    "/reports?from=2020-01-01&to=2030-12-31",
    "/reports/gaps?from=2020-01-01&to=2030-12-31&threshold=1",
    "/needs/assessment?from=2020-01-01&to=2030-12-31",
    "/knowledge",
    "/requests/{reference}",
    "/requests/{reference}/candidates?filtered=1",
    "/taxonomy/tags/suggest?q=fish",
    "/taxonomy/tags/suggest?q=edna",
)
READ_VALUES = re.compile(r'\b(?:title|alt|placeholder|aria-label|value)="([^"\x00]*)"')
# What people wrote, quoted as they wrote it (a sentence of a bio, the text typed).
QUOTED = re.compile(r"“[^”]*”")


def _untranslated_data(page: str, english: dict[str, str]) -> list[str]:
    """The English texts of the data (name -> its Chinese label) that a reader of the page sees
    (its text, read attributes and field values; a JSON answer as it is), leaving out what
    people wrote and the page quotes."""
    visible = " ".join([HIDDEN.sub(" ", page), *READ_VALUES.findall(page)])
    visible = QUOTED.sub(" ", visible).lower()
    return sorted(name for name in english if name.lower() in visible)


def test_the_check_finds_data_left_in_english():
    english = {"inland fisheries": "内陆渔业", "Halt species extinction": "遏制物种灭绝"}
    page = '<p>内陆渔业</p><input value="Inland fisheries"><svg><text>4 Halt</text></svg>'
    assert _untranslated_data(page, english) == ["inland fisheries"]
    assert _untranslated_data("<li>“We study inland fisheries.”</li>", english) == []
    assert _untranslated_data("<p>内陆渔业 遏制物种灭绝</p>", english) == []


@pytest.mark.parametrize("path", DATA_PAGES)
def test_the_chinese_pages_say_the_taxonomy_data_in_chinese(app, client, path):
    from sqlalchemy import select

    from expert_pool.extensions import db
    from expert_pool.taxonomy.models import Tag, Target
    from tests.world import build_matching_world, sign_in

    world = build_matching_world()
    titles = {4: "遏制物种灭绝", 21: "为生物多样性行动提供知识"}
    for target in db.session.scalars(select(Target)):
        target.title_zh = titles[target.number]
    world.staff.locale = "zh"
    db.session.commit()
    english = {
        tag.name: tag.aliases_in("zh")[0]
        for tag in db.session.scalars(select(Tag))
        if tag.aliases_in("zh")
    }
    english |= {t.title: t.title_zh for t in db.session.scalars(select(Target))}
    sign_in(client, world.staff.email)
    response = client.get(path.format(reference=world.request.reference))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert _untranslated_data(page, english) == []
    assert any(label in page for label in english.values()) or "suggest" in path


def test_did_you_mean_names_the_tags_in_the_readers_language(app):
    from flask_babel import force_locale

    from expert_pool.taxonomy.services import ensure_tags, unknown_tag_message
    from tests.world import MATCHING_TAGS

    ensure_tags(MATCHING_TAGS)
    with force_locale("zh"):
        message = unknown_tag_message("inland fisherie")
    assert "内陆渔业" in message and "inland fisheries" not in message
    with force_locale("en"):
        assert "inland fisheries" in unknown_tag_message("inland fisherie")
