"""render_text against the shared cases (COM-1): both apps must produce these exact bytes."""

import json

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils.safestring import SafeString

from core.text import render_text

CASES = json.loads(
    (settings.REPO_ROOT / "shared_spec" / "fixtures" / "text_cases.json").read_text("utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[case["text"][:30] for case in CASES])
def test_render_text(case):
    assert render_text(case["text"]) == case["html"]


def test_render_text_is_safe_for_templates():
    assert isinstance(render_text("a"), SafeString)
    html = Template("{% load news_filters %}{{ value|text }}").render(Context({"value": "<b>"}))
    assert html == "<p>&lt;b&gt;</p>"


def test_empty_text_renders_nothing():
    assert render_text("  \n\n ") == ""
