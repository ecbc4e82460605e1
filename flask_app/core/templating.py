"""Template helpers the Django side gets from its built-in filters and tags."""

from flask import Flask

from flask_app.core.text import render_text


def init_app(app: Flask) -> None:
    """Register the filters for every template.

    A POST-only button (log out, vote, delete) carries Flask-WTF's `csrf_token()` global in a
    hidden input (Django: {% csrf_token %}); only a page that shows such a form starts a
    session, so a visitor's other pages set no cookie.
    """
    # {{ comment.text|text }} (Django: the `text` filter in news/templatetags/news_filters.py).
    app.add_template_filter(render_text, "text")
