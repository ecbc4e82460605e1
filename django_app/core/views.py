"""Views that belong to no feature: the health check, and the edit view items share.

The listings' pagination is in core/pagination.py."""

import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import UpdateView

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


class AuthorEditView(LoginRequiredMixin, UpdateView):
    """Edit a story or comment: who may is the item's own `can_edit` (STO-6, COM-4).

    Saving writes only the form's fields and `edited`: a full save would write back the
    points read before a vote that landed in the meantime. (Flask: each edit view is a short
    function; the ORM's UPDATE already sets only the changed columns.)
    """

    success_message = ""

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        if not item.can_edit(self.request.user):
            raise PermissionDenied
        return item

    def form_valid(self, form):
        self.object = form.save(commit=False)
        self.object.edited = timezone.now()
        self.object.save(update_fields=[*form.Meta.fields, "edited"])
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())
