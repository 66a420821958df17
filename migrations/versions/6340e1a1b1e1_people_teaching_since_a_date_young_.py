"""people: teaching since a date, young specialist by hand

Experience in years goes stale a year after it is typed. People now keep the date they started
teaching, and the years are derived for any date; today's experience_years becomes that date
(the same day, N years ago). A young specialist may also be flagged by hand.

Revision ID: 6340e1a1b1e1
Revises: 5214f5160ded
Create Date: 2026-11-26 03:27:40.143208

"""
from datetime import date

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '6340e1a1b1e1'
down_revision = '5214f5160ded'
branch_labels = None
depends_on = None

people = sa.table('people', sa.column('id', sa.Integer), sa.column('experience_years', sa.Integer),
                  sa.column('teaching_since', sa.Date))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def upgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('teaching_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('young_by_hand', sa.Boolean(), server_default=sa.false(), nullable=False))
    connection = op.get_bind()
    today = date.today()
    for person_id, years in connection.execute(
            sa.select(people.c.id, people.c.experience_years).where(people.c.experience_years.is_not(None))).all():
        connection.execute(people.update().where(people.c.id == person_id)
                           .values(teaching_since=_years_before(today, years)))
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('experience_years')


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('experience_years', sa.INTEGER(), nullable=True))
    connection = op.get_bind()
    today = date.today()
    for person_id, since in connection.execute(
            sa.select(people.c.id, people.c.teaching_since).where(people.c.teaching_since.is_not(None))).all():
        years = today.year - since.year - ((today.month, today.day) < (since.month, since.day))
        connection.execute(people.update().where(people.c.id == person_id).values(experience_years=max(years, 0)))
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('young_by_hand')
        batch_op.drop_column('teaching_since')
