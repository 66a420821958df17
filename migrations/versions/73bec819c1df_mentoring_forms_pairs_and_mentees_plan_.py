"""mentoring: forms, pairs and mentees, plan steps, mentor profiles, questionnaires and private links

Revision ID: 73bec819c1df
Revises: 6340e1a1b1e1
Create Date: 2026-11-26 03:28:19.232344

"""
from alembic import op
import sqlalchemy as sa

DEFAULT_FORMS = ["педагог – педагог", "руководитель – педагог", "педагог – молодой специалист", "реверсивное",
                 "групповое", "виртуальное"]
DEFAULT_QUESTIONS = [
    "Встречи с наставником (наставляемым) были регулярными и полезными",
    "Цели индивидуального плана были понятны и достижимы",
    "Я получил(а) поддержку, когда она была нужна",
    "Работа в паре помогла мне профессионально",
    "Я готов(а) продолжить работу в наставничестве",
]


# revision identifiers, used by Alembic.
revision = '73bec819c1df'
down_revision = '6340e1a1b1e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mentoring_forms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_forms')),
    sa.UniqueConstraint('name', name=op.f('uq_mentoring_forms_name'))
    )
    op.create_table('mentoring_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_questions')),
    sa.UniqueConstraint('name', name=op.f('uq_mentoring_questions_name'))
    )
    op.create_table('mentor_profiles',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('from_outside', sa.Boolean(), nullable=False),
    sa.Column('courses_in_region', sa.Boolean(), nullable=False),
    sa.Column('courses_elsewhere', sa.Boolean(), nullable=False),
    sa.Column('training_in_region', sa.Boolean(), nullable=False),
    sa.Column('training_elsewhere', sa.Boolean(), nullable=False),
    sa.Column('needs_training', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_mentor_profiles_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_mentor_profiles'))
    )
    forms = sa.table('mentoring_forms', sa.column('name', sa.String), sa.column('position', sa.Integer))
    op.bulk_insert(forms, [{'name': name, 'position': i} for i, name in enumerate(DEFAULT_FORMS)])
    questions = sa.table('mentoring_questions', sa.column('name', sa.String), sa.column('position', sa.Integer))
    op.bulk_insert(questions, [{'name': name, 'position': i} for i, name in enumerate(DEFAULT_QUESTIONS)])
    op.create_table('mentoring_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('order_number', sa.String(length=100), nullable=False),
    sa.Column('order_date', sa.Date(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('status_reason', sa.String(length=1000), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['mentoring_forms.id'], name=op.f('fk_mentoring_pairs_form_id_mentoring_forms')),
    sa.ForeignKeyConstraint(['mentor_id'], ['people.id'], name=op.f('fk_mentoring_pairs_mentor_id_people')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_mentoring_pairs_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_pairs'))
    )
    with op.batch_alter_table('mentoring_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_pairs_form_id'), ['form_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_pairs_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_pairs_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_pairs_status'), ['status'], unique=False)

    op.create_table('mentoring_pair_mentees',
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('active_form_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['active_form_id'], ['mentoring_forms.id'], name=op.f('fk_mentoring_pair_mentees_active_form_id_mentoring_forms')),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_mentoring_pair_mentees_pair_id_mentoring_pairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_mentoring_pair_mentees_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pair_id', 'person_id', name=op.f('pk_mentoring_pair_mentees')),
    sa.UniqueConstraint('person_id', 'active_form_id', name='uq_mentoring_pair_mentees_active')
    )
    with op.batch_alter_table('mentoring_pair_mentees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_pair_mentees_person_id'), ['person_id'], unique=False)

    op.create_table('mentoring_plan_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('deadline_text', sa.String(length=300), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('comment', sa.String(length=1000), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_mentoring_plan_steps_pair_id_mentoring_pairs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_plan_steps'))
    )
    with op.batch_alter_table('mentoring_plan_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_plan_steps_pair_id'), ['pair_id'], unique=False)

    op.create_table('mentoring_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.String(length=10), nullable=False),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('mean', sa.Double(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_mentoring_responses_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_mentoring_responses_pair_id_mentoring_pairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_mentoring_responses_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_responses')),
    sa.UniqueConstraint('pair_id', 'person_id', 'school_year', name='uq_mentoring_responses_once')
    )
    with op.batch_alter_table('mentoring_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_responses_pair_id'), ['pair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_responses_school_year'), ['school_year'], unique=False)

    op.create_table('mentoring_survey_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.String(length=10), nullable=False),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['pair_id'], ['mentoring_pairs.id'], name=op.f('fk_mentoring_survey_links_pair_id_mentoring_pairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_mentoring_survey_links_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_survey_links')),
    sa.UniqueConstraint('token', name=op.f('uq_mentoring_survey_links_token'))
    )
    with op.batch_alter_table('mentoring_survey_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_survey_links_pair_id'), ['pair_id'], unique=False)

    op.create_table('mentoring_answers',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['mentoring_questions.id'], name=op.f('fk_mentoring_answers_question_id_mentoring_questions')),
    sa.ForeignKeyConstraint(['response_id'], ['mentoring_responses.id'], name=op.f('fk_mentoring_answers_response_id_mentoring_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'question_id', name=op.f('pk_mentoring_answers'))
    )


def downgrade():
    op.drop_table('mentoring_answers')
    with op.batch_alter_table('mentoring_survey_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_survey_links_pair_id'))

    op.drop_table('mentoring_survey_links')
    with op.batch_alter_table('mentoring_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_responses_school_year'))
        batch_op.drop_index(batch_op.f('ix_mentoring_responses_pair_id'))

    op.drop_table('mentoring_responses')
    with op.batch_alter_table('mentoring_plan_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_plan_steps_pair_id'))

    op.drop_table('mentoring_plan_steps')
    with op.batch_alter_table('mentoring_pair_mentees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_pair_mentees_person_id'))

    op.drop_table('mentoring_pair_mentees')
    with op.batch_alter_table('mentoring_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_pairs_status'))
        batch_op.drop_index(batch_op.f('ix_mentoring_pairs_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_pairs_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_pairs_form_id'))

    op.drop_table('mentoring_pairs')
    op.drop_table('mentor_profiles')
    op.drop_table('mentoring_questions')
    op.drop_table('mentoring_forms')
