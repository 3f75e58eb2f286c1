"""tenants and inbox

Revision ID: 0001
Revises: 
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

from addon.db.base import UtcDateTime


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tenants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_key', sa.String(length=255), nullable=False),
    sa.Column('forge_installation_id', sa.String(length=255), nullable=True),
    sa.Column('base_url', sa.String(length=1024), nullable=False),
    sa.Column('display_url', sa.String(length=1024), nullable=True),
    sa.Column('product_type', sa.String(length=64), nullable=False),
    sa.Column('cloud_id', sa.String(length=255), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('shared_secret_encrypted', sa.Text(), nullable=True),
    sa.Column('installed', sa.Boolean(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('installed_at', UtcDateTime(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.Column('uninstalled_at', UtcDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenants')),
    sa.UniqueConstraint('client_key', name=op.f('uq_tenants_client_key')),
    sa.UniqueConstraint('forge_installation_id', name=op.f('uq_tenants_forge_installation_id'))
    )
    op.create_table('inbox_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('webhook_identifier', sa.String(length=255), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('issue_id', sa.String(length=64), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('received_at', UtcDateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('processed_at', UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_inbox_events_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox_events')),
    sa.UniqueConstraint('tenant_id', 'webhook_identifier', name='uq_inbox_events_tenant_webhook')
    )
    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.create_index('ix_inbox_events_issue_order', ['tenant_id', 'issue_id', 'id'], unique=False)
        batch_op.create_index('ix_inbox_events_status', ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_events_status')
        batch_op.drop_index('ix_inbox_events_issue_order')

    op.drop_table('inbox_events')
    op.drop_table('tenants')
