"""Friendly pages for the errors Django does not render from a template by itself.

Django renders 403.html, 404.html and 500.html through its default handlers; a 405 is a
bare HttpResponseNotAllowed and a CSRF failure has a view of its own (Flask: one
@app.errorhandler per status code).
"""

from django.http import HttpResponseNotAllowed
from django.shortcuts import render


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
    """Answer a POST without a valid CSRF token with 403 (settings.CSRF_FAILURE_VIEW).

    CsrfViewMiddleware runs before the view, so a POST to a page that only shows things
    would get this 403 instead of the view's 405. Flask's router answers 405 first; we
    ask a class-based view whether it takes the method, as View.dispatch would.
    """
    match = request.resolver_match
    view_class = getattr(match.func, "view_class", None)
    if view_class is not None:
        view = view_class(**match.func.view_initkwargs)
        view.setup(request, *match.args, **match.kwargs)
        method = request.method.lower()
        if method not in view.http_method_names or not hasattr(view, method):
            return method_not_allowed(request, view.http_method_not_allowed(request))
    return render(request, "403_csrf.html", status=403)
