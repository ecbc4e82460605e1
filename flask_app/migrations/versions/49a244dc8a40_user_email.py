"""An optional email address on users, unique in any case when set (ACC-9).

Revision ID: 49a244dc8a40
Revises: 889f308da425
Create Date: 2026-12-03 17:15:10.127522

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '49a244dc8a40'
down_revision = '889f308da425'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), server_default='', nullable=False))

    # A partial expression index, written by hand: autogenerate skips expression indexes on
    # SQLite, which cannot reflect them. Both SQLite and PostgreSQL take this form.
    op.create_index(
        'user_email_ci_unique',
        'user',
        [sa.literal_column('lower(email)')],
        unique=True,
        sqlite_where=sa.text("email != ''"),
        postgresql_where=sa.text("email != ''"),
    )


def downgrade():
    op.drop_index('user_email_ci_unique', table_name='user')
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), not batch mode's rebuild of the
    # table: the rebuild would lose the expression index on lower(username), which SQLite
    # cannot reflect.
    with op.batch_alter_table('user', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('email')
