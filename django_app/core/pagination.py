"""The listings' pages, without COUNT(*) (STO-5, MOD-4) (Flask: core/pagination.py).

A listing links to the previous and the next page, never to the last one, so it never
needs the total. Each page reads one row more than it shows, and that row says whether a
next page exists. Page 1 then costs the same with 1,000 stories as with 100,000, where
Django's Paginator counts every visible story on every request first.
"""

from django.http import Http404

PER_PAGE = 30
# Ids are 64-bit (BigAutoField), so no listing holds more rows than a bigint counts, and
# OFFSET is a bigint in PostgreSQL and SQLite alike: past this page it would overflow
# instead of finding the page empty.
MAX_PAGE = (2**63 - 1) // PER_PAGE + 1


class PeekPage:
    """One page of a queryset, read with one row past it; the `page_obj` templates know.

    It speaks Django's Page vocabulary (has_next, next_page_number, start_index, …) for
    what it can know without the total, and nothing else: no num_pages, no paginator.
    """

    def __init__(self, queryset, number: int, per_page: int = PER_PAGE):
        self.number = number
        self._offset = (number - 1) * per_page
        rows = list(queryset[self._offset : self._offset + per_page + 1])
        self.object_list = rows[:per_page]
        self._more = len(rows) > per_page

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        """The 1-based position of the page's first row: the <ol>'s start."""
        return self._offset + 1


def page_number(request) -> int:
    """`?page=` as a number from 1 to MAX_PAGE (1 when absent); anything else is 404.

    int() alone would take " 2", "+2" and "٢" (ListView's parsing also "last"), and raise
    on more than 4,300 digits.
    """
    page = request.GET.get("page", "1")
    digits = page.isascii() and page.isdigit() and len(page) <= len(str(MAX_PAGE))
    number = int(page) if digits else 0
    if not 1 <= number <= MAX_PAGE:
        raise Http404("Invalid page.")
    return number


class StrictPageMixin:
    """For a ListView: 30 a page read with PeekPage; a page past the end is 404, except
    page 1, which an empty listing has too."""

    paginate_by = PER_PAGE

    def paginate_queryset(self, queryset, page_size):
        page = PeekPage(queryset, page_number(self.request), page_size)
        if not page.object_list and page.has_previous():
            raise Http404("No such page.")
        # ListView's context: paginator, page_obj, is_paginated and the object list.
        return None, page, page.object_list, page.has_other_pages()
