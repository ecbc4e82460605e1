"""Extensions, created unbound here and bound to the app in create_app (init_app).

Django has these built in and configured in settings: the ORM, migrations, auth, CSRF.
"""

from pathlib import Path

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from flask_app.core.security import CSRFProtect


class Base(DeclarativeBase):
    """Base class of every model.

    Named constraints give Alembic stable names to alter later (SQLite's batch mode needs
    them). Plain DeclarativeBase: MappedAsDataclass breaks Flask-SQLAlchemy 3.1 on
    SQLAlchemy 2.1.
    """

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
# An absolute path, so `flask db ...` and flask_migrate.upgrade() work from any directory.
migrate = Migrate(directory=str(Path(__file__).resolve().parent / "migrations"))
csrf = CSRFProtect()  # Flask-WTF's, with Django's Origin check (core/security.py)

login_manager = LoginManager()
login_manager.login_view = "accounts.login"  # Django: settings.LOGIN_URL
login_manager.login_message = None  # Django's login_required redirects without a message
