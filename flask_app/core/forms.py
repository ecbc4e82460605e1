"""Forms every part of the site uses."""

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """No fields: it only carries the CSRF token for POST-only buttons (log out, vote).

    Many such buttons can share a page and ids must be unique, so its token has no id.
    """

    class Meta:
        def render_field(self, field, render_kw):
            return super().render_field(field, {"id": False, **render_kw})
