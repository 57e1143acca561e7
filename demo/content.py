"""The demo newsroom: three real GBTP stories from October 2023, as structured data.

Text and figures are the published stories'; only typographic quote marks were normalised. Contacts
and photos are demo stand-ins and say so.
"""

from datetime import date

ORGANISATIONS = {
    "gbtp": {
        "name": "(재)경북테크노파크",
        "short_name": "경북TP",
        "english_name": "Gyeongbuk Technopark",
    },
    "gyeongbuk": {"name": "경상북도", "english_name": "Gyeongsangbuk-do"},
    "pohang": {"name": "포항시", "english_name": "Pohang City"},
    "kotra": {"name": "대한무역투자진흥공사", "short_name": "KOTRA", "english_name": "KOTRA"},
    "keit": {"name": "한국산업기술기획평가원", "short_name": "KEIT", "english_name": "KEIT"},
    "itpark": {
        "name": "우즈베키스탄 IT Park",
        "short_name": "IT Park",
        "english_name": "IT Park Uzbekistan",
    },
    "uz-digital": {
        "name": "우즈베키스탄 디지털기술부",
        "english_name": "Ministry of Digital Technologies of Uzbekistan",
    },
    "gyeongsan-volunteer": {"name": "경산시 자원봉사센터"},
    "ilyoseoul": {"name": "일요서울i", "short_name": "일요서울"},
}

PEOPLE = {
    "ha-insung": {
        "name": "하인성",
        "title": "원장",
        "organisation": "gbtp",
        "is_spokesperson": True,
        "bio": "(재)경북테크노파크 원장.",
    },
    "cheongdo-farmer": {
        "name": "농가주",
        "title": "청도군 감 재배 농가",
        "organisation": None,
        "is_spokesperson": False,
        "bio": "",
    },
}

CONTACTS = {
    "demo-contact": {
        "name": "홍보담당자(데모)",
        "department": "대외협력팀(데모)",
        "position": "선임",
        "phone": "053-819-3000",
        "organisation": "gbtp",
    },
    "demo-lead": {
        "name": "홍보책임자(데모)",
        "department": "대외협력팀(데모)",
        "position": "팀장",
        "phone": "053-819-3000",
        "organisation": "gbtp",
    },
}

VENUES = {
    "exco": {
        "name": "엑스코(EXCO)",
        "city": "대구",
        "country": "KR",
        "address": "대구광역시 북구 엑스코로 10",
    },
    "uz-embassy": {"name": "주한 우즈베키스탄 대사관", "city": "서울", "country": "KR"},
    "interburgo": {"name": "호텔 인터불고 대구", "city": "대구", "country": "KR"},
    "tashkent": {"name": "타슈켄트 일원", "city": "타슈켄트", "country": "UZ"},
    "cheongdo-farm": {"name": "청도군 감 재배 농가", "city": "청도군", "country": "KR"},
    "gyeongsan-volunteer": {"name": "경산시 자원봉사센터", "city": "경산", "country": "KR"},
}

SERIES = {"steel-expo": "국제철강 및 비철금속산업전"}

