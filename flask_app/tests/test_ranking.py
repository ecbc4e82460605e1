"""ranking.hotness and ranking.normalize_url against the table both apps share (STO-2, STO-4)."""

import json
from datetime import datetime

import pytest

from flask_app.config import REPO_ROOT
from flask_app.news.ranking import hotness, normalize_url, url_key

CASES = json.loads(
    (REPO_ROOT / "shared_spec" / "fixtures" / "ranking_cases.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES["hotness"], ids=lambda c: f"{c['points']}@{c['created']}")
def test_hotness(case):
    created = datetime.fromisoformat(case["created"])
    assert hotness(case["points"], created) == pytest.approx(case["hotness"], abs=1e-6)


@pytest.mark.parametrize("case", CASES["normalize_url"], ids=lambda c: c["url"])
def test_normalize_url(case):
    assert normalize_url(case["url"]) == case["key"]


@pytest.mark.parametrize(("a", "b"), CASES["same_link"])
def test_same_link_same_key(a, b):
    assert normalize_url(a) == normalize_url(b)


@pytest.mark.parametrize(("a", "b"), CASES["different_links"])
def test_different_links_different_keys(a, b):
    assert normalize_url(a) != normalize_url(b)


def test_newer_story_wins_a_tie_in_points():
    older = hotness(5, datetime.fromisoformat("2026-11-21T00:00:00+00:00"))
    newer = hotness(5, datetime.fromisoformat("2026-11-21T00:00:01+00:00"))
    assert newer > older


def test_url_key_is_a_short_ascii_digest_of_the_normalised_link():
    long_non_ascii = "https://example.com/" + "漢" * 1980
    assert len(url_key(long_non_ascii)) == 64
    assert url_key(long_non_ascii).isascii()
    assert url_key("http://www.example.com/a/") == url_key("https://example.com/a")
