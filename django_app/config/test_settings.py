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
# Sessions as with REDIS_URL (settings.py): the tests run in one process, where the
# local-memory cache is the one store every request shares, so the query budgets
# (tests/test_queries.py) count what a deployment with Redis runs.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Each test process keeps its keys apart (pytest-xdist's workers and other runs may share
# one Redis database); tests/conftest.py empties this process's keys before every test.
CACHES["default"]["KEY_PREFIX"] = f"django-tests-{os.getpid()}"  # noqa: F405
