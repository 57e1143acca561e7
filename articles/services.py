from articles.models import Article, Correction
from audit.models import Action
from audit.services import audit_record


def article_record_correction(*, article: Article, note: str, by, request=None) -> Correction:
    """A dated 정정 notice on the public page, and a line in the audit trail."""
    correction = Correction.objects.create(article=article, note=note, created_by=by)
    audit_record(action=Action.CORRECT, actor=by, request=request, obj=article, note=note)
    return correction
