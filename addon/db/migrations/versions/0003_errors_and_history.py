"""errors and history: failed events per connection, sync_history, issue_links.checked_at

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

from addon.db.base import UtcDateTime


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('connection_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.Column('direction', sa.String(length=4), nullable=False),
    sa.Column('source_issue_id', sa.String(length=64), nullable=True),
    sa.Column('source_issue_key', sa.String(length=64), nullable=True),
    sa.Column('target_issue_key', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_sync_history_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_history'))
    )
    with op.batch_alter_table('sync_history', schema=None) as batch_op:
        batch_op.create_index('ix_sync_history_at', ['at'], unique=False)
        batch_op.create_index('ix_sync_history_connection_order', ['connection_id', 'id'], unique=False)
        batch_op.create_index('ix_sync_history_source_issue', ['connection_id', 'source_issue_key'], unique=False)
        batch_op.create_index('ix_sync_history_target_issue', ['connection_id', 'target_issue_key'], unique=False)

    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_connection_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attempted', sa.Text(), nullable=True))
        batch_op.create_index('ix_inbox_events_failed_connection', ['failed_connection_id', 'status'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_inbox_events_failed_connection_id_connections'), 'connections', ['failed_connection_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('issue_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_at', UtcDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('issue_links', schema=None) as batch_op:
        batch_op.drop_column('checked_at')

    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_inbox_events_failed_connection_id_connections'), type_='foreignkey')
        batch_op.drop_index('ix_inbox_events_failed_connection')
        batch_op.drop_column('attempted')
        batch_op.drop_column('failed_connection_id')

    with op.batch_alter_table('sync_history', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_history_target_issue')
        batch_op.drop_index('ix_sync_history_source_issue')
        batch_op.drop_index('ix_sync_history_connection_order')
        batch_op.drop_index('ix_sync_history_at')

    op.drop_table('sync_history')
