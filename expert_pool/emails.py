"""Email addresses as the whole application stores and compares them."""

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from .exceptions import ValidationError


def normalise_email(email: str, field: str = "email") -> str:
    """A syntactically valid, lower-case email address, or a ValidationError on `field`."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValidationError.on(
            field, _("not a valid email address (%(reason)s)", reason=str(error))
        ) from error
