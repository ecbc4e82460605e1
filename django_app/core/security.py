"""Middleware of the site's own: the Content-Security-Policy header (SEC-3), and a 400 for
a NUL in the query string (SEC-7).

SecurityMiddleware and XFrameOptionsMiddleware send the other three security headers;
Django 5.2 has no CSP support of its own (6.0 adds SECURE_CSP), hence this middleware.
"""

from django.core.exceptions import BadRequest

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Add the site's CSP to every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class NullQueryMiddleware:
    """Answer 400 (handler400's page) to a query string holding a NUL, before any view.

    No page takes one, and PostgreSQL refuses text that holds one: an admin search, list
    filter or autocomplete would fail deep in its query. Form fields keep their own error
    for a NUL ("Null characters are not allowed.", COM-1). Flask: a before_request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            raise BadRequest("A NUL character in the query string.")
        return self.get_response(request)