# Sessions: (title, first day, last day, venue). Times were not published, so sessions are all-day.
EVENTS = {
    "steel-expo-2023": {
        "title": "국제철강 및 비철금속산업전",
        "series": "steel-expo",
        "edition": 7,
        "summary": "탄소중립 시대에 대응하는 미래 친환경 금속 신소재의 기술 정보 교류의 장. "
        "경북테크노파크는 ‘경북·포항 이차전지 산업관’을 운영했다.",
        "sessions": [
            ("전시 1일차", date(2023, 10, 11), date(2023, 10, 11), "exco"),
            ("전시 2일차", date(2023, 10, 12), date(2023, 10, 12), "exco"),
            ("전시 3일차", date(2023, 10, 13), date(2023, 10, 13), "exco"),
        ],
        "organisations": [
            ("host", "gyeongbuk"),
            ("host", "pohang"),
            ("organiser", "kotra"),
            ("organiser", "keit"),
            ("operator", "gbtp"),
        ],
        "facts": [
            ("규모", "200개사 600부스"),
            ("특별관", "경북·포항 이차전지 산업관 (경북테크노파크 운영)"),
            ("부대 행사", "국제컨퍼런스, 수출상담회"),
            ("주제", "배터리, 신재생에너지, 탄소중립, 디지털전환과 융합하는 철강 및 비철금속산업"),
        ],
    },
    "it-days-2023": {
        "title": "IT Days: 국내-우즈베키스탄 IT기업 BPO 매칭 B2B 행사",
        "summary": "국내 IT기업의 기술인력 수급난 해소와 중앙아시아 시장진출을 지원하기 위한 "
        "1차 BPO(Business Process Outsourcing) 매칭 B2B 행사.",
        "sessions": [
            ("서울 행사", date(2023, 10, 5), date(2023, 10, 5), "uz-embassy"),
            ("대구 행사", date(2023, 10, 6), date(2023, 10, 6), "interburgo"),
        ],
        "organisations": [("organiser", "gbtp"), ("partner", "itpark")],
        "facts": [
            (
                "진행 순서",
                "우즈베키스탄 IT산업 및 비즈니스 환경 소개, 우즈베키스탄 기업별 소개, 양국 간 B2B 미팅",
            ),
            (
                "관련 사업",
                "우즈베키스탄 IT Park의 지속가능한 성장을 위한 기반조성 및 역량강화 PMC 사업",
            ),
        ],
    },
    "ict-week-2023": {
        "title": "ICT Week 2023",
        "summary": "2004년부터 우즈베키스탄 디지털기술부가 주최하는 IT 박람회. 경북TP는 10월 26일 "
        "한국-우즈베키스탄 ICT 파트너쉽 세션, BPO Summit 및 기업 네트워킹 행사를 진행한다.",
        "sessions": [
            ("ICT Week 2023 박람회", date(2023, 10, 24), date(2023, 10, 27), "tashkent"),
            (
                "한국-우즈베키스탄 ICT 파트너쉽 세션, BPO Summit 및 기업 네트워킹",
                date(2023, 10, 26),
                date(2023, 10, 26),
                "tashkent",
            ),
        ],
        "organisations": [("host", "uz-digital"), ("organiser", "gbtp")],
        "facts": [("첫 개최", "2004년"), ("참가 기업 모집", "10월 2~3주차, 경북TP 홈페이지")],
    },
    "cheongdo-persimmon-volunteering-2023": {
        "title": "청도군 ‘감’ 재배 농가 일손돕기",
        "summary": "농번기 구인난과 인건비 상승으로 이중고를 겪는 지역 농가를 돕기 위한 봉사활동.",
        "sessions": [
            ("일손돕기 봉사활동", date(2023, 10, 16), date(2023, 10, 16), "cheongdo-farm")
        ],
        "organisations": [("organiser", "gbtp")],
        "facts": [("참여 인원", "경북TP 임직원 18명"), ("작업", "감 수확, 감 꼭지 다듬기")],
    },
    "gyeongsan-chuseok-donation-2023": {
        "title": "‘다시 추석’ 명절선물 전달식",
        "summary": "경북TP 임직원이 기부한 물품을 경산시 자원봉사센터에 전달했다.",
        "sessions": [
            ("명절선물 전달식", date(2023, 10, 12), date(2023, 10, 12), "gyeongsan-volunteer")
        ],
        "organisations": [("organiser", "gbtp"), ("partner", "gyeongsan-volunteer")],
        "facts": [("기부 물품", "라면, 햇반, 즉석식품 등")],
    },
}

CATEGORIES = {"industry": "산업 육성", "global": "국제 협력", "csr": "사회공헌"}

