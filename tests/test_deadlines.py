"""The deadline parser against every deadline quoted in the domain README, one by one."""
from datetime import date

import pytest

from app.plan.deadlines import parse_deadline, parse_manual_dates
from app.plan.occurrences import grouped_labels


def occ(text, start=2022, end=2024):
    result = parse_deadline(text, start, end)
    assert result.understood, text
    return [(o.label, o.due_date) for o in result.occurrences]


def test_single_month():
    assert occ("январь 2022") == [("январь 2022", date(2022, 1, 31))]


def test_month_with_several_years():
    assert occ("Сентябрь 2022, 2023, 2024") == [
        ("сентябрь 2022", date(2022, 9, 30)),
        ("сентябрь 2023", date(2023, 9, 30)),
        ("сентябрь 2024", date(2024, 9, 30)),
    ]


def test_several_months_with_years():
    assert occ("Февраль 2022 Апрель 2022 Август 2022") == [
        ("февраль 2022", date(2022, 2, 28)),
        ("апрель 2022", date(2022, 4, 30)),
        ("август 2022", date(2022, 8, 31)),
    ]


def test_yearly():
    assert occ("Ежегодно") == [
        ("2022 год", date(2022, 12, 31)),
        ("2023 год", date(2023, 12, 31)),
        ("2024 год", date(2024, 12, 31)),
    ]


def test_yearly_in_july():
    assert occ("Ежегодно, июль") == [
        ("июль 2022", date(2022, 7, 31)),
        ("июль 2023", date(2023, 7, 31)),
        ("июль 2024", date(2024, 7, 31)),
    ]


def test_two_months_every_year():
    assert occ("Декабрь, апрель ежегодно", 2022, 2023) == [
        ("апрель 2022", date(2022, 4, 30)),
        ("декабрь 2022", date(2022, 12, 31)),
        ("апрель 2023", date(2023, 4, 30)),
        ("декабрь 2023", date(2023, 12, 31)),
    ]


def test_from_a_month_then_yearly():
    assert occ("ноябрь 2021 г., далее - ежегодно", 2021, 2023) == [
        ("ноябрь 2021", date(2021, 11, 30)),
        ("ноябрь 2022", date(2022, 11, 30)),
        ("ноябрь 2023", date(2023, 11, 30)),
    ]


def test_from_a_month_before_the_period_keeps_only_years_inside():
    assert occ("ноябрь 2021 г., далее - ежегодно") == [
        ("ноябрь 2022", date(2022, 11, 30)),
        ("ноябрь 2023", date(2023, 11, 30)),
        ("ноябрь 2024", date(2024, 11, 30)),
    ]


def test_by_a_day_then_yearly():
    assert occ("до 15 мая 2022 г., далее - ежегодно") == [
        ("15 мая 2022", date(2022, 5, 15)),
        ("15 мая 2023", date(2023, 5, 15)),
        ("15 мая 2024", date(2024, 5, 15)),
    ]


def test_named_day():
    assert occ("20 сентября 2021 г.", 2021, 2023) == [("20 сентября 2021", date(2021, 9, 20))]


def test_named_day_outside_period_is_understood_but_empty():
    result = parse_deadline("20 сентября 2021 г.", 2022, 2024)
    assert result.understood and result.occurrences == [] and result.outside_period


def test_quarterly():
    assert occ("ежеквартально", 2023, 2023) == [
        ("I квартал 2023", date(2023, 3, 31)),
        ("II квартал 2023", date(2023, 6, 30)),
        ("III квартал 2023", date(2023, 9, 30)),
        ("IV квартал 2023", date(2023, 12, 31)),
    ]


def test_quarterly_and_yearly():
    assert occ("ежеквартально и ежегодно", 2023, 2023) == [
        ("I квартал 2023", date(2023, 3, 31)),
        ("II квартал 2023", date(2023, 6, 30)),
        ("III квартал 2023", date(2023, 9, 30)),
        ("2023 год", date(2023, 12, 31)),
        ("IV квартал 2023", date(2023, 12, 31)),
    ]


@pytest.mark.parametrize("text", ["В течение года", "Постоянно", "Весь период в соответствии с планами работы ОО"])
def test_continuous_is_once_a_year_at_year_end(text):
    assert occ(text, 2022, 2023) == [("2022 год", date(2022, 12, 31)), ("2023 год", date(2023, 12, 31))]


