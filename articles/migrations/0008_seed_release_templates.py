from django.db import migrations

# Two starting points in the house style: every h2 heading becomes a □ item in the documents
# (presskits/documents/outline.py), the paragraphs under it ㅇ items, a ※ paragraph a note.
TEMPLATES = [
    {
        "name": "보도자료 (소제목 구성)",
        "kind": "release",
        "order": 10,
        "deck": (
            "- 핵심 내용을 한 문장으로 씁니다 (누가, 무엇을)\n"
            "- 성과나 숫자를 한 문장으로 씁니다\n"
            "- 앞으로의 계획을 한 문장으로 씁니다"
        ),
        "lead": (
            "경북테크노파크(원장 ○○○)는 ○월 ○일 ○○에서 ○○ 사업을 시작했다고 밝혔다. "
            "(누가, 언제, 어디서, 무엇을, 왜 했는지 두세 문장으로 씁니다.)"
        ),
        "body": (
            "<h2>추진 배경</h2>"
            "<p>사업을 시작하게 된 까닭과 지역 산업에 필요한 점을 씁니다.</p>"
            "<h2>주요 내용</h2>"
            "<p>사업의 내용, 규모, 기간, 참여 기관을 씁니다.</p>"
            "<ul><li>지원 대상: ○○ 분야 도내 중소기업 ○○개 사</li>"
            "<li>지원 내용: 기술 개발, 시제품 제작, 판로 개척</li>"
            "<li>사업 기간: 2026. ○. ○. ~ 2026. ○. ○.</li></ul>"
            "<h2>기대 효과와 향후 계획</h2>"
            "<p>사업으로 기대하는 성과와 다음 단계의 일정을 씁니다.</p>"
            "<p>○○○ 경북테크노파크 원장은 “(기관장의 말을 한두 문장으로 씁니다.)”라고 말했다.</p>"
            "<p>※ 붙임: 관련 사진 ○매</p>"
        ),
    },
    {
        "name": "행사 안내",
        "kind": "briefing",
        "order": 20,
        "deck": "- 행사 이름과 날짜, 장소를 한 문장으로 씁니다\n- 누가 참여할 수 있는지 씁니다",
        "lead": (
            "경북테크노파크(원장 ○○○)는 ○월 ○일(○) ○○시 ○○에서 「○○○○ 행사」를 연다고 밝혔다."
        ),
        "body": (
            "<h2>행사 개요</h2>"
            "<ul><li>일시: 2026. ○. ○.(○) 14:00~17:00</li>"
            "<li>장소: ○○○○ (경산시 ○○로 ○○)</li>"
            "<li>주최·주관: 경상북도, 경북테크노파크</li>"
            "<li>참석: 도내 기업 관계자, 유관 기관 등 ○○명</li></ul>"
            "<h2>주요 프로그램</h2>"
            "<p>개회와 기조연설, 성과 발표, 상담회 순서로 진행한다.</p>"
            "<h2>참가 신청</h2>"
            "<p>○월 ○일까지 경북테크노파크 누리집에서 신청하면 된다. 참가비는 없다.</p>"
            "<p>※ 문의: 경북테크노파크 ○○팀 053-819-○○○○</p>"
        ),
    },
]


def seed(apps, schema_editor):
    ReleaseTemplate = apps.get_model("articles", "ReleaseTemplate")
    for fields in TEMPLATES:
        ReleaseTemplate.objects.get_or_create(name=fields["name"], defaults=fields)


def unseed(apps, schema_editor):
    ReleaseTemplate = apps.get_model("articles", "ReleaseTemplate")
    ReleaseTemplate.objects.filter(name__in=[t["name"] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    """Two 본문 양식 to start from: a plain 보도자료 with 소제목 and a 행사 안내."""

    dependencies = [("articles", "0007_release_templates")]

    operations = [migrations.RunPython(seed, unseed)]
