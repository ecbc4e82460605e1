"""Upvotes, shared by stories and comments (VOT-1..VOT-4)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import F


class Votable:
    """Row logic for a model with `points`, an `author` and a `votes` reverse relation.

    A plain mixin rather than an abstract model: the fields stay on each model, where a
    reader of `Story` or `Comment` expects them.
    """

    def vote(self, user) -> bool:
        """Upvote as `user`; False when they had already voted (VOT-1, VOT-2)."""
        self._refuse_own(user)
        with transaction.atomic():
            try:
                # A savepoint: the unique constraint, not a prior SELECT, decides whether
                # this is a second vote, so two concurrent clicks count once.
                with transaction.atomic():
                    self.votes.create(user=user)
            except IntegrityError:
                return False
            self._add_points(1)
        return True

    def unvote(self, user) -> bool:
        """Take back `user`'s vote; False when there was none."""
        self._refuse_own(user)
        with transaction.atomic():
            deleted, _ = self.votes.filter(user=user).delete()
            if not deleted:
                return False
            self._add_points(-1)
        return True

    def _refuse_own(self, user):
        # VOT-3; Django turns PermissionDenied into the 403 page (Flask: abort(403)).
        if user.pk == self.author_id:
            raise PermissionDenied("You cannot vote on your own item.")

    def _add_points(self, delta: int):
        """Move points and the author's karma together, inside the vote's transaction (VOT-4)."""
        # F() makes it `points = points + 1` in SQL: no lost update between two voters.
        type(self).objects.filter(pk=self.pk).update(points=F("points") + delta)
        # The row stays locked by the UPDATE until commit, so this read is the value we wrote.
        self.refresh_from_db(fields=["points"])
        get_user_model().objects.filter(pk=self.author_id).update(karma=F("karma") + delta)


class VoteQuerySet(models.QuerySet):
    """Table logic for a vote model; `item` names its foreign key ("story", "comment")."""

    item = ""

    def voted_ids(self, user, items) -> set[int]:
        """The ids among `items` that `user` voted for, in one query (none for a visitor)."""
        if not user.is_authenticated:
            return set()
        ids = [item.pk for item in items]
        votes = self.filter(user=user, **{f"{self.item}__in": ids})
        return set(votes.values_list(f"{self.item}_id", flat=True))