# Photos are drawn by the command; these describe them honestly as illustrations.
PHOTOS = {
    "steel-expo-booth": {
        "motif": "battery",
        "caption": "제7회 국제철강 및 비철금속산업전의 ‘경북·포항 이차전지 산업관’ (데모용 그림)",
        "alt_text": "전시 부스와 배터리 모양을 단순한 도형으로 그린 그림",
        "taken_on": date(2023, 10, 11),
    },
    "steel-expo-visitors": {
        "motif": "expo",
        "caption": "엑스코 전시장의 사용후 배터리 재사용·재활용 실증 성과물 전시 (데모용 그림)",
        "alt_text": "전시장 안의 전시대와 관람객을 원과 사각형으로 그린 그림",
        "taken_on": date(2023, 10, 12),
    },
    "cheongdo-persimmons": {
        "motif": "persimmon",
        "caption": "청도군 감 재배 농가에서 일손을 돕는 경북TP 임직원 (데모용 그림)",
        "alt_text": "주황색 감이 달린 나무와 바구니를 그린 그림",
        "taken_on": date(2023, 10, 16),
        "consent": "obtained",
    },
    "it-days": {
        "motif": "network",
        "caption": "국내-우즈베키스탄 IT기업 B2B 미팅 (데모용 그림)",
        "alt_text": "서울과 대구, 타슈켄트를 잇는 연결선을 그린 그림",
        "taken_on": date(2023, 10, 6),
    },
}

