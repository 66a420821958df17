"""competition entries: a municipal winner put forward to a regional competition remembers its entry

Revision ID: 8d3b5f1c2a47
Revises: 5c2e8d4a9f31
Create Date: 2026-12-02 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d3b5f1c2a47'
down_revision = '5c2e8d4a9f31'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forwarded_from_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_competition_entries_forwarded_from_id'), ['forwarded_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_competition_entries_forwarded_from_id_competition_entries'),
                                    'competition_entries', ['forwarded_from_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_competition_entries_forwarded_from_id_competition_entries'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_competition_entries_forwarded_from_id'))
        batch_op.drop_column('forwarded_from_id')
