"""Errors raised by service functions; the web and API layers turn them into messages."""


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
