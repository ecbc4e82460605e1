"""core.text.render_text against the cases both apps share (COM-1)."""

import json

import pytest
from markupsafe import Markup

from flask_app.config import REPO_ROOT
from flask_app.core.text import render_text

CASES = json.loads(
    (REPO_ROOT / "shared_spec" / "fixtures" / "text_cases.json").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[repr(case["text"])[:40] for case in CASES])
def test_render_text_matches_the_shared_cases(case):
    assert render_text(case["text"]) == case["html"]


def test_render_text_is_markup_that_jinja_does_not_escape_again():
    html = render_text("a < b")
    assert isinstance(html, Markup)
    assert Markup("{}").format(html) == "<p>a &lt; b</p>"
