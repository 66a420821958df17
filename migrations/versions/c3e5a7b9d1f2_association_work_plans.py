"""an association's plan of work for a school year is a programme tied to the association

Revision ID: c3e5a7b9d1f2
Revises: b2d4f6a8c0e1
Create Date: 2026-12-07 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e5a7b9d1f2'
down_revision = 'b2d4f6a8c0e1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('association_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_programmes_association_id'), ['association_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_programmes_association_id_associations'), 'associations',
                                    ['association_id'], ['id'], ondelete='CASCADE')
        batch_op.create_unique_constraint('uq_programmes_association_year', ['association_id', 'start_year'])


def downgrade():
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_constraint('uq_programmes_association_year', type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_programmes_association_id_associations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_programmes_association_id'))
        batch_op.drop_column('association_id')
