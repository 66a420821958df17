"""activity links: indexed by the organisation and by the person too (a school's chosen
activities across a region's plans were read by scanning the table)

Revision ID: b7f2e1d4c9a3
Revises: 9e4c7a2b6d18
Create Date: 2026-12-02 03:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7f2e1d4c9a3'
down_revision = '9e4c7a2b6d18'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f('ix_activity_organisations_organisation_id'), 'activity_organisations', ['organisation_id'],
                    unique=False)
    op.create_index(op.f('ix_activity_people_person_id'), 'activity_people', ['person_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_activity_people_person_id'), table_name='activity_people')
    op.drop_index(op.f('ix_activity_organisations_organisation_id'), table_name='activity_organisations')
