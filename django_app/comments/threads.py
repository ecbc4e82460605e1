"""A story's comments as a tree, built in memory from one query's rows (COM-3)."""

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Node:
    """A comment and, sorted, the nodes of its replies."""

    comment: object
    children: list["Node"] = field(default_factory=list)


def _order(comment):
    # Siblings: most points first, then the oldest; the id settles comments of one instant.
    return (-comment.points, comment.created, comment.pk)


def build_thread(comments, root=None) -> list["Node"]:
    """The comments whose parent is `root` (an id; None: the top level), each with its replies.

    Pure: it reads `parent_id`, `points`, `created` and `pk`, and queries nothing.
    """
    children = defaultdict(list)
    for comment in comments:
        children[comment.parent_id].append(comment)

    def nodes(parent_id):
        return [Node(c, nodes(c.pk)) for c in sorted(children[parent_id], key=_order)]

    return nodes(root)
