"""Stories, part 2: the lists: what a row shows, the orders, the periods, the pages, the
links out (SPEC STO-3, STO-4, STO-5, STO-8; the profile's stories, ACC-4)."""

import datetime as dt
import re
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from checks import NO_STORIES, assert_error_page, post_story, skip_unless_listed

LISTS = {"front page": "/", "new": "/new", "top": "/top", "top of all time": "/top?period=all"}
PERIODS = ["day", "week", "month", "year", "all"]
EXTERNAL_REL = {"nofollow", "ugc", "noopener"}


def query(href: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(href)
    return parts.path, parse_qs(parts.query, keep_blank_values=True)


# STO-3 What a row shows -----------------------------------------------------------------


@pytest.mark.rule("STO-3")
@pytest.mark.parametrize("path", [*LISTS.values(), "/u/{author}"], ids=[*LISTS, "profile"])
def test_rows_show_title_domain_points_author_age_and_comments(driver, member, bob, unique, path):
    skip_unless_listed(driver, path)
    url = f"https://www.example.com/{unique('listed')}"
    story_id = post_story(member.browser, "Listed story", url)
    page = bob.browser.get(path.format(author=member.username))
    assert page.status == 200
    assert page.select_one("main.content ol.stories").get("start", "1") == "1"
    story = page.story(story_id)
    assert story is not None and story.element.name == "li", page.text[:1000]
    assert story.element.select_one("h2.title .story-link") is not None
    assert (story.title, story.href, story.domain) == ("Listed story", url, "(example.com)")
    assert (story.score, story.comments) == ("1 point", "0 comments")
    assert (story.author, story.author_href) == (member.username, f"/u/{member.username}")
    assert story.comments_href == f"/s/{story_id}"
    assert story.created.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - story.created) < dt.timedelta(minutes=1)
    assert story.age  # the words: test_age_says_how_long_ago_in_words
    assert story.button == "vote"


@pytest.mark.rule("STO-3")
def test_a_text_post_row_links_to_its_page_and_has_no_domain(member, browser):
    story_id = post_story(member.browser, "Tell us", text="Words.")
    story = browser.get("/new").story(story_id)
    assert (story.href, story.domain) == (f"/s/{story_id}", None)


@pytest.mark.rule("STO-3", "VOT-1")
def test_points_are_counted_in_the_plural_from_two(member, bob, browser, link):
    story_id = post_story(member.browser, "Popular", link("popular"))
    bob.browser.press(story_id, "vote", on="/new")
    assert browser.get("/new").story(story_id).score == "2 points"


@pytest.mark.rule("STO-3", "VOT-6")
def test_votebox_offers_members_a_vote_visitors_a_login_and_authors_nothing(
    member, bob, browser, link
):
    story_id = post_story(member.browser, "Vote here", link("vote-here"))
    form = bob.browser.get("/new").story(story_id).element.select_one(".votebox form.vote")
    assert (form["method"].lower(), form["action"]) == ("post", f"/s/{story_id}/vote")
    login = browser.get("/new").story(story_id).element.select_one(".votebox a.vote-login")
    assert query(login["href"]) == ("/login", {"next": [f"/s/{story_id}"]})
    own = member.browser.get("/new").story(story_id)
    assert own.button is None
    assert own.element.select(".votebox form, .votebox a") == []


AGES = {
    "10 seconds": dt.timedelta(seconds=10),
    "90 seconds": dt.timedelta(seconds=90),
    "5 minutes": dt.timedelta(minutes=5),
    "1 hour": dt.timedelta(hours=1),
    "3 hours 30": dt.timedelta(hours=3, minutes=30),
    "1 day": dt.timedelta(days=1),
    "1 day 3 hours": dt.timedelta(days=1, hours=3),
    "3 days": dt.timedelta(days=3),
}


@pytest.mark.rule("STO-3")
@pytest.mark.parametrize("case", AGES)
def test_age_says_how_long_ago_in_words(member, clock, known, case):
    # Read as a member: a visitor may be shown a copy up to 30 seconds old (CAC-1), a member
    # never (CAC-3), and "10 seconds" is within that bound.
    story_id = post_story(member.browser, "Aging", text="Tick tock.")
    posted = member.browser.get("/new").story(story_id).created
    clock.shift(AGES[case])
    story = member.browser.get("/new").story(story_id)
    assert re.fullmatch(known.age_words[case], story.age), (story.age, known.age_words[case])
    assert story.created == posted


# STO-4 The front page by hotness --------------------------------------------------------


@pytest.mark.rule("STO-4")
def test_front_page_puts_the_newer_of_equal_stories_first(empty_site, member, browser, clock):
    older = post_story(member.browser, "Older", text="1")
    clock.shift(hours=1)
    newer = post_story(member.browser, "Newer", text="2")
    assert browser.get("/").story_ids() == [newer, older]


