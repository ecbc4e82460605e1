from django.urls import path
from django.views.decorators.http import conditional_page, require_safe

from core.views import ModerateView, SoftDeleteView, VoteView

from . import views
from .feeds import FrontFeed, NewFeed
from .models import Story

app_name = "news"
urlpatterns = [
    path("", views.FrontView.as_view(), name="front"),
    path("new", views.NewView.as_view(), name="new"),
    path("top", views.TopView.as_view(), name="top"),
    # conditional_page: ConditionalGetMiddleware for these views only, an ETag from the
    # body's hash and 304 on a matching If-None-Match (Flask: Response.make_conditional).
    path("rss", require_safe(conditional_page(FrontFeed())), name="front-rss"),
    path("new/rss", require_safe(conditional_page(NewFeed())), name="new-rss"),
    path("submit", views.SubmitView.as_view(), name="submit"),
    path("s/<int:pk>", views.StoryDetailView.as_view(), name="story"),
    path("s/<int:pk>/comment", views.CommentCreateView.as_view(), name="comment"),
    path("s/<int:pk>/edit", views.StoryEditView.as_view(), name="edit"),
    path("s/<int:pk>/delete", SoftDeleteView.as_view(model=Story), name="delete"),
    path("s/<int:pk>/vote", VoteView.as_view(model=Story, action="vote"), name="vote"),
    path("s/<int:pk>/unvote", VoteView.as_view(model=Story, action="unvote"), name="unvote"),
    path("s/<int:pk>/remove", ModerateView.as_view(model=Story, action="remove"), name="remove"),
    path("s/<int:pk>/restore", ModerateView.as_view(model=Story, action="restore"), name="restore"),
]
