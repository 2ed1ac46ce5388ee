"""Helpers shared by the forms of every feature."""

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Length, Optional

from .database import max_length
from .dates import Period
from .exceptions import ServiceError, ValidationError
from .extensions import db


def fits(attribute) -> Length:
    """A form field's limit: the length its model declares (rendered as `maxlength`, with the
    hint "at most N characters", by the form macros)."""
    return Length(max=max_length(attribute))


def show_service_error(form: FlaskForm, error: ServiceError, aliases: dict | None = None) -> None:
    """Put a service's refusal on the form: each field's messages under that field, the rest
    (and a refusal without fields) as a flash message. `aliases` maps service field names to
    form field names where they differ. Rolls the refused work back, as the form is shown again."""
    db.session.rollback()
    aliases = aliases or {}
    unplaced = []
    for name, messages in error.fields.items():
        field = getattr(form, aliases.get(name, name), None)
        if field is None or not hasattr(field, "errors"):
            unplaced.extend(messages)
            continue
        if not isinstance(field.errors, list):
            field.errors = list(field.errors)
        field.errors.extend(messages)
    if unplaced or not error.fields:
        flash(" ".join(unplaced) or error.message, "danger")
    else:
        flash(_("Please correct the marked fields."), "danger")


def flash_refusal(error: ServiceError) -> None:
    """Say a service's refusal as a flash message: its sentence, then its fields' details."""
    details = [m for messages in error.fields.values() for m in messages if m != error.message]
    sentence = _("%(message)s.", message=error.message[:1].upper() + error.message[1:])
    flash(" ".join([sentence, *details]), "danger")


# The field a confirmation page adds when it posts the form again.
CONFIRMED = "confirmed"


def is_confirmed() -> bool:
    """Whether this POST comes from the confirmation page."""
    return request.form.get(CONFIRMED) == "1"


def ask_confirmation(question: str, consequence: str, confirm_label: str, cancel_url: str):
    """The page that asks before a destructive POST goes through: it posts the same fields (CSRF
    token included) to the same address again, confirmed, so it works without JavaScript."""
    fields = [(name, value) for name, value in request.form.items(multi=True) if name != CONFIRMED]
    return render_template(
        "confirm.html",
        action=request.full_path.rstrip("?"),
        fields=fields,
        question=question,
        consequence=consequence,
        confirm_label=confirm_label,
        cancel_url=cancel_url,
    )


class PeriodForm(FlaskForm):
    """The period of a report, from the query string (?from=&to=)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), name="from", validators=[Optional()])
    end = DateField(_l("To"), name="to", validators=[Optional()])

    def period(self) -> Period | None:
        """The period asked for; None, with the problems on its fields, when a date is
        unreadable or the end comes before the start (a period is never replaced by another
        one unasked)."""
        if not self.validate():
            flash(_("The period is not valid: please correct the dates."), "danger")
            return None
        try:
            return Period.parse(self.start.data, self.end.data)
        except ValidationError as error:
            show_service_error(self, error, aliases={"from": "start", "to": "end"})
            return None

    def show(self, period: Period | None) -> "PeriodForm":
        """The form showing this period (the default one filled in when none was asked)."""
        if period is not None:
            self.start.data, self.end.data = period.start, period.end
        return self
