"""The template helpers of news/filters.py: age, pluralize, querystring."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from flask_app.news.filters import age, pluralize, querystring

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ago", "text"),
    [
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=-5), "just now"),  # a clock slightly ahead of ours
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=23, minutes=59), "23 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=400), "400 days ago"),
    ],
)
def test_age(ago, text):
    with time_machine.travel(NOW, tick=False):
        assert age(NOW - ago) == text


@pytest.mark.parametrize(("count", "suffix"), [(0, "s"), (1, ""), (2, "s"), (-1, "s")])
def test_pluralize(count, suffix):
    assert pluralize(count) == suffix


def test_querystring_keeps_the_other_parameters_in_order(app):
    with app.test_request_context("/top?period=day&page=1&x=1&x=2"):
        assert querystring(page=2) == "?period=day&page=2&x=1&x=2"
    with app.test_request_context("/"):
        assert querystring(page=2) == "?page=2"


def test_filters_are_registered(app):
    assert app.jinja_env.filters["age"] is age
    assert app.jinja_env.globals["querystring"] is querystring
