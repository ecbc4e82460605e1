"""The reason a moderator gives for a remove or restore (Django: moderation/forms.py)."""

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from flask_app.accounts.forms import TOO_LONG, strip


class ReasonForm(FlaskForm):
    """One optional field; many such forms share a page, so it renders no ids."""

    reason = StringField("Reason", filters=[strip], validators=[Length(max=500, message=TOO_LONG)])
