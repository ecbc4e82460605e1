"""The Flask half of the news aggregator: create_app() builds the application.

Django assembles the same pieces from config/settings.py (INSTALLED_APPS, MIDDLEWARE) and
config/urls.py; Flask wires them up in code, once per app instance.
"""

import contextlib
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from flask_app import admin, commands
from flask_app.accounts import views as accounts
from flask_app.accounts.converters import UsernameConverter
from flask_app.comments import views as comments
from flask_app.config import (
    PACKAGE_DIR,
    REPO_ROOT,
    check_secret_key,
    derived_settings,
    settings_from_environment,
)
from flask_app.core import cache, security, sqlite, templating
from flask_app.core import views as core
from flask_app.core.errors import register_errorhandlers
from flask_app.extensions import csrf, db, limiter, login_manager, mail, migrate
from flask_app.moderation import views as moderation
from flask_app.news import feeds, sitemaps
from flask_app.news import filters as news_filters
from flask_app.news import views as news
from flask_app.news.converters import IdConverter


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an app; test_config overrides the environment's settings."""
    app = Flask(
        __name__,
        instance_path=str(PACKAGE_DIR / "instance"),
        # Both apps serve the one shared stylesheet (Django: STATICFILES_DIRS). In production
        # too: WhiteNoise wrapped around wsgi_app would answer /static/ before Flask, and so
        # without the after_request security headers (SEC-3); see README, "Static files".
        static_folder=str(REPO_ROOT / "shared_spec" / "static"),
        static_url_path="/static",
    )
    # The environment is read now, not at import, so each app sees the environment it is
    # built in; test_config overrides it, and the derived settings follow the result.
    app.config.from_mapping(settings_from_environment())
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config.from_mapping(derived_settings(app.config))
    check_secret_key(app.config)  # SEC-5: no production app on a missing or dev secret
    if app.config["BEHIND_TLS"] or app.config["PROXY_COUNT"]:
        # Trust the proxy's X-Forwarded-Proto, so request.is_secure and url_for see https
        # (Django: SECURE_PROXY_SSL_HEADER), and with PROXY_COUNT its X-Forwarded-For, so
        # request.remote_addr is the client's (login throttling, ACC-12). The other
        # X-Forwarded-* headers are ignored, as Django ignores them by default.
        x_proto = 1 if app.config["BEHIND_TLS"] else 0
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=x_proto)
    # The default SQLite database lives in the instance folder. A deployment on
    # PostgreSQL may run from a read-only tree, where the folder is neither made nor needed.
    with contextlib.suppress(OSError):
        os.makedirs(app.instance_path, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extensions of extensions.py, and the app-wide hooks, to this app."""
    db.init_app(app)
    sqlite.init_app(app)  # savepoints inside transactions on SQLite too
    migrate.init_app(app, db)
    login_manager.init_app(app)
    csrf.init_app(app)  # every POST needs the token (Django: CsrfViewMiddleware)
    cache.init_app(app)  # Flask-Caching, and the visitor pages' version (core/cache.py)
    mail.init_app(app)  # Django: the EMAIL_* settings
    limiter.init_app(app)  # login throttling (Django: django-ratelimit in accounts/throttle.py)
    security.init_app(app)
    templating.init_app(app)
    news_filters.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount the views (Django: config/urls.py)."""
    # Converters first: the blueprints' rules are compiled with them (Django: register_converter).
    app.url_map.converters["username"] = UsernameConverter
    app.url_map.converters["id"] = IdConverter
    app.register_blueprint(core.bp)
    app.register_blueprint(news.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(sitemaps.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(comments.bp)
    app.register_blueprint(moderation.bp)
    admin.init_app(app)  # /admin/ (Django: admin.site.urls)


def register_commands(app: Flask) -> None:
    """Command-line tools: `flask seed`, `flask create-admin`, `flask grant-moderator`,
    `flask revoke-moderator` (Django: management commands)."""
    app.cli.add_command(commands.seed)
    app.cli.add_command(commands.create_admin)
    app.cli.add_command(commands.grant_moderator)
    app.cli.add_command(commands.revoke_moderator)
