"""Everything a user typed comes back as text (SPEC SEC-2, COM-1): every payload of
shared_spec/fixtures/xss_payloads.json as a comment, a story title, a story text and a
profile's about.

Each page showing a payload is compared with the same page showing harmless words: once
the field's own box is emptied, both must hold the same elements and attributes (so
nothing broke out of a box, an attribute, the <title> or a <textarea>); inside the box
only the markup COM-1's renderer writes may appear (p, br, and http(s) links with
rel="nofollow ugc noopener"), and the payload's characters read back as text. Failures
are collected and reported together, one line per payload and page.
"""

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from checks import assert_comment_redirect, assert_story_redirect, post_comment, post_story
from drivers.html import squash
from drivers.markup import rendered_text

PAYLOADS = json.loads(
    (Path(__file__).parents[1] / "shared_spec/fixtures/xss_payloads.json").read_text()
)["payloads"]
NOFOLLOW = {"nofollow", "ugc", "noopener"}


def signature(page, boxes: tuple[str, ...] = ()) -> Counter:
    """The page's elements and attribute names, with the content of `boxes` left out."""
    soup = BeautifulSoup(page.text, "html.parser")
    for selector in boxes:
        for box in soup.select(selector):
            box.clear()
    tags = soup.find_all(True)
    return Counter(t.name for t in tags) + Counter(f"{t.name}[{a}]" for t in tags for a in t.attrs)


def foreign_markup(page) -> list[str]:
    """What the site never writes anywhere: inline scripts and handlers, style, embedded
    content, script-scheme links, links that give the opener away."""
    found = []
    for tag in page.soup.find_all(True):
        if tag.name in {"img", "svg", "iframe", "object", "embed", "style", "base", "math"}:
            found.append(f"<{tag.name}>")
        if tag.name == "script" and not tag.get("src", "").startswith("/static/"):
            found.append(f"<script src={tag.get('src')!r}>")
        for name, value in tag.attrs.items():
            if name.startswith("on") or name in {"style", "autofocus", "srcdoc", "formaction"}:
                found.append(f"<{tag.name} {name}>")
            values = value if isinstance(value, list) else [value]
            if name in {"href", "src", "action", "data"} and any(
                v.strip().lower().startswith(("javascript:", "data:")) for v in values
            ):
                found.append(f"<{tag.name} {name}={value!r}>")
        if tag.name == "a" and "opener" in (tag.get("rel") or []):
            found.append("<a rel=opener>")
    return found


def box_problems(box, expected_text: str) -> list[str]:
    """Inside a rendered text box: only p, br and nofollow http(s) links, and the text."""
    if box is None:
        return ["the text box is missing"]
    problems = []
    for tag in box.find_all(True):
        if tag.name in ("p", "br") and not tag.attrs:
            continue
        link_ok = (
            tag.name == "a"
            and set(tag.attrs) == {"href", "rel"}
            and tag["href"].startswith(("http://", "https://"))
            and set(tag["rel"]) == NOFOLLOW
        )
        if not link_ok:
            problems.append(f"foreign {tag}")
    if rendered_text(box) != squash(expected_text):
        problems.append(f"text reads {rendered_text(box)!r}")
    return problems


def visible(text: str) -> str:
    """The text without format characters (zero-width, bidi controls): titles drop them."""
    return squash("".join(c for c in text if unicodedata.category(c) != "Cf"))


def read_messages(*members) -> None:
    """Show the members their pending flash messages, so later pages compare alike."""
    for member in members:
        member.browser.get("/")


class Report:
    """Collects the problems of every payload, to fail once with all of them."""

    def __init__(self):
        self.lines: list[str] = []

    def check(self, payload: str, where: str, problems: list[str]) -> None:
        self.lines += [f"{payload!r} on {where}: {problem}" for problem in problems]

    def same_as(self, payload, where, page, baseline, boxes=()) -> None:
        problems = foreign_markup(page)
        if page.status != 200:
            problems.append(f"status {page.status}")
        extra = signature(page, boxes) - signature(baseline, boxes)
        missing = signature(baseline, boxes) - signature(page, boxes)
        if extra or missing:
            problems.append(
                f"elements differ from a harmless page: +{dict(extra)} -{dict(missing)}"
            )
        self.check(payload, where, problems)

    def assert_clean(self) -> None:
        assert not self.lines, f"{len(self.lines)} problems:\n" + "\n".join(self.lines)


