"""vacancies of the schools, and the municipality's dated snapshots of the open ones

Revision ID: f2b4c6d8e0a1
Revises: e1f3a5c7d9b2
Create Date: 2026-12-02 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b4c6d8e0a1'
down_revision = 'e1f3a5c7d9b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'vacancies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.String(length=200), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('load_rates', sa.Float(), nullable=False),
        sa.Column('education', sa.String(length=500), nullable=False),
        sa.Column('extra_skills', sa.Text(), nullable=False),
        sa.Column('needed_from', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.Column('hired_person_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['hired_person_id'], ['people.id'], name=op.f('fk_vacancies_hired_person_id_people'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_vacancies_organisation_id_organisations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancies')),
    )
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancies_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancies_status'), ['status'], unique=False)
    op.create_table(
        'vacancy_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('taken_on', sa.Date(), nullable=False),
        sa.Column('taken_at', sa.DateTime(), nullable=False),
        sa.Column('taken_by_id', sa.Integer(), nullable=True),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_vacancy_snapshots_municipality_id_municipalities')),
        sa.ForeignKeyConstraint(['taken_by_id'], ['users.id'], name=op.f('fk_vacancy_snapshots_taken_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy_snapshots')),
        sa.UniqueConstraint('municipality_id', 'taken_on', name='uq_vacancy_snapshots_municipality_taken_on'),
    )
    with op.batch_alter_table('vacancy_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_snapshots_municipality_id'), ['municipality_id'], unique=False)


def downgrade():
    op.drop_table('vacancy_snapshots')
    op.drop_table('vacancies')
