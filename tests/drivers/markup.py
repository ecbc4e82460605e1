"""Reading SPEC's story markup ("Stories, comments, pagination") into plain values."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bs4 import Tag

from .html import squash

NUMBER = re.compile(r"-?\d+")


@dataclass
class Story:
    """One `.story` element: a row of a list, or the story page's article."""

    id: int
    title: str  # the text of `.story-link` ("[deleted]" for a deleted story)
    href: str | None  # None when `.story-link` is not a link (deleted, removed)
    rel: frozenset[str]
    domain: str | None  # "(example.com)"
    score: str  # "12 points"
    author: str
    author_href: str
    age: str  # "3 hours ago"
    created: dt.datetime | None  # from `time.age[datetime]`
    comments: str  # "4 comments"
    comments_href: str
    button: str | None  # "vote", "unvote", "login" (a visitor's a.vote-login) or None
    element: Tag

    @property
    def points(self) -> int:
        return number(self.score)

    @property
    def text(self) -> str | None:
        """The story page's `div.story-text`, squashed."""
        box = self.element.select_one(".story-text")
        return None if box is None else squash(box.get_text(" "))

    def has(self, selector: str) -> bool:
        return self.element.select_one(selector) is not None


def number(text: str) -> int:
    found = NUMBER.search(text)
    assert found, f"no number in {text!r}"
    return int(found.group())


def read_story(element: Tag) -> Story:
    """Parse one story element, asserting the parts every story has."""
    story_id = element.get("id", "")
    assert re.fullmatch(r"story-\d+", story_id), f"a .story without id story-<id>: {element}"

    def part(selector: str) -> Tag:
        found = element.select_one(selector)
        assert found is not None, f"no {selector} in #{story_id}: {element}"
        return found

    link = part(".story-link")
    domain = element.select_one(".domain")
    author = part("a.author")
    age = part("time.age")
    comments = part("a.comments-link")
    button = next(
        (kind for kind in ("vote", "unvote") if element.select_one(f".votebox form.{kind}")),
        "login" if element.select_one(".votebox a.vote-login") else None,
    )
    created = None
    if age.get("datetime"):
        created = dt.datetime.fromisoformat(age["datetime"])
    return Story(
        id=int(story_id.removeprefix("story-")),
        title=squash(link.get_text()),
        href=link.get("href") if link.name == "a" else None,
        rel=frozenset(link.get("rel") or ()),
        domain=None if domain is None else squash(domain.get_text()),
        score=squash(part(".score").get_text()),
        author=squash(author.get_text()),
        author_href=author.get("href", ""),
        age=squash(age.get_text()),
        created=created,
        comments=squash(comments.get_text()),
        comments_href=comments.get("href", ""),
        button=button,
        element=element,
    )
