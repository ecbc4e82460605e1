"""The listings' pages, without COUNT(*) (STO-5, MOD-4) (Flask: core/pagination.py).

A listing links to the previous and the next page, never to the last one, so it never
needs the total. Each page reads one row more than it shows, and that row says whether a
next page exists. Page 1 then costs the same with 1,000 stories as with 100,000, where
Django's Paginator would count every visible story on every request first.
"""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

PER_PAGE = 30
# Ids are 32-bit, so no listing reaches past this page; a larger page would overflow the
# database's OFFSET instead of being found empty.
MAX_PAGE = (2**31 - 1) // PER_PAGE + 1


class PeekPaginator(Paginator):
    """Django's Paginator, told the total only up to one row past the page it shows."""

    def page(self, number):
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        # All the page needs of the total: the rows before it and the ones just read. Then
        # has_next(), num_pages and the 404 past the end (validate_number) follow from it.
        self.count = bottom + len(rows)
        return self._get_page(rows[: self.per_page], self.validate_number(number), self)


class StrictPageMixin:
    """For a ListView: 30 a page; `?page=` must be digits, at most MAX_PAGE (STO-5); page 0
    and pages past the end are 404."""

    paginate_by = PER_PAGE
    paginator_class = PeekPaginator

    def paginate_queryset(self, queryset, page_size):
        # ListView also accepts "last", " 2" and "+2".
        page = self.request.GET.get("page")
        if page is not None and not (page.isascii() and page.isdigit() and int(page) <= MAX_PAGE):
            raise Http404("Invalid page.")
        return super().paginate_queryset(queryset, page_size)
