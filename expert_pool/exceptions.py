"""Errors raised by service functions, and the one JSON envelope the API answers them in; the
web and API layers turn them into messages."""

from marshmallow import Schema, fields


class ServiceError(Exception):
    """A refused operation, with a message a person can act on."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationError(ServiceError):
    """The input is not acceptable; `fields` maps each field name to its messages."""

    status = 422
    code = "validation_error"

    @classmethod
    def on(cls, field: str, message: str) -> "ValidationError":
        """A validation error about one field."""
        return cls(message, {field: [message]})


class PermissionDenied(ServiceError):
    """The acting user may not do this."""

    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    """The object does not exist (or is not visible to the acting user)."""

    status = 404
    code = "not_found"


class Conflict(ServiceError):
    """The object changed since the caller read it, or the action clashes with its state."""

    status = 409
    code = "conflict"


class ApiErrorDetailSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    field_errors = fields.Dict(
        data_key="fields", keys=fields.String(), values=fields.List(fields.String())
    )


class ApiErrorSchema(Schema):
    """The one error envelope: {"error": {"code", "message", "fields"}}."""

    error = fields.Nested(ApiErrorDetailSchema, required=True)
