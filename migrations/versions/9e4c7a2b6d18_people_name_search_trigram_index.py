"""people: a trigram index for the person pickers' search by any part of the name (PostgreSQL)

A region has 60,000 teachers; «ива» typed in a picker is `lower(full_name) LIKE '%ива%'`, which a
btree cannot serve. pg_trgm's GIN index can. SQLite (the embedded install, one municipality)
scans, which is fast at its size.

Revision ID: 9e4c7a2b6d18
Revises: 8d3b5f1c2a47
Create Date: 2026-12-02 02:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '9e4c7a2b6d18'
down_revision = '8d3b5f1c2a47'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.execute('CREATE INDEX IF NOT EXISTS ix_people_full_name_trgm ON people USING gin (lower(full_name) gin_trgm_ops)')


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP INDEX IF EXISTS ix_people_full_name_trgm')
