"""marks name the linked record that made them

source_event_id becomes (source_kind, source_id), so that competitions and later parts report
the centre's mark through the same code as events. Existing event-made marks are carried over.

Revision ID: a731fb96d63a
Revises: 4f8536ec892f
Create Date: 2026-11-26 02:56:38.987395

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a731fb96d63a'
down_revision = '4f8536ec892f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('completion_marks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_kind', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('source_id', sa.Integer(), nullable=True))
    op.execute("UPDATE completion_marks SET source_kind = 'event', source_id = source_event_id "
               "WHERE source_event_id IS NOT NULL")
    with op.batch_alter_table('completion_marks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_completion_marks_source_event_id_events'), type_='foreignkey')
        batch_op.drop_column('source_event_id')



def downgrade():
    with op.batch_alter_table('completion_marks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_event_id', sa.INTEGER(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_completion_marks_source_event_id_events'), 'events', ['source_event_id'], ['id'], ondelete='SET NULL')
    op.execute("UPDATE completion_marks SET source_event_id = source_id WHERE source_kind = 'event' "
               "AND source_id IN (SELECT id FROM events)")
    with op.batch_alter_table('completion_marks', schema=None) as batch_op:
        batch_op.drop_column('source_id')
        batch_op.drop_column('source_kind')

