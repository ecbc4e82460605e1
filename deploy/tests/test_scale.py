"""docker-compose.scale.yml under test: two replicas of each app behind the proxy, one
PostgreSQL. What one replica does, the other sees; losing a replica or restarting the
database under load loses nothing the site acknowledged.

The figures (requests, failures, slowest request, recovery time) go to $NEWS_FIGURES;
README's "Scaling out" quotes them.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from checks import PASSWORD, points, post_comment, post_story
from load import Load, last_upstream
from stacks import Stack, sign_up

APPS = ("django", "flask")
VOTERS = 20
LOAD_MEMBERS = 4  # threads of steady load per app
TIMEOUT = 10  # seconds a request may take under load before it counts as hung


@pytest.fixture(params=APPS)
def app(request) -> str:
    return request.param


def replicas(scale: Stack, app: str) -> list[str]:
    """The app's replica services, as published for the tests: django-1, django-2."""
    return sorted(name for name in scale.urls if name.startswith(f"{app}-"))


def members_with_stories(scale: Stack, site: str, count: int) -> list:
    """`count` members signed up through `site`, each with a story of their own."""

    def one(number: int):
        browser = scale.browser(site, timeout=TIMEOUT)
        sign_up(browser, "load")
        return browser, post_story(browser, f"Load story {number}", text="Comments pile up here.")

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def assert_all_kept(scale: Stack, site: str, load: Load) -> dict:
    """Every comment the site acknowledged is on its story's page; the counts."""
    reader = scale.browser(site)
    shown = set()
    for _, story_id in load.members:
        page = reader.get(f"/s/{story_id}")
        assert page.status == 200, page
        shown |= {element.get_text(strip=True) for element in page.select(".comment-text")}
    acknowledged = load.acknowledged()
    lost = [marker for marker in acknowledged if marker not in shown]
    assert not lost, f"{len(lost)} acknowledged comments are missing: {lost[:5]}"
    # A failed POST may still have been saved (the answer was lost, not the write): count
    # them, since a client that retries would post twice.
    unanswered = [o.marker for o in load.failures() if o.kind == "write"]
    return {
        "comments kept": len(acknowledged),
        "failed writes saved all the same": sum(marker in shown for marker in unanswered),
    }


def test_a_session_works_whichever_replica_answers(scale, app):
    first, second = replicas(scale, app)
    on_first = scale.browser(first)
    username = sign_up(on_first)
    # The session cookie from one replica, on the other: the session lives in the shared
    # database (Django) or in a cookie signed with the shared SECRET_KEY (Flask).
    on_second = scale.browser(second)
    on_second.cookies = dict(on_first.cookies)
    assert on_second.current_user() == username
    # A form read from one replica and sent to the other: the CSRF token holds too.
    post_story(on_second, "Posted on the second replica", text="Logged in on the first.")

    # Through the proxy, which picks either replica for each request: log in again and
    # again (the login page and the POST often from different replicas), then browse,
    # until both replicas have answered a few times.
    proxied = scale.browser(app)
    answered: dict[str, int] = {}
    for _ in range(20):
        proxied.cookies.clear()
        response = proxied.login(username, PASSWORD)
        assert response.location == "/", response
        for _ in range(3):
            page = proxied.get("/")
            assert page.current_user == username
            upstream = last_upstream(page.headers.get("X-Upstream", ""))
            answered[upstream] = answered.get(upstream, 0) + 1
        if len(answered) == 2 and min(answered.values()) >= 3:
            break
    assert len(answered) == 2, f"the proxy used {answered}, not both replicas"


def test_what_one_replica_saves_the_other_shows_at_once(scale, app):
    first, second = replicas(scale, app)
    author = scale.browser(first)
    sign_up(author, "author")
    voter = scale.browser(second)
    sign_up(voter, "voter")

    story_id = post_story(author, "Saved on one replica", text="Read on the other.")
    page = voter.get(f"/s/{story_id}")
    assert page.status == 200 and page.story(story_id) is not None, page

    before = points(author, story_id)
    response = voter.press(story_id, "vote")
    assert response.status in (302, 303), response
    assert points(author, story_id) == before + 1

    comment_id = post_comment(author, story_id, "Written through the first replica.")
    assert voter.get(f"/s/{story_id}").comment(comment_id) is not None


