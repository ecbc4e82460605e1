"""User: password hashing, the session token behind logins, the case-insensitive index."""

import subprocess
import sys
from datetime import UTC

import pytest
from sqlalchemy.exc import IntegrityError
from werkzeug import security

from flask_app.accounts import models
from flask_app.accounts.models import User, authenticate, load_user
from flask_app.config import REPO_ROOT
from flask_app.extensions import db
from flask_app.tests.conftest import PRODUCTION_HASH_DEFAULTS


def test_password_is_hashed_with_scrypt(app, alice, monkeypatch):
    # werkzeug's own scrypt cost, not the tests' lower one (conftest.fast_password_hashes).
    monkeypatch.setattr(security.generate_password_hash, "__defaults__", PRODUCTION_HASH_DEFAULTS)
    with app.app_context():
        user = db.session.get(User, alice)
        user.set_password("correct-horse")
        assert user.password_hash.startswith("scrypt:32768:8:1$")
        assert "correct-horse" not in user.password_hash
        assert user.check_password("correct-horse")
        assert not user.check_password("Correct-horse")


def test_set_password_rotates_the_session_token(app, alice):
    with app.app_context():
        user = db.session.get(User, alice)
        old_id = user.get_id()
        user.set_password("another-secret")
        assert user.get_id() != old_id
        assert user.get_id().startswith(f"{user.id}:")


def test_user_loader_checks_token_and_activity(app, alice):
    with app.app_context():
        user = db.session.get(User, alice)
        session_id = user.get_id()
        assert load_user(session_id) is user

        user.rotate_session_token()  # what logout does
        assert load_user(session_id) is None
        assert load_user(user.get_id()) is user

        user.is_active = False  # a banned member's sessions stop working
        assert load_user(user.get_id()) is None


@pytest.mark.parametrize("session_id", ["", "x", "1", "1:", "abc:def", ":1"])
def test_user_loader_ignores_malformed_ids(app, alice, session_id):
    with app.app_context():
        assert load_user(session_id) is None


def test_authenticate(app, alice):
    with app.app_context():
        assert authenticate("ALICE", "correct-horse").id == alice
        assert authenticate("alice", "wrong") is None
        assert authenticate("nobody", "correct-horse") is None
        db.session.get(User, alice).is_active = False
        assert authenticate("alice", "correct-horse") is None


def test_username_unique_in_any_case(app, alice):
    with app.app_context():
        user = User(username="Alice")
        user.set_password("whatever-123")
        db.session.add(user)
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_date_joined_is_aware_utc(app, alice):
    with app.app_context():
        user = db.session.get(User, alice)
        db.session.expire(user)  # read it back from SQLite, which stores no offset
        assert user.date_joined.tzinfo == UTC


def test_importing_the_app_hashes_no_password():
    """The dummy hash behind authenticate() is made on first use, not at import: scrypt costs
    100-270 ms, which every gunicorn worker would pay at boot."""
    code = (
        "from werkzeug import security\n"
        "calls = []\n"
        "real = security.generate_password_hash\n"
        "security.generate_password_hash = lambda *a, **k: calls.append(a) or real(*a, **k)\n"
        "import flask_app.accounts.models\n"
        "print(len(calls))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0"


def test_an_unknown_name_still_costs_a_hash_check(app, monkeypatch):
    checked = []
    monkeypatch.setattr(models, "check_password_hash", lambda *args: checked.append(args))
    with app.app_context():
        assert authenticate("nobody", "a-password") is None
    assert [password for _hash, password in checked] == ["a-password"]


@pytest.mark.usefixtures("postgresql_only")
def test_a_username_lookup_reads_the_case_insensitive_index(app, alice):
    """User.select_by_username compares lower(username), the expression of the unique
    index, so PostgreSQL can answer from it (Django: the Lower lookup, not iexact)."""
    with app.app_context():
        query = User.select_by_username("ALICE")
        sql = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        db.session.execute(db.text("SET enable_seqscan = off"))  # a small table: no shortcut
        plan = "\n".join(db.session.scalars(db.text(f"EXPLAIN {sql}")))
        assert "user_username_ci_unique" in plan, plan
