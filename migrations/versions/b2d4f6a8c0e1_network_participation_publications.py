"""teachers in the professional network: participation in outside scientific-methodical events,
publications

Revision ID: b2d4f6a8c0e1
Revises: a1c3e5f7b9d2
Create Date: 2026-12-02 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2d4f6a8c0e1'
down_revision = 'a1c3e5f7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'network_participations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('event_title', sa.String(length=500), nullable=False),
        sa.Column('level', sa.String(length=20), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_network_participations_organisation_id_organisations')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_network_participations_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_network_participations')),
        sa.UniqueConstraint('person_id', 'event_title', 'held_on', 'role', name='uq_network_participations_once'),
    )
    with op.batch_alter_table('network_participations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_participations_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_participations_organisation_id'), ['organisation_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_network_participations_person_id'), ['person_id'], unique=False)
    op.create_table(
        'publications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=500), nullable=False),
        sa.Column('edition', sa.String(length=500), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('link', sa.String(length=1000), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_publications_organisation_id_organisations')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_publications_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
        sa.UniqueConstraint('person_id', 'title', 'year', name='uq_publications_person_title_year'),
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_person_id'), ['person_id'], unique=False)


def downgrade():
    op.drop_table('publications')
    op.drop_table('network_participations')
