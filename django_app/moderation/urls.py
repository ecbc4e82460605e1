from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("moderation", views.ModerationLogView.as_view(), name="log"),
]
