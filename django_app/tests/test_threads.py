"""build_thread: replies under their parent, siblings by points, then oldest first (COM-3)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from comments.threads import build_thread

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def row(pk, parent_id=None, points=1, minutes=0):
    """A stand-in for a Comment: build_thread reads only these attributes."""
    return SimpleNamespace(
        pk=pk, parent_id=parent_id, points=points, created=T0 + timedelta(minutes=minutes)
    )


def shape(nodes):
    return [(node.comment.pk, shape(node.children)) for node in nodes]


def test_siblings_by_points_then_oldest_then_id():
    comments = [
        row(1, minutes=5),
        row(2, points=3, minutes=9),
        row(3, minutes=1),
        row(4, minutes=1),
    ]
    assert shape(build_thread(comments)) == [(2, []), (3, []), (4, []), (1, [])]


def test_replies_nest_under_their_parent_and_sort_alike():
    comments = [
        row(1),
        row(2, parent_id=1, minutes=2),
        row(3, parent_id=1, points=2, minutes=3),
        row(4, parent_id=3, minutes=4),
        row(5, minutes=1),
    ]
    assert shape(build_thread(comments)) == [(1, [(3, [(4, [])]), (2, [])]), (5, [])]


def test_root_picks_a_subtree():
    comments = [row(1), row(2, parent_id=1), row(3, parent_id=2), row(4)]
    assert shape(build_thread(comments, root=1)) == [(2, [(3, [])])]


def test_empty():
    assert build_thread([]) == []
