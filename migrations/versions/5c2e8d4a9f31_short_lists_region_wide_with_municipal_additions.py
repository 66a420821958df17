"""short lists: region-wide (no municipality) with each municipality's own additions

Revision ID: 5c2e8d4a9f31
Revises: 3a1f9c2e7b10
Create Date: 2026-12-01 23:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c2e8d4a9f31'
down_revision = '3a1f9c2e7b10'
branch_labels = None
depends_on = None

# What exists stays region-wide (municipality_id NULL); a municipality's additions carry it.
LISTS = ['event_formats', 'competition_kinds', 'mentoring_forms', 'mentoring_questions', 'competence_areas',
         'course_providers']


def upgrade():
    for table in LISTS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_municipality_id'), ['municipality_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_municipality_id_municipalities'), 'municipalities',
                                        ['municipality_id'], ['id'])
            batch_op.drop_constraint(f'uq_{table}_name', type_='unique')
            batch_op.create_unique_constraint(f'uq_{table}_municipality_name', ['municipality_id', 'name'])


def downgrade():
    for table in reversed(LISTS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'uq_{table}_municipality_name', type_='unique')
            batch_op.create_unique_constraint(f'uq_{table}_name', ['name'])
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_municipality_id_municipalities'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_municipality_id'))
            batch_op.drop_column('municipality_id')
