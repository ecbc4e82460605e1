"""The `<id:…>` URL converter: only a positive integer that fits an id column reaches a view.

/s/0, /s/-1 and /s/abc answer 404 from the URL map, and so does an id too large for the
database's integer, which PostgreSQL would refuse with an error instead of finding nothing.
Django: `<int:pk>`, and get_object_or_404 answers the rest.
"""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL's integer, the type of the id columns


class IdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):
        super().__init__(map, min=1, max=MAX_ID)
