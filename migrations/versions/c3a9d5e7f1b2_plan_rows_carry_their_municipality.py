"""sections, activities and occurrences carry their programme's municipality: the scope's
criterion a column, not a join through the programme on every query

Revision ID: c3a9d5e7f1b2
Revises: b7f2e1d4c9a3
Create Date: 2026-12-02 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a9d5e7f1b2'
down_revision = 'b7f2e1d4c9a3'
branch_labels = None
depends_on = None

# Each table, the one above it and the key that points there, in the order they are filled.
ROWS = [('sections', 'programmes', 'programme_id'), ('activities', 'sections', 'section_id'),
        ('occurrences', 'activities', 'activity_id')]


def upgrade():
    for table, parent, key in ROWS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
        op.execute(f'UPDATE {table} SET municipality_id = (SELECT {parent}.municipality_id FROM {parent} '
                   f'WHERE {parent}.id = {table}.{key})')
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('municipality_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_municipality_id'), ['municipality_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_municipality_id_municipalities'), 'municipalities',
                                        ['municipality_id'], ['id'])


def downgrade():
    for table, _, _ in reversed(ROWS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_municipality_id_municipalities'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_municipality_id'))
            batch_op.drop_column('municipality_id')
