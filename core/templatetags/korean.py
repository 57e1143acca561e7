"""Korean date formats the press office writes by hand: 2023년 10월 11일 and 2023. 10. 11.(수)."""

from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = "월화수목금토일"


def _local(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value)
    return value


@register.filter
def korean_date(value):
    if not value:
        return ""
    value = _local(value)
    return f"{value.year}년 {value.month}월 {value.day}일"


@register.filter
def release_date(value):
    """The 보도자료 style: 2023. 10. 11.(수), with 24-hour time when given a date-time."""
    if not value:
        return ""
    value = _local(value)
    text = f"{value.year}. {value.month}. {value.day}.({WEEKDAYS[value.weekday()]})"
    if hasattr(value, "hour"):
        text += f" {value.hour:02d}:{value.minute:02d}"
    return text


@register.filter
def korean_time(value):
    if not value:
        return ""
    value = _local(value)
    return f"{value.hour:02d}:{value.minute:02d}"
