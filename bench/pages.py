"""The pages the benchmark measures, and what each must contain to count as measured.

A benchmark of an error page, a login redirect or an empty list is worthless, so every
response measured in-process (bench/measure.py) and every URL put under load
(bench/serve.py) is checked first: status 200 and the expected markup, counted exactly
(SPEC's markup contract: `class="story"` rows, `<li class="comment"` thread items).
"""

from dataclasses import dataclass

STORY_ROW = 'class="story"'  # a story in a list (the story page's own is "story story-page")
THREAD_ITEM = '<li class="comment"'  # a comment in a story's thread, deleted ones included
PROFILE_COMMENT = '<div class="comment"'  # a comment in a profile's list
LOGGED_IN = 'class="logout"'  # the header's log-out form: only members have it
MEMBER_VOTE = 'class="unvote"'  # a vote of the viewer's, which they can take back
LIST_ROWS = 30


class PageError(AssertionError):
    """A measured response was not the page it should be: the run fails loudly."""


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    counts: dict[str, int]  # markup → how many times it must occur

    def check(self, status: int, html: str, member: bool | None = None) -> None:
        """Raise PageError unless this is the page, for a member (True) or a visitor (False);
        None checks the page only (the load generator's anonymous requests)."""
        if status != 200:
            raise PageError(f"{self.path}: status {status}, not 200")
        for markup, expected in self.counts.items():
            found = html.count(markup)
            if found != expected:
                raise PageError(f"{self.path}: {found} × {markup}, expected {expected}")
        if member is not None and (LOGGED_IN in html) != member:
            raise PageError(f"{self.path}: expected the {'member' if member else 'visitor'}")
        if member and MEMBER_VOTE not in html:
            raise PageError(f"{self.path}: none of the member's votes are shown")


def measured_pages(facts: dict) -> list[Page]:
    """The five pages measured in-process; `facts` from scale.Plan.facts()."""
    return [
        Page("front", "/", {STORY_ROW: LIST_ROWS}),
        Page("new", "/new", {STORY_ROW: LIST_ROWS}),
        Page("top", "/top", {STORY_ROW: LIST_ROWS}),
        Page("story", f"/s/{facts['big_story']}", {THREAD_ITEM: facts["big_thread"]}),
        Page(
            "profile",
            f"/u/{facts['profile']}",
            {STORY_ROW: facts["profile_stories"], PROFILE_COMMENT: facts["profile_comments"]},
        ),
    ]


def loaded_pages(facts: dict, big_story: bool) -> list[Page]:
    """The pages put under load: the front page, a story with a typical thread and, when
    time allows (`big_story`), the big thread's."""
    pages = [
        Page("front", "/", {STORY_ROW: LIST_ROWS}),
        Page("story", f"/s/{facts['typical_story']}", {THREAD_ITEM: facts["typical_thread"]}),
    ]
    if big_story:
        pages.append(
            Page("big story", f"/s/{facts['big_story']}", {THREAD_ITEM: facts["big_thread"]})
        )
    return pages


HELLO = Page("hello", "/", {"Hello, world!": 1})
