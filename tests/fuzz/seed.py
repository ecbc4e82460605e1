"""The site the fuzzer works on, made the same way (the same ids) on every fresh database:
through the site's own forms, as users would, and the Driver's back door for users with a
role."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from checks import PASSWORD, post_comment, post_reply, post_story
from drivers.base import Browser, Driver, Response

ROLES = ("visitor", "member", "moderator", "admin")
STAFF = ("moderator", "admin")


@dataclass(frozen=True)
class Seed:
    """What seed_site made: the same ids every time, on a freshly reset database."""

    users: tuple[tuple[str, str], ...]  # (role or part, username)
    stories: tuple[int, ...]  # every story, oldest first
    comments: tuple[int, ...]
    samples: tuple[tuple[str, int], ...]  # ("story"/"comment", id): one of each kind of item
    user_ids: tuple[int, ...]  # as the admin's user list shows them

    def user(self, part: str) -> str:
        return dict(self.users)[part]


def seed_site(driver: Driver, known) -> tuple[Seed, dict[str, Browser]]:
    """Members, a moderator, an admin; link and text stories (two pages of them), a nested
    thread, votes, a deleted and a removed story and comment, a restored story, a banned
    member: so the moderation log has entries. Through the site's forms, as users would."""
    parts = {
        "member": "alice",
        "author": "bob",
        "banned": "carl",
        "moderator": "mia",
        "admin": "ada",
    }
    browsers = {}
    for part, name in parts.items():
        role = part if part in STAFF else "member"
        about = f"I am {name}.\n\nhttps://example.com/{name}"
        driver.create_user(name, PASSWORD, about=about, role=role)
        browsers[name] = driver.browser()
        assert browsers[name].login(name, PASSWORD).location == "/", f"{name} cannot log in"
    alice, bob, carl, mia, ada = (browsers[n] for n in ("alice", "bob", "carl", "mia", "ada"))

    # 33 stories (two pages of / and /new): links by alice, texts by bob, one of both.
    links = [post_story(alice, f"Fuzz link {i}", f"https://example.com/{i}") for i in range(20)]
    texts = [post_story(bob, f"Fuzz text {i}", text=f"Text {i}.\n\nMore.") for i in range(12)]
    both = post_story(carl, "Link and text", "https://www.example.org/a/?utm_source=x&id=3", "!")
    top, gone, removed, restored = links[0], links[-1], links[-2], links[-3]
    first = post_comment(bob, top, "First comment.")
    reply = post_reply(alice, top, first, "A reply.")
    deep = post_reply(bob, top, reply, "A reply to the reply.")
    by_mia = post_comment(mia, top, "A moderator's comment.")
    by_carl = post_comment(carl, top, "Carl's comment, removed later.")
    deleted = post_comment(alice, texts[0], "Deleted later.")
    under = post_reply(bob, texts[0], deleted, "A reply under a deleted comment.")
    for response in (
        bob.press(top, "vote"),
        carl.press(texts[0], "vote"),
        alice.press_comment(first, "vote"),
        alice.press(gone, "delete"),
        alice.press_comment(deleted, "delete"),
        mia.submit(f"/s/{removed}", {"reason": "spam"}, form=f"#story-{removed} form.remove"),
        mia.submit(f"/s/{restored}", {"reason": "oops"}, form=f"#story-{restored} form.remove"),
        mia.submit(f"/s/{restored}", {"reason": "fine"}, form=f"#story-{restored} form.restore"),
        mia.submit(f"/c/{by_carl}", {"reason": "rude"}, form=f"#comment-{by_carl} form.remove"),
        ban(ada, known, "carl"),
    ):
        assert response.status in (302, 303), f"seeding failed: {response}"
    user_list = ada.get(known.admin_users["list"])
    user_ids = sorted(int(box["value"]) for box in user_list.controls(known.admin_users["ids"]))
    seed = Seed(
        users=tuple(parts.items()),
        stories=(*links, *texts, both),
        comments=(first, reply, deep, by_mia, by_carl, deleted, under),
        samples=(
            *(("story", i) for i in (top, texts[0], both, gone, removed, restored)),
            *(("comment", i) for i in (first, deep, by_carl, deleted, under)),
        ),
        user_ids=tuple(user_ids),
    )
    return seed, browsers


def ban(admin: Browser, known, username: str) -> Response:
    """The admin's bulk "ban" on one user, as its list page posts it (known_differences)."""
    users = known.admin_users
    page = admin.get(f"{users['list']}?{urlencode({known.admin_search_param: username})}")
    ids = [box["value"] for box in page.controls(users["ids"])]
    assert len(ids) == 1, f"the admin's search for {username!r} found {ids}"
    data = {"action": users["ban"], users["ids"]: ids, **users["extra"]}
    return admin.send_form(page.fill(data, form=users["form"]))
