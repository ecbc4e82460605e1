"""Template helpers for stories (Django: templatetags/news_filters.py and built-in tags).

Django has |pluralize and {% querystring %} built in; Jinja gets the same two here, so the
templates of both apps read alike. Django shows ages with django.contrib.humanize's
naturaltime; Jinja has no such filter, so |age is a small one of ours, with its own words.
"""

from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Flask, request

UNITS = (("day", 86400), ("hour", 3600), ("minute", 60))


def age(value: datetime) -> str:
    """How long ago value was: "just now", "1 minute ago", "3 hours ago", "2 days ago"."""
    seconds = (datetime.now(UTC) - value).total_seconds()
    for unit, length in UNITS:
        if seconds >= length:
            count = int(seconds // length)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"  # under a minute, or a clock slightly ahead of ours


def pluralize(value: int, suffix: str = "s") -> str:
    """The suffix unless value is 1: `point{{ n|pluralize }}` (Django's |pluralize)."""
    return "" if value == 1 else suffix


def querystring(**changes) -> str:
    """This request's query string with changes, as "?a=1&page=2" (Django's {% querystring %}).

    The other parameters stay, in order: the pagination of /top keeps its period.
    """
    args = request.args.copy()
    for name, value in changes.items():
        args[name] = value
    return "?" + urlencode(list(args.items(multi=True)))


def init_app(app: Flask) -> None:
    """Make the helpers available to every template."""
    app.add_template_filter(age)
    app.add_template_filter(pluralize)
    app.add_template_global(querystring)
