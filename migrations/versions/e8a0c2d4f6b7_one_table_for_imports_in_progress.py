"""imports in progress of every kind but the plan's in one pair of tables (the shared «import with
a preview»): the courses' and the diagnostic's drafts move there, their own tables go

Revision ID: e8a0c2d4f6b7
Revises: d7f9b1c3e5a6
Create Date: 2026-12-02 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a0c2d4f6b7'
down_revision = 'd7f9b1c3e5a6'
branch_labels = None
depends_on = None

OLD = {  # table: (kind, its own columns that become settings)
    'course_imports': ('courses', ('provider_id', 'form')),
    'diagnostic_imports': ('diagnostics', ('year',)),
}
COMMON = ('municipality_id', 'organisation_id', 'created_by_id', 'created_at', 'filename', 'imported_at')


def upgrade():
    drafts = op.create_table(
        'import_drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_import_drafts_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_import_drafts_municipality_id_municipalities')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_import_drafts_organisation_id_organisations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_drafts')),
    )
    with op.batch_alter_table('import_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_drafts_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_drafts_organisation_id'), ['organisation_id'], unique=False)
    rows = op.create_table(
        'import_draft_rows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('import_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['import_id'], ['import_drafts.id'],
                                name=op.f('fk_import_draft_rows_import_id_import_drafts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_draft_rows')),
        sa.UniqueConstraint('import_id', 'position', name='uq_import_draft_rows_import_position'),
    )
    with op.batch_alter_table('import_draft_rows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_draft_rows_import_id'), ['import_id'], unique=False)

    connection = op.get_bind()
    for table_name, (kind, own) in OLD.items():
        typed = {'created_at': sa.DateTime(), 'imported_at': sa.DateTime()}
        old = sa.table(table_name, sa.column('id'), *(sa.column(c, typed.get(c)) for c in COMMON + own))
        old_rows = sa.table(table_name.replace('_imports', '_import_rows'), sa.column('import_id'),
                            sa.column('position'), sa.column('data', sa.JSON()))
        for draft in connection.execute(sa.select(old)).mappings().all():
            new_id = connection.execute(drafts.insert().values(
                kind=kind, settings={c: draft[c] for c in own}, **{c: draft[c] for c in COMMON})
                .returning(drafts.c.id)).scalar_one()
            copied = connection.execute(sa.select(old_rows.c.position, old_rows.c.data)
                                        .where(old_rows.c.import_id == draft['id'])).all()
            if copied:
                connection.execute(rows.insert(), [{'import_id': new_id, 'position': r.position, 'data': r.data}
                                                   for r in copied])
    for table_name in OLD:
        op.drop_table(table_name.replace('_imports', '_import_rows'))
        op.drop_table(table_name)


def downgrade():
    # The drafts in progress of the old kinds are not carried back: an upload is made again in a minute.
    op.create_table(
        'course_imports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('form', sa.String(length=20), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_course_imports_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_course_imports_municipality_id_municipalities')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_course_imports_organisation_id_organisations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['provider_id'], ['course_providers.id'],
                                name=op.f('fk_course_imports_provider_id_course_providers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_imports')),
    )
    op.create_table(
        'diagnostic_imports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_diagnostic_imports_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_diagnostic_imports_municipality_id_municipalities')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_diagnostic_imports_organisation_id_organisations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnostic_imports')),
    )
    for table_name in OLD:
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table_name}_organisation_id'), ['organisation_id'], unique=False)
            batch_op.create_index(batch_op.f(f'ix_{table_name}_municipality_id'), ['municipality_id'], unique=False)
        rows_name = table_name.replace('_imports', '_import_rows')
        op.create_table(
            rows_name,
            sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('import_id', sa.Integer(), nullable=False),
            sa.Column('position', sa.Integer(), nullable=False),
            sa.Column('data', sa.JSON(), nullable=False),
            sa.ForeignKeyConstraint(['import_id'], [f'{table_name}.id'],
                                    name=op.f(f'fk_{rows_name}_import_id_{table_name}'), ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{rows_name}')),
            sa.UniqueConstraint('import_id', 'position', name=f'uq_{rows_name}_import_position'),
        )
        with op.batch_alter_table(rows_name, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{rows_name}_import_id'), ['import_id'], unique=False)
    op.drop_table('import_draft_rows')
    op.drop_table('import_drafts')
