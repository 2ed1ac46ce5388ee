"""Serializers of the API: explicit fields, never a model dumped whole."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, fields, validate

from ..database import max_length
from ..exceptions import ApiErrorSchema
from ..pagination import MAX_PAGE, MAX_PER_PAGE
from ..routing import MAX_ID
from ..taxonomy.services import MAX_TAGS
from ..validation import MAX_LANGUAGES

__all__ = ["ApiErrorSchema", "Id", "Languages", "Moment", "Tags", "Targets", "Text"]

# The 23 targets of the KMGBF, each named once at most.
TARGET_COUNT = 23


def Tags(**kwargs) -> fields.List:
    """Tag names or aliases, at most the taxonomy's MAX_TAGS (maxItems in the document)."""
    kwargs.setdefault("metadata", {"description": "tag names or aliases"})
    return fields.List(fields.String(), validate=validate.Length(max=MAX_TAGS), **kwargs)


def Languages(**kwargs) -> fields.List:
    """ISO 639-1 codes, at most MAX_LANGUAGES."""
    kwargs.setdefault("metadata", {"description": "ISO 639-1 codes"})
    return fields.List(fields.String(), validate=validate.Length(max=MAX_LANGUAGES), **kwargs)


def Targets(**kwargs) -> fields.List:
    """KMGBF target numbers (1-23), at most 23."""
    kwargs.setdefault("metadata", {"description": "1-23"})
    kwargs.setdefault("validate", validate.Length(max=TARGET_COUNT))
    number = fields.Integer(validate=validate.Range(min=1, max=TARGET_COUNT))
    return fields.List(number, **kwargs)


def Text(attribute, **kwargs) -> fields.String:
    """A free text of at most the length its model declares (a longer one is a 422; the
    OpenAPI document says maxLength)."""
    return fields.String(validate=validate.Length(max=max_length(attribute)), **kwargs)


def Id(**kwargs) -> fields.Integer:
    """The id of a row: 1 to the largest the databases hold (a larger one is a 422, never an
    overflow)."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class Moment(fields.DateTime):
    """A moment, answered in ISO 8601 with its UTC offset (the database keeps naive UTC)."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class PageSchema(Schema):
    """The one pagination envelope: a page's `items` (each subclass says of what) and where the
    page stands."""

    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


class PageQuerySchema(Schema):
    """Which page of a list to answer, and its size (the app's PAGE_SIZE by default)."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_PER_PAGE))


def page_of(pagination, serialise: Callable[[Any], dict]) -> dict:
    """A page of a list in the envelope of PageSchema, each item serialised."""
    return {
        "items": [serialise(item) for item in pagination.items],
        "page": pagination.page,
        "per_page": pagination.per_page,
        "total": pagination.total,
        "pages": pagination.pages,
    }


class TokenRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TokenSchema(Schema):
    token = fields.String(required=True)
    expires_in = fields.Integer(metadata={"description": "seconds"})


class MeSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    party = fields.String(attribute="party_code", allow_none=True)
    expert_id = fields.Integer(allow_none=True)


class TagSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    category = fields.String()
    description = fields.String()
    aliases_en = fields.Method("get_aliases_en")
    aliases_zh = fields.Method("get_aliases_zh")

    def get_aliases_en(self, tag) -> list[str]:
        return tag.aliases_in("en")

    def get_aliases_zh(self, tag) -> list[str]:
        return tag.aliases_in("zh")


class TargetSchema(Schema):
    number = fields.Integer()
    title = fields.String()
    title_zh = fields.String()
    description = fields.String()


class PartySchema(Schema):
    code = fields.String(metadata={"description": "ISO 3166-1 alpha-3"})
    name = fields.String()
    is_served = fields.Boolean()


class PartyQuerySchema(Schema):
    served = fields.Boolean(load_default=False)


class PeriodQuerySchema(Schema):
    """A period: from and to, both days included."""

    start = fields.Date(data_key="from", load_default=None, metadata={"description": "YYYY-MM-DD"})
    end = fields.Date(data_key="to", load_default=None, metadata={"description": "YYYY-MM-DD"})
