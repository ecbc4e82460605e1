"""Security headers on every response, error pages included (SPEC SEC-3), and HTTPS.

Django gets the first three from SecurityMiddleware and XFrameOptionsMiddleware plus a
small middleware for the CSP; in Flask one after_request function sets all four. Behind a
TLS proxy (BEHIND_TLS), http is redirected to https and HSTS is sent, as Django's
SecurityMiddleware does with SECURE_SSL_REDIRECT and SECURE_HSTS_SECONDS.
"""

from flask import Flask, Response, current_app, redirect, request

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


def init_app(app: Flask) -> None:
    """Run set_security_headers after every request of this app; HTTPS behind a TLS proxy."""
    app.after_request(set_security_headers)
    if app.config["BEHIND_TLS"]:
        app.before_request(redirect_to_https)
        app.after_request(set_hsts)
