"""municipalities: organisations, programmes, events, competitions, users, audit entries and
imports in progress belong to one; an existing database goes whole into the first

Revision ID: 3a1f9c2e7b10
Revises: c7cd101a7926
Create Date: 2026-12-01 22:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3a1f9c2e7b10'
down_revision = 'c7cd101a7926'
branch_labels = None
depends_on = None

FIRST = "Муниципальное образование"  # renamed by the region's administrator
OWNED = {  # table: whether every row must have a municipality
    'organisations': True, 'programmes': True, 'events': True,
    'plan_imports': True, 'course_imports': True, 'diagnostic_imports': True,
    'competitions': False, 'users': False, 'audit_entries': False,
}


def upgrade():
    op.create_table('municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short_name', sa.String(length=100), nullable=False),
    sa.Column('oktmo', sa.String(length=11), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities')),
    sa.UniqueConstraint('short_name', name=op.f('uq_municipalities_short_name'))
    )
    # Everything already here is one municipality's: an empty database gets it too, so that a
    # new install of one municipality works as before.
    op.execute(sa.text("INSERT INTO municipalities (name, short_name, oktmo) VALUES (:name, :name, '')")
               .bindparams(name=FIRST))
    for table in OWNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET municipality_id = (SELECT min(id) FROM municipalities)")
        with op.batch_alter_table(table, schema=None) as batch_op:
            if OWNED[table]:
                batch_op.alter_column('municipality_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_municipality_id'), ['municipality_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_municipality_id_municipalities'), 'municipalities',
                                        ['municipality_id'], ['id'])
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_organisations_short_name', type_='unique')
        batch_op.create_unique_constraint('uq_organisations_municipality_short_name', ['municipality_id', 'short_name'])


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_organisations_municipality_short_name', type_='unique')
        batch_op.create_unique_constraint('uq_organisations_short_name', ['short_name'])
    for table in reversed(list(OWNED)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_municipality_id_municipalities'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_municipality_id'))
            batch_op.drop_column('municipality_id')
    op.drop_table('municipalities')
