"""Friendly pages for the errors Django does not render from a template by itself.

Django renders 403.html, 404.html and 500.html through its default handlers; the 400 page
has a handler of its own (below, config/urls.py's handler400), a 405 is a bare
HttpResponseNotAllowed and a CSRF failure has a view of its own (Flask: one
@app.errorhandler per status code).
"""

from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception=None, detail: str = ""):
    """The 400 page: handler400, and a view's answer when it can say what was wrong.

    Rendered without the request: no context processors, no session, no CSRF token.
    Django's default handler400 runs the CSRF check, which reads a malformed body (a
    latin-1 form, a multipart body without a boundary) a second time and fails with a 500.
    """
    return HttpResponseBadRequest(loader.render_to_string("400.html", {"detail": detail}))


def method_not_allowed(request, response):
    """The 405.html page, with the Allow header of the bare 405 `response`."""
    page = render(request, "405.html", status=405)
    page["Allow"] = response["Allow"]
    return page


class MethodNotAllowedMiddleware:
    """Replace the empty body of a view's 405 response with the 405.html page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed):
            return method_not_allowed(request, response)
        return response


def csrf_failure(request, reason=""):
    """The 403 page for a POST without a valid CSRF token (settings.CSRF_FAILURE_VIEW).

    CsrfViewMiddleware runs before the view, so a tokenless POST to a page that only shows
    things gets this 403 where Flask's router answers 405 first: a registered difference.
    """
    return render(request, "403_csrf.html", status=403)
