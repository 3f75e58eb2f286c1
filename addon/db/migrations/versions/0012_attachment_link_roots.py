"""attachment_links.root: the original file a linked pair of files copies, so a third site's copy is recognised

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attachment_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('root', sa.String(length=255), nullable=True))
        batch_op.create_index('ix_attachment_links_root', ['root'])


def downgrade() -> None:
    with op.batch_alter_table('attachment_links', schema=None) as batch_op:
        batch_op.drop_index('ix_attachment_links_root')
        batch_op.drop_column('root')
