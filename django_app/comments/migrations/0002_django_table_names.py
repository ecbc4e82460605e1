"""Django's own table names for the comments app, and no index the composite ones cover.

The tables were named news_comment and news_commentvote after the Flask app's; Django names
an app's tables <app>_<model>. Renaming a table keeps its rows; the indexes and the unique
constraint take names that match. comment.story_id and commentvote.user_id lose their
single-column index: (story, created) and the unique (user, comment) lead with them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelTable(name="comment", table=None),
        migrations.AlterModelTable(name="commentvote", table=None),
        migrations.RenameIndex(
            model_name="comment",
            new_name="comments_comment_story_idx",
            old_name="news_comment_story_idx",
        ),
        migrations.RenameIndex(
            model_name="comment",
            new_name="comments_comment_author_idx",
            old_name="news_comment_author_idx",
        ),
        # Django has no RenameConstraint: the unique index is dropped and made again.
        migrations.RemoveConstraint(model_name="commentvote", name="news_commentvote_unique"),
        migrations.AddConstraint(
            model_name="commentvote",
            constraint=models.UniqueConstraint(
                fields=("user", "comment"), name="comments_commentvote_unique"
            ),
        ),
        migrations.AlterField(
            model_name="comment",
            name="story",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comments",
                to="news.story",
            ),
        ),
        migrations.AlterField(
            model_name="commentvote",
            name="user",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
