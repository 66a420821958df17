"""people's sex (personal data, for the pension-age count) and a municipality's staff thresholds

Revision ID: d7f9b1c3e5a6
Revises: c6e8a0b2d4f5
Create Date: 2026-12-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7f9b1c3e5a6'
down_revision = 'c6e8a0b2d4f5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sex', sa.String(length=1), server_default='', nullable=False))
    op.create_table(
        'staff_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('pension_age_women', sa.Integer(), nullable=False),
        sa.Column('pension_age_men', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_staff_settings_municipality_id_municipalities')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_settings')),
        sa.UniqueConstraint('municipality_id', name=op.f('uq_staff_settings_municipality_id')),
    )


def downgrade():
    op.drop_table('staff_settings')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('sex')
