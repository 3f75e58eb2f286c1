"""tenants: the Forge door's API base URL and newest app system token (sealed), with its expiry

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

from addon.db.base import UtcDateTime


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forge_api_base_url', sa.String(length=1024), nullable=True))
        batch_op.add_column(sa.Column('forge_app_token_encrypted', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('forge_app_token_expires_at', UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_column('forge_app_token_expires_at')
        batch_op.drop_column('forge_app_token_encrypted')
        batch_op.drop_column('forge_api_base_url')
