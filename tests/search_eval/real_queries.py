"""Judged queries over real_corpus.DOCUMENTS, judged by reading the documents before any tuning of the search engine.

A document is listed when a reader typing the query would want it: it is about, or clearly mentions, what the
query names (a bare substring inside another word, such as 전지 in 대전지역 or 전시 in 충전시/대전시, does not count).
Queries in "none" name things that no document mentions and must find nothing.
"""

# Groups used by several queries, judged once.
_BATTERY = [
    "motie-next-gen-battery-rnd",
    "motie-battery-restructuring-explanation",
    "motie-ev-battery-service",
    "wiki-lithium-ion-battery",
]
_MOU = [
    "khepi-data-mou",
    "busan-data-cultural-foundation-partners",
    "archives-nuclear-mou",
    "archives-hufs-mou",
    "archives-kazakhstan-mou",
    "pa-kazakhstan-mou-newsletter",
]
_SPECIAL_ZONE = [
    "mss-rfz-regional-meeting",
    "mss-special-zone-act-amendment",
    "mss-special-zone-decree-notice",
    "law-special-zone-act",
]
_ANY_SPECIAL_ZONE = [
    *_SPECIAL_ZONE,
    "incheon-data-special-development-zone",
    "mcst-data-tourism-special-zones",
]
_VENTURE = [
    "wiki-venture-company",
    "law-venture-act",
    "mss-data-venture-certificate",
    "mss-startup-korea-plan",
    "mss-2026-work-plan",
]
_VOLUNTEERING = [
    "pa-orphanage-volunteering",
    "archives-chuseok-visit",
    "archives-sharing-volunteering-records",
    "pa-volunteer-guide-story",
]
_KAZAKHSTAN = ["archives-kazakhstan-mou", "pa-kazakhstan-mou-newsletter"]
_MASAN = ["masan-ftz-greeting", "wiki-masan-free-trade-zone"]
_GUMI = ["gumi-national-industrial-complex", "wiki-gumi-national-industrial-complex"]
_EXPLANATIONS = [
    "mss-covid-loan-explanation",
    "motie-battery-restructuring-explanation",
    "motie-trilateral-ministers-explanation",
    "motie-semiconductor-day-explanation",
]