ARTICLES = {
    "steel-expo-battery-pavilion": {
        "kind": "coverage",
        "category": "industry",
        "headline": "‘제7회 국제철강 및 비철금속산업전’에서 ‘경북·포항 이차전지 산업관’ 운영",
        "deck": [
            "‘국가첨단전략산업 이차전지 양극재산업 특화단지’ 추진 전략 및 ‘경북 배터리 글로벌 혁신특구’ 도전 전략 전시",
        ],
        "released": (2023, 10, 16, 10, 0),
        "outlet": "일요서울i",
        "reporter": "김을규",
        "copyright_line": "저작권자 © 일요서울i 무단전재 및 재배포 금지",
        "tags": ["이차전지", "규제자유특구", "엑스코"],
        "photos": ["steel-expo-booth", "steel-expo-visitors"],
        "events": ["steel-expo-2023"],
        "lead": "(재)경북테크노파크(원장 하인성)는 지난 10월 11일부터 13일까지 대구 엑스코(EXCO)에서 열리는 "
        "‘제7회 국제철강 및 비철금속산업전’에서 ‘경북·포항 이차전지 산업관’ 운영, 사용후 배터리 재사용 및 "
        "재활용 실증 성과물 전시, ‘이차전지 양극재 산업 특화단지’ 지정을 통한 K-배터리 글로벌 시장 리딩 계획과 "
        "‘경북 배터리 글로벌 혁신특구’ 지정을 통한 사용후 배터리 국제표준 선점 방안에 대한 홍보를 진행했다.",
        "body": [
            "‘제7회 국제철강 및 비철금속산업전’은 탄소중립 시대에 대응하는 미래 친환경 금속 신소재의 기술 정보 "
            "교류의 장으로 경상북도와 포항시 등이 주최하고 대한무역투자진흥공사와 한국산업기술기획평가원 등이 "
            "주관하여 개최된다.",
            "국제컨퍼런스 및 수출상담회와 함께 200개사 600부스가 운영되는 규모로 다양한 미래산업(배터리, "
            "신재생에너지, 탄소중립, 디지털전환 등)과 융합해가는 철강 및 비철금속산업의 현재와 미래로 구성돼 있다.",
            "한편 경북은 ‘경북 차세대 배터리 리사이클링 규제자유특구’ (이하 ‘경북 배터리 규제자유특구’) 지정 "
            "이후 전국 유일 4년 연속 운영성과평가 우수특구 선정, 현재까지 약 4조원의 민간투자, 약 2,000여명 "
            "이상의 신규고용 창출이 이루어졌다.",
            "2027년까지 에코프로, 포스코퓨처엠, GS건설 등 앵커기업 중심의 투자 계획(약 12조원 규모)으로 "
            "명실상부 전국 최고의 규제자유특구임을 증명함과 동시에 특구기반 신산업거점 대전환을 통한 지역 "
            "혁신성장을 성공적으로 이끌고 있다는 평가를 받았다.",
            "또한, 올해 7월 20일 ‘국가첨단전략산업 이차전지 양극재산업 특화단지’가 경북 포항시로 지정되는 "
            "쾌거를 이루었으며, 중기부가 2023년 역점사업으로 추진하고 있는 ‘글로벌 혁신특구’ 배터리 분야로의 "
            "도전을 통해 경북 배터리 규제자유특구의 성과가 국내를 넘어 세계로 확산될 수 있는 방안을 모색할 계획이다.",
            "이와 동시에 특구 실증을 바탕으로 국제기준 정립에 선제적으로 대응하고, 맞춤형 표준화 전략으로 "
            "국내기업의 해외시장 진출에 적극적으로 앞장설 예정이다.",
            "(재)경북테크노파크 하인성 원장은 “경북 배터리 규제자유특구를 시작으로 이차전지 양극재 특화단지 "
            "선정, 글로벌 혁신특구 지정 추진 등 지역균형발전의 선례 창출에 기여함으로써 성공적인 결과를 만들어 "
            "내었다.”며 “향후 (재)경북테크노파크는 전기차 배터리 산업 촉진을 위한 제도개선, 기업 유치 및 육성 등 "
            "지역 이차전지 분야의 싱크탱크 역할을 통해 경북지역의 이차전지 산업 생태계 구축을 지원 할 수 있도록 "
            "노력하겠다.” 고 밝혔다.",
        ],
        "quotes": [
            (
                "ha-insung",
                None,
                "경북 배터리 규제자유특구를 시작으로 이차전지 양극재 특화단지 선정, 글로벌 혁신특구 "
                "지정 추진 등 지역균형발전의 선례 창출에 기여함으로써 성공적인 결과를 만들어 내었다.",
            ),
            (
                "ha-insung",
                None,
                "향후 (재)경북테크노파크는 전기차 배터리 산업 촉진을 위한 제도개선, 기업 유치 및 육성 "
                "등 지역 이차전지 분야의 싱크탱크 역할을 통해 경북지역의 이차전지 산업 생태계 구축을 지원 할 수 있도록 "
                "노력하겠다.",
            ),
        ],
    },
    "cheongdo-persimmon-farm-volunteering": {
        "kind": "release",
        "category": "csr",
        "headline": "(재)경북테크노파크, 청도군 ‘감’ 재배 농가 일손돕기 나서",
        "deck": [
            "(재)경북테크노파크, 지난 16일 농번기 일손이 부족한 농가를 찾아 일손 돕기 봉사활동 실시",
            "경산시 자원봉사센터의 ‘다시 추석’ 기부 활동에 참여하는 등 다양한 사회공헌 활동에도 적극적으로 앞장서",
        ],
        "released": (2023, 10, 18, 9, 0),
        "tags": ["봉사활동", "사회공헌", "청도"],
        "photos": ["cheongdo-persimmons"],
        "events": ["cheongdo-persimmon-volunteering-2023", "gyeongsan-chuseok-donation-2023"],
        "lead": "(재)경북테크노파크(원장 하인성, 이하 ‘경북TP’)는 지난 10월 16일 청도군 ‘감’ 재배 농가를 찾아 "
        "일손돕기 봉사활동을 실시하였다. 경북TP가 진행한 농촌 봉사활동은 농번기 구인난과 인건비 상승으로 "
        "이중고를 겪고 있는 지역의 농가를 돕기 위해 기획되었다.",
        "body": [
            "경북TP 임직원 18명은 감 수확, 감 꼭지 다듬기 등의 작업을 도왔으며, 임직원 도시락을 직접 준비해서 "
            "농가 주민의 번거로움을 덜었다. 농가주는 “경북TP에서 감 재배를 도와 큰 힘이 되었다.”고 고마움을 전했다.",
            "또한, 지난 10월 12일에는 경산시 자원봉사센터에 경북TP 임직원들에게 기부받은 물품을 전달하는 "
            "‘명절선물’ 전달식을 가졌다.",
            "‘다시 추석’ 명절선물 나누기 캠페인에는 경북TP 임직원이 자발적으로 기부한 라면, 햇반, 즉석식품 등을 "
            "경산시 자원봉사센터에 기부하면, 경산시 자원봉사센터에서 종류별로 소분하여 지역이웃에게 전달하는 "
            "캠페인이다.",
            "이 외에도 경북TP는 「가치있는 경영, 함께하는 나눔」이라는 비전하에 법인 내 ‘단비동아리’를 주축으로 "
            "매년 헌혈, 재난시설 복구 활동, 사랑의 연탄나눔 등 전사적 사회적책임경영을 실천하고 있다.",
            "하인성 경북TP 원장은 “경북TP의 사회적 책임활동들이 지역농가와 지역사회에 작은 도움이라도 "
            "되었으면 한다.” 며, 향후에는 “지역기업과 함께하는 CSR을 기획하여 경북지역의 공익활동을 장려하는 "
            "문화를 만드는데 앞장설 것”이라고 말했다.",
        ],
        "quotes": [
            (
                "cheongdo-farmer",
                "cheongdo-persimmon-volunteering-2023",
                "경북TP에서 감 재배를 도와 큰 힘이 되었다.",
            ),
            (
                "ha-insung",
                None,
                "경북TP의 사회적 책임활동들이 지역농가와 지역사회에 작은 도움이라도 되었으면 한다.",
            ),
            (
                "ha-insung",
                None,
                "지역기업과 함께하는 CSR을 기획하여 경북지역의 공익활동을 장려하는 문화를 만드는데 앞장설 것",
            ),
        ],
    },
    "it-days-uzbekistan-bpo-b2b": {
        "kind": "release",
        "category": "global",
        "headline": "경북테크노파크, 국내-우즈베키스탄 IT기업 BPO 매칭을 위한 B2B 행사(IT Days), 성공리에 개최",
        "deck": [
            "10월 5일, 6일 서울 및 대구에서 국내-우즈베키스탄 IT기업 1차 BPO (Business Process Outsourcing) "
            "매칭을 위한 B2B 행사, 성공리에 개최",
        ],
        "released": (2023, 10, 10, 9, 0),
        "tags": ["우즈베키스탄", "BPO", "IT Days", "ICT Week"],
        "photos": ["it-days"],
        "events": ["it-days-2023", "ict-week-2023"],
        "lead": "(재)경북테크노파크(이하 ‘경북TP’)가 지난 10월 5일, 6일 양일간 서울 주한 우즈베키스탄 대사관과 "
        "대구 호텔 인터불고에서 국내 IT기업의 기술인력 수급난 해소와 중앙아시아 시장진출을 지원하기 위하여 "
        "B2B 행사(행사명: IT Days)를 개최했다고 밝혔다.",
        "body": [
            "‘IT Days’는 경북TP가 「우즈베키스탄 IT Park의 지속가능한 성장을 위한 기반조성 및 역량강화 PMC 사업」을 "
            "주관하여 진행하면서 협력기관인 IT Park*와 함께 양국 IT기업 간 BPO 매칭 기회를 제공하기 위하여 "
            "추진했으며, 우즈베키스탄 IT산업 및 비즈니스 환경에 대한 소개, 우즈베키스탄 기업별 소개, 양국 간 B2B "
            "미팅 순으로 진행되었다.",
            "이번 행사에 참석한 국내 IT기업은 우즈베키스탄 IT기업과의 미팅을 통해 우즈베키스탄의 아웃소싱 개발자 "
            "확보 및 공동 프로젝트 추진 등에 대해 논의했으며, 우즈베키스탄 진출을 위한 IT Park 입주기업 방안에 관한 "
            "상담도 진행했다.",
            "양국 간의 B2B 행사는 10월 26일에 우즈베키스탄에서 개최되는 ICT Week 2023 BPO 행사를 통해 다시 한번 "
            "진행된다.",
            "ICT Week는 2004년부터 우즈베키스탄 디지털기술부가 주최하는 IT 박람회로 올해는 10월 24일부터 "
            "27일까지 타슈켄트 일원에서 개최되며, 경북TP는 10월 26일 한국-우즈베키스탄 ICT 파트너쉽 세션, BPO "
            "Summit 및 기업 네트워킹 행사를 진행할 계획이다.",
            "이를 위해 경북TP는 10월 2~3주차에 ICT Week 2023에 참가할 기업을 경북TP 홈페이지를 통해 모집할 예정이다.",
            "경북TP 하인성 원장은 “지방의 우수 개발인력이 수도권 지역으로 집중되어 지역 내 IT기업은 "
            "기술개발인력 수급에 어려움이 있다.”며, “이번 행사를 일회성에 그치지 않고 매년 추진할 계획이며 IT 산업 "
            "분야의 부족한 전문기술인력을 수급하는데 기여할 것으로 기대된다.”라고 하였다. 또한, “앞으로도 국내 "
            "IT기업의 애로사항을 해결하기 위해 지원을 아끼지 않겠다.”고 밝혔다.",
        ],
        "quotes": [
            (
                "ha-insung",
                "it-days-2023",
                "지방의 우수 개발인력이 수도권 지역으로 집중되어 지역 내 IT기업은 "
                "기술개발인력 수급에 어려움이 있다.",
            ),
            (
                "ha-insung",
                "it-days-2023",
                "이번 행사를 일회성에 그치지 않고 매년 추진할 계획이며 IT 산업 분야의 "
                "부족한 전문기술인력을 수급하는데 기여할 것으로 기대된다.",
            ),
            (
                "ha-insung",
                "it-days-2023",
                "앞으로도 국내 IT기업의 애로사항을 해결하기 위해 지원을 아끼지 않겠다.",
            ),
        ],
    },
}