@pytest.mark.rule("SEC-2", "COM-1")
def test_payloads_in_comments_show_as_text(member, bob, make_member, browser):
    carol = make_member("carol")
    target = post_story(member.browser, "Payloads", text="Here.")
    harmless = post_story(member.browser, "Harmless", text="Here.")
    form = bob.browser.fill(f"/s/{target}", form="form#comment-form")
    ids = [
        assert_comment_redirect(bob.browser.send_form(form.replacing("text", p)), target)
        for p in PAYLOADS
    ]
    plain = [post_comment(carol.browser, harmless, f"Plain words {n}.") for n in range(len(ids))]
    read_messages(bob, carol)
    report = Report()
    story_page, baseline = browser.get(f"/s/{target}"), browser.get(f"/s/{harmless}")
    report.same_as("all", "the story page", story_page, baseline, (".comment-text",))
    profile, plain_profile = browser.get(f"/u/{bob.username}"), browser.get(f"/u/{carol.username}")
    report.same_as("all", "the profile", profile, plain_profile, (".comment-text",))
    plain_page = browser.get(f"/c/{plain[0]}")
    plain_edit = carol.browser.get(f"/c/{plain[0]}/edit")
    for payload, comment_id in zip(PAYLOADS, ids, strict=True):
        for where, page in [("the story page", story_page), ("the profile", profile)]:
            if where == "the story page" or page.comment(comment_id) is not None:  # 30 newest
                box = page.comment(comment_id).own_one(".comment-text")
                report.check(payload, where, box_problems(box, payload))
        page = browser.get(f"/c/{comment_id}")
        report.same_as(payload, "its page", page, plain_page, (".comment-text",))
        report.check(payload, "its page", box_problems(page.select_one(".comment-text"), payload))
        edit = bob.browser.get(f"/c/{comment_id}/edit")
        report.same_as(payload, "its edit page", edit, plain_edit)
        if edit.value("text") != payload:
            report.check(payload, "its edit page", [f"the form holds {edit.value('text')!r}"])
    report.assert_clean()


@pytest.mark.rule("SEC-2", "STO-1")
def test_payloads_in_story_titles_and_texts_show_as_text(bob, make_member, browser):
    carol = make_member("carol")
    harmless = post_story(carol.browser, "Plain title", text="Plain text.")
    form = bob.browser.fill("/submit", form="form#submit-form")
    ids = []
    for payload in PAYLOADS:
        filled = form.replacing("title", payload).replacing("text", payload)
        ids.append(assert_story_redirect(bob.browser.send_form(filled)))
    read_messages(bob, carol)
    report = Report()
    baseline = browser.get(f"/s/{harmless}")
    plain_edit = carol.browser.get(f"/s/{harmless}/edit")
    for payload, story_id in zip(PAYLOADS, ids, strict=True):
        page = browser.get(f"/s/{story_id}")
        report.same_as(payload, "its page", page, baseline, (".story-text",))
        story = page.story(story_id)
        report.check(
            payload, "its page", box_problems(story.element.select_one(".story-text"), payload)
        )
        if visible(story.title) != visible(payload) or story.element.select_one(".story-link *"):
            report.check(payload, "its page", [f"the title reads {story.title!r}"])
        edit = bob.browser.get(f"/s/{story_id}/edit")
        report.same_as(payload, "its edit page", edit, plain_edit)
        if (visible(edit.value("title")), edit.value("text")) != (visible(payload), payload):
            report.check(payload, "its edit page", [f"the form holds {edit.value('title')!r}"])
    for path in ("/new", "/new?page=2", f"/u/{bob.username}"):
        page = browser.get(path)
        report.check("all", path, foreign_markup(page))
        for story in page.stories():
            if story.element.select_one(".story-link *") or story.id not in ids:
                continue
            payload = PAYLOADS[ids.index(story.id)]
            if visible(story.title) != visible(payload):
                report.check(payload, path, [f"the title reads {story.title!r}"])
    report.assert_clean()


@pytest.mark.rule("SEC-2", "ACC-4")
def test_payloads_in_the_about_show_as_text(bob, make_member, browser):
    carol = make_member("carol")
    carol.browser.submit("/settings", {"about": "Plain about."})
    plain_settings = carol.browser.get("/settings")  # with its flash, as bob's will be
    baseline = browser.get(f"/u/{carol.username}")
    form = bob.browser.fill("/settings", form="form#settings-form")
    report = Report()
    for payload in PAYLOADS:
        response = bob.browser.send_form(form.replacing("about", payload))
        if response.location != "/settings":
            report.check(payload, "/settings", [f"not saved: {response} {response.errors()}"])
            continue
        page = browser.get(f"/u/{bob.username}")
        report.same_as(payload, "the profile", page, baseline, (".about",))
        report.check(
            payload, "the profile", box_problems(page.select_one("section.profile .about"), payload)
        )
        settings = bob.browser.get("/settings")
        report.same_as(payload, "/settings", settings, plain_settings)
        if settings.value("about") != payload:
            report.check(payload, "/settings", [f"the form holds {settings.value('about')!r}"])
    report.assert_clean()
