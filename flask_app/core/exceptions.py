"""The domain's refusal, raised by models and views alike (Django: django.core.exceptions)."""


class PermissionDenied(Exception):
    """The rules refuse this to this user; the web layer answers 403 with the reason
    (core/errors.py). Django: django.core.exceptions.PermissionDenied."""
