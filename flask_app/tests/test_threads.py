"""comments.threads.build_thread: a pure function, tested on plain objects (COM-3)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from flask_app.comments.threads import build_thread

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def comment(id, parent_id=None, points=1, minutes=0):
    return SimpleNamespace(
        id=id, parent_id=parent_id, points=points, created=T0 + timedelta(minutes=minutes)
    )


def shape(nodes):
    return [(node.comment.id, shape(node.children)) for node in nodes]


def test_siblings_by_points_then_oldest_then_id():
    comments = [
        comment(1, points=1, minutes=0),
        comment(2, points=5, minutes=9),
        comment(3, points=1, minutes=5),
        comment(4, points=1, minutes=5),  # the same instant as 3: the id decides
        comment(5, points=3, minutes=1),
    ]
    assert shape(build_thread(comments)) == [(2, []), (5, []), (1, []), (3, []), (4, [])]


def test_replies_nest_under_their_parents_in_any_input_order():
    comments = [
        comment(6, parent_id=3, minutes=6),
        comment(3, parent_id=1, minutes=3, points=2),
        comment(1, minutes=1),
        comment(4, parent_id=1, minutes=2),
        comment(2, minutes=2, points=4),
    ]
    assert shape(build_thread(comments)) == [(2, []), (1, [(3, [(6, [])]), (4, [])])]


def test_root_gives_the_replies_of_one_comment():
    comments = [comment(1), comment(2, parent_id=1), comment(3, parent_id=2), comment(4)]
    assert shape(build_thread(comments, root=1)) == [(2, [(3, [])])]


def test_no_comments_no_thread():
    assert build_thread([]) == []
