"""Template helpers the Django side gets from its built-in filters and tags."""

import re

from flask import Flask
from markupsafe import Markup, escape

from flask_app.core.forms import EmptyForm


def linebreaks(text: str) -> Markup:
    """Escape plain text and keep its paragraphs and line breaks (Django's |linebreaks)."""
    paragraphs = re.split(r"\n{2,}", re.sub(r"\r\n|\r", "\n", text))
    return Markup("\n\n").join(
        Markup("<p>%s</p>") % escape(p).replace("\n", Markup("<br>")) for p in paragraphs
    )


def init_app(app: Flask) -> None:
    """Register the filters, and the form behind POST-only buttons, for every template."""
    app.add_template_filter(linebreaks)

    @app.context_processor
    def inject_empty_form() -> dict:
        # Carries the CSRF token for buttons such as "log out" (Django: {% csrf_token %}).
        return {"empty_form": EmptyForm()}
