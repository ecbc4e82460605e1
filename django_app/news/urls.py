from django.urls import path

from moderation.views import StoryModerateView

from . import views

app_name = "news"
urlpatterns = [
    path("", views.FrontView.as_view(), name="front"),
    path("new", views.NewView.as_view(), name="new"),
    path("top", views.TopView.as_view(), name="top"),
    path("submit", views.SubmitView.as_view(), name="submit"),
    path("s/<int:pk>", views.StoryDetailView.as_view(), name="story"),
    path("s/<int:pk>/edit", views.StoryEditView.as_view(), name="edit"),
    path("s/<int:pk>/delete", views.delete, name="delete"),
    path("s/<int:pk>/vote", views.vote, name="vote"),
    path("s/<int:pk>/unvote", views.unvote, name="unvote"),
    path("s/<int:pk>/remove", StoryModerateView.as_view(action="remove"), name="remove"),
    path("s/<int:pk>/restore", StoryModerateView.as_view(action="restore"), name="restore"),
]
