"""What every form of the site shares: the base class and the field helpers.

Django's forms have these built in (a form reads request.POST; CharField strips, refuses
NUL and words its messages so); Flask-WTF forms get them here.
"""

from flask import request
from flask_wtf import FlaskForm
from wtforms.validators import StopValidation

# Django's wording; WTForms' DataRequired and InputRequired already say "This field is
# required."
TOO_LONG = "Ensure this value has at most %(max)d characters (it has %(length)d)."
NULL_CHARACTERS = "Null characters are not allowed."


class SiteForm(FlaskForm):
    """The base of the site's forms: they read form posts only."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            # Flask-WTF also reads a JSON body, and file parts, into the fields, where a text
            # field may get null, 12345 or a FileStorage (a 500). Django's forms read
            # request.POST, which a JSON body leaves empty and a file part does not fill:
            # so do these, which have no file field.
            if request.is_json or request.files:
                return request.form if form.is_submitted() else None
            return super().wrap_formdata(form, formdata)


def strip(value: str | None) -> str | None:
    """Trim surrounding whitespace, as Django's CharField does by default."""
    return value.strip() if isinstance(value, str) else value


def no_null_characters(form, field) -> None:
    """Refuse NUL as Django's CharField does: PostgreSQL cannot store or even compare it."""
    if field.data and "\x00" in field.data:
        raise StopValidation(NULL_CHARACTERS)
