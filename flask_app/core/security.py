"""Security headers on every response, error pages included (SPEC SEC-3).

Django gets the first three from SecurityMiddleware and XFrameOptionsMiddleware plus a
small middleware for the CSP; in Flask one after_request function sets all four.
"""

from flask import Flask, Response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}


def set_security_headers(response: Response) -> Response:
    """Add the headers a view has not set itself."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Run set_security_headers after every request of this app."""
    app.after_request(set_security_headers)
