"""Template helpers the Django side gets from its built-in filters and tags."""

from flask import Flask

from flask_app.core.forms import EmptyForm
from flask_app.core.text import render_text


def init_app(app: Flask) -> None:
    """Register the filters, and the form behind POST-only buttons, for every template."""
    # {{ comment.text|text }} (Django: the `text` filter in news/templatetags/news_filters.py).
    app.add_template_filter(render_text, "text")

    @app.context_processor
    def inject_empty_form() -> dict:
        # Carries the CSRF token for buttons such as "log out" (Django: {% csrf_token %}).
        return {"empty_form": EmptyForm()}
