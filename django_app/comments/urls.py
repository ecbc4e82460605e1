from django.urls import path

from core.views import ModerateView, SoftDeleteView, VoteView

from . import views
from .models import Comment

app_name = "comments"
urlpatterns = [
    path("c/<int:pk>", views.CommentDetailView.as_view(), name="detail"),
    path("c/<int:pk>/reply", views.ReplyView.as_view(), name="reply"),
    path("c/<int:pk>/edit", views.CommentEditView.as_view(), name="edit"),
    path("c/<int:pk>/delete", SoftDeleteView.as_view(model=Comment), name="delete"),
    path("c/<int:pk>/vote", VoteView.as_view(model=Comment, action="vote"), name="vote"),
    path("c/<int:pk>/unvote", VoteView.as_view(model=Comment, action="unvote"), name="unvote"),
    path("c/<int:pk>/remove", ModerateView.as_view(model=Comment, action="remove"), name="remove"),
    path(
        "c/<int:pk>/restore", ModerateView.as_view(model=Comment, action="restore"), name="restore"
    ),
]
