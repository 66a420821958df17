"""the reserve of teacher-leaders (кадровый резерв): a teacher nominated with a reason and a date

Revision ID: a4c6e8f0b2d3
Revises: f2b4c6d8e0a1
Create Date: 2026-12-02 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c6e8f0b2d3'
down_revision = 'f2b4c6d8e0a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_reserve',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('nominated_on', sa.Date(), nullable=False),
        sa.Column('nominated_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['nominated_by_id'], ['users.id'], name=op.f('fk_staff_reserve_nominated_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_staff_reserve_organisation_id_organisations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_staff_reserve_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_reserve')),
        sa.UniqueConstraint('person_id', name='uq_staff_reserve_person_id'),
    )
    with op.batch_alter_table('staff_reserve', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_reserve_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    op.drop_table('staff_reserve')
