"""Reading SPEC's story markup ("Stories, comments, pagination") into plain values."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bs4 import NavigableString, Tag

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


def rendered_text(element: Tag) -> str:
    """The text as a reader sees it, squashed: paragraphs and line breaks are spaces, a
    link's text runs on with what follows it."""
    parts = []
    for node in element.descendants:
        if isinstance(node, NavigableString):
            parts.append(str(node))
        elif node.name in ("br", "p"):
            parts.append(" ")
    return squash("".join(parts))


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


@dataclass
class Comment:
    """One `.comment` element (`li` in a thread, `div` on a profile): its own parts only,
    not those of the replies nested inside it."""

    id: int
    depth: int
    element: Tag

    def own(self, selector: str) -> list[Tag]:
        """The elements matching `selector` that belong to this comment, not to a reply."""
        return [
            found
            for found in self.element.select(selector)
            if found.find_parent(class_="comment") is self.element
        ]

    def own_one(self, selector: str) -> Tag | None:
        return next(iter(self.own(selector)), None)

    def has(self, selector: str) -> bool:
        return self.own_one(selector) is not None

    @property
    def text(self) -> str:
        """Its `.comment-text`, squashed ("[deleted]" for a deleted comment)."""
        box = self.own_one(".comment-text")
        assert box is not None, f"no .comment-text in #comment-{self.id}: {self.element}"
        return rendered_text(box)

    @property
    def score(self) -> str | None:
        found = self.own_one(".score")
        return None if found is None else squash(found.get_text())

    @property
    def points(self) -> int:
        assert self.score is not None, f"#comment-{self.id} shows no score"
        return number(self.score)

    @property
    def author(self) -> str | None:
        found = self.own_one("a.author")
        return None if found is None else squash(found.get_text())

    @property
    def button(self) -> str | None:
        """ "vote", "unvote", "login" (a visitor's a.vote-login) or None."""
        return next(
            (kind for kind in ("vote", "unvote") if self.has(f".votebox form.{kind}")),
            "login" if self.has(".votebox a.vote-login") else None,
        )

    @property
    def reply_ids(self) -> list[int]:
        """Its direct replies, in page order."""
        return [comment_id(li) for li in self.element.select(":scope > ul.replies > li.comment")]


def comment_id(element: Tag) -> int:
    found = re.fullmatch(r"comment-(\d+)", element.get("id", ""))
    assert found, f"a .comment without id comment-<id>: {element}"
    return int(found.group(1))


def read_comment(element: Tag) -> Comment:
    depth = element.get("data-depth", "")
    assert depth.isdigit(), f"a .comment without data-depth: {element}"
    return Comment(id=comment_id(element), depth=int(depth), element=element)
