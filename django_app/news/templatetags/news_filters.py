"""Template filters for stories (Flask: the same functions registered on the app in filters.py)."""

from django import template
from django.utils import timezone

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