def test_school_year_ends_in_may():
    assert occ("В течение учебного года", 2022, 2023) == [
        ("2021/2022 учебный год", date(2022, 5, 31)),
        ("2022/2023 учебный год", date(2023, 5, 31)),
    ]


def test_not_understood_without_dates():
    result = parse_deadline("по плану работы ИРО КК", 2022, 2024)
    assert not result.understood and result.occurrences == []


def test_year_range():
    assert occ("2025 – 2027 гг.", 2025, 2030) == [
        ("2025 год", date(2025, 12, 31)),
        ("2026 год", date(2026, 12, 31)),
        ("2027 год", date(2027, 12, 31)),
    ]


def test_during_a_named_year():
    assert occ("В течение 2027 года", 2025, 2030) == [("2027 год", date(2027, 12, 31))]


def test_month_range_every_year():
    assert occ("Апрель - май ежегодно", 2022, 2023) == [
        ("апрель – май 2022", date(2022, 5, 31)),
        ("апрель – май 2023", date(2023, 5, 31)),
    ]


def test_half_years():
    assert occ("1 полугодие - до 20 декабря, 2 полугодие - до 1 июня", 2022, 2023) == [
        ("2 полугодие (до 1 июня 2022)", date(2022, 6, 1)),
        ("1 полугодие (до 20 декабря 2022)", date(2022, 12, 20)),
        ("2 полугодие (до 1 июня 2023)", date(2023, 6, 1)),
        ("1 полугодие (до 20 декабря 2023)", date(2023, 12, 20)),
    ]


# Other deadlines written in the seed programmes.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Январь 2023", [("январь 2023", date(2023, 1, 31))]),
        ("Ноябрь 2022 г", [("ноябрь 2022", date(2022, 11, 30))]),
        ("Январь 2024 г.", [("январь 2024", date(2024, 1, 31))]),
        ("ноябрь – декабрь 2024", [("ноябрь – декабрь 2024", date(2024, 12, 31))]),
        ("Ежегодно август", [("август 2022", date(2022, 8, 31)), ("август 2023", date(2023, 8, 31)),
                             ("август 2024", date(2024, 8, 31))]),
    ],
)
def test_seed_deadlines(text, expected):
    assert occ(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Ежегодно по плану МКУО ЦОКО, ОО", "Ежегодно (в соответствии с планом работы РМО)",
     "По плану работы МКУО ЦОКО, в течение года", "В ходе реализации", "Весь период"],
)
def test_seed_deadlines_once_a_year(text):
    assert [label for label, _ in occ(text)] == ["2022 год", "2023 год", "2024 год"]


@pytest.mark.parametrize("text", ["", "   ", "Декабрь", "по мере необходимости", "31 февраля 2023"])
def test_nothing_is_guessed(text):
    result = parse_deadline(text, 2022, 2024)
    assert result.occurrences == []
    if text != "31 февраля 2023":
        assert not result.understood


def test_manual_dates():
    occurrences, errors = parse_manual_dates("15.05.2023 отчёт\n\n1.9.2023\n")
    assert errors == []
    assert [(o.label, o.due_date) for o in occurrences] == [
        ("отчёт", date(2023, 5, 15)),
        ("1 сентября 2023", date(2023, 9, 1)),
    ]


def test_manual_dates_report_bad_lines():
    occurrences, errors = parse_manual_dates("15.05.2023\nмай\n31.02.2023")
    assert len(occurrences) == 1
    assert errors[0].startswith("Строка 2") and errors[1].startswith("Строка 3")


def test_the_plan_shows_occurrences_grouped_by_their_name_as_plans_write_them():
    def shown(text):
        return list(grouped_labels(parse_deadline(text, 2022, 2024).occurrences))

    assert shown("Сентябрь 2022, 2023, 2024") == ["сентябрь 2022, 2023, 2024"]
    assert shown("ежеквартально") == ["I квартал 2022, 2023, 2024", "II квартал 2022, 2023, 2024",
                                      "III квартал 2022, 2023, 2024", "IV квартал 2022, 2023, 2024"]
    assert shown("Ежегодно") == ["2022, 2023, 2024 годы"]
    assert shown("2023") == ["2023 год"]
    assert shown("Февраль 2022, апрель 2022") == ["февраль 2022", "апрель 2022"]
