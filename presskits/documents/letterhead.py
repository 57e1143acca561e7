"""The issuing institution's identity printed on every release document: logo, name, footer.

Korean government 보도자료 put the issuing body's logo and name above the 보도자료 title and its
address, homepage and main telephone number in the footer. Staff edit these values elsewhere; the
renderers only read a `Letterhead`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Letterhead:
    name: str
    logo_png: bytes | None
    logo_svg: bytes | None
    address: str
    homepage: str
    phone: str
    licence: str
    footer: str

    @property
    def contact_line(self) -> str:
        """기관명 · 주소 · 대표 전화 · 홈페이지, leaving out what is empty."""
        phone = f"대표 전화 {self.phone}" if self.phone else ""
        return " · ".join(p for p in (self.name, self.address, phone, self.homepage) if p)


DEFAULT_LETTERHEAD = Letterhead(
    name="(재)경북테크노파크",
    logo_png=None,
    logo_svg=None,
    address="경상북도 경산시 삼풍로 27",
    homepage="https://www.gbtp.or.kr",
    phone="053-819-3000",
    licence="공공누리 제1유형(출처표시)",
    footer="",
)
