"""Username rules and the configured password validators (ACC-1)."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from accounts.forms import SignupForm
from accounts.validators import UsernameValidator, validate_not_reserved

validate_username = UsernameValidator()


@pytest.mark.parametrize("name", ["abc", "a" * 25, "Alice_99", "9lives", "x-y_z"])
def test_valid_usernames(name):
    validate_username(name)


@pytest.mark.parametrize(
    "name",
    [
        "ab",  # too short
        "a" * 26,  # too long
        "-abc",  # must start with a letter or digit
        "_abc",
        "ab c",
        "alice\n",  # a regex ending in "$" would let this through
        "\nalice",
        "ålice",  # ASCII only
        "ａｌｉｃｅ",  # full-width: the form normalises it first, the validator never sees it
        "",
    ],
)
def test_invalid_usernames(name):
    with pytest.raises(ValidationError) as excinfo:
        validate_username(name)
    assert excinfo.value.code == "invalid"


@pytest.mark.parametrize("name", ["admin", "ADMIN", "Moderators", "healthz", "www"])
def test_reserved_usernames_in_any_case(name):
    with pytest.raises(ValidationError) as excinfo:
        validate_not_reserved(name)
    assert excinfo.value.messages == ["That username is reserved."]


def test_unreserved_username_passes():
    validate_not_reserved("admiral")


@pytest.mark.django_db
def test_signup_form_trims_and_nfkc_normalises_the_username():
    form = SignupForm(
        data={"username": " ａｌｉｃｅ ", "password1": "s3cret-words", "password2": "s3cret-words"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["username"] == "alice"


def test_password_validators_are_the_three_the_spec_names():
    names = [type(v).__name__ for v in password_validation.get_default_password_validators()]
    assert sorted(names) == [
        "MinimumLengthValidator",
        "NumericPasswordValidator",
        "UserAttributeSimilarityValidator",
    ]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("s3cr3t", "This password is too short. It must contain at least 8 characters."),
        ("12345678", "This password is entirely numeric."),
        ("alice123", "The password is too similar to the username."),
    ],
)
def test_password_rules(django_user_model, password, message):
    user = django_user_model(username="alice")
    with pytest.raises(ValidationError) as excinfo:
        password_validation.validate_password(password, user)
    assert message in excinfo.value.messages


def test_good_password_passes(django_user_model):
    password_validation.validate_password("correct-horse-1", django_user_model(username="alice"))
