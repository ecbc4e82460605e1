from django.urls import path
from django.views.decorators.http import conditional_page, require_safe

from core.cache import cache_for_visitors
from core.views import ModerateView, SoftDeleteView, VoteView

from . import views
from .feeds import FrontFeed, NewFeed
from .models import Story

app_name = "news"
# The listings and story pages a visitor sees come from the cache (CAC-1), wrapped here as
# Django's docs wrap cache_page in a URLconf (Flask: the decorator on each view function).
urlpatterns = [
    path("", cache_for_visitors(views.FrontView.as_view()), name="front"),
    path("new", cache_for_visitors(views.NewView.as_view()), name="new"),
    path("top", cache_for_visitors(views.TopView.as_view()), name="top"),
    # conditional_page: ConditionalGetMiddleware for these views only, an ETag from the
    # body's hash and 304 on a matching If-None-Match (Flask: Response.make_conditional).
    path("rss", require_safe(conditional_page(FrontFeed())), name="front-rss"),
    path("new/rss", require_safe(conditional_page(NewFeed())), name="new-rss"),
    path("submit", views.SubmitView.as_view(), name="submit"),
    path("s/<int:pk>", cache_for_visitors(views.StoryDetailView.as_view()), name="story"),
    path("s/<int:pk>/comment", views.CommentCreateView.as_view(), name="comment"),
    path("s/<int:pk>/edit", views.StoryEditView.as_view(), name="edit"),
    path("s/<int:pk>/delete", SoftDeleteView.as_view(model=Story), name="delete"),
    path("s/<int:pk>/vote", VoteView.as_view(model=Story, action="vote"), name="vote"),
    path("s/<int:pk>/unvote", VoteView.as_view(model=Story, action="unvote"), name="unvote"),
    path("s/<int:pk>/remove", ModerateView.as_view(model=Story, action="remove"), name="remove"),
    path("s/<int:pk>/restore", ModerateView.as_view(model=Story, action="restore"), name="restore"),
]
