"""The moderation log (MOD-3, MOD-4); remove and restore are Item methods (core/models.py)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ModerationAction(models.Model):
    """One moderator action, as the public log at /moderation lists it."""

    class Action(models.TextChoices):
        # The labels are the log's action column: get_action_display().
        REMOVE = "remove", "removed"
        RESTORE = "restore", "restored"
        BAN = "ban", "banned"
        UNBAN = "unban", "unbanned"

    class TargetType(models.TextChoices):
        STORY = "story", "story"
        COMMENT = "comment", "comment"
        USER = "user", "user"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="moderation_actions"
    )
    action = models.CharField(max_length=16, choices=Action)
    target_type = models.CharField(max_length=16, choices=TargetType)
    target_id = models.BigIntegerField()  # ids are BigAutoField
    # What the target was called at the time: a title, a comment's start, a username.
    target_label = models.CharField(max_length=150)
    reason = models.CharField(max_length=500, blank=True)
    # Set in Python, not by the database: tests move the clock in-process.
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["-created"], name="moderation_action_created_idx")]

    def __str__(self):
        action = self.get_action_display()
        return f"{self.moderator} {action} {self.target_type} {self.target_label}"

    @property
    def target_url(self) -> str:
        if self.target_type == self.TargetType.USER:
            return reverse("accounts:profile", args=[self.target_label])
        name = "news:story" if self.target_type == self.TargetType.STORY else "comments:detail"
        return reverse(name, args=[self.target_id])


def is_moderator(user) -> bool:
    """For any user, visitors (AnonymousUser has no is_moderator) included."""
    return user.is_authenticated and user.is_moderator


def log(moderator, action: ModerationAction.Action, target, reason: str = "") -> ModerationAction:
    """Write one log entry about `target` (a story, comment or user)."""
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        target_type=target.target_type,
        target_id=target.pk,
        target_label=target.moderation_label[:150],
        reason=reason,
    )
