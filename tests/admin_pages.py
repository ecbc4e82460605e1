"""Driving the two admins through the known differences (`known.admin_stories`,
`known.admin_users`, `known.admin_comments`): their URLs, list forms and bulk actions."""

from __future__ import annotations

from urllib.parse import urlencode

from drivers.base import Browser, Response


def search_url(known, admin: dict, term: str) -> str:
    return f"{admin['list']}?{urlencode({known.admin_search_param: term})}"


def admin_search(browser: Browser, known, admin: dict, term: str) -> Response:
    return browser.get(search_url(known, admin, term))


def row_ids(page: Response, admin: dict) -> list[int]:
    """The ids of the rows a list page offers to select."""
    return [int(box["value"]) for box in page.controls(admin["ids"])]


def admin_id(browser: Browser, known, admin: dict, term: str) -> int:
    """The one row's id the admin's search for `term` finds."""
    page = admin_search(browser, known, admin, term)
    assert page.status == 200, page
    ids = row_ids(page, admin)
    assert len(ids) == 1, f"searching {term!r} found {ids}"
    return ids[0]


def admin_action(browser: Browser, admin: dict, action: str, ids: list[int], *, token=True):
    """Select the rows and run a bulk action, as the list page's form posts it."""
    page = browser.get(admin["list"])
    assert page.status == 200, page
    data = {"action": admin[action], admin["ids"]: [str(i) for i in ids], **admin["extra"]}
    form = page.fill(data, form=admin["form"])
    return browser.send_form(form if token else form.without_hidden())


def admin_action_with(browser: Browser, admin: dict, data: dict) -> Response:
    """Post the list page's bulk-action form with `data` on top of its own fields, as a
    forged or hand-edited form would."""
    page = browser.get(admin["list"])
    assert page.status == 200, page
    return browser.send_form(page.fill({**admin["extra"], **data}, form=admin["form"]))


def with_query(path: str, **params: str) -> str:
    """`path` with more query parameters (it may have some already)."""
    return f"{path}{'&' if '?' in path else '?'}{urlencode(params)}"
