"""employments: a person's work at an organisation, from the day they started to the day they left

Revision ID: c6e8a0b2d4f5
Revises: b5d7f9a1c3e4
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6e8a0b2d4f5'
down_revision = 'b5d7f9a1c3e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'employments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.String(length=200), nullable=False),
        sa.Column('category', sa.String(length=30), nullable=False),
        sa.Column('main_job', sa.Boolean(), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('left_on', sa.Date(), nullable=True),
        sa.Column('leave_reason', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_employments_organisation_id_organisations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_employments_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_employments')),
        sa.UniqueConstraint('person_id', 'organisation_id', 'started_on',
                            name='uq_employments_person_organisation_started'),
    )
    with op.batch_alter_table('employments', schema=None) as batch_op:
        for column in ('person_id', 'organisation_id', 'started_on', 'left_on'):
            batch_op.create_index(batch_op.f(f'ix_employments_{column}'), [column], unique=False)


def downgrade():
    op.drop_table('employments')
