"""create_intents: a twin's create call recorded before it is made, so a lost answer never makes a second twin

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

from addon.db.base import UtcDateTime


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'create_intents',
        sa.Column('connection_id', sa.Integer(), nullable=False),
        sa.Column('side', sa.String(length=1), nullable=False),
        sa.Column('source_issue_id', sa.String(length=64), nullable=False),
        sa.Column('origin', sa.String(length=200), nullable=False),
        sa.Column('opened_at', UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['connection_id'], ['connections.id'],
                                name=op.f('fk_create_intents_connection_id_connections'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('connection_id', 'side', 'source_issue_id', name=op.f('pk_create_intents')),
    )


def downgrade() -> None:
    op.drop_table('create_intents')
