"""methodical associations (РМО, ШМО …): the association, its members with role and dates, and its
leadership appointed by order

Revision ID: f9b1d3e5a7c8
Revises: e8a0c2d4f6b7
Create Date: 2026-12-02 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f9b1d3e5a7c8'
down_revision = 'e8a0c2d4f6b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'associations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.String(length=20), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_associations_organisation_id_organisations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_associations')),
        sa.UniqueConstraint('organisation_id', 'name', name='uq_associations_organisation_name'),
    )
    with op.batch_alter_table('associations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_associations_organisation_id'), ['organisation_id'], unique=False)
    op.create_table(
        'association_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('association_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('joined_on', sa.Date(), nullable=False),
        sa.Column('left_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['association_id'], ['associations.id'],
                                name=op.f('fk_association_members_association_id_associations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_association_members_organisation_id_organisations')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_association_members_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_association_members')),
        sa.UniqueConstraint('association_id', 'person_id', 'joined_on',
                            name='uq_association_members_association_person_joined'),
    )
    with op.batch_alter_table('association_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_association_members_association_id'), ['association_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_association_members_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_association_members_person_id'), ['person_id'], unique=False)
    op.create_table(
        'association_appointments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('association_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('post', sa.String(length=20), nullable=False),
        sa.Column('order_number', sa.String(length=50), nullable=False),
        sa.Column('order_date', sa.Date(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['association_id'], ['associations.id'],
                                name=op.f('fk_association_appointments_association_id_associations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_association_appointments_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_association_appointments')),
        sa.UniqueConstraint('association_id', 'person_id', 'post', 'starts_on', name='uq_association_appointments_once'),
    )
    with op.batch_alter_table('association_appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_association_appointments_association_id'), ['association_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_association_appointments_person_id'), ['person_id'], unique=False)


def downgrade():
    op.drop_table('association_appointments')
    op.drop_table('association_members')
    op.drop_table('associations')
