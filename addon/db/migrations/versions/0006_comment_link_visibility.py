"""comment_links.a_visibility, b_visibility: the visibility of the copy written on each side

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('comment_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('a_visibility', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('b_visibility', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('comment_links', schema=None) as batch_op:
        batch_op.drop_column('b_visibility')
        batch_op.drop_column('a_visibility')
