"""Korean formats for the admin and every `|date` without an argument.

Django's Korean formats write times on a 12-hour clock ("6:00 오전"); the press office writes
보도시점 on a 24-hour clock in the 보도자료 style, 2026. 12. 1.(화) 06:00, as
`core.templatetags.korean.release_date` does. Every input format is 24-hour; the first, which the
admin's boxes show, keeps the seconds ("06:00:00"): a stamped 배포 일시 such as 09:41:27 must come back
from an unchanged form unchanged, or saving it would count as a 보도시점 change.
"""

DATE_FORMAT = "Y. n. j.(D)"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y. n. j.(D) H:i"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-01
    "%Y. %m. %d.",  # 2026. 12. 1.
    "%Y.%m.%d",  # 2026.12.01
    "%Y년 %m월 %d일",  # 2026년 12월 1일
]
TIME_INPUT_FORMATS = [
    "%H:%M:%S",  # 06:00:00
    "%H:%M:%S.%f",
    "%H:%M",  # 06:00
    "%H시 %M분",  # 6시 00분
    "%H시",  # 6시
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y. %m. %d. %H:%M",
    "%Y년 %m월 %d일 %H시 %M분",
]
