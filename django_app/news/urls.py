from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("", views.StoryListView.as_view(title="Front page"), name="front"),
    path("new", views.StoryListView.as_view(title="New"), name="new"),
    path("top", views.StoryListView.as_view(title="Top"), name="top"),
]
