"""Judged queries: (query, slugs of the releases a reader would want), over the demo and the corpus.

S, C and I are the three seed stories. An empty list means the query should find nothing.
"""

S = "steel-expo-battery-pavilion"
C = "cheongdo-persimmon-farm-volunteering"
I = "it-days-uzbekistan-bpo-b2b"  # noqa: E741
BATTERY = [
    S,
    "battery-workforce-training",
    "cathode-investment",
    "postech-mou",
    "expo-battery-pavilion-2024",
]
KOTRA = [S, "vietnam-export-consultation", "kotra-overseas-marketing"]
AGREEMENTS = ["postech-mou", "credit-guarantee-mou", "cathode-investment"]
STARTUPS = [
    "startup-ir-demoday",
    "startup-global-call",
    "credit-guarantee-mou",
    "prototype-support",
]

QUERIES = [
    # particles (조사) and endings
    ("우즈베키스탄의", [I, "uzbek-delegation"]),
    ("우즈베키스탄", [I, "uzbek-delegation"]),
    ("봉사활동을", [C]),
    ("봉사활동", [C]),
    ("베트남에서", ["vietnam-export-consultation", "ict-vietnam"]),
    ("포스텍과", ["postech-mou"]),
    ("청렴을", ["integrity-training"]),
    # partial compounds and spacing variants
    ("특구", [S, "regulation-free-zone-report"]),
    ("규제자유특구", [S, "regulation-free-zone-report"]),
    ("비철금속", [S, "expo-battery-pavilion-2024"]),
    ("비철금속산업전", [S, "expo-battery-pavilion-2024"]),
    ("산업전", [S, "expo-battery-pavilion-2024"]),
    ("양극재", [S, "cathode-investment"]),
    ("스마트공장", ["smart-factory"]),
    ("스마트 공장", ["smart-factory"]),
    ("디지털전환", [S, "digital-transformation"]),
    ("디지털 전환", [S, "digital-transformation"]),
    ("수출상담회", [S, "vietnam-export-consultation", "japan-buyer-consultation"]),
    ("수출 상담", [S, "vietnam-export-consultation", "japan-buyer-consultation"]),
    ("연료전지", ["hydrogen-fuel-cell"]),
    ("지식산업센터", ["knowledge-center-tenants"]),
    ("채용박람회", ["youth-job-fair"]),
    # abbreviations and synonyms
    ("이차전지", BATTERY),
    ("2차전지", BATTERY),
    ("배터리", [*BATTERY, "regulation-free-zone-report", "battery-recycling-safety"]),
    ("KOTRA", KOTRA),
    ("대한무역투자진흥공사", KOTRA),
    ("코트라", KOTRA),
    ("MOU", AGREEMENTS),
    ("업무협약", AGREEMENTS),
    ("스타트업", STARTUPS),
    ("창업기업", STARTUPS),
    ("사회공헌", [C, "blood-donation"]),
    ("CSR", [C, "blood-donation"]),
    ("EXCO", [S]),
    ("엑스코", [S]),
    # Latin tokens, any case
    ("IT Park", [I, "uzbek-delegation"]),
    ("BPO", [I, "uzbek-delegation"]),
    ("b2b", [I]),
    ("ICT", [I, "ict-vietnam"]),
    ("ict week", [I]),
    ("IR 데모데이", ["startup-ir-demoday"]),
    ("ISO 45001", ["iso45001"]),
    # plain topics
    ("헌혈", ["blood-donation"]),
    ("연탄", ["briquette-sharing"]),
    ("김장 나눔", ["kimchi-sharing"]),
    ("정기 인사", ["regular-personnel"]),
    ("단장 임명", ["new-director-appointment"]),
    ("탄소중립", [S, "carbon-neutral-support"]),
    ("수소", ["hydrogen-fuel-cell", "postech-mou"]),
    ("청년 일자리", ["youth-job-fair"]),
    ("클러스터", ["regional-innovation-cluster"]),
    ("간담회", ["company-field-meeting"]),
    ("시제품", ["prototype-support"]),
    ("특허", ["ip-support"]),
    ("품질인증", ["quality-certification"]),
    ("안전보건", ["iso45001"]),
    ("윤리경영", ["ethics-declaration"]),
    ("경영평가", ["management-evaluation"]),
    ("전기차", [S, "ev-parts", "battery-recycling-safety"]),
    ("바이오헬스", ["bio-health"]),
    ("농식품", ["agri-food"]),
    ("전통시장", ["traditional-market"]),
    ("일본 바이어", ["japan-buyer-consultation"]),
    ("포항", [S, "battery-recycling-safety", "cathode-investment"]),
    ("청도 감", [C]),
    ("하인성 원장", [S, C, I]),
    ("신용보증", ["credit-guarantee-mou"]),
    # dates
    ("10월 16일", [C]),
    ("2023년 7월 20일", [S]),
    # nothing should come back
    ("반도체 공장 화재", []),
    ("코로나 백신 접종", []),
    ("올림픽 금메달", []),
]
