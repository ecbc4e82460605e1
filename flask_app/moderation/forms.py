"""The reason a moderator gives for a remove or restore (Django: moderation/forms.py)."""

from wtforms import StringField
from wtforms.validators import Length

from flask_app.core.forms import TOO_LONG, SiteForm, strip


class ReasonForm(SiteForm):
    """One optional field; many such forms share a page, so it renders no ids."""

    reason = StringField("Reason", filters=[strip], validators=[Length(max=500, message=TOO_LONG)])