def test_twenty_concurrent_voters_through_the_proxy_give_exact_counts(scale, app, figures):
    author = scale.browser(app)
    sign_up(author, "author")
    story_id = post_story(author, "Twenty voters at once", text="Count them.")
    before = points(author, story_id)

    voters = [scale.browser(app) for _ in range(VOTERS)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(sign_up, voters))

    def all_at_once(button: str) -> list:
        forms = [
            voter.get(f"/s/{story_id}").fill(form=f"#story-{story_id} form.{button}")
            for voter in voters
        ]
        barrier = threading.Barrier(VOTERS)

        def press(number: int):
            barrier.wait()  # every POST leaves at the same moment
            return voters[number].send_form(forms[number])

        with ThreadPoolExecutor(VOTERS) as pool:
            return list(pool.map(press, range(VOTERS)))

    started = time.monotonic()
    votes = all_at_once("vote")
    vote_seconds = time.monotonic() - started
    assert [r.status for r in votes] == [302] * VOTERS, votes
    assert points(author, story_id) == before + VOTERS
    unvotes = all_at_once("unvote")
    assert [r.status for r in unvotes] == [302] * VOTERS, unvotes
    assert points(author, story_id) == before

    names = scale.replica_names(*replicas(scale, app))
    by_replica = {}
    for response in votes + unvotes:
        upstream = names.get(last_upstream(response.headers.get("X-Upstream", "")), "none")
        by_replica[upstream] = by_replica.get(upstream, 0) + 1
    assert len(by_replica) == 2, f"all {VOTERS * 2} POSTs went to {by_replica}"
    figures(
        f"{app}: {VOTERS} concurrent voters",
        {
            "points before": before,
            "after the votes": before + VOTERS,
            "after the unvotes": before,
            "POSTs by replica": by_replica,
            "seconds for the 20 votes": round(vote_seconds, 2),
        },
    )


def test_stopping_a_replica_under_steady_load_loses_nothing(scale, app, figures):
    first, second = replicas(scale, app)
    names = scale.replica_names(first, second)
    members = members_with_stories(scale, app, LOAD_MEMBERS)
    try:
        with Load(members, seconds=60) as load:
            time.sleep(4)
            stop_started = time.monotonic()
            # docker stop: SIGTERM, and gunicorn finishes the requests it holds.
            scale.run("stop", first)
            stop_ended = time.monotonic()
            time.sleep(5)
        after_stop = [o for o in load.outcomes if o.started > stop_ended]
    finally:
        scale.run("start", first)
    restart_seconds = scale.wait_healthy(first)

    failures = load.failures()
    seen = [
        (o.kind, o.status, round(o.started - stop_started, 2), round(o.seconds, 2), o.error)
        for o in failures
    ]
    # Only a request the stopping replica held (in flight while it stopped) may fail.
    in_flight = [o for o in failures if o.started <= stop_ended and o.ended >= stop_started]
    assert failures == in_flight, f"failures outside the stop (kind, status, at, took): {seen}"
    assert len(failures) <= LOAD_MEMBERS, f"(kind, status, at, took): {seen}"
    assert after_stop and all(o.ok for o in after_stop)
    assert {names.get(o.upstream) for o in after_stop} == {second}
    kept = assert_all_kept(scale, app, load)
    assert max(o.seconds for o in load.outcomes) < TIMEOUT
    figures(
        f"{app}: one replica stopped under load",
        {
            **load.summary(names),
            **kept,
            "docker stop seconds": round(stop_ended - stop_started, 2),
            "replica healthy again after start, seconds": round(restart_seconds, 2),
        },
    )


def test_restarting_postgresql_under_load_recovers_by_itself(scale, figures):
    names = scale.replica_names(*replicas(scale, "django"), *replicas(scale, "flask"))
    loads = {app: Load(members_with_stories(scale, app, LOAD_MEMBERS // 2)) for app in APPS}
    for load in loads.values():
        load.__enter__()
    try:
        time.sleep(4)
        restart_started = time.monotonic()
        # docker restart: SIGINT (PostgreSQL's fast shutdown), then start again.
        scale.run("restart", "db")
        restart_ended = time.monotonic()
        deadline = restart_ended + 30
        while time.monotonic() < deadline and not all(
            load.last_success() > restart_ended for load in loads.values()
        ):
            time.sleep(0.2)
        time.sleep(4)  # and steady again afterwards
    finally:
        for load in loads.values():
            load.__exit__(None, None, None)
    database_healthy = scale.wait_healthy("db")

    for app, load in loads.items():
        failures = load.failures()
        first_success_after = min(
            (o.ended for o in load.outcomes if o.ok and o.started >= restart_ended),
            default=None,
        )
        assert first_success_after is not None, f"{app} never answered again"
        recovered = first_success_after - restart_ended
        # Errors while the database is away, none after the first success again.
        late = [o for o in failures if o.started > first_success_after]
        assert not late, f"{app} failed after it had recovered: {late}"
        assert recovered < 15, f"{app} took {recovered:.1f}s after the restart to answer"
        # Nothing hung: each request got an answer (an error page at worst) in time.
        assert max(o.seconds for o in load.outcomes) < TIMEOUT
        kept = assert_all_kept(scale, app, load)
        first_failure = min((o.started for o in failures), default=None)
        figures(
            f"{app}: PostgreSQL restarted under load",
            {
                **load.summary(names),
                **kept,
                "docker restart db seconds": round(restart_ended - restart_started, 2),
                "answering again after the restart, seconds": round(recovered, 2),
                "errors seen for, seconds": (
                    round(first_success_after - first_failure, 2) if failures else 0
                ),
            },
        )
    assert database_healthy < 30
