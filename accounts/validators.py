import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What an attacker tries first against this organisation: its names in Korean and English, the product
# and the places, plus keyboard walks. Compared case-insensitively, with spaces and symbols ignored.
ORGANISATION_WORDS = (
    "경북테크노파크",
    "경북tp",
    "테크노파크",
    "경상북도",
    "경북",
    "경산",
    "뉴스룸",
    "보도자료",
    "홍보",
    "gbtp",
    "gbtechnopark",
    "gyeongbuktechnopark",
    "gyeongbuk",
    "kyungbuk",
    "gyeongsan",
    "technopark",
    "newsroom",
    "press",
    "admin",
    "password",
    "qwerty",
    "qwer",
    "asdf",
    "zxcv",
    "1q2w3e4r",
)
_SEPARATORS = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


class OrganisationWordsValidator:
    """Refuses passwords made only of the organisation's own words, digits and symbols.

    `gbtp2026`, `Newsroom1!`, `경북테크노파크2023` and `GBTP-newsroom-2026` are refused; a password in
    which such a word is one part of something else (`gbtp에서-첫-출근한-날`) is not. At least
    `min_other` characters must remain once those words, digits and symbols are taken out.
    """

    def __init__(self, min_other=4):
        self.min_other = min_other

    def validate(self, password, user=None):
        rest = _SEPARATORS.sub("", password.casefold())
        # Longest first, so 경북테크노파크 goes as a whole before 경북 would split it.
        for word in sorted(ORGANISATION_WORDS, key=len, reverse=True):
            rest = rest.replace(word, "")
        rest = _DIGITS.sub("", rest)
        if len(rest) < self.min_other:
            raise ValidationError(
                _(
                    "기관 이름, 서비스 이름, 자판 배열 같은 흔한 단어에 숫자나 기호만 붙인 "
                    "비밀번호는 쓸 수 없습니다."
                ),
                code="password_organisation_words",
            )

    def get_help_text(self):
        return _(
            "경북테크노파크, GBTP, 뉴스룸 같은 기관·서비스 이름에 숫자나 기호만 붙인 비밀번호는 "
            "쓸 수 없습니다."
        )
