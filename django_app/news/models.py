"""Stories and the votes on them (STO-*, VOT-*)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.urls import reverse

from core.models import VISIBLE, Item, ItemQuerySet, Vote
from moderation.models import ModerationAction

from . import ranking
from .validators import validate_story_url


class StoryQuerySet(ItemQuerySet):
    """Table logic for stories (Flask: functions returning a `select`)."""

    def ranked(self):
        """The front page: hottest first, ties to the newer story (news_story_hot_idx)."""
        return self.visible().order_by("-hotness", "-created")

    def newest(self):
        return self.visible().order_by("-created")

    def top(self, since=None):
        """Most points among the stories created since `since` (all of them for None)."""
        stories = self.visible().order_by("-points", "-created")
        return stories if since is None else stories.filter(created__gte=since)

    def find_duplicate(self, url_key, since):
        """The newest visible story with this link key created since `since`, or None."""
        stories = self.visible().filter(url_key=url_key, created__gte=since)
        return stories.order_by("-created").first()


class Story(Item):
    """A link, a text, or both, submitted by a member."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="stories")
    title = models.CharField(max_length=150, validators=[MinLengthValidator(3)])
    url = models.CharField("URL", max_length=2000, blank=True, validators=[validate_story_url])
    url_key = models.CharField(max_length=64, blank=True, editable=False)
    text = models.TextField(blank=True, max_length=40000)
    hotness = models.FloatField(default=0.0)
    comment_count = models.IntegerField(default=0)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        # Partial indexes over visible stories, one per query: each listing, the duplicate
        # check and a profile's stories read one index in order (Flask: Index(...,
        # sqlite_where=..., postgresql_where=...) in __table_args__).
        indexes = [
            models.Index(fields=fields, name=name, condition=VISIBLE)
            for name, fields in [
                ("news_story_hot_idx", ["-hotness", "-created"]),
                ("news_story_new_idx", ["-created"]),
                ("news_story_top_idx", ["-points", "-created"]),
                ("news_story_url_key_idx", ["url_key", "created"]),
                ("news_story_author_idx", ["author", "-created"]),
            ]
        ]

    target_type = ModerationAction.TargetType.STORY

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Both are derived: the key from the link, the first hotness from the first point.
        # Later, votes move points and hotness with UPDATEs of their own (see _add_points).
        self.url_key = ranking.url_key(self.url) if self.url else ""
        if self._state.adding:
            self.hotness = ranking.hotness(self.points, self.created)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:story", args=[self.pk])

    @property
    def domain(self) -> str:
        """The link's host without a leading www., shown beside the title."""
        return (urlsplit(self.url).hostname or "").removeprefix("www.")

    @property
    def display_title(self) -> str:
        """What every page shows for the title: a hidden story's stays hidden (STO-7, MOD-3)."""
        if self.removed:
            return "[removed by moderator]"
        if self.deleted:
            return "[deleted]"
        return self.title

    @property
    def moderation_label(self) -> str:
        return self.title

    def _add_points(self, delta: int):
        """Item's points and karma, then the hotness that follows from the new points."""
        super()._add_points(delta)
        self.hotness = ranking.hotness(self.points, self.created)
        Story.objects.filter(pk=self.pk).update(hotness=self.hotness)


class StoryVote(Vote):
    """One member's upvote on one story."""

    story = models.ForeignKey(Story, models.CASCADE, related_name="votes")

    class Meta:
        constraints = [
            # VOT-2: one vote per member per story, held by the database itself.
            models.UniqueConstraint(fields=["user", "story"], name="news_storyvote_unique"),
        ]

    item_field = "story"

    def __str__(self):
        return f"{self.user} ▲ {self.story}"
