"""issue_links.unlinked_side: the side whose issue of the pair was deleted

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('issue_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unlinked_side', sa.String(length=1), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('issue_links', schema=None) as batch_op:
        batch_op.drop_column('unlinked_side')