QUERIES = [
    # particle: noun + 조사/ending
    ("카자흐스탄과", [*_KAZAKHSTAN, "pa-newsletter-2016-greeting"], "particle"),
    ("협약을", [*_MOU, "archives-donor-day-2016"], "particle"),
    ("봉사활동을", _VOLUNTEERING, "particle"),
    ("특구에서", _ANY_SPECIAL_ZONE, "particle"),
    ("전기차의", ["motie-ev-battery-service"], "particle"),
    ("공공누리의", ["nonsan-kogl-guide", "molit-copyright-policy"], "particle"),
    ("마산자유무역지역은", _MASAN, "particle"),
    ("구미국가산업단지의", _GUMI, "particle"),
    ("벤처기업의", _VENTURE, "particle"),
    ("원자력을", ["archives-nuclear-mou"], "particle"),
    ("배터리를", _BATTERY, "particle"),
    # spacing: spaced where the text joins, or joined where the text spaces
    ("이차 전지", _BATTERY, "spacing"),
    ("이차전지", _BATTERY, "spacing"),
    ("규제 자유 특구", _SPECIAL_ZONE, "spacing"),
    (
        "산업 기술 단지",
        ["incheon-data-techno-park", "incheon-data-industrial-tech-complex"],
        "spacing",
    ),
    ("스마트팩토리", ["masan-ftz-greeting"], "spacing"),
    ("벤처 기업", _VENTURE, "spacing"),
    ("자유 무역 지역", [*_MASAN, "incheon-data-free-trade-zone"], "spacing"),
    ("업무 협약", _MOU, "spacing"),
    (
        "국가 산업단지",
        [
            *_GUMI,
            "incheon-data-industrial-complexes",
            "incheon-data-factory-zones",
            "incheon-data-industrial-zoning",
        ],
        "spacing",
    ),
    # compound: a part of a compound the text uses
    ("특구", _ANY_SPECIAL_ZONE, "compound"),
    (
        "협정",
        [
            "mofa-data-shipping-agreements",
            "mofa-data-social-security-agreements",
            "mofa-data-bilateral-treaties",
        ],
        "compound",
    ),
    ("샌드박스", ["korea-regulatory-sandbox-wiki"], "compound"),
    ("전지", _BATTERY, "compound"),
    (
        "무역",
        [
            *_MASAN,
            "archives-trade-footsteps-2017",
            "incheon-data-free-trade-zone",
            "mss-sme-exports-2021",
            "wiki-gumi-national-industrial-complex",
        ],
        "compound",
    ),
    ("확인서", ["mss-data-venture-certificate", "kised-data-startup-certificate"], "compound"),
    ("보육원", ["pa-orphanage-volunteering"], "compound"),
    (
        "관광",
        [
            "mcst-data-tourism-special-zones",
            "incheon-data-special-development-zone",
            "gumi-data-cultural-heritage",
        ],
        "compound",
    ),
    ("박람회", ["archives-trade-footsteps-2017"], "compound"),
    # abbreviation: only where the document uses the full form or the abbreviation
    (
        "산업부",
        [
            "motie-battery-restructuring-explanation",
            "motie-ev-battery-service",
            "motie-trilateral-ministers-explanation",
            "motie-semiconductor-day-explanation",
            "korea-regulatory-sandbox-wiki",
        ],
        "abbreviation",
    ),
    (
        "중기부",
        [
            "mss-rfz-regional-meeting",
            "mss-covid-loan-explanation",
            "mss-sme-exports-2021",
            "mss-2026-work-plan",
            "korea-regulatory-sandbox-wiki",
            "mss-special-zone-act-amendment",
            "mss-special-zone-decree-notice",
            "mss-data-venture-certificate",
            "kised-data-startup-certificate",
            "law-startup-support-act",
            "law-venture-act",
            "mss-startup-korea-plan",
        ],
        "abbreviation",
    ),
    ("지경부", ["gumi-national-industrial-complex"], "abbreviation"),
    (
        "행안부",
        [
            "archives-8-million-records-opened",
            "mois-data-provision-standard",
            "archives-policy-briefing-2024",
            "pa-europe-gifts-exhibition-2025",
        ],
        "abbreviation",
    ),
    ("지역특구법", [*_SPECIAL_ZONE[1:], "incheon-data-special-development-zone"], "abbreviation"),
    (
        "중소기업창업법",
        ["law-startup-support-act", "kised-data-startup-certificate"],
        "abbreviation",
    ),
    ("벤처기업법", ["law-venture-act", "mss-data-venture-certificate"], "abbreviation"),
    ("TP", ["incheon-data-techno-park"], "abbreviation"),
    ("문체부", ["mcst-data-tourism-special-zones"], "abbreviation"),
    (
        "국토부",
        ["molit-copyright-policy", "gumi-national-industrial-complex", "motie-ev-battery-service"],
        "abbreviation",
    ),
    # latin tokens
    (
        "R&D",
        ["motie-next-gen-battery-rnd", "wiki-venture-company", "mss-data-venture-certificate"],
        "latin",
    ),
    ("MOU", _MOU, "latin"),
    ("ICT", ["korea-regulatory-sandbox-wiki"], "latin"),
    ("ODA", ["archives-policy-briefing-2024"], "latin"),
    ("ICA", ["archives-exhibition-2017", "archives-hufs-mou"], "latin"),
    ("LMFP", ["motie-next-gen-battery-rnd"], "latin"),
    ("Li-ion", ["wiki-lithium-ion-battery"], "latin"),
    ("K-배터리", _BATTERY[:3], "latin"),
    ("KOGL", ["nonsan-kogl-guide", "molit-copyright-policy"], "latin"),
    # numbers and dates that are really in the text
    ("2029년", ["motie-next-gen-battery-rnd"], "number_date"),
    ("2800억", ["motie-next-gen-battery-rnd"], "number_date"),
    ("1월 24일", ["pa-orphanage-volunteering"], "number_date"),
    ("10월 27일", _KAZAKHSTAN, "number_date"),
    ("1970년", _MASAN, "number_date"),
    ("1,171억달러", ["mss-sme-exports-2021"], "number_date"),
    ("9월 1일", ["pa-diplomatic-gifts-exhibition"], "number_date"),
    ("810만 건", ["archives-8-million-records-opened"], "number_date"),
    ("48시간", ["archives-nuclear-mou"], "number_date"),
    ("1월 14일", ["pa-sejong-opening"], "number_date"),
    # synonym: a word the text does not use for the thing it names
    ("2차전지", _BATTERY, "synonym"),
    ("배터리", _BATTERY, "synonym"),
    (
        "스타트업",
        [
            "mss-startup-korea-plan",
            "mss-2026-work-plan",
            "wiki-venture-company",
            "kised-data-startup-certificate",
            "law-startup-support-act",
            "law-venture-act",
        ],
        "synonym",
    ),
    ("양해각서", _MOU, "synonym"),
    ("전기자동차", ["motie-ev-battery-service"], "synonym"),
    ("사회봉사", _VOLUNTEERING, "synonym"),
    ("해명", _EXPLANATIONS, "synonym"),
    ("빚 탕감", ["mss-covid-loan-explanation"], "synonym"),
    # multiword
    ("배터리 공급망", ["motie-next-gen-battery-rnd"], "multiword"),
    ("중소기업 수출", ["mss-sme-exports-2021"], "multiword"),
    ("구미 산업단지", _GUMI, "multiword"),
    (
        "대통령기록관 전시",
        [
            "pa-diplomatic-gifts-exhibition",
            "pa-europe-gifts-exhibition-2025",
            "archives-presidential-museum-visitors",
            "pa-sejong-opening",
            "pa-volunteer-guide-story",
        ],
        "multiword",
    ),
    (
        "기록관리 국제협력",
        [
            *_KAZAKHSTAN,
            "archives-policy-briefing-2024",
            "archives-hufs-mou",
            "pa-newsletter-2016-greeting",
        ],
        "multiword",
    ),
    ("자유무역지역 외국인 투자", [*_MASAN, "incheon-data-free-trade-zone"], "multiword"),
    ("규제자유특구 간담회", ["mss-rfz-regional-meeting"], "multiword"),
    ("창업기업 확인서", ["kised-data-startup-certificate"], "multiword"),
    ("전기차 배터리 서비스", ["motie-ev-battery-service"], "multiword"),
    # none: plausible words absent from every document
    ("우즈베키스탄", [], "none"),
    ("헌혈", [], "none"),
    ("메타버스", [], "none"),
    ("반려견", [], "none"),
    ("드론", [], "none"),
    ("미세먼지", [], "none"),
    ("탄소중립", [], "none"),
    ("낚시", [], "none"),
]
