"""Template filters for stories and comments (Flask: the same functions, in filters.py).

How long ago something was is django.contrib.humanize's naturaltime; Jinja has no such
filter, so the Flask app keeps a small `age` of its own.
"""

from django import template

from core.text import render_text

register = template.Library()

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