@pytest.mark.rule("STO-4", "VOT-1")
def test_front_page_ranks_points_against_age(empty_site, member, make_member, browser, clock):
    voters = [make_member(name) for name in ("bob", "carol", "dave")]
    popular = post_story(member.browser, "Popular", text="A")
    clock.shift(hours=1)
    slightly_newer = post_story(member.browser, "Slightly newer", text="B")
    clock.shift(hours=9)
    much_newer = post_story(member.browser, "Much newer", text="C")
    assert browser.get("/").story_ids() == [much_newer, slightly_newer, popular]
    # 4 points make up log10(4) * 45,000 s ≈ 7.5 hours of age: above one hour, below ten.
    for voter in voters:
        voter.browser.press(popular, "vote", on="/")
    assert browser.get("/").story_ids() == [much_newer, popular, slightly_newer]
    for voter in voters:
        voter.browser.press(popular, "unvote", on="/")
    assert browser.get("/").story_ids() == [much_newer, slightly_newer, popular]


# STO-5 /new, /top and the pages ---------------------------------------------------------


@pytest.mark.rule("STO-5")
def test_new_lists_newest_first_whatever_the_points(empty_site, member, bob, browser, clock):
    first = post_story(member.browser, "First", text="1")
    clock.shift(minutes=1)
    second = post_story(member.browser, "Second", text="2")
    clock.shift(minutes=1)
    third = post_story(member.browser, "Third", text="3")
    bob.browser.press(first, "vote")
    assert browser.get("/new").story_ids() == [third, second, first]


@pytest.mark.rule("STO-5")
def test_top_orders_by_points_ties_to_the_newer(empty_site, member, bob, browser, clock):
    voted = post_story(member.browser, "Voted", text="1")
    clock.shift(minutes=1)
    older = post_story(member.browser, "Older", text="2")
    clock.shift(minutes=1)
    newer = post_story(member.browser, "Newer", text="3")
    bob.browser.press(voted, "vote")
    assert browser.get("/top").story_ids() == [voted, newer, older]


TOP_PERIODS = {
    "1 hour": (dt.timedelta(hours=1), PERIODS),
    "23 hours": (dt.timedelta(hours=23), PERIODS),
    "25 hours": (dt.timedelta(hours=25), PERIODS[1:]),
    "2 days": (dt.timedelta(days=2), PERIODS[1:]),
    "8 days": (dt.timedelta(days=8), PERIODS[2:]),
    "31 days": (dt.timedelta(days=31), PERIODS[3:]),
    "366 days": (dt.timedelta(days=366), PERIODS[4:]),
}


@pytest.mark.rule("STO-5")
@pytest.mark.parametrize("case", TOP_PERIODS.values(), ids=TOP_PERIODS.keys())
def test_top_holds_a_story_in_the_periods_it_is_young_enough_for(member, browser, clock, case):
    age, periods = case
    story_id = post_story(member.browser, "Aging well", text="Words.")
    clock.shift(age)
    shown = [p for p in PERIODS if story_id in browser.get(f"/top?period={p}").story_ids()]
    assert shown == periods
    assert (story_id in browser.get("/top").story_ids()) == ("week" in periods), "default: week"


@pytest.mark.rule("STO-5")
@pytest.mark.parametrize("path, current", [("/top", "week"), ("/top?period=year", "year")])
def test_top_links_the_periods_and_marks_the_current_one(browser, path, current):
    page = browser.get(path)
    assert (page.status, page.h1) == (200, "Top")
    links = page.select("main.content nav.periods a")
    assert [query(a["href"]) for a in links] == [("/top", {"period": [p]}) for p in PERIODS]
    assert [a.get_text(strip=True) for a in links] == PERIODS
    assert [a.get_text(strip=True) for a in links if a.get("aria-current") == "page"] == [current]


@pytest.mark.rule("STO-5")
@pytest.mark.parametrize("period", ["forever", "hour", "weeks"])
def test_top_answers_404_for_an_unknown_period(browser, period):
    assert_error_page(browser.get(f"/top?period={period}"), 404, "Not found")


@pytest.mark.rule("STO-5")
@pytest.mark.parametrize("path, title", [("/", "Front page"), ("/new", "New"), ("/top", "Top")])
def test_lists_carry_their_titles(browser, path, title):
    page = browser.get(path)
    assert (page.h1, page.title) == (title, f"{title} · News")


@pytest.mark.rule("STO-5", "STO-3")
@pytest.mark.parametrize("path", ["/", "/new", "/top?period=day"])
def test_lists_show_30_stories_a_page_and_link_the_next(empty_site, member, browser, clock, path):
    ids = []
    for n in range(31):
        ids.append(post_story(member.browser, f"Story number {n}", text=f"{n}"))
        clock.shift(seconds=30)
    first = browser.get(path)
    assert len(first.story_ids()) == 30
    assert first.select_one("main.content ol.stories")["start"] == "1"
    assert first.select_one("nav.pagination a[rel=prev]") is None
    next_href = first.select_one("nav.pagination a[rel=next]")["href"]
    base, params = query(path)
    assert query(next_href) == (base, {**params, "page": ["2"]})
    second = browser.get(next_href)
    assert second.story_ids() == [ids[0]], "every order puts the oldest last"
    assert second.select_one("main.content ol.stories")["start"] == "31"
    assert second.select_one("nav.pagination a[rel=next]") is None
    prev_path, prev_params = query(second.select_one("nav.pagination a[rel=prev]")["href"])
    assert prev_path == base
    assert prev_params in ({**params, "page": ["1"]}, params)
    past_the_end = urlencode({**{k: v[0] for k, v in params.items()}, "page": "3"})
    assert_error_page(browser.get(f"{base}?{past_the_end}"), 404, "Not found")


