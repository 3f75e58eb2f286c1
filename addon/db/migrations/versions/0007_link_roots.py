"""issue_links.root, comment_links.root: the original a pair of twins copies, for hub topologies

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('issue_links', 'comment_links'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('root', sa.String(length=255), nullable=True))
            batch_op.create_index(f'ix_{table}_root', ['root'], unique=False)


def downgrade() -> None:
    for table in ('comment_links', 'issue_links'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_root')
            batch_op.drop_column('root')
