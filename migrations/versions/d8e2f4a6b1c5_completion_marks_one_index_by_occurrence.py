"""completion marks: the occurrence's own index dropped — the unique key (occurrence, organisation)
serves lookups by occurrence, and with the single-column index PostgreSQL read every school's mark
of an occurrence to find one school's

Revision ID: d8e2f4a6b1c5
Revises: c3a9d5e7f1b2
Create Date: 2026-12-02 05:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd8e2f4a6b1c5'
down_revision = 'c3a9d5e7f1b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('completion_marks', schema=None) as batch_op:
        batch_op.drop_index('ix_completion_marks_occurrence_id')


def downgrade():
    with op.batch_alter_table('completion_marks', schema=None) as batch_op:
        batch_op.create_index('ix_completion_marks_occurrence_id', ['occurrence_id'], unique=False)
