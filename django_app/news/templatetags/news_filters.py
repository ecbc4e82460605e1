"""Template filters for stories and comments (Flask: the same functions, in filters.py)."""

from django import template
from django.utils import timezone

from core.text import render_text

register = template.Library()

UNITS = (("day", 86400), ("hour", 3600), ("minute", 60))


@register.filter
def age(value) -> str:
    """How long ago `value` was: "just now", "1 minute ago", "3 hours ago", "2 days ago"."""
    seconds = (timezone.now() - value).total_seconds()
    for unit, length in UNITS:
        if seconds >= length:
            count = int(seconds // length)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"  # under a minute, or a clock slightly ahead of ours


# Comments, story texts and the about all render through core.text (COM-1).
register.filter("text", render_text)


@register.filter
def can_edit(item, user) -> bool:
    """`{% if comment|can_edit:user %}`: templates cannot pass arguments to a method (Jinja can)."""
    return item.can_edit(user)


@register.filter
def can_delete(item, user) -> bool:
    """`{% if comment|can_delete:user %}`, for stories and comments alike."""
    return item.can_delete(user)
