"""connections halves links leases

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

from addon.db.base import UtcDateTime


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('connections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('scenario', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attention', sa.Text(), nullable=True),
    sa.Column('a_tenant_id', sa.Integer(), nullable=False),
    sa.Column('a_project_id', sa.String(length=64), nullable=False),
    sa.Column('a_project_key', sa.String(length=64), nullable=False),
    sa.Column('b_tenant_id', sa.Integer(), nullable=True),
    sa.Column('b_project_id', sa.String(length=64), nullable=True),
    sa.Column('b_project_key', sa.String(length=64), nullable=True),
    sa.Column('requested_by', sa.String(length=128), nullable=True),
    sa.Column('accepted_by', sa.String(length=128), nullable=True),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.Column('started_at', UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['a_tenant_id'], ['tenants.id'], name=op.f('fk_connections_a_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['b_tenant_id'], ['tenants.id'], name=op.f('fk_connections_b_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_connections'))
    )
    op.create_table('issue_leases',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.String(length=128), nullable=False),
    sa.Column('expires_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_issue_leases_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'issue_id', name=op.f('pk_issue_leases'))
    )
    op.create_table('halves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('connection_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=1), nullable=False),
    sa.Column('draft', sa.Text(), nullable=False),
    sa.Column('published', sa.Text(), nullable=True),
    sa.Column('published_at', UtcDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.String(length=128), nullable=True),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_halves_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_halves')),
    sa.UniqueConstraint('connection_id', 'side', name='uq_halves_connection_side')
    )
    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('connection_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('server_url', sa.String(length=1024), nullable=False),
    sa.Column('expires_at', UtcDateTime(), nullable=False),
    sa.Column('used_at', UtcDateTime(), nullable=True),
    sa.Column('used_by_tenant_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_invitations_connection_id_connections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['used_by_tenant_id'], ['tenants.id'], name=op.f('fk_invitations_used_by_tenant_id_tenants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invitations_code_hash'))
    )
    op.create_table('issue_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('connection_id', sa.Integer(), nullable=False),
    sa.Column('a_issue_id', sa.String(length=64), nullable=False),
    sa.Column('a_issue_key', sa.String(length=64), nullable=False),
    sa.Column('b_issue_id', sa.String(length=64), nullable=False),
    sa.Column('b_issue_key', sa.String(length=64), nullable=False),
    sa.Column('a_written', sa.Text(), nullable=False),
    sa.Column('b_written', sa.Text(), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('last_synced_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_issue_links_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issue_links')),
    sa.UniqueConstraint('connection_id', 'a_issue_id', name='uq_issue_links_a'),
    sa.UniqueConstraint('connection_id', 'b_issue_id', name='uq_issue_links_b')
    )
    op.create_table('comment_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issue_link_id', sa.Integer(), nullable=False),
    sa.Column('a_comment_id', sa.String(length=64), nullable=False),
    sa.Column('b_comment_id', sa.String(length=64), nullable=False),
    sa.Column('a_written', sa.String(length=64), nullable=True),
    sa.Column('b_written', sa.String(length=64), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['issue_link_id'], ['issue_links.id'], name=op.f('fk_comment_links_issue_link_id_issue_links'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_links')),
    sa.UniqueConstraint('issue_link_id', 'a_comment_id', name='uq_comment_links_a'),
    sa.UniqueConstraint('issue_link_id', 'b_comment_id', name='uq_comment_links_b')
    )
    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))

    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('app_account_id', sa.String(length=128), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_column('app_account_id')

    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.drop_column('note')

    op.drop_table('comment_links')
    op.drop_table('issue_links')
    op.drop_table('invitations')
    op.drop_table('halves')
    op.drop_table('issue_leases')
    op.drop_table('connections')
