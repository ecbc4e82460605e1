"""Every page of the route table, for each role, in a real browser (SPEC WEB-1..WEB-3):
axe-core finds no WCAG 2.2 AA violation, the Nu HTML Checker no error, and a 390-pixel-wide
viewport needs no horizontal scrolling.

One site is built once for the module (stories past one page, a thread, a moderator's
action), one Chromium visits every page as each role, and one java run checks all the HTML
saved under build/browser/<app>/html/. `make test-browser` runs this (marker `journey`).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field

import pytest
from browser_tools import (
    ADMIN_PATH,
    SCREENSHOTS,
    SITE_TAGS,
    WCAG_TAGS,
    axe,
    log_in,
    nu_errors,
)
from checks import PASSWORD, post_comment, post_reply, post_story

pytestmark = [pytest.mark.browser, pytest.mark.journey]

NARROW = 390  # pixels: a small phone held upright (WEB-3)


@dataclass
class Visit:
    role: str
    path: str
    status: int
    violations: list[dict]
    narrow_overflow: int  # scrollWidth - clientWidth at 390 px; 0 or less is fine
    html_file: str | None = None


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)
    nu: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)  # path → status, else 200

    def site(self):
        return [v for v in self.visits if not ADMIN_PATH.match(v.path)]

    def admin(self):
        return [v for v in self.visits if ADMIN_PATH.match(v.path)]


def build_site(driver) -> dict[str, object]:
    """alice's 31 stories (two pages), bob's text post with a thread, a removed comment
    (the moderation log's one entry); returns what the route table's paths need."""
    for name, role in (("alice", "member"), ("bob", "member"), ("mia", "moderator")):
        driver.create_user(name, PASSWORD, about=f"I am {name}.", role=role)
    driver.create_user("ada", PASSWORD, role="admin")
    alice, bob, mia = (driver.browser() for _ in range(3))
    for browser, name in ((alice, "alice"), (bob, "bob"), (mia, "mia")):
        browser.login(name, PASSWORD)
    for n in range(30):
        post_story(alice, f"Story number {n}", f"https://example.com/story-{n}")
    link = post_story(alice, "A link with a long title " * 4, "https://example.org/long/path")
    text = post_story(bob, "Ask News: a text post", text="What do you read?\n\nTell me.")
    comment = post_comment(alice, text, "A comment with a link: https://example.com/x")
    reply = post_reply(bob, text, comment, "A reply.")
    gone = post_comment(bob, text, "Spam, spam, spam.")
    response = mia.post_with_token(f"/c/{gone}/remove", {"reason": "Spam."})
    assert response.status in (302, 303), response
    return {"link": link, "text": text, "comment": comment, "reply": reply}


def error_pages(ids) -> dict[str, int]:
    """The error pages the route table opens on purpose; every other page answers 200."""
    return {"/s/999999": 404, "/logout": 405, "/?page=%00": 400, f"/s/{ids['text']}/edit": 403}


def route_table(ids, known) -> dict[str, list[str]]:
    """The pages each role opens: every GET route of SPEC's table, error pages included."""
    visitor = [
        "/",
        "/?page=2",
        "/new",
        "/top",
        "/top?period=all",
        f"/s/{ids['link']}",
        f"/s/{ids['text']}",
        f"/c/{ids['comment']}",
        "/u/alice",
        "/moderation",
        "/login",
        "/signup",
        "/s/999999",  # 404
        "/logout",  # GET: 405
        "/?page=%00",  # 400 (SEC-7)
    ]
    member = [
        "/",
        "/new",
        f"/s/{ids['text']}",
        f"/c/{ids['comment']}",
        f"/s/{ids['link']}/edit",
        f"/c/{ids['comment']}/edit",
        f"/s/{ids['text']}/edit",  # bob's: 403
        "/submit",
        "/settings",
        "/settings/password",
        "/u/alice",
    ]
    staff = [f"/s/{ids['text']}", f"/c/{ids['comment']}", "/moderation"]
    admin_pages = ["/admin/"]
    for model in (known.admin_stories, known.admin_users, known.admin_comments):
        admin_pages += [model["list"], f"{model['list']}?{known.admin_search_param}=a"]
    admin_pages.append(known.admin_users["list"] + known.admin_inactive_users_filter)
    admin_pages.append(known.admin_stories["edit"].format(id=ids["text"]))
    return {
        "visitor": visitor,
        "member": member,
        "moderator": staff + admin_pages[:3],
        "admin": staff + admin_pages,
    }


LOGINS = {"visitor": None, "member": "alice", "moderator": "mia", "admin": "ada"}


@pytest.fixture(scope="module")
def crawl(driver, chromium, known_module) -> Crawl:
    if not driver.resets_database:
        pytest.skip("builds its own site: needs the empty database of an in-process driver")
    driver.reset()
    ids = build_site(driver)
    html_dir = SCREENSHOTS / driver.name / "html"
    shutil.rmtree(html_dir, ignore_errors=True)
    html_dir.mkdir(parents=True)
    result = Crawl(errors=error_pages(ids))
    with driver.serve() as url:
        for role, paths in route_table(ids, known_module).items():
            # bypass_csp: axe-core is injected as an inline script, which SEC-3's CSP refuses.
            wide = chromium.new_context(base_url=url, bypass_csp=True)
            narrow = chromium.new_context(
                base_url=url, viewport={"width": NARROW, "height": 844}, is_mobile=True
            )
            try:
                if LOGINS[role]:
                    for context in (wide, narrow):
                        log_in(context.new_page(), LOGINS[role])
                tab, small = wide.new_page(), narrow.new_page()
                for path in paths:
                    answer = tab.goto(path)
                    tags = WCAG_TAGS if ADMIN_PATH.match(path) else SITE_TAGS
                    visit = Visit(role, path, answer.status, axe(tab, tags), 0)
                    small.goto(path)
                    visit.narrow_overflow = small.evaluate(
                        "document.documentElement.scrollWidth"
                        " - document.documentElement.clientWidth"
                    )
                    if not ADMIN_PATH.match(path):
                        name = f"{role}-{len(result.visits):02d}.html"
                        (html_dir / name).write_text(answer.text(), encoding="utf-8")
                        visit.html_file = name
                    result.visits.append(visit)
            finally:
                wide.close()
                narrow.close()
    result.nu = nu_errors(sorted(html_dir.glob("*.html")))
    report = {"visits": [asdict(v) for v in result.visits], "nu": result.nu}
    (html_dir.parent / "pages.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    driver.reset()
    return result


@pytest.fixture(scope="module")
def known_module(driver):
    import known_differences

    return known_differences.for_app(driver.name)


def listing(visits, found) -> str:
    return "\n".join(f"{v.role} {v.path} ({v.status}): {found(v)}" for v in visits if found(v))


@pytest.mark.rule("WEB-1", "WEB-2", "WEB-3")
def test_every_page_checked_answered_as_the_route_table_says(crawl):
    """The checks read the pages meant, not a login page or an error in their place."""
    wrong = [v for v in crawl.visits if v.status != crawl.errors.get(v.path, 200)]
    assert not wrong, listing(wrong, lambda v: f"expected {crawl.errors.get(v.path, 200)}")


@pytest.mark.rule("WEB-1")
def test_the_sites_pages_have_no_wcag_violations(crawl):
    assert len(crawl.site()) > 30
    assert not any(v.violations for v in crawl.site()), listing(
        crawl.site(), lambda v: v.violations
    )


@pytest.mark.rule("WEB-1")
def test_the_admins_pages_break_only_the_registered_wcag_rules(crawl, known_module):
    allowed = known_module.admin_axe_rules  # known_differences.py: admin_axe_rules

    def unexpected(visit):
        # A serious or critical violation is never allowed, registered or not (WEB-1).
        return [
            v
            for v in visit.violations
            if v["id"] not in allowed or v["impact"] in ("serious", "critical")
        ]

    assert crawl.admin()
    assert not any(map(unexpected, crawl.admin())), listing(crawl.admin(), unexpected)


@pytest.mark.rule("WEB-2")
def test_the_sites_pages_are_valid_html(crawl):
    checked = {v.html_file for v in crawl.site()}
    assert len(checked) == len(crawl.site())
    assert not crawl.nu, "\n".join(f"{name}: {errors}" for name, errors in crawl.nu.items())


@pytest.mark.rule("WEB-3")
def test_no_page_scrolls_sideways_at_390_pixels(crawl, known_module):
    allowed = known_module.admin_wider_than_a_phone  # known_differences.py

    def registered(visit):
        return ADMIN_PATH.match(visit.path) and any(part in visit.path for part in allowed)

    wide = [v for v in crawl.visits if v.narrow_overflow > 0 and not registered(v)]
    assert not wide, listing(wide, lambda v: f"{v.narrow_overflow} px too wide")
