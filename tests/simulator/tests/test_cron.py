"""Quartz cron validation used by PUT /4.1/schedules."""
import pytest

from scvsim.cron import CronError, validate_quartz_cron


@pytest.mark.parametrize("expression", [
    "0 0 1 ? * SUN *", "0 0 * ? * * *", "0 15 0 ? * *", "0 0/5 14,18 * * ?", "0 15 10 L * ?",
    "0 15 10 ? * 6L", "0 15 10 ? * 6#3", "0 0 12 1/5 * ?", "0 11 11 11 11 ?", "0 0 2 ? * MON-FRI 2030",
])
def test_valid_expressions(expression):
    validate_quartz_cron(expression)


@pytest.mark.parametrize("expression, fragment", [
    ("* * * * *", "6 or 7"), ("0 0 0 * * *", "exactly one"), ("0 0 0 ? * ?", "exactly one"),
    ("60 0 0 ? * *", "seconds"), ("0 0 24 ? * *", "hours"), ("0 0 0 32 * ?", "day-of-month"),
    ("0 0 0 ? 13 *", "month"), ("0 0 0 ? * 8", "day-of-week"), ("0 0/0 0 ? * *", "increment"),
    ("0 0 0 ? * * 1800", "year"), ("? 0 0 ? * *", "only allowed"), ("0 0 5-2 ? * *", "backwards"),
    ("0 0 x ? * *", "hours"),
])
def test_invalid_expressions(expression, fragment):
    with pytest.raises(CronError, match=fragment):
        validate_quartz_cron(expression)
