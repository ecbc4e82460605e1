"""The submit and edit forms (STO-1, STO-6) (Django: news/forms.py, ModelForms of Story).

The messages are Django's built-in wording, so both apps show the same words.
"""

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from flask_app.core.forms import TOO_LONG, SiteForm, no_null_characters, strip
from flask_app.news.validators import clean_title, validate_story_url

TOO_SHORT = "Ensure this value has at least %(min)d characters (it has %(length)d)."
NEED_URL_OR_TEXT = "Give a URL, a text, or both."


def story_url(form, field) -> None:
    """validate_story_url for a WTForms field; an empty URL makes a text post."""
    if field.data:
        validate_story_url(field.data)


class StoryForm(SiteForm):
    """Title and a URL, a text, or both."""

    title = StringField(
        "Title",
        # Trimmed of whitespace and invisible characters before the length is checked.
        filters=[clean_title],
        validators=[
            DataRequired(),
            no_null_characters,
            Length(max=150, message=TOO_LONG),
            Length(min=3, message=TOO_SHORT),
        ],
        render_kw={"maxlength": 150},
    )
    url = StringField(
        "URL",
        filters=[strip],
        validators=[no_null_characters, Length(max=2000, message=TOO_LONG), story_url],
        description="A link to the story, or leave it empty and write a text.",
        render_kw={"maxlength": 2000},
    )
    text = TextAreaField(
        "Text",
        filters=[strip],
        validators=[no_null_characters, Length(max=40000, message=TOO_LONG)],
        description="Plain text; blank lines separate paragraphs.",
        render_kw={"maxlength": 40000},
    )

    def link(self) -> str:
        """The story's link: the one typed in (the edit form keeps the story's own)."""
        return self.url.data

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the rule about both: a URL, a text, or both (Django: clean())."""
        valid = super().validate(extra_validators)
        if "url" in self.errors or "text" in self.errors:
            return valid  # the field's own error says enough
        if not self.link() and not self.text.data:
            self.form_errors.append(NEED_URL_OR_TEXT)
            return False
        return valid


class StoryEditForm(StoryForm):
    """Title and text; the URL cannot be edited."""

    url = None  # WTForms drops an inherited field set to None (Django: Meta.fields)

    def __init__(self, *args, obj, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        self.story = obj

    def link(self) -> str:
        return self.story.url
