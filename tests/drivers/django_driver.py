"""Runs django_app in-process: its WSGI app behind werkzeug's test client.

The back doors below are the only code in the suite that imports the Django app.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

from .base import InProcessDriver

DJANGO_DIR = Path(__file__).resolve().parents[2] / "django_app"
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "shared-suite-secret-key-for-tests-only-0123456789abcdef",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "localhost,testserver,127.0.0.1",
    # With REDIS_URL set (make test-postgres), this process's keys stay apart from other
    # runs' on the same Redis database, and only they are emptied between tests.
    "CACHE_KEY_PREFIX": f"news-test-django-{os.getpid()}",
}
# Django's PBKDF2 runs 1,000,000 rounds (~0.3 s a hash). Django's docs advise a faster
# hasher in tests (the app's own tests use MD5, config/test_settings.py); the shared suite
# keeps the app's own hasher (so ACC-7 still reads the app's choice) and only lowers its
# work factor.
TEST_ITERATIONS = 1_000
# SPEC Roles: a moderator is staff in the "Moderators" group (made by the moderation app's
# data migration, with its permissions); an admin is a superuser.
ROLE_FLAGS = {
    "member": {},
    "moderator": {"is_staff": True},
    "admin": {"is_staff": True, "is_superuser": True},
}


class DjangoDriver(InProcessDriver):
    name = "django"

    def start(self) -> None:
        sys.path.insert(0, str(DJANGO_DIR))
        # Settings read the environment at import: set it before django.setup().
        os.environ.update(ENVIRONMENT, DATABASE_URL=self.database.url)
        import django

        django.setup()
        from django.contrib.auth.hashers import get_hashers
        from django.core.management import call_command
        from django.core.wsgi import get_wsgi_application

        for hasher in get_hashers():  # cached instances: every later hash uses them
            if hasattr(hasher, "iterations"):
                hasher.iterations = TEST_ITERATIONS
        self.database.create()
        call_command("migrate", interactive=False, verbosity=0)
        self._close_connections()
        self.database.save_template()
        self.app = get_wsgi_application()

    def stop(self) -> None:
        self._close_connections()
        self.database.drop()
        self._empty_cache()

    def reset(self) -> None:
        self._close_connections()
        self.database.restore()
        # The visitor pages and the login throttle's counts (ACC-12) outlive a test.
        self._empty_cache()

    # Back doors.
    def create_admin_from_cli(self, username, password):
        """MOD-5: the app's own command, without a prompt, as a script would run it."""
        import os

        from django.core.management import call_command

        os.environ["DJANGO_SUPERUSER_PASSWORD"] = password
        try:
            call_command(
                "createsuperuser", interactive=False, username=username, email="", verbosity=0
            )
        finally:
            del os.environ["DJANGO_SUPERUSER_PASSWORD"]

    def create_user(self, username, password, *, about="", active=True, role="member"):
        user = self._users().create_user(
            username=username, password=password, about=about, is_active=active, **ROLE_FLAGS[role]
        )
        if role == "moderator":
            from django.contrib.auth.models import Group

            user.groups.add(Group.objects.get(name="Moderators"))
        return username, password

    @property
    def integrity_error(self) -> type[Exception]:
        from django.db import IntegrityError

        return IntegrityError

    # The back doors find a member by name in any case with iexact, not the app's
    # username__lower (accounts/models.py), which the LOWER(username) unique index serves on
    # PostgreSQL: a test's few rows need no index, and the back doors depend on no lookup
    # the app registers.
    def set_active(self, username: str, active: bool) -> None:
        updated = self._users().filter(username__iexact=username).update(is_active=active)
        assert updated == 1, f"no user {username!r}"

    def password_hash(self, username: str) -> str:
        return self._users().get(username__iexact=username).password

    def add_stories(self, username: str, count: int) -> None:
        from datetime import timedelta

        from django.utils import timezone

        from news.models import Story
        from news.ranking import hotness

        author = self._users().get(username__iexact=username)
        start = timezone.now() - timedelta(seconds=count + 60)
        times = [start + timedelta(seconds=i) for i in range(count)]
        # bulk_create skips save(), which would derive hotness: set it as save() does.
        stories = (
            Story(author=author, title=f"S{i}", text="Words.", created=t, hotness=hotness(1, t))
            for i, t in enumerate(times)
        )
        Story.objects.bulk_create(stories, batch_size=5_000)

    @contextmanager
    def break_database(self):
        self._close_connections()
        self.database.break_()
        try:
            yield
        finally:
            self.reset()

    def set_story_title(self, story_id: int, title: str) -> None:
        from news.models import Story

        assert Story.objects.filter(pk=story_id).update(title=title) == 1

    @contextmanager
    def cache_outage(self):
        """The app rebuilt under settings naming Redis on a closed port, sessions in
        cached_db, as a deployment with REDIS_URL has them (config/settings.py)."""
        from django.conf import settings
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import override_settings

        caches = {"default": {**settings.CACHES["default"]}}
        caches["default"].update(
            BACKEND="django_redis.cache.RedisCache",
            LOCATION=self.closed_port_url(),
            OPTIONS={"IGNORE_EXCEPTIONS": True},
        )
        engine = "django.contrib.sessions.backends.cached_db"
        app = self.app
        with override_settings(CACHES=caches, SESSION_ENGINE=engine):
            self.app = WSGIHandler()  # its middleware reads SESSION_ENGINE when built
            try:
                yield
            finally:
                self.app = app

    @staticmethod
    def _empty_cache() -> None:
        from django.core.cache import cache

        # django-redis: this process's keys only (clear() would flush the shared database).
        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("*")
        else:
            cache.clear()

    @staticmethod
    def _users():
        from django.contrib.auth import get_user_model

        return get_user_model().objects

    @staticmethod
    def _close_connections() -> None:
        from django.db import connections

        connections.close_all()
