"""Security headers on every response, error pages included (SPEC SEC-3), HTTPS, and what
Django's CSRF protection does beyond Flask-WTF's.

Django gets the first three headers from SecurityMiddleware and XFrameOptionsMiddleware plus
a small middleware for the CSP; in Flask one after_request function sets all four. Behind a
TLS proxy (BEHIND_TLS), http is redirected to https and HSTS is sent, as Django's
SecurityMiddleware does with SECURE_SSL_REDIRECT and SECURE_HSTS_SECONDS.
"""

from flask import Flask, Response, abort, current_app, g, redirect, request, session
from flask_login import user_logged_in
from flask_wtf import csrf

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Flask-Admin's templates carry inline <script> blocks and inline event handlers (its delete
# confirmations), so under /admin/ only, scripts may also be inline. A nonce
# (Admin(csp_nonce_generator=...)) would cover the blocks but never an onclick attribute.
# The rest of the site keeps the strict policy; Django's admin needs no exception.
ADMIN_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self';", "script-src 'self' 'unsafe-inline';"
)

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}


def set_security_headers(response: Response) -> Response:
    """Add the headers a view has not set itself."""
    if request.path == "/admin" or request.path.startswith("/admin/"):
        response.headers.setdefault("Content-Security-Policy", ADMIN_CONTENT_SECURITY_POLICY)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def redirect_to_https():
    """Send a plain-http request to its https address (Django: SECURE_SSL_REDIRECT).

    /healthz is exempt: the container's health check asks http://127.0.0.1:5000 directly.
    """
    if not request.is_secure and request.path != "/healthz":
        return redirect(request.url.replace("http://", "https://", 1), code=301)
    return None


def set_hsts(response: Response) -> Response:
    """Tell browsers to use https only, for a year (Django: SECURE_HSTS_SECONDS and co.).

    Sent on https responses only, as browsers ignore it over http anyway.
    """
    if request.is_secure:
        seconds = current_app.config["HSTS_SECONDS"]
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={seconds}; includeSubDomains; preload"
        )
    return response


def refuse_null_characters() -> None:
    """400 for a query string holding NUL (%00), before any view reads it: PostgreSQL
    cannot store or even compare text holding NUL, so a search or filter would fail with a
    500. (Form fields holding NUL get their form's error: core/forms.py.)"""
    if any("\x00" in key + value for key, value in request.args.items(multi=True)):
        abort(400)


class CSRFProtect(csrf.CSRFProtect):
    """Flask-WTF's CSRF check, and a refusal of any POST whose Origin header names another
    origin, even with a valid token, as Django's CsrfViewMiddleware refuses it."""

    def protect(self, apply_exemptions: bool = False) -> None:
        super().protect(apply_exemptions)
        origin = request.headers.get("Origin")
        # csrf_valid: the token was checked (an unsafe method, not exempt). host_url is this
        # request's own scheme, host and port; a browser's "null" origin matches none.
        foreign = origin is not None and not csrf.same_origin(origin, request.host_url)
        if g.get("csrf_valid") and foreign:
            raise csrf.CSRFError("The request's origin is not this site.")


def rotate_csrf_token(sender: Flask, user, **extra) -> None:
    """A new CSRF token from login on, as Django's login() rotates it: a token learnt before
    logging in is worthless after. Flask-WTF makes a new one when the session has none."""
    field_name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(field_name, None)
    g.pop(field_name, None)  # the signed token this request has already made, if any


def init_app(app: Flask) -> None:
    """Run set_security_headers after every request of this app, refuse NUL in query
    strings, HTTPS behind a TLS proxy; a new CSRF token at each login."""
    app.after_request(set_security_headers)
    app.before_request(refuse_null_characters)
    user_logged_in.connect(rotate_csrf_token, app)
    if app.config["BEHIND_TLS"]:
        app.before_request(redirect_to_https)
        app.after_request(set_hsts)
