"""The comment, reply and edit forms (COM-1, COM-2)."""

from django import forms

from .models import Comment


class CommentForm(forms.ModelForm):
    """The text, trimmed (CharField's strip), 1–10,000 characters, no NUL characters.

    The model's clean() adds the depth cap for a reply; Django's own messages are the copy.
    """

    class Meta:
        model = Comment
        fields = ("text",)
        labels = {"text": "Comment"}


class ReplyForm(CommentForm):
    class Meta(CommentForm.Meta):
        labels = {"text": "Reply"}
