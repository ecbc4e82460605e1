"""The listings' pages, without COUNT(*) (STO-5, MOD-4) (Django: core/pagination.py).

A listing links to the previous and the next page, never to the last one, so it never
needs the total. Each page reads one row more than it shows, and that row says whether a
next page exists. Page 1 then costs the same with 1,000 stories as with 100,000, where
db.paginate would count every visible story on every request as well.
"""

from flask import abort, request
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select

from flask_app.extensions import db

PER_PAGE = 30
# Ids are 32-bit, so no listing reaches past this page; a larger page would overflow the
# database's OFFSET instead of being found empty.
MAX_PAGE = (2**31 - 1) // PER_PAGE + 1


class PeekPagination(SelectPagination):
    """db.paginate's page, told only whether a next page follows (with count=False alone,
    has_next would always be False)."""

    def _query_items(self) -> list:
        select = self._query_args["select"].limit(self.per_page + 1).offset(self._query_offset)
        rows = list(self._query_args["session"].execute(select).unique().scalars())
        self._has_next = len(rows) > self.per_page
        return rows[: self.per_page]

    @property
    def has_next(self) -> bool:
        return self._has_next


def page_number() -> int:
    """?page= (default 1) if written in ASCII digits and at most MAX_PAGE, else 404 (STO-5).

    db.paginate would read it with int(), which also takes "+1", " 1" and "١".
    """
    page = request.args.get("page", "1")
    if not (page.isascii() and page.isdigit()) or int(page) > MAX_PAGE:
        abort(404)
    return int(page)


def paginate(select: Select) -> PeekPagination:
    """The ?page= page of `select`, 30 rows; page 0 and pages past the end are 404, page 1
    of an empty list is a page (Django: ListView with StrictPageMixin)."""
    return PeekPagination(
        select=select,
        session=db.session,
        page=page_number(),
        per_page=PER_PAGE,
        error_out=True,
        count=False,
    )
