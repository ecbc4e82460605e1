from django.urls import path

from moderation.views import CommentModerateView

from . import views

app_name = "comments"
urlpatterns = [
    path("s/<int:pk>/comment", views.CommentCreateView.as_view(), name="comment"),
    path("c/<int:pk>", views.CommentDetailView.as_view(), name="detail"),
    path("c/<int:pk>/reply", views.ReplyView.as_view(), name="reply"),
    path("c/<int:pk>/edit", views.CommentEditView.as_view(), name="edit"),
    path("c/<int:pk>/delete", views.delete, name="delete"),
    path("c/<int:pk>/vote", views.vote, name="vote"),
    path("c/<int:pk>/unvote", views.unvote, name="unvote"),
    path("c/<int:pk>/remove", CommentModerateView.as_view(action="remove"), name="remove"),
    path("c/<int:pk>/restore", CommentModerateView.as_view(action="restore"), name="restore"),
]
