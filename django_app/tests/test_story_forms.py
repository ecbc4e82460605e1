"""Title and URL rules and the submit/edit forms (STO-1)."""

import pytest
from django.core.exceptions import ValidationError

from news.forms import StoryEditForm, StoryForm
from news.validators import clean_title, validate_story_url


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
    ("url", "code"),
    [
        ("ftp://example.com/file", "invalid_scheme"),
        ("javascript:alert(1)", "invalid_scheme"),
        ("example.com", "invalid_scheme"),
        ("https://localhost/", "invalid_host"),
        ("https:///path", "invalid_host"),
        ("https://example./", "invalid_host"),
        ("https://exa mple.com/", "invalid_host"),
        ("https://example.com:port/", "invalid_host"),
        ("https://[::1/", "invalid_host"),
        ("https://example.com/\na", "invalid_host"),
        ("https://user:pass@example.com/", "user_info"),
        ("https://user@example.com/", "user_info"),
    ],
)
def test_invalid_urls(url, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_story_url(url)
    assert excinfo.value.code == code


def form_errors(form_class, data, instance=None):
    form = form_class(data=data, instance=instance)
    assert not form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "This field is required."),
        ("\u200b \u200b", "This field is required."),
        ("\u200bab\u200b", "Ensure this value has at least 3 characters (it has 2)."),
        ("x" * 151, "Ensure this value has at most 150 characters (it has 151)."),
    ],
)
def test_title_errors(title, message):
    errors = form_errors(StoryForm, {"title": title, "text": "Some text."})
    assert errors["title"] == [message]


def test_title_is_trimmed_before_its_length_counts():
    form = StoryForm(data={"title": "\u200b" + "x" * 150 + "  ", "text": "Some text."})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "x" * 150


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com", "Enter a valid URL: http and https links only."),
        ("http://localhost", "Enter a valid URL with a host name like example.com."),
        ("http://a:b@example.com", "Links with a user name or password are not accepted."),
        (
            "https://example.com/" + "a" * 1981,
            "Ensure this value has at most 2000 characters (it has 2001).",
        ),
    ],
)
def test_url_errors(url, message):
    assert form_errors(StoryForm, {"title": "Hello", "url": url})["url"] == [message]


def test_text_too_long():
    errors = form_errors(StoryForm, {"title": "Hello", "text": "x" * 40001})
    assert errors["text"] == ["Ensure this value has at most 40000 characters (it has 40001)."]


def test_url_or_text_needed():
    errors = form_errors(StoryForm, {"title": "Hello", "url": " ", "text": " "})
    assert errors["__all__"] == ["Give a URL, a text, or both."]


def test_bad_url_is_not_also_missing():
    errors = form_errors(StoryForm, {"title": "Hello", "url": "x" * 2001})
    assert "__all__" not in errors


@pytest.mark.django_db
def test_edit_form_keeps_the_url(story):
    form = StoryEditForm(data={"title": "New title", "text": ""}, instance=story)
    assert form.is_valid(), form.errors
    assert "url" not in form.fields


@pytest.mark.django_db
def test_edit_cannot_empty_a_text_post(story):
    story.url = ""
    errors = form_errors(StoryEditForm, {"title": "Hello", "text": ""}, instance=story)
    assert errors["__all__"] == ["Give a URL, a text, or both."]
