"""The comment form, for comments, replies and edits (Django: comments/forms.py).

The messages are Django's built-in wording, so both apps show the same words (COM-1).
"""

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from flask_app.core.forms import TOO_LONG, SiteForm, no_null_characters, strip

MAX_LENGTH = 10000


class CommentForm(SiteForm):
    """The text, trimmed, 1 to 10,000 characters; `label` names the field ("Reply")."""

    text = TextAreaField(
        "Comment",
        filters=[strip],
        validators=[DataRequired(), no_null_characters, Length(max=MAX_LENGTH, message=TOO_LONG)],
        render_kw={"maxlength": MAX_LENGTH},
    )

    def __init__(self, *args, label: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.text.label.text = label
