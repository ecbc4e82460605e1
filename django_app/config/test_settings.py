"""Settings for Django's own tests (pytest.ini): production settings with a test key.

DEBUG stays off, as in production; without a SECRET_KEY settings.py refuses to load, so the
tests give it one first (never a deployment's key: the environment's wins when set).
"""

import os

os.environ.setdefault("SECRET_KEY", "django-tests-only-not-a-secret-0123456789abcdef")

from .settings import *  # noqa: F403

# Django's docs advise a fast hasher in tests: PBKDF2's 1,000,000 rounds cost ~0.3 s a
# password. tests/test_models.py checks the production hasher with the production list.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
