"""One deterministic plan of the benchmark's data, shared by both loaders.

Both apps must be measured on identical rows, so the rows are not drawn by each loader but
planned here once, from a seeded random generator: the same sizes, anchor and seed give the
same users, stories, comments and votes, in the same order, in every process. The loaders
(bench/load_django.py, bench/load_flask.py) only turn these rows into their ORM's inserts and
add what their own app derives: the link key and the hotness, from each app's ranking.py.

The shape of the data:
- users: one per ten stories (at least 100), all with the password PASSWORD. User 1,
  MEMBER, writes nothing and is the logged-in member the benchmark measures as; user 2,
  AUTHOR, is the most prolific writer (authors are skewed towards low ids) and the profile
  page measured.
- stories: ids in the order of their creation, spread over the last year (at least one
  every three hours on average, so even a small data set fills a week of /top); about 1% are
  deleted by their author and 0.5% removed by a moderator. Story BIG_STORY_ID has a thread of
  BIG_THREAD comments (fewer in very small plans), story TYPICAL_STORY_ID the average.
- comments: the rest spread over the other stories with a long tail, each thread nested up
  to MAX_NEST levels, each comment after its story and its parent.
- votes: 40% on stories, 60% on comments, at most one per member and item, never on one's
  own item. MEMBER votes on every third of the newest stories and of the big thread's
  comments, so every page measured as MEMBER shows some of their votes.
- derived counters, as the apps keep them: points = 1 + votes, comment_count = the visible
  comments, karma = the votes on a member's items.

Rows are generated lazily (generators of dicts, consumed in chunks): a full plan has over
a million votes. Only compact per-item arrays are held in memory.
"""

from __future__ import annotations

import argparse
import random
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice

SEED = 20240601
PASSWORD = "bench-password-2024"  # every user's; the loaders hash it once
MEMBER = "bench_member"  # user 1: the logged-in member of the measurements
AUTHOR = "bench_author"  # user 2: the profile page measured
MEMBER_ID, AUTHOR_ID = 1, 2
BIG_STORY_ID = 1  # the story page measured: a thread of BIG_THREAD comments
TYPICAL_STORY_ID = 2  # a story with the average number of comments, for the load test
BIG_THREAD = 500
MAX_NEST = 4  # comments nest up to 4 levels (depth 0 to 3)

MIN_STORIES = 100
MIN_USERS = 100
STORIES_PER_USER = 10
SPAN = timedelta(days=365)  # stories spread over the last year...
SPACING = timedelta(hours=3)  # ...or, in small plans, one every 3 hours on average
THREAD_WINDOW = timedelta(days=2)  # a thread's comments come within two days of its story
VOTE_WINDOW = timedelta(days=3)  # and its votes within three days
STORY_VOTE_SHARE = 0.4
DELETED_STORIES, REMOVED_STORIES = 0.01, 0.005
DELETED_COMMENTS, REMOVED_COMMENTS = 0.02, 0.005
SENTENCE_POOL = 5000
LINK_SHARE = 0.75  # the other stories are text posts
TOP_LEVEL_SHARE = 0.35  # a comment's chance to start a new branch rather than reply
# Comment and vote counts follow a long tail: Pareto weights, capped so one item cannot
# take a large share of a small plan.
PARETO_ALPHA, WEIGHT_CAP = 1.5, 100.0
# MEMBER votes on every third story among the newest tenth (at least the newest 300).
MEMBER_WINDOW, MEMBER_EVERY = 300, 3

VISIBLE, DELETED, REMOVED = 0, 1, 2

