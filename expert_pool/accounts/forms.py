"""Forms of the accounts pages (shape only: the services check meaning)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ..taxonomy.choices import party_choices
from .services import MIN_PASSWORD_LENGTH

ROLE_CHOICES = [
    SelectChoice("party", _l("Party focal point")),
    SelectChoice("expert", _l("Expert")),
    SelectChoice("staff", _l("Staff")),
    SelectChoice("admin", _l("Administrator")),
]
ROLE_LABELS = {choice.value: choice.label for choice in ROLE_CHOICES}


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in"))
    submit = SubmitField(_l("Sign in"))


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="expert")
    party = SelectField(_l("Party (for a focal point)"), choices=[], validate_choice=False)
    country = SelectField(
        _l("Country (for a new expert profile)"), choices=[], validate_choice=False
    )
    submit = SubmitField(_l("Send the invitation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parties = party_choices(served_first=True)
        self.party.choices = [SelectChoice("", _("(not a focal point)")), *parties]
        self.country.choices = [SelectChoice("", _("(an expert whose profile exists)")), *parties]


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        # Length and strength are the service's rule (password_problem), said here as the
        # person reads it; its refusal lands on the field.
        validators=[DataRequired()],
        description=_l(
            "At least %(count)d characters, and not a common password, nor one made of your"
            " name or email: a few uncommon words work well.",
            count=MIN_PASSWORD_LENGTH,
        ),
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("the two passwords differ"))],
    )
    submit = SubmitField(_l("Set my password"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Email me a link"))


class UserRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    party = SelectField(_l("Party (for a focal point)"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Save the role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.party.choices = [
            SelectChoice("", _("(not a focal point)")),
            *party_choices(served_first=True),
        ]
