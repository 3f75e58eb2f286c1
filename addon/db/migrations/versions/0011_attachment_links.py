"""attachment_links: which attachment on one side of a pair is the copy of which on the other

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'attachment_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('issue_link_id', sa.Integer(), nullable=False),
        sa.Column('side', sa.String(length=1), nullable=False),
        sa.Column('source_attachment_id', sa.String(length=64), nullable=False),
        sa.Column('copy_attachment_id', sa.String(length=64), nullable=True),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['issue_link_id'], ['issue_links.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('issue_link_id', 'side', 'source_attachment_id', name='uq_attachment_links'),
    )
    op.create_index('ix_attachment_links_issue_link_id', 'attachment_links', ['issue_link_id'])


def downgrade() -> None:
    op.drop_index('ix_attachment_links_issue_link_id', table_name='attachment_links')
    op.drop_table('attachment_links')
