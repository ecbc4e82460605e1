"""The username and password rules, checked against Django's behaviour."""

import pytest
from wtforms.validators import ValidationError

from flask_app.accounts.validators import (
    PASSWORD_NUMERIC,
    PASSWORD_TOO_SHORT,
    PASSWORD_TOO_SIMILAR,
    USERNAME_INVALID,
    USERNAME_RESERVED,
    is_too_similar,
    password_errors,
    validate_username,
)


@pytest.mark.parametrize("name", ["abc", "a-b", "A_1", "0day", "x" * 25, "bob-smith_2"])
def test_valid_usernames(name):
    validate_username(name)


@pytest.mark.parametrize(
    "name",
    ["ab", "x" * 26, "-abc", "_abc", "ab c", "alice\n", "álice", "alice!", "a.b.c", ""],
)
def test_invalid_usernames(name):
    with pytest.raises(ValidationError, match=USERNAME_INVALID):
        validate_username(name)


@pytest.mark.parametrize("name", ["admin", "Admin", "HEALTHZ", "www", "moderators"])
def test_reserved_usernames(name):
    with pytest.raises(ValidationError, match=USERNAME_RESERVED):
        validate_username(name)


# (username, password, too similar?) as Django 5.2's UserAttributeSimilarityValidator
# answers with user_attributes=("username",).
SIMILARITY_CASES = [
    ("alice", "alice", True),
    ("alice", "Alice123", True),
    ("alice", "ecila", True),
    ("alice", "correct horse", False),
    ("alice-smith", "smith123", True),  # split on "-"
    ("alice_smith", "smith123", False),  # Django's \W+ does not split on "_"
    ("mary-jo", "jo", True),
    ("bob", "bobbobbob1", False),
    ("bo", "bobobo", False),  # a part far shorter than the password is skipped
    ("carol", "carol-2026", False),
    ("alice-smith", "alicesmith", True),
]


@pytest.mark.parametrize(("username", "password", "similar"), SIMILARITY_CASES)
def test_similarity_matches_django(username, password, similar):
    assert is_too_similar(password, username) is similar


def test_password_errors_reports_every_rule_in_djangos_order():
    assert password_errors("1234", "1234") == [
        PASSWORD_TOO_SIMILAR,
        PASSWORD_TOO_SHORT,
        PASSWORD_NUMERIC,
    ]
    assert password_errors("12345678") == [PASSWORD_NUMERIC]
    assert password_errors("correct-horse", "alice") == []
