"""What stories and comments share: the Item and Vote abstract models (STO-*, COM-*, VOT-*).

Abstract models own no table: each concrete model gets these fields as columns of its own
and keeps what differs (its author's related_name, title and URL or text, depth and parent,
the comment count). Flask: the same names on a declarative mixin, core/models.py.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from moderation.models import ModerationAction, is_moderator, log

EDIT_WINDOW = timedelta(hours=2)
# Listings and the partial indexes' condition: neither deleted by the author nor removed.
VISIBLE = Q(deleted=False, removed=False)


class ItemQuerySet(models.QuerySet):
    """Table logic stories and comments share; each model's QuerySet adds its own."""

    def visible(self):
        return self.filter(VISIBLE)


class Item(models.Model):
    """A story or a comment: points, votes, soft delete and moderation.

    A concrete item has an `author` foreign key, a vote model whose foreign key to it has
    related_name="votes", and a `target_type` and `moderation_label` for the moderation log.
    """

    # Set in Python, not by the database: tests move the clock in-process.
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    points = models.IntegerField(default=1)
    deleted = models.BooleanField(default=False)
    removed = models.BooleanField(default=False)

    class Meta:
        abstract = True

    target_type: ModerationAction.TargetType  # each concrete item names its own

    @property
    def is_visible(self) -> bool:
        return not (self.deleted or self.removed)

    @property
    def moderation_label(self) -> str:
        """What the moderation log calls the item."""
        raise NotImplementedError

    def get_story_url(self) -> str:
        """The page of the story the item belongs to; a story's is its own."""
        return self.get_absolute_url()

    def get_thread_url(self) -> str:
        """The item in place on that page."""
        return self.get_story_url()

    def can_edit(self, user) -> bool:
        """The author, for two hours after posting; moderators at any time (STO-6, COM-4)."""
        if not self.is_visible:
            return False
        in_window = timezone.now() - self.created < EDIT_WINDOW
        return (user.pk == self.author_id and in_window) or is_moderator(user)

    def can_delete(self, user) -> bool:
        """The author or a moderator, at any time (STO-7, COM-4)."""
        return self.is_visible and (user.pk == self.author_id or is_moderator(user))

    def soft_delete(self) -> bool:
        """Hide the item; its page and its replies stay. False when it was already hidden."""
        with transaction.atomic():
            # Conditional, so a second delete (a double click) changes nothing.
            changed = type(self).objects.filter(VISIBLE, pk=self.pk).update(deleted=True)
            if changed:
                self._visibility_changed(visible=False)
        self.deleted = True
        return bool(changed)

    def remove(self, moderator, reason: str = "") -> bool:
        """Hide the item as a moderator (MOD-3); False (and no log) when it was removed already."""
        return self._set_removed(True, moderator, reason)

    def restore(self, moderator, reason: str = "") -> bool:
        return self._set_removed(False, moderator, reason)

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

    def _set_removed(self, removed: bool, moderator, reason: str) -> bool:
        with transaction.atomic():
            # Conditional, so a second click changes nothing and logs nothing.
            items = type(self).objects.filter(pk=self.pk, removed=not removed)
            changed = items.update(removed=removed)
            if changed:
                if not self.deleted:
                    self._visibility_changed(visible=not removed)
                Action = ModerationAction.Action
                log(moderator, Action.REMOVE if removed else Action.RESTORE, self, reason)
        self.removed = removed
        return bool(changed)

    def _visibility_changed(self, visible: bool):
        """Called inside the transaction when the item leaves or rejoins the visible ones."""

    def _refuse_own(self, user):
        # VOT-3; Django turns PermissionDenied into the 403 page, which shows the reason.
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
    def voted_ids(self, user, items) -> set[int]:
        """The ids among `items` that `user` voted for, in one query (none for a visitor)."""
        if not user.is_authenticated:
            return set()
        item = self.model.item_field
        votes = self.filter(user=user, **{f"{item}__in": [i.pk for i in items]})
        return set(votes.values_list(f"{item}_id", flat=True))


class Vote(models.Model):
    """One member's upvote on one item; a concrete vote adds the foreign key `item_field`
    names, with related_name="votes", and a unique (user, item) constraint (VOT-2)."""

    # No index of its own: the unique (user, item) constraint leads with it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, db_index=False)
    created = models.DateTimeField(default=timezone.now)

    objects = VoteQuerySet.as_manager()

    class Meta:
        abstract = True

    item_field = ""
