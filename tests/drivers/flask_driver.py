"""Runs flask_app in-process: create_app() behind werkzeug's test client.

The back doors below are the only code in the suite that imports the Flask app.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

from .base import InProcessDriver

REPO_ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT = {
    "SECRET_KEY": "shared-suite-secret-key-for-tests-only-0123456789abcdef",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "localhost,testserver,127.0.0.1",
    # With REDIS_URL set (make test-postgres), this process's keys stay apart from other
    # runs' on the same Redis database, and only they are emptied between tests.
    "CACHE_KEY_PREFIX": f"news-test-flask-{os.getpid()}:",
}
# werkzeug's scrypt default (n=32768) costs ~0.1 s a hash, twice for every member a test
# logs in. As the Django driver lowers PBKDF2's rounds, we keep the app's own hasher (so
# ACC-7 still reads "scrypt:") and only lower its work factor: the cost rides in each
# hash, so checking needs nothing else.
TEST_METHOD = "scrypt:1024:8:1"


class FlaskDriver(InProcessDriver):
    name = "flask"

    def start(self) -> None:
        sys.path.insert(0, str(REPO_ROOT))
        # create_app reads the environment when it runs, as a deployment's would be read;
        # TESTING stays off so that errors reach the app's own 500 handler, as in production.
        os.environ.update(ENVIRONMENT, DATABASE_URL=self.database.url)
        import flask_migrate
        from werkzeug import security

        # Before any password is hashed: the app also keeps the dummy hash it checks for
        # unknown usernames, made on first use (accounts/models.py), and a hash keeps the
        # cost it was made with.
        security.generate_password_hash.__defaults__ = (TEST_METHOD, 16)
        from flask_app import create_app

        self.app = create_app({"SQLALCHEMY_DATABASE_URI": self.database.url})
        self.database.create()
        with self.app.app_context():
            flask_migrate.upgrade()
        self._dispose()
        self.database.save_template()

    def stop(self) -> None:
        self._dispose()
        self.database.drop()
        self._empty_cache()

    def reset(self) -> None:
        self._dispose()
        self.database.restore()
        self._empty_cache()
        # Login throttling (ACC-12): Flask-Limiter's counts outlive a test.
        from flask_app.extensions import limiter

        with self.app.app_context():
            limiter.reset()

    # Back doors.
    def create_admin_from_cli(self, username, password):
        """MOD-5: the app's own command, without a prompt, as a script would run it."""
        result = self.app.test_cli_runner().invoke(
            args=["create-admin", "--username", username], env={"ADMIN_PASSWORD": password}
        )
        assert result.exit_code == 0, result.output

    def create_user(self, username, password, *, about="", active=True, role="member"):
        from flask_app.accounts.models import User
        from flask_app.extensions import db

        with self.app.app_context():
            user = User(username=username, about=about, is_active=active, role=role)
            user.set_password(password)
            db.session.add(user)
            db.session.commit()
        return username, password

    @property
    def integrity_error(self) -> type[Exception]:
        from sqlalchemy.exc import IntegrityError

        return IntegrityError

    def set_active(self, username: str, active: bool) -> None:
        from flask_app.extensions import db

        with self.app.app_context():
            self._user(username).is_active = active
            db.session.commit()

    def password_hash(self, username: str) -> str:
        with self.app.app_context():
            return self._user(username).password_hash

    def add_stories(self, username: str, count: int) -> None:
        from datetime import UTC, datetime, timedelta

        from flask_app.extensions import db
        from flask_app.news.models import Story
        from flask_app.news.ranking import hotness

        with self.app.app_context():
            author_id = self._user(username).id
            start = datetime.now(UTC) - timedelta(seconds=count + 60)
            times = [start + timedelta(seconds=i) for i in range(count)]
            rows = [
                {
                    "author_id": author_id,
                    "title": f"Story {i}",
                    "text": "Words.",
                    "url": "",
                    "url_key": "",
                    "created": t,
                    "points": 1,
                    "hotness": hotness(1, t),
                    "comment_count": 0,
                    "deleted": False,
                    "removed": False,
                }
                for i, t in enumerate(times)
            ]
            db.session.execute(db.insert(Story), rows)  # one executemany, no ORM objects
            db.session.commit()

    @contextmanager
    def break_database(self):
        self._dispose()
        self.database.break_()
        try:
            yield
        finally:
            self.reset()

    def set_story_title(self, story_id: int, title: str) -> None:
        from flask_app.extensions import db
        from flask_app.news.models import Story

        with self.app.app_context():
            db.session.get(Story, story_id).title = title
            db.session.commit()

    @contextmanager
    def cache_outage(self):
        """Another app on the same database, its cache Redis on a closed port."""
        from flask_app import create_app

        app = self.app
        self.app = create_app(
            {"SQLALCHEMY_DATABASE_URI": self.database.url, "REDIS_URL": self.closed_port_url()}
        )
        try:
            yield
        finally:
            self._dispose()
            self.app = app

    @staticmethod
    def _user(username: str):
        from sqlalchemy import func

        from flask_app.accounts.models import User
        from flask_app.extensions import db

        query = db.select(User).where(func.lower(User.username) == username.lower())
        return db.session.execute(query).scalar_one()

    def _empty_cache(self) -> None:
        from flask_app.extensions import cache

        with self.app.app_context():
            cache.clear()  # this prefix's keys only

    def _dispose(self) -> None:
        # Pooled connections would keep the old file (or database) open across a restore.
        from flask_app.extensions import db

        with self.app.app_context():
            db.engine.dispose()
