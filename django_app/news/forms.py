"""The submit and edit forms (STO-1, STO-6)."""

from django import forms
from django.core.exceptions import ValidationError

from .models import Story
from .validators import clean_title

NEED_URL_OR_TEXT = "Give a URL, a text, or both."


class TitleField(forms.CharField):
    """A CharField that also trims invisible characters, before the length is checked."""

    def to_python(self, value):
        return clean_title(super().to_python(value))


class StoryForm(forms.ModelForm):
    """Title and a URL, a text, or both."""

    class Meta:
        model = Story
        fields = ("title", "url", "text")
        # The model's validators (URL rules, title at least 3 characters) run as well.
        field_classes = {"title": TitleField}
        help_texts = {
            "url": "A link to the story, or leave it empty and write a text.",
            "text": "Plain text; blank lines separate paragraphs.",
        }

    def clean(self):
        cleaned_data = super().clean()
        if self.has_error("url") or self.has_error("text"):
            return cleaned_data  # the field's own error says enough
        # The edit form has no URL field: the story keeps the link it was posted with.
        url = cleaned_data.get("url", self.instance.url)
        if not url and not cleaned_data.get("text"):
            raise ValidationError(NEED_URL_OR_TEXT, code="empty")
        return cleaned_data


class StoryEditForm(StoryForm):
    """Title and text; the URL cannot be edited."""

    class Meta(StoryForm.Meta):
        fields = ("title", "text")