WORDS = [
    "python", "web", "framework", "database", "query", "index", "cache", "template",
    "request", "response", "server", "client", "session", "cookie", "migration", "model",
    "view", "route", "form", "field", "test", "deploy", "release", "performance", "latency",
    "memory", "thread", "worker", "process", "queue", "socket", "proxy", "static", "asset",
    "security", "token", "password", "user", "admin", "comment", "story", "vote", "rank",
    "score", "page", "list", "feed", "search", "filter", "report", "chart", "table", "schema",
    "column", "row", "transaction", "lock", "pool", "connection",
]  # fmt: skip
DOMAINS = [f"{word}s.example.org" for word in WORDS[:40]]


@dataclass(frozen=True)
class Sizes:
    """How many stories, comments and votes to plan; users follow from the stories."""

    stories: int
    comments: int
    votes: int

    def __post_init__(self) -> None:
        if self.stories < MIN_STORIES or self.comments < 10 or self.votes < 0:
            raise ValueError(f"too small to plan: {self} (at least {MIN_STORIES} stories)")

    @property
    def users(self) -> int:
        return max(MIN_USERS, self.stories // STORIES_PER_USER)

    def scaled_to(self, stories: int) -> Sizes:
        """The same proportions with this many stories (the scaling comparison's data)."""
        factor = stories / self.stories
        return Sizes(stories, round(self.comments * factor), round(self.votes * factor))


FULL = Sizes(stories=100_000, comments=300_000, votes=1_000_000)
QUICK = Sizes(stories=1_000, comments=3_000, votes=10_000)


def chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    """The rows in lists of at most `size`: what one bulk insert takes at a time."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def allocate(total: int, count: int, cap: int, rng: random.Random) -> array:
    """Split `total` into `count` long-tailed parts of at most `cap` each."""
    if total > cap * count:
        raise ValueError(f"cannot spread {total} over {count} items of at most {cap}")
    weights = [min(WEIGHT_CAP, rng.paretovariate(PARETO_ALPHA)) for _ in range(count)]
    scale = total / sum(weights)
    parts = array("i", (min(cap, int(weight * scale)) for weight in weights))
    missing = total - sum(parts)
    while missing:  # what the rounding down and the cap left over, one at a time
        index = rng.randrange(count)
        if parts[index] < cap:
            parts[index] += 1
            missing -= 1
    return parts


class Plan:
    """The planned data set for `sizes`, its times counted back from `anchor` (UTC)."""

    def __init__(self, sizes: Sizes, anchor: datetime, seed: int = SEED):
        self.sizes, self.anchor, self.seed = sizes, anchor, seed
        self.users = sizes.users
        self.big_thread = min(BIG_THREAD, sizes.comments // 2)
        self.typical_thread = max(1, round(sizes.comments / sizes.stories))
        rng = random.Random(seed)
        # Texts are drawn from a pool of sentences: writing each anew would cost more than
        # inserting it.
        self.sentences = [sentence(rng, 5, 16) for _ in range(SENTENCE_POOL)]
        self._plan_stories(rng)
        self._plan_comments(rng)
        self._plan_votes(rng)
        self._count_derived()

    # The plan: per-item arrays, indexed by id (index 0 unused).

    def _plan_stories(self, rng: random.Random) -> None:
        count = self.sizes.stories
        span = min(SPAN, SPACING * count).total_seconds()
        self.story_author = array("i", [0])
        self.story_age = array("d", [0.0])  # seconds before the anchor
        self.story_state = array("b", [VISIBLE])
        for story_id in range(1, count + 1):
            self.story_author.append(self._pick_author(rng))
            # Evenly spread with a jitter; the newest a minute old at least.
            self.story_age.append(60 + span * (count - story_id + rng.random()) / count)
            self.story_state.append(self._pick_state(rng, DELETED_STORIES, REMOVED_STORIES))
        for story_id in (BIG_STORY_ID, TYPICAL_STORY_ID):
            self.story_state[story_id] = VISIBLE  # the pages measured show their threads

    def _plan_comments(self, rng: random.Random) -> None:
        count, stories = self.sizes.comments, self.sizes.stories
        rest = count - self.big_thread - self.typical_thread
        others = allocate(rest, stories - 2, cap=10 * BIG_THREAD, rng=rng)
        self.thread_size = array("i", [0, self.big_thread, self.typical_thread, *others])
        self.comment_story = array("i", [0])
        self.comment_parent = array("i", [0])  # 0: a top-level comment
        self.comment_author = array("i", [0])
        self.comment_age = array("d", [0.0])
        self.comment_depth = array("b", [0])
        self.comment_state = array("b", [VISIBLE])
        for story_id in range(1, stories + 1):
            self._plan_thread(rng, story_id)

    def _plan_thread(self, rng: random.Random, story_id: int) -> None:
        """A story's comments, in the order they were written, replies nested."""
        story_age = self.story_age[story_id]
        window = min(THREAD_WINDOW.total_seconds(), story_age - 30)
        offsets = sorted(rng.random() * window for _ in range(self.thread_size[story_id]))
        parents = []  # this thread's comments that may still be replied to
        for offset in offsets:
            comment_id = len(self.comment_story)
            parent = 0
            if parents and rng.random() > TOP_LEVEL_SHARE:
                parent = parents[rng.randrange(len(parents))]
            depth = self.comment_depth[parent] + 1 if parent else 0
            self.comment_story.append(story_id)
            self.comment_parent.append(parent)
            self.comment_author.append(self._pick_author(rng))
            self.comment_age.append(story_age - offset)
            self.comment_depth.append(depth)
            self.comment_state.append(self._pick_state(rng, DELETED_COMMENTS, REMOVED_COMMENTS))
            if depth < MAX_NEST - 1:
                parents.append(comment_id)

    def _plan_votes(self, rng: random.Random) -> None:
        stories = self.sizes.stories
        window = min(stories, max(MEMBER_WINDOW, stories // 10))
        member_stories = [
            story_id
            for story_id in range(stories - window + 1, stories + 1)
            if story_id % MEMBER_EVERY == 0 and self.story_state[story_id] == VISIBLE
        ]
        member_comments = [
            comment_id
            for comment_id in range(1, len(self.comment_story))
            if self.comment_story[comment_id] == BIG_STORY_ID
            and comment_id % MEMBER_EVERY == 0
            and self.comment_state[comment_id] == VISIBLE
        ]
        budget = self.sizes.votes
        self.member_stories = frozenset(member_stories[:budget])
        budget -= len(self.member_stories)
        self.member_comments = frozenset(member_comments[:budget])
        budget -= len(self.member_comments)
        # The others' votes per item, indexed by id like the other arrays. Everyone but
        # MEMBER and the item's author may vote on an item.
        voters = self.users - 2
        story_votes = round(budget * STORY_VOTE_SHARE)
        self.story_votes = array("i", [0]) + allocate(story_votes, stories, voters, rng)
        comment_votes = allocate(budget - story_votes, self.comment_count, voters, rng)
        self.comment_votes = array("i", [0]) + comment_votes

    def _count_derived(self) -> None:
        """The counters the apps keep on the rows: points, comment_count, karma."""
        self.story_points = array("i", [0] * (self.sizes.stories + 1))
        self.visible_comments = array("i", [0] * (self.sizes.stories + 1))
        self.comment_points = array("i", [0] * len(self.comment_story))
        self.karma = array("i", [0] * (self.users + 1))
        for story_id in range(1, self.sizes.stories + 1):
            votes = self.story_votes[story_id] + (story_id in self.member_stories)
            self.story_points[story_id] = 1 + votes
            self.karma[self.story_author[story_id]] += votes
        for comment_id in range(1, len(self.comment_story)):
            votes = self.comment_votes[comment_id] + (comment_id in self.member_comments)
            self.comment_points[comment_id] = 1 + votes
            self.karma[self.comment_author[comment_id]] += votes
            if self.comment_state[comment_id] == VISIBLE:
                self.visible_comments[self.comment_story[comment_id]] += 1

    def _pick_author(self, rng: random.Random) -> int:
        """Anyone but MEMBER, skewed towards low ids: AUTHOR (2) writes the most."""
        return AUTHOR_ID + int((self.users - 1) * rng.random() ** 2)

    @staticmethod
    def _pick_state(rng: random.Random, deleted: float, removed: float) -> int:
        draw = rng.random()
        return DELETED if draw < deleted else REMOVED if draw < deleted + removed else VISIBLE

    # Facts the measurements check pages against.

    @property
    def comment_count(self) -> int:
        return len(self.comment_story) - 1

    def created(self, age: float) -> datetime:
        return self.anchor - timedelta(seconds=age)

    def profile_rows(self) -> tuple[int, int]:
        """How many stories and comments AUTHOR's profile lists (its newest visible 30 each)."""
        stories = sum(
            1
            for story_id in range(1, self.sizes.stories + 1)
            if self.story_author[story_id] == AUTHOR_ID and self.story_state[story_id] == VISIBLE
        )
        comments = sum(
            1
            for comment_id in range(1, len(self.comment_story))
            if self.comment_author[comment_id] == AUTHOR_ID
            and self.comment_state[comment_id] == VISIBLE
        )
        return min(30, stories), min(30, comments)

    def facts(self) -> dict:
        """What the measured pages must show, for bench/pages.py's checks."""
        profile_stories, profile_comments = self.profile_rows()
        return {
            "big_story": BIG_STORY_ID,
            "big_thread": self.big_thread,
            "typical_story": TYPICAL_STORY_ID,
            "typical_thread": self.typical_thread,
            "profile": AUTHOR,
            "profile_stories": profile_stories,
            "profile_comments": profile_comments,
            "member": MEMBER,
            "password": PASSWORD,
        }

    def describe(self) -> dict:
        """The plan in numbers, for the report."""
        return {
            "users": self.users,
            "stories": self.sizes.stories,
            "comments": self.comment_count,
            "story_votes": sum(self.story_votes) + len(self.member_stories),
            "comment_votes": sum(self.comment_votes) + len(self.member_comments),
            "member_votes": len(self.member_stories) + len(self.member_comments),
            "hidden_stories": sum(1 for state in self.story_state if state != VISIBLE),
            "span_days": round(self.story_age[1] / 86400, 1),
            "big_story": {"id": BIG_STORY_ID, "comments": self.big_thread},
            "typical_story": {"id": TYPICAL_STORY_ID, "comments": self.typical_thread},
            "largest_thread": max(self.thread_size),
            "profile": AUTHOR,
            "member": MEMBER,
        }

    # The rows, in insertion order (parents before their children).

    def user_rows(self) -> Iterator[dict]:
        rng = random.Random(self.seed + 1)
        for user_id in range(1, self.users + 1):
            username = {MEMBER_ID: MEMBER, AUTHOR_ID: AUTHOR}.get(user_id, f"user{user_id}")
            joined_days = SPAN.days + 30 + rng.random() * 365  # before anything they wrote
            yield {
                "id": user_id,
                "username": username,
                "about": sentence(rng, 6, 20) if user_id % 4 == 0 else "",
                "karma": self.karma[user_id],
                "date_joined": self.anchor - timedelta(days=joined_days),
            }

    def story_rows(self) -> Iterator[dict]:
        rng = random.Random(self.seed + 2)
        for story_id in range(1, self.sizes.stories + 1):
            title = sentence(rng, 4, 9).rstrip(".")
            link = rng.random() < LINK_SHARE
            slug = "-".join(title.lower().split()[:4])
            state = self.story_state[story_id]
            yield {
                "id": story_id,
                "author_id": self.story_author[story_id],
                "title": title,
                "url": f"https://{rng.choice(DOMAINS)}/{slug}-{story_id}" if link else "",
                "text": "" if link else paragraphs(rng, self.sentences),
                "created": self.created(self.story_age[story_id]),
                "points": self.story_points[story_id],
                "comment_count": self.visible_comments[story_id],
                "deleted": state == DELETED,
                "removed": state == REMOVED,
            }

    def comment_rows(self) -> Iterator[dict]:
        rng = random.Random(self.seed + 3)
        for comment_id in range(1, len(self.comment_story)):
            state = self.comment_state[comment_id]
            yield {
                "id": comment_id,
                "story_id": self.comment_story[comment_id],
                "parent_id": self.comment_parent[comment_id] or None,
                "author_id": self.comment_author[comment_id],
                "text": paragraphs(rng, self.sentences, most=2),
                "created": self.created(self.comment_age[comment_id]),
                "points": self.comment_points[comment_id],
                "depth": self.comment_depth[comment_id],
                "deleted": state == DELETED,
                "removed": state == REMOVED,
            }

    def story_vote_rows(self) -> Iterator[dict]:
        rng = random.Random(self.seed + 4)
        for story_id in range(1, self.sizes.stories + 1):
            author, count = self.story_author[story_id], self.story_votes[story_id]
            member = story_id in self.member_stories
            for user_id in self._voters(rng, author, count, member):
                age = self._vote_age(rng, self.story_age[story_id])
                yield {"user_id": user_id, "story_id": story_id, "created": self.created(age)}

    def comment_vote_rows(self) -> Iterator[dict]:
        rng = random.Random(self.seed + 5)
        for comment_id in range(1, len(self.comment_story)):
            author, count = self.comment_author[comment_id], self.comment_votes[comment_id]
            member = comment_id in self.member_comments
            for user_id in self._voters(rng, author, count, member):
                age = self._vote_age(rng, self.comment_age[comment_id])
                yield {"user_id": user_id, "comment_id": comment_id, "created": self.created(age)}

    def _voters(self, rng: random.Random, author: int, count: int, member: bool) -> list[int]:
        """MEMBER if planned, then `count` distinct others, never the item's author."""
        # range(2, users) holds users - 2 ids; shifting those from the author's up by one
        # gives every id from 2 to `users` but the author's.
        drawn = rng.sample(range(AUTHOR_ID, self.users), count)
        return [MEMBER_ID] * member + [user + (user >= author) for user in drawn]

    @staticmethod
    def _vote_age(rng: random.Random, item_age: float) -> float:
        """Some time after the item was posted, and not in the future."""
        return item_age - rng.random() * min(VOTE_WINDOW.total_seconds(), item_age - 1)


def sentence(rng: random.Random, fewest: int, most: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(fewest, most))
    return " ".join(words).capitalize() + "."


def paragraphs(rng: random.Random, sentences: list[str], most: int = 3) -> str:
    """One to `most` paragraphs of two to four sentences drawn from `sentences`."""
    return "\n\n".join(
        " ".join(rng.choices(sentences, k=rng.randint(2, 4))) for _ in range(rng.randint(1, most))
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The plan's options, shared by the loaders and the measurement scripts."""
    parser.add_argument("--stories", type=int, required=True)
    parser.add_argument("--comments", type=int, required=True)
    parser.add_argument("--votes", type=int, required=True)
    parser.add_argument("--anchor", required=True, help="ISO 8601 UTC: 'now' for the data")


def plan_from_arguments(args: argparse.Namespace) -> Plan:
    anchor = datetime.fromisoformat(args.anchor).astimezone(UTC)
    return Plan(Sizes(args.stories, args.comments, args.votes), anchor)


def plan_arguments(sizes: Sizes, anchor: datetime) -> list[str]:
    """The command-line form of add_arguments' options, for a subprocess."""
    return [
        f"--stories={sizes.stories}",
        f"--comments={sizes.comments}",
        f"--votes={sizes.votes}",
        f"--anchor={anchor.isoformat()}",
    ]
