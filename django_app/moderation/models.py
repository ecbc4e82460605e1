"""The moderation log, and the remove/restore logic stories and comments share (MOD-3, MOD-4)."""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone


class ModerationAction(models.Model):
    """One moderator action, as the public log at /moderation lists it."""

    ACTIONS = {"remove": "removed", "restore": "restored", "ban": "banned", "unban": "unbanned"}
    TARGETS = {"story": "story", "comment": "comment", "user": "user"}

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="moderation_actions"
    )
    action = models.CharField(max_length=16, choices=ACTIONS)
    target_type = models.CharField(max_length=16, choices=TARGETS)
    target_id = models.BigIntegerField()  # ids are BigAutoField
    # What the target was called at the time: a title, a comment's start, a username.
    target_label = models.CharField(max_length=150)
    reason = models.CharField(max_length=500, blank=True)
    # Set in Python, not by the database: tests move the clock in-process.
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["-created"], name="moderation_action_created_idx")]

    def __str__(self):
        return f"{self.moderator} {self.verb} {self.target_type} {self.target_label}"

    @property
    def verb(self) -> str:
        """ "removed", "restored", "banned", "unbanned": the log's action column."""
        return self.ACTIONS[self.action]

    @property
    def target_url(self) -> str:
        if self.target_type == "user":
            return reverse("accounts:profile", args=[self.target_label])
        name = "news:story" if self.target_type == "story" else "comments:detail"
        return reverse(name, args=[self.target_id])


class Removable:
    """Row logic for remove/restore on a model with `removed` (stories, comments).

    A plain mixin, as core.votes.Votable. Each model names its `target_type` and its
    `moderation_label`; `_removed_changed` lets comments move their story's count.
    """

    target_type = ""

    def remove(self, moderator, reason: str = "") -> bool:
        """Hide the item as a moderator; False (and no log) when it was already removed."""
        return self._set_removed(True, moderator, reason)

    def restore(self, moderator, reason: str = "") -> bool:
        return self._set_removed(False, moderator, reason)

    def _set_removed(self, removed: bool, moderator, reason: str) -> bool:
        with transaction.atomic():
            # Conditional, so a second click changes nothing and logs nothing.
            items = type(self).objects.filter(pk=self.pk, removed=not removed)
            changed = items.update(removed=removed)
            if changed:
                self._removed_changed(removed)
                log(moderator, "remove" if removed else "restore", self, reason)
        self.removed = removed
        return bool(changed)

    def _removed_changed(self, removed: bool):
        """Called inside the transaction once the flag has moved."""

    @property
    def moderation_label(self) -> str:
        raise NotImplementedError


def is_moderator(user) -> bool:
    """For any user, visitors (AnonymousUser has no is_moderator) included."""
    return user.is_authenticated and user.is_moderator


def log(moderator, action: str, target, reason: str = "") -> ModerationAction:
    """Write one log entry about `target` (a story, comment or user)."""
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        target_type=target.target_type,
        target_id=target.pk,
        target_label=target.moderation_label[:150],
        reason=reason,
    )
