from django.http import HttpRequest


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_review": False, "can_edit": False, "can_export": False}
    return {
        "can_review": user.has_perm("reviewers.review_claim"),
        "can_edit": user.has_perm("reviewers.approve_verdict"),
        "can_manage_queue": user.has_perm("reviewers.manage_queue"),
        "can_export": user.has_perm("reviewers.export_verdicts"),
        "can_ingest": user.has_perm("claims.add_article"),
    }
