"""Command line: `flask --app wsgi demo`, `flask --app wsgi create-user`."""
import click
from flask import Flask
from sqlalchemy import select

from app.auth.models import Role, User
from app.extensions import db
from app.registry.models import Organisation


def register_cli(app: Flask) -> None:
    @app.cli.command("demo")
    @click.option("--activities", type=click.IntRange(1, 100000), help="Add a synthetic programme of N activities.")
    @click.option("--schools", type=click.IntRange(1, 1000), default=15, show_default=True,
                  help="Schools taking part in the synthetic programme.")
    @click.option("--events", type=click.IntRange(1, 100000), help="Add N synthetic events.")
    @click.option("--registrations", type=click.IntRange(0, 100000), default=300, show_default=True,
                  help="Registrations of the one large synthetic event added with --events.")
    @click.option("--competitions", type=click.IntRange(1, 100000),
                  help="Add N synthetic competitions and one with a full score sheet.")
    @click.option("--entries", type=click.IntRange(0, 1000000), default=5000, show_default=True,
                  help="Entries in all of the synthetic competitions added with --competitions.")
    @click.option("--pairs", type=click.IntRange(1, 1000000), help="Add N synthetic mentoring pairs.")
    @click.option("--pair-schools", type=click.IntRange(1, 1000), default=40, show_default=True,
                  help="Schools the synthetic pairs are spread over.")
    @click.option("--courses", type=click.IntRange(1, 1000000), help="Add N synthetic course records.")
    @click.option("--course-schools", type=click.IntRange(1, 1000), default=40, show_default=True,
                  help="Schools the synthetic course records are spread over.")
    @click.option("--indicators", type=click.IntRange(1, 1000),
                  help="Add N synthetic indicators to the latest programme (entered, computed, by schools).")
    @click.option("--if-empty", is_flag=True, help="Load the demo only into an empty database.")
    @click.option("--one-municipality", is_flag=True,
                  help="Only Калининский район (the benchmarks add their synthetic data to it).")
    def demo(activities, schools, events, registrations, competitions, entries, pairs, pair_schools, courses,
             course_schools, indicators, if_empty, one_municipality):
        """Load the demo region (Калининский район, г.о. Баксан, Усть-Лабинский район) and its accounts."""
        from app.demo.loader import is_empty, load_synthetic, load_synthetic_events

        if any((activities, events, competitions, pairs, courses, indicators)):
            # Synthetic data goes into the first municipality (Калининский район in the demo region).
            from sqlalchemy import select

            from app.extensions import db
            from app.municipalities.models import Municipality
            from app.municipalities.scope import enter
            enter(db.session.scalar(select(Municipality.id).order_by(Municipality.id).limit(1)))
        if indicators:
            from app.demo.indicators import load_synthetic_indicators

            programme = load_synthetic_indicators(indicators)
            click.echo(f"Добавлено показателей: {indicators} в «{programme.title[:40]}…» (id {programme.id}).")
            return

        if courses:
            from app.demo.courses import load_synthetic_courses

            load_synthetic_courses(courses, course_schools)
            click.echo(f"Добавлено записей о курсах: {courses}, школ: {course_schools}.")
            if not (pairs or competitions or events or activities):
                return

        if pairs:
            from app.demo.mentoring import load_synthetic_mentoring

            load_synthetic_mentoring(pairs, pair_schools)
            click.echo(f"Добавлено наставнических пар: {pairs}, школ: {pair_schools}.")
            if not (competitions or events or activities):
                return
        if competitions:
            from app.demo.competitions import load_synthetic_competitions

            big = load_synthetic_competitions(competitions, entries)
            click.echo(f"Добавлено конкурсов: {competitions + 1}; «{big.title}» (id {big.id}).")
            if not (events or activities):
                return
        if events:
            big = load_synthetic_events(events, registrations)
            click.echo(f"Добавлено мероприятий: {events + 1}; «{big.topic}» (id {big.id}).")
            if not activities:
                return
        if activities:
            programme = load_synthetic(activities, schools)
            click.echo(f"Добавлена «{programme.title}» (id {programme.id}), школ: {schools}.")
            return
        if if_empty and not is_empty():
            click.echo("База уже заполнена — демо-данные не загружаются.")
            return
        if one_municipality:
            from app.demo.loader import load_demo
            programme = load_demo()
            click.echo(f"Загружена «{programme.title[:60]}…» (один муниципалитет). Пароль входов demo.")
            return
        from app.demo.region import load_demo_region
        programme = load_demo_region()
        click.echo(f"Загружен демо-регион: «{programme.title[:60]}…» и ещё два муниципалитета. Входы — в README "
                   "(admin, metodist, school1, head, expert; baksan-…, ustlab-…; iro, region); пароль demo.")

    @app.cli.command("send-reminders")
    def send_reminders_command():
        """Send this week's digest to school coordinators and methodists (once a week; for cron)."""
        from app.reminders import send_reminders

        run = send_reminders()
        click.echo(f"Отправлено писем: {len(run.sent)}; не нужно или уже отправлено: {run.skipped}; "
                   f"не удалось: {len(run.failed)}.")
        for address, error in run.failed:
            click.echo(f"  {address}: {error} — письмо будет отправлено при следующем запуске.", err=True)
        if run.failed:
            raise SystemExit(1)

    @app.cli.command("backup")
    @click.argument("directory", type=click.Path(file_okay=False))
    def backup_command(directory):
        """Write a checked backup (database, files, manifest) into a new DIRECTORY."""
        from app.backup import BackupError, backup

        try:
            manifest = backup(directory)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Резервная копия в {directory}: таблиц {len(manifest['tables'])}, строк "
                   f"{sum(manifest['tables'].values())}, файлов {len(manifest['files'])}.")

    @app.cli.command("restore")
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    def restore_command(directory):
        """Restore a backup from DIRECTORY into an empty database and storage, and check it."""
        from app.backup import BackupError, restore

        try:
            manifest = restore(directory)
        except BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Восстановлено и проверено: строк {sum(manifest['tables'].values())}, "
                   f"файлов {len(manifest['files'])}.")

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", type=click.Choice(Role.ALL), required=True)
    @click.option("--organisation", "organisation_name", help="Short name of the organisation (required for school).")
    @click.option("--full-name", default="")
    @click.option("--municipality", "municipality_name",
                  help="Short name of the municipality (required once the install has several).")
    @click.password_option()
    def create_user(username, role, organisation_name, full_name, municipality_name, password):
        """Create a user with a role (and, for a school user, an organisation) in a municipality."""
        from app.municipalities.models import Municipality
        from app.municipalities.scope import only_municipality_id
        if role in Role.REGIONAL:  # the region's own accounts belong to no municipality
            if municipality_name or organisation_name:
                raise click.ClickException("У учётной записи региона нет муниципалитета и организации.")
            municipality_id = None
        elif municipality_name:
            municipality_id = db.session.scalar(select(Municipality.id).where(
                Municipality.short_name == municipality_name))
            if municipality_id is None:
                raise click.ClickException(f"Нет муниципалитета «{municipality_name}».")
        else:
            municipality_id = only_municipality_id(db.session)
            if municipality_id is None:
                raise click.ClickException("Муниципалитетов несколько: укажите --municipality (краткое наименование).")
        organisation = None
        if organisation_name:
            organisation = db.session.scalar(select(Organisation).where(
                Organisation.short_name == organisation_name, Organisation.municipality_id == municipality_id))
            if organisation is None:
                raise click.ClickException(f"Нет организации «{organisation_name}».")
        if role == Role.SCHOOL and organisation is None:
            raise click.ClickException("Для роли school укажите --organisation.")
        if db.session.scalar(select(User).where(User.username == username)):
            raise click.ClickException(f"Пользователь «{username}» уже есть.")
        user = User(username=username, role=role, organisation=organisation, full_name=full_name,
                    municipality_id=municipality_id)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        click.echo(f"Создан пользователь {username} ({role}).")
