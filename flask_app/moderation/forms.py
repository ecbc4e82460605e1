"""The reason a moderator gives for a remove or restore (Django: moderation/forms.py)."""

from wtforms import StringField
from wtforms.validators import Length

from flask_app.core.forms import TOO_LONG, SiteForm, no_null_characters, strip


class ReasonForm(SiteForm):
    """One optional field, rendered in every remove and restore button's form; many share a
    page, so the template renders it without an id: reason_form.reason(id=False)."""

    reason = StringField(
        "Reason",
        filters=[strip],
        # Length also renders maxlength="500".
        validators=[no_null_characters, Length(max=500, message=TOO_LONG)],
        render_kw={"placeholder": "reason", "aria-label": "reason"},
    )
