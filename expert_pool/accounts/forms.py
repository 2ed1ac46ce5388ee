"""Forms of the accounts pages (shape only: the services check meaning)."""

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

from .services import MIN_PASSWORD_LENGTH

ROLE_CHOICES = [
    SelectChoice("party", _l("Party focal point")),
    SelectChoice("expert", _l("Expert")),
    SelectChoice("staff", _l("Staff")),
    SelectChoice("admin", _l("Administrator")),
]


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me signed in")
    submit = SubmitField("Sign in")


class InviteForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="expert")
    party = SelectField("Party (for a focal point)", choices=[], validate_choice=False)
    country = SelectField("Country (for a new expert profile)", choices=[], validate_choice=False)
    submit = SubmitField("Send the invitation")


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )
    confirm = PasswordField(
        "The same password again",
        validators=[DataRequired(), EqualTo("password", message="the two passwords differ")],
    )
    submit = SubmitField("Set my password")


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Email me a link")


class UserRoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    party = SelectField("Party (for a focal point)", choices=[], validate_choice=False)
    submit = SubmitField("Save the role")
