"""Views that belong to no feature: the health check."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


# It changes nothing, so CSRF has nothing to protect: a POST gets require_safe's 405.
@csrf_exempt
@require_safe
@never_cache
def healthz(request):
    """Answer 200 "ok" when the database answers a query, 503 otherwise (SEC-6)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check failed: the database did not answer")
        return HttpResponse("unavailable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
