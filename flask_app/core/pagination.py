"""The listings' pages, without COUNT(*) (STO-5, MOD-4) (Django: core/pagination.py).

A listing links to the previous and the next page, never to the last one, so it never
needs the total. Each page reads one row more than it shows, and that row says whether a
next page exists. Page 1 then costs the same with 1,000 stories as with 100,000, where
db.paginate would count every visible story on every request as well.

A small class of its own, not Flask-SQLAlchemy's Pagination: that one's total and pages
would be numbers this page never knows. It speaks db.paginate's words (items, has_prev,
prev_num, has_next, next_num, first), so the templates read as they would with it.
"""

from flask import abort, request
from sqlalchemy import Select

from flask_app.extensions import db

PER_PAGE = 30
# Ids are 32-bit INTEGERs here (SQLAlchemy's default for an integer primary key; Django's
# are 64-bit), so no listing holds more than 2**31 - 1 rows: a page past this one is empty
# for sure, and answers 404 without a query whose OFFSET could overflow the database's.
MAX_PAGE = (2**31 - 1) // PER_PAGE + 1


class Pagination:
    """One page of a select's rows, and whether others come before and after it."""

    def __init__(self, select: Select, page: int, per_page: int = PER_PAGE):
        offset = (page - 1) * per_page
        rows = db.session.scalars(select.limit(per_page + 1).offset(offset)).all()
        self.page = page
        self.per_page = per_page
        self.items = rows[:per_page]
        self.has_next = len(rows) > per_page  # the one row past the page

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def first(self) -> int:
        """The number of the page's first item in the whole list (an <ol>'s start)."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0


def paginate(select: Select) -> Pagination:
    """The ?page= page of select (Django: ListView with StrictPageMixin).

    404 for a page written other than in ASCII digits ("+1", " 1" and "١" too, which int()
    would take), for page 0, past MAX_PAGE, or past the end; page 1 of an empty list is a
    page.
    """
    page = request.args.get("page", "1")
    # The length first: int() refuses a string of more than 4,300 digits with ValueError.
    digits = page.isascii() and page.isdigit() and len(page) <= len(str(MAX_PAGE))
    number = int(page) if digits else 0
    if not 1 <= number <= MAX_PAGE:
        abort(404)
    pagination = Pagination(select, number)
    if pagination.has_prev and not pagination.items:
        abort(404)
    return pagination
