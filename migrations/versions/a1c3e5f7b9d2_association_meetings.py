"""an event may be a meeting (заседание) of a methodical association; an account may be a registry
person's (the association leader's)

Revision ID: a1c3e5f7b9d2
Revises: f9b1d3e5a7c8
Create Date: 2026-12-02 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f7b9d2'
down_revision = 'f9b1d3e5a7c8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('association_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_association_id'), ['association_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_association_id_associations'), 'associations',
                                    ['association_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_person_id_people'), 'people', ['person_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_person_id_people'), type_='foreignkey')
        batch_op.drop_column('person_id')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_association_id_associations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_association_id'))
        batch_op.drop_column('association_id')
