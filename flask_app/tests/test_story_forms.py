"""Title and URL rules and the submit/edit forms (STO-1), with Django's messages."""

from types import SimpleNamespace

import pytest
from wtforms.validators import ValidationError

from flask_app.news.forms import StoryEditForm, StoryForm
from flask_app.news.validators import (
    URL_HOST,
    URL_SCHEME,
    URL_USER_INFO,
    clean_title,
    validate_story_url,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Hello  ", "Hello"),
        ("\u200bHello\u200d", "Hello"),
        ("\ufeff\u00ad Hello \u2060", "Hello"),
        ("He\u200bllo", "He\u200bllo"),  # only the ends are trimmed
        ("\u200b\u200b\u200b", ""),
    ],
)
def test_clean_title(raw, clean):
    assert clean_title(raw) == clean


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/a?b=1#c",
        "HTTPS://Example.COM:8080/path",
        "https://bücher.example/",
    ],
)
def test_valid_urls(url):
    validate_story_url(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/file", URL_SCHEME),
        ("javascript:alert(1)", URL_SCHEME),
        ("example.com", URL_SCHEME),
        ("https://localhost/", URL_HOST),
        ("https:///path", URL_HOST),
        ("https://example./", URL_HOST),
        ("https://exa mple.com/", URL_HOST),
        ("https://example.com:port/", URL_HOST),
        ("https://example.com:99999/", URL_HOST),
        ("https://[::1/", URL_HOST),
        ("https://example.com/\na", URL_HOST),
        ("https://user:pass@example.com/", URL_USER_INFO),
        ("https://user@example.com/", URL_USER_INFO),
    ],
)
def test_invalid_urls(url, message):
    with pytest.raises(ValidationError, match=message):
        validate_story_url(url)


def form_errors(app, form_class, data, **kwargs) -> dict:
    """The errors of form_class filled with data, as a POST would fill it; the form-wide
    ones under "__all__", as Django's form.errors has them."""
    with app.test_request_context(method="POST", data=data):
        form = form_class(**kwargs)
        assert not form.validate()
        errors = {field.name: field.errors for field in form if field.errors}
        return {**errors, "__all__": form.form_errors} if form.form_errors else errors


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "This field is required."),
        ("\u200b \u200b", "This field is required."),
        ("\u200bab\u200b", "Ensure this value has at least 3 characters (it has 2)."),
        ("x" * 151, "Ensure this value has at most 150 characters (it has 151)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_title_errors(app, title, message):
    errors = form_errors(app, StoryForm, {"title": title, "text": "Some text."})
    assert errors["title"] == [message]


def test_title_is_trimmed_before_its_length_counts(app):
    data = {"title": "\u200b" + "x" * 150 + "  ", "text": "Some text."}
    with app.test_request_context(method="POST", data=data):
        form = StoryForm()
        assert form.validate(), form.errors
        assert form.title.data == "x" * 150


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com", URL_SCHEME),
        ("http://localhost", URL_HOST),
        ("http://a:b@example.com", URL_USER_INFO),
        (
            "https://example.com/" + "a" * 1981,
            "Ensure this value has at most 2000 characters (it has 2001).",
        ),
    ],
)
def test_url_errors(app, url, message):
    assert form_errors(app, StoryForm, {"title": "Hello", "url": url})["url"] == [message]


def test_text_too_long(app):
    errors = form_errors(app, StoryForm, {"title": "Hello", "text": "x" * 40001})
    assert errors["text"] == ["Ensure this value has at most 40000 characters (it has 40001)."]


def test_url_or_text_needed(app):
    errors = form_errors(app, StoryForm, {"title": "Hello", "url": " ", "text": " "})
    assert errors["__all__"] == ["Give a URL, a text, or both."]


def test_bad_url_is_not_also_missing(app):
    errors = form_errors(app, StoryForm, {"title": "Hello", "url": "x" * 2001})
    assert "__all__" not in errors


def test_edit_form_keeps_the_url(app):
    story = SimpleNamespace(title="Old", url="https://example.com/a", text="")
    with app.test_request_context(method="POST", data={"title": "New title", "text": ""}):
        form = StoryEditForm(obj=story)
        assert form.validate(), form.errors
        assert "url" not in form


def test_edit_cannot_empty_a_text_post(app):
    story = SimpleNamespace(title="Old", url="", text="Some text.")
    errors = form_errors(app, StoryEditForm, {"title": "Hello", "text": ""}, obj=story)
    assert errors["__all__"] == ["Give a URL, a text, or both."]
