"""What the forms do to input, and how logins survive logout and password changes."""

import pytest

from flask_app.accounts.models import User
from flask_app.extensions import db
from flask_app.tests.conftest import csrf_token, log_in


def test_signup_normalises_the_username(app, client):
    response = client.post(
        "/signup",
        data={
            "username": "  ａｌｉｃｅ ",
            "password1": "correct-horse",
            "password2": "correct-horse",
        },
    )
    assert response.headers["Location"] == "/"
    with app.app_context():
        assert db.session.scalar(db.select(User.username)) == "alice"


def test_signup_errors_sit_beside_their_fields(client, alice):
    response = client.post(
        "/signup", data={"username": "ALICE", "password1": "1234", "password2": "1234"}
    )
    assert response.status_code == 200
    assert b"A user with that username already exists." in response.data
    assert b"This password is too short." in response.data
    assert b"This password is entirely numeric." in response.data


def test_login_redirects_to_a_safe_next(client, alice):
    response = client.post(
        "/login?next=/settings", data={"username": "alice", "password": "correct-horse"}
    )
    assert response.headers["Location"] == "/settings"


def test_logout_ends_copies_of_the_session(app, client, alice):
    log_in(client)
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/settings").status_code == 200

    client.post("/logout")
    assert thief.get("/settings").status_code == 302


def test_password_change_keeps_only_this_session(app, client, alice):
    log_in(client)
    other = app.test_client()
    log_in(other)
    response = client.post(
        "/settings/password",
        data={
            "old_password": "correct-horse",
            "new_password1": "battery-staple",
            "new_password2": "battery-staple",
        },
    )
    assert response.headers["Location"] == "/settings"
    assert client.get("/settings").status_code == 200
    assert other.get("/settings").status_code == 302


def test_null_characters_are_refused_before_any_query(client):
    # PostgreSQL cannot even compare text holding NUL: without this check, a 500.
    response = client.post("/login", data={"username": "a\x00b", "password": "x"})
    assert b"Null characters are not allowed." in response.data
    assert client.get("/u/a%00b").status_code == 404


def test_password_is_compared_with_a_refused_username_too(client):
    # As in Django: a reserved or malformed name still counts for the similarity rule.
    response = client.post(
        "/signup", data={"username": "admin", "password1": "admin123", "password2": "admin123"}
    )
    assert b"That username is reserved." in response.data
    assert b"The password is too similar to the username." in response.data


@pytest.mark.parametrize("body", [{"about": None}, {"about": "x" * 3000}, [1, 2], "text"])
def test_a_json_body_is_no_form_post(app, alice, body):
    """The site's forms read form posts only, as Django's read request.POST: a JSON body,
    valid token and all, saves nothing the form would refuse, and never answers 500."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    data = {"username": "alice", "password": "correct-horse"}
    client.post("/login", data={**data, "csrf_token": csrf_token(client.get("/login").text)})
    with app.app_context():
        db.session.get(User, alice).about = "The old about."
        db.session.commit()
    headers = {"X-CSRFToken": csrf_token(client.get("/settings").text)}
    response = client.post("/settings", json=body, headers=headers)
    assert response.status_code < 500
    with app.app_context():
        assert db.session.get(User, alice).about == "The old about."