# Media contacts (언론 연락처). The outlets are real regional and national outlets; the journalists
# are made up for the demo, with addresses at example.com (reserved, never delivered).
OUTLETS = {
    "kyongbuk": {"name": "경북일보", "kind": "daily", "region": "대구·경북"},
    "maeil": {"name": "매일신문", "kind": "daily", "region": "대구·경북"},
    "yeongnam": {"name": "영남일보", "kind": "daily", "region": "대구·경북"},
    "yonhap": {"name": "연합뉴스", "kind": "agency", "region": "전국"},
    "newsis": {"name": "뉴시스", "kind": "agency", "region": "전국"},
    "etnews": {"name": "전자신문", "kind": "trade", "region": "전국"},
}
JOURNALISTS = [
    # name, outlet, desk, e-mail, embargo consent, lists
    ("김도윤", "kyongbuk", "경제부", "doyun.kim@example.com", True, ["press-corps", "regional"]),
    ("이서연", "maeil", "경제부", "seoyeon.lee@example.com", True, ["press-corps", "regional"]),
    ("박준호", "yeongnam", "경제부", "junho.park@example.com", False, ["regional"]),
    ("최유진", "yonhap", "대구경북취재본부", "yujin.choi@example.com", True, ["press-corps"]),
    ("정민재", "newsis", "대구경북본부", "minjae.jung@example.com", False, ["press-corps"]),
    ("한지우", "etnews", "전국부", "jiwoo.han@example.com", False, ["trade"]),
]
MEDIA_LISTS = {
    "press-corps": ("출입기자단", "경북테크노파크 출입 기자"),
    "regional": ("지역 언론", "대구·경북 일간지"),
    "trade": ("산업 전문지", "이차전지·IT 분야 전문지"),
}
