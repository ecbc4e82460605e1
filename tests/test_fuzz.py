"""SEC-4 under fire: bad input of any kind gets a clear message or a 4xx, never a 500.

A seeded site (tests/fuzz/seed.py) is crawled as a visitor, a member, a moderator and an
admin (tests/fuzz/crawl.py); then Hypothesis sends requests built from what the crawl found
(tests/fuzz/areas.py), one area per test, mostly as the role that saw the page or form. Any
5xx, or an exception escaping the app, fails the test, which prints the request (method,
path with its query, headers, body, role) as Hypothesis' falsifying example and in full
below it, with the exception the app raised; each distinct cause is reported.

Not part of the default run (tests/pytest.ini deselects the `fuzz` marker): `make fuzz`
runs it against both apps, in-process. Environment:
    FUZZ_REQUESTS=6000   requests per app, shared among the areas (fewer for a quick look)
    FUZZ_SEED=13         another seed draws other requests; the same seed, the same ones
    FUZZ_KEEP_GOING=1    record every 5xx and list each distinct cause at the end of each
                         area, with one request for each, instead of stopping at the first
Every test seeds the same site again on a fresh database (and again every 300 requests),
so an area run alone (`-k`) sends what it sends in the full run.
"""

from __future__ import annotations

import os

import known_differences
import pytest
from fuzz import areas, values
from fuzz.causes import Survey
from fuzz.crawl import SiteMap, crawl
from fuzz.seed import Seed
from fuzz.site import FuzzSite
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.fuzz, pytest.mark.rule("SEC-4")]

SEED = int(os.environ.get("FUZZ_SEED", "13"))
REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "6000"))
KEEP_GOING = os.environ.get("FUZZ_KEEP_GOING", "") not in ("", "0")
SHARES = {  # of REQUESTS
    "site_ids": 0.15,
    "site_query_strings": 0.15,
    "site_forms": 0.18,
    "admin_urls": 0.16,
    "admin_forms": 0.18,
    "bodies_and_headers": 0.18,
}


@pytest.fixture(scope="session")
def site_map(driver) -> tuple[Seed, SiteMap]:
    """The seeded site, crawled once per run (its ids are the same in every test)."""
    if not driver.resets_database:
        pytest.skip("the fuzzer seeds its own site: in-process drivers only")
    site = FuzzSite(driver, known_differences.for_app(driver.name))
    return site.seed, crawl(site)


@pytest.fixture
def site(driver, site_map, request, capsys) -> FuzzSite:
    """The same site seeded again on this test's fresh database, and the roles' browsers."""
    known = known_differences.for_app(driver.name)
    the_site = FuzzSite(driver, known, Survey() if KEEP_GOING else None)
    assert the_site.seed == site_map[0], "seeding gave other ids than when the site was crawled"
    the_site.errors.install()
    yield the_site
    the_site.errors.remove()
    broken = [f"{a.role}: {a.broken}" for a in the_site.actors.values() if a.broken]
    with capsys.disabled():  # one line per area, whatever the outcome
        print(f"\nfuzz {driver.name} {request.node.name}: {the_site.stats.summary()}", end="")
        print(f"; roles lost: {broken}" if broken else "")


def fuzz(site: FuzzSite, area: str, requests: st.SearchStrategy) -> None:
    """Send `requests` as Hypothesis draws them: this area's share of FUZZ_REQUESTS."""

    @seed(SEED)
    @settings(
        max_examples=max(1, round(REQUESTS * SHARES[area])),
        database=None,  # nothing remembered between runs: the seed alone decides
        deadline=None,  # admin pages take tens of milliseconds; a slow answer is no failure
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        # No explain phase: it traces every line the app runs to say which ones only the
        # failing request ran, and the cause printed with the request says more, sooner.
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    )
    @given(request=requests)
    def send(request) -> None:
        site.send(request)

    send()
    if site.survey is not None:
        site.survey.raise_if_any()


def test_every_page_the_crawl_reached_answers_without_a_5xx(site_map):
    _, the_map = site_map
    assert not the_map.failures, "\n".join(the_map.failures)


def test_site_ids(site, site_map):
    """Every site route, its ids and usernames odd: 0, -1, 2**63, abc, NUL, unicode."""
    fuzz(site, "site_ids", areas.odd_ids(site_map[1], site.seed, admin=False))


def test_site_query_strings(site, site_map):
    """Every page each role reached, its query string changed or replaced."""
    fuzz(site, "site_query_strings", areas.odd_queries(site_map[1], admin=False))


def test_site_forms(site, site_map):
    """The site's forms, filled mostly right, one or two fields odd."""
    fuzz(site, "site_forms", areas.filled_forms(site_map[1], site.seed, admin=False))


def test_admin_urls(site, site_map):
    """The admins' pages as staff: odd ids, query strings, URLs no page links to."""
    the_map = site_map[1]
    requests = st.one_of(
        areas.odd_ids(the_map, site.seed, admin=True),
        areas.odd_queries(the_map, admin=True),
        areas.guessed_admin_urls(the_map, site.seed),
    )
    fuzz(site, "admin_urls", requests)


def test_admin_forms(site, site_map):
    """The admins' forms as staff (edit, add, delete, bulk actions, filters), and one time in
    five a story, comment or profile page, to see what the admins' changes left behind."""
    the_map = site_map[1]
    requests = values.weighted(
        (4, areas.filled_forms(the_map, site.seed, admin=True)),
        (1, areas.item_pages(the_map, site.seed)),
    )
    fuzz(site, "admin_forms", requests)


def test_bodies_and_headers(site, site_map):
    """Any route with any method, body encoding, Content-Type and headers."""
    fuzz(site, "bodies_and_headers", areas.odd_bodies(site_map[1], site.seed))
