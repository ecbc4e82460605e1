"""Django's hello-world: a one-file project, served by gunicorn exactly as the real app is.

    gunicorn bench.hello.django_hello   (from the repository root; SECRET_KEY from the environment)

settings.configure() instead of a settings module: no apps, no middleware, no database, no
templates; one URL answering a short text/plain body. What it costs to serve this is the
framework's own floor, so the real app's throughput is reported as a share of it.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ["SECRET_KEY"],
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,  # urlpatterns below
    MIDDLEWARE=[],
)


def hello(request) -> HttpResponse:
    return HttpResponse("Hello, world!\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
