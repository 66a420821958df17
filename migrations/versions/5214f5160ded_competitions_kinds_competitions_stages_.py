"""competitions: kinds, competitions, stages, nominations, entries, jury, criteria, scores, staff counts

Revision ID: 5214f5160ded
Revises: a731fb96d63a
Create Date: 2026-11-26 02:59:03.290534

"""
from alembic import op
import sqlalchemy as sa

DEFAULT_KINDS = ["Учитель года", "Педагогический дебют", "Воспитатель года", "Мой лучший урок",
                 "Лидер в образовании"]


# revision identifiers, used by Alembic.
revision = '5214f5160ded'
down_revision = 'a731fb96d63a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('competition_kinds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_kinds')),
    sa.UniqueConstraint('name', name=op.f('uq_competition_kinds_name'))
    )
    op.create_table('staff_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_staff_counts_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_counts')),
    sa.UniqueConstraint('organisation_id', 'school_year', name=op.f('uq_staff_counts_organisation_id'))
    )
    kinds_table = sa.table('competition_kinds', sa.column('name', sa.String), sa.column('position', sa.Integer))
    op.bulk_insert(kinds_table, [{'name': name, 'position': i} for i, name in enumerate(DEFAULT_KINDS)])
    op.create_table('competitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('run_by_centre', sa.Boolean(), nullable=False),
    sa.Column('organiser_name', sa.String(length=500), nullable=False),
    sa.Column('application_deadline', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('regulations_url', sa.String(length=1000), nullable=False),
    sa.Column('regulations_file_name', sa.String(length=255), nullable=False),
    sa.Column('regulations_file_key', sa.String(length=64), nullable=False),
    sa.Column('regulations_file_type', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('mean_over_jurors', sa.Boolean(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('occurrence_id', sa.Integer(), nullable=True),
    sa.Column('session_date', sa.Date(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_competitions_activity_id_activities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['kind_id'], ['competition_kinds.id'], name=op.f('fk_competitions_kind_id_competition_kinds')),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'], name=op.f('fk_competitions_occurrence_id_occurrences'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['organisations.id'], name=op.f('fk_competitions_owner_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitions'))
    )
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitions_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitions_kind_id'), ['kind_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitions_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitions_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitions_school_year'), ['school_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitions_status'), ['status'], unique=False)

    op.create_table('competition_jury',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=300), nullable=False),
    sa.Column('is_chair', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_jury_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_competition_jury_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_competition_jury_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_jury')),
    sa.UniqueConstraint('competition_id', 'name', name=op.f('uq_competition_jury_name')),
    sa.UniqueConstraint('competition_id', 'user_id', name=op.f('uq_competition_jury_user'))
    )
    with op.batch_alter_table('competition_jury', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_jury_competition_id'), ['competition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_jury_user_id'), ['user_id'], unique=False)

    op.create_table('competition_nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_nominations_competition_id_competitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_nominations')),
    sa.UniqueConstraint('competition_id', 'name', name=op.f('uq_competition_nominations_competition_id'))
    )
    with op.batch_alter_table('competition_nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_nominations_competition_id'), ['competition_id'], unique=False)

    op.create_table('competition_stages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_stages_competition_id_competitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_stages')),
    sa.UniqueConstraint('competition_id', 'stage', name=op.f('uq_competition_stages_competition_id'))
    )
    with op.batch_alter_table('competition_stages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_stages_competition_id'), ['competition_id'], unique=False)

    op.create_table('competition_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('max_score', sa.Float(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_criteria_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['competition_nominations.id'], name=op.f('fk_competition_criteria_nomination_id_competition_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_criteria'))
    )
    with op.batch_alter_table('competition_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_criteria_competition_id'), ['competition_id'], unique=False)

    op.create_table('competition_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('team_name', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('return_reason', sa.String(length=1000), nullable=False),
    sa.Column('stage_reached', sa.String(length=20), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('place', sa.Integer(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_entries_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['competition_nominations.id'], name=op.f('fk_competition_entries_nomination_id_competition_nominations')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_competition_entries_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_competition_entries_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_entries'))
    )
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_entries_competition_id'), ['competition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_entries_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_entries_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('competition_entry_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_key', sa.String(length=64), nullable=False),
    sa.Column('file_type', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['competition_entries.id'], name=op.f('fk_competition_entry_materials_entry_id_competition_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_entry_materials'))
    )
    with op.batch_alter_table('competition_entry_materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_entry_materials_entry_id'), ['entry_id'], unique=False)

    op.create_table('competition_entry_members',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('nomination_key', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'], name=op.f('fk_competition_entry_members_competition_id_competitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['competition_entries.id'], name=op.f('fk_competition_entry_members_entry_id_competition_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_competition_entry_members_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'person_id', name=op.f('pk_competition_entry_members')),
    sa.UniqueConstraint('competition_id', 'nomination_key', 'person_id', name='uq_competition_entry_members_person_once')
    )
    op.create_table('competition_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['competition_criteria.id'], name=op.f('fk_competition_scores_criterion_id_competition_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['competition_entries.id'], name=op.f('fk_competition_scores_entry_id_competition_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['juror_id'], ['competition_jury.id'], name=op.f('fk_competition_scores_juror_id_competition_jury'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competition_scores')),
    sa.UniqueConstraint('entry_id', 'criterion_id', 'juror_id', name=op.f('uq_competition_scores_entry_id'))
    )
    with op.batch_alter_table('competition_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competition_scores_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competition_scores_juror_id'), ['juror_id'], unique=False)



def downgrade():
    with op.batch_alter_table('competition_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_scores_juror_id'))
        batch_op.drop_index(batch_op.f('ix_competition_scores_entry_id'))

    op.drop_table('competition_scores')
    op.drop_table('competition_entry_members')
    with op.batch_alter_table('competition_entry_materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_entry_materials_entry_id'))

    op.drop_table('competition_entry_materials')
    with op.batch_alter_table('competition_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_entries_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_competition_entries_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_competition_entries_competition_id'))

    op.drop_table('competition_entries')
    with op.batch_alter_table('competition_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_criteria_competition_id'))

    op.drop_table('competition_criteria')
    with op.batch_alter_table('competition_stages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_stages_competition_id'))

    op.drop_table('competition_stages')
    with op.batch_alter_table('competition_nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_nominations_competition_id'))

    op.drop_table('competition_nominations')
    with op.batch_alter_table('competition_jury', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competition_jury_user_id'))
        batch_op.drop_index(batch_op.f('ix_competition_jury_competition_id'))

    op.drop_table('competition_jury')
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitions_status'))
        batch_op.drop_index(batch_op.f('ix_competitions_school_year'))
        batch_op.drop_index(batch_op.f('ix_competitions_owner_id'))
        batch_op.drop_index(batch_op.f('ix_competitions_level'))
        batch_op.drop_index(batch_op.f('ix_competitions_kind_id'))
        batch_op.drop_index(batch_op.f('ix_competitions_activity_id'))

    op.drop_table('competitions')
    op.drop_table('staff_counts')
    op.drop_table('competition_kinds')
