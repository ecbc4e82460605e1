"""Threaded comments on stories and the votes on them (COM-*, VOT-*)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse

from core.models import VISIBLE, Item, ItemQuerySet, Vote
from moderation.models import ModerationAction
from news.models import Story

# 0-based: replies nest 18 levels deep (COM-2).
MAX_DEPTH = 17
TOO_DEEP = "This thread is too deep to reply here; reply further up."


class CommentQuerySet(ItemQuerySet):
    """Table logic for comments (Flask: functions returning a `select`)."""

    def for_story(self, story):
        """A story's whole thread, deleted comments included (they keep their place), with
        their authors: one query (COM-3); threads.build_thread arranges it."""
        return self.filter(story=story).select_related("author")

    def newest(self):
        """Newest visible first, with the story each is on (a profile's comments)."""
        return self.visible().select_related("author", "story").order_by("-created")


class Comment(Item):
    """A member's comment on a story, or a reply to another comment."""

    # No index of its own: comments_comment_story_idx (story, created) leads with it.
    story = models.ForeignKey(Story, models.CASCADE, db_index=False, related_name="comments")
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="comments")
    text = models.TextField(max_length=10000)
    # Stored rather than counted up the parents: the depth cap and data-depth read it.
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        indexes = [
            # A story's thread, deleted comments included.
            models.Index(fields=["story", "created"], name="comments_comment_story_idx"),
            # A profile's newest comments; only visible ones are ever listed there.
            models.Index(
                fields=["author", "-created"], name="comments_comment_author_idx", condition=VISIBLE
            ),
        ]

    target_type = ModerationAction.TargetType.COMMENT

    def __str__(self):
        return f"{self.author} on {self.story}: {self.text[:40]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            super().save(*args, **kwargs)
            return
        self.depth = self.parent.depth + 1 if self.parent else 0
        # The story's count moves with the new row, in SQL (COM-6).
        with transaction.atomic():
            super().save(*args, **kwargs)
            Story.objects.filter(pk=self.story_id).update(comment_count=F("comment_count") + 1)

    def get_absolute_url(self):
        return reverse("comments:detail", args=[self.pk])

    def get_story_url(self) -> str:
        return reverse("news:story", args=[self.story_id])

    def get_thread_url(self) -> str:
        return f"{self.get_story_url()}#comment-{self.pk}"

    def clean(self):
        # ModelForm runs this after the fields' own checks: a form-wide error (COM-2).
        if self.parent and self.parent.depth >= MAX_DEPTH:
            raise ValidationError(TOO_DEEP, code="too_deep")

    @property
    def accepts_replies(self) -> bool:
        """Replies go under visible comments above the depth cap (COM-2, COM-5)."""
        return self.is_visible and self.depth < MAX_DEPTH

    @property
    def moderation_label(self) -> str:
        return self.text[:80]

    def _visibility_changed(self, visible: bool):
        """A deleted, removed or restored comment leaves or rejoins its story's count (COM-6)."""
        delta = 1 if visible else -1
        Story.objects.filter(pk=self.story_id).update(comment_count=F("comment_count") + delta)


class CommentVote(Vote):
    """One member's upvote on one comment."""

    comment = models.ForeignKey(Comment, models.CASCADE, related_name="votes")

    class Meta:
        constraints = [
            # VOT-2: one vote per member per comment, held by the database itself.
            models.UniqueConstraint(fields=["user", "comment"], name="comments_commentvote_unique"),
        ]

    item_field = "comment"

    def __str__(self):
        return f"{self.user} ▲ comment {self.comment_id}"
