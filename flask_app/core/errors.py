"""Friendly error pages (SPEC SEC-4) and the CSRF failure page (SPEC SEC-1).

Django finds 403.html, 404.html and 500.html by name and calls CSRF_FAILURE_VIEW; Flask
needs a handler registered for each.
"""

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from flask_app.core.exceptions import PermissionDenied


def render_error(error: HTTPException):
    """Render <code>.html with the error's status and headers (405 keeps its Allow)."""
    return render_template(f"{error.code}.html"), error.code, error.get_headers()


def render_forbidden(error: PermissionDenied | HTTPException):
    """403.html with the reason the rules gave (PermissionDenied, raised by a model or a
    view), or its default sentence for a bare abort(403) (Django: 403.html's exception)."""
    reason = str(error) if isinstance(error, PermissionDenied) else None
    return render_template("403.html", reason=reason), 403


def render_bad_request(error: BadRequest):
    """400.html without context processors, as 500.html: the request may be what is broken.

    `detail`: what the view said was wrong, abort(400, description=...); werkzeug's own
    400s (an untrusted Host, say) keep their class's stock sentence, which is not shown.
    """
    detail = error.description if error.description != type(error).description else None
    return current_app.jinja_env.get_template("400.html").render(detail=detail), 400


def render_server_error(error: InternalServerError):
    """Render 500.html without context processors: Flask-Login's loads the current user,
    and the database may be what failed (Django's server_error view renders it bare too)."""
    return current_app.jinja_env.get_template("500.html").render(), 500


def render_csrf_error(error: CSRFError):
    """A missing or stale token: 403 like Django, not Flask-WTF's default 400."""
    return render_template("403_csrf.html"), 403


def register_errorhandlers(app: Flask) -> None:
    """Attach the handlers to app; 500 also catches any unhandled exception."""
    app.register_error_handler(400, render_bad_request)
    for code in (404, 405):
        app.register_error_handler(code, render_error)
    app.register_error_handler(403, render_forbidden)
    app.register_error_handler(PermissionDenied, render_forbidden)
    app.register_error_handler(500, render_server_error)
    app.register_error_handler(CSRFError, render_csrf_error)