@pytest.mark.rule("STO-5")
@pytest.mark.parametrize("path", ["/", "/new", "/top"])
def test_exactly_30_stories_make_one_page(empty_site, member, browser, clock, path):
    """The boundary of a page: no link to a next page that would be empty."""
    for n in range(30):
        post_story(member.browser, f"Story number {n}", text=f"{n}")
        clock.shift(seconds=30)
    page = browser.get(path)
    assert len(page.story_ids()) == 30
    assert page.select("nav.pagination a") == []
    assert_error_page(browser.get(f"{path}?page=2"), 404, "Not found")


@pytest.mark.rule("STO-5")
@pytest.mark.parametrize("path", ["/", "/new", "/top"])
@pytest.mark.parametrize(
    "page",
    ["0", "-1", "abc", "last", "1.5", "", "99999999999", "+2", " 2", "\u0662"],
    ids=["0", "-1", "abc", "last", "1.5", "empty", "11 digits", "+2", "space 2", "arabic 2"],
)
def test_a_page_not_a_positive_number_or_far_past_the_end_answers_404(member, browser, path, page):
    post_story(member.browser, "A story", text="Words.")
    assert_error_page(browser.get(f"{path}?page={quote(page, safe='')}"), 404, "Not found")


@pytest.mark.rule("STO-5", "SEC-7")
@pytest.mark.parametrize("path", ["/", "/new", "/top"])
def test_a_page_number_past_pythons_digit_limit_answers_404(driver, member, browser, path):
    """int() refuses a string of more than 4,300 digits with a ValueError: still a page
    that is no page, a 404."""
    post_story(member.browser, "A story", text="Words.")
    response = browser.get(f"{path}?page={'9' * 5000}")
    if response.status == 414 and not driver.resets_database:
        pytest.skip("the live server refused the long request line before the app saw it")
    assert_error_page(response, 404, "Not found")


@pytest.mark.rule("STO-5")
@pytest.mark.parametrize("path", ["/", "/new", "/top"])
def test_a_page_past_the_end_answers_404(empty_site, member, browser, path):
    post_story(member.browser, "The only story", text="Alone.")
    assert_error_page(browser.get(f"{path}?page=2"), 404, "Not found")


@pytest.mark.rule("STO-5")
@pytest.mark.parametrize("path", ["/", "/new", "/top", "/?page=1", "/top?period=day&page=1"])
def test_the_first_page_of_an_empty_list_says_so(empty_site, browser, path):
    page = browser.get(path)
    assert page.status == 200
    assert page.text_of("main.content p.empty") == NO_STORIES
    assert page.select("main.content li.story, nav.pagination a") == []


# The profile's stories ------------------------------------------------------------------


@pytest.mark.rule("ACC-4", "STO-3")
def test_profile_lists_the_members_newest_stories(member, bob, browser, clock):
    older = post_story(member.browser, "Alice's older", text="1")
    clock.shift(minutes=1)
    newer = post_story(member.browser, "Alice's newer", text="2")
    post_story(bob.browser, "Bob's", text="3")
    section = browser.get(f"/u/{member.username}").select_one("section.recent-stories")
    assert section is not None
    assert section.select_one("h2").get_text(strip=True) == "Stories"
    rows = [li["id"] for li in section.select("ol.stories > li.story")]
    assert rows == [f"story-{newer}", f"story-{older}"]


@pytest.mark.rule("ACC-4", "STO-3")
def test_profile_lists_at_most_30_stories(member, browser, clock):
    ids = []
    for n in range(31):
        ids.append(post_story(member.browser, f"Story number {n}", text=f"{n}"))
        clock.shift(seconds=30)
    page = browser.get(f"/u/{member.username}")
    assert page.story_ids("section.recent-stories ol.stories") == ids[:0:-1]


@pytest.mark.rule("ACC-4", "STO-3")
def test_profile_without_stories_says_so(member, browser):
    section = browser.get(f"/u/{member.username}").select_one("section.recent-stories")
    assert section is not None
    assert section.select_one("p.empty").get_text(strip=True) == NO_STORIES
    assert section.select("li.story") == []


# STO-8 External links -------------------------------------------------------------------


@pytest.mark.rule("STO-8")
@pytest.mark.parametrize("path", ["/", "/new", "/top", "/s/{id}", "/u/{author}"])
def test_external_links_carry_rel_nofollow_ugc_noopener(driver, member, browser, link, path):
    skip_unless_listed(driver, path)
    story_id = post_story(member.browser, "Elsewhere", link("elsewhere"))
    page = browser.get(path.format(id=story_id, author=member.username))
    assert page.story(story_id).rel == EXTERNAL_REL
