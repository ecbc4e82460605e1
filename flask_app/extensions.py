"""Extensions, created unbound here and bound to the app in create_app (init_app).

Django has these built in and configured in settings: the ORM, migrations, auth, CSRF.
"""

import enum
from pathlib import Path

from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase, registry

from flask_app.core.security import CSRFProtect


class Base(DeclarativeBase):
    """Base class of every model. Plain DeclarativeBase: MappedAsDataclass breaks
    Flask-SQLAlchemy 3.1 on SQLAlchemy 2.1."""

    registry = registry(
        # Named constraints give Alembic stable names to alter later (SQLite's batch mode
        # needs them).
        metadata=MetaData(
            naming_convention={
                "ix": "ix_%(column_0_label)s",
                "uq": "uq_%(table_name)s_%(column_0_name)s",
                "ck": "ck_%(table_name)s_%(constraint_name)s",
                "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
                "pk": "pk_%(table_name)s",
            }
        ),
        # A `Mapped[SomeEnum]` column stores the members' values ("moderator", not
        # MODERATOR) in a VARCHAR(16), without a database enum type or CHECK constraint: a
        # new member needs no migration (Django: a CharField with choices). On the registry,
        # not the class: Flask-SQLAlchemy's subclass of Base would refuse it there.
        type_annotation_map={
            enum.Enum: Enum(
                enum.Enum,
                native_enum=False,
                length=16,
                values_callable=lambda members: [member.value for member in members],
            )
        },
    )


db = SQLAlchemy(model_class=Base)
# An absolute path, so `flask db ...` and flask_migrate.upgrade() work from any directory.
migrate = Migrate(directory=str(Path(__file__).resolve().parent / "migrations"))
csrf = CSRFProtect()  # Flask-WTF's, with Django's Origin check (core/security.py)
# Flask-Caching; its backend (Redis or this process's memory) comes from config.py, the
# visitor pages it keeps from core/cache.py (Django: the cache framework, CACHES).
cache = Cache()

# Its hooks live beside what they use: the user loader and the anonymous user in
# accounts/models.py, the unauthorized handler (what a visitor gets) in core/views.py.
login_manager = LoginManager()
login_manager.login_view = "accounts.login"  # Django: settings.LOGIN_URL
login_manager.login_message = None  # Django's login_required redirects without a message

# Django's email API, ported (django.core.mail): EmailMessage, backends, console output.
mail = Mail()
# No default limits: only the login is limited (accounts/views.py). The client's address is
# request.remote_addr, which ProxyFix corrects behind PROXY_COUNT proxies (create_app).
limiter = Limiter(key_func=get_remote_address)
