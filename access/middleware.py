"""Exports and admin changes into the access audit, for every view at once: a new
export or admin page is audited without touching its code."""

from django.contrib.admin.models import LogEntry
from django.urls import reverse

from access.models import AccessKind
from access.services import access_record


class AccessAuditMiddleware:
    """Records (1) every successful download — a response sent as an attachment (CSV,
    XLSX, the PDF briefing) — and (2) every admin change: the admin's own LogEntry rows
    written during a POST, with the client address the admin log lacks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_post = request.method == "POST" and request.path.startswith(reverse("admin:index"))
        before = 0
        if admin_post:
            before = LogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        disposition = response.get("Content-Disposition", "")
        if response.status_code == 200 and disposition.startswith("attachment"):
            access_record(kind=AccessKind.EXPORT, request=request, detail=disposition)
        if admin_post:
            entries = LogEntry.objects.filter(id__gt=before, user=user).select_related("content_type")
            for entry in entries.order_by("id"):
                detail = f"{entry.get_action_flag_display()} {entry.content_type.name}: {entry.object_repr}"
                access_record(kind=AccessKind.ADMIN_CHANGE, request=request, detail=detail)
        return response
