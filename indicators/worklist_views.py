"""The work lists of today: "my reports" (an officer's units × quarters) and the review
queue. What can be acted on comes first and alone in the counters; reports of locked
quarters are set apart, marked "quý đã khóa" (issue 20, point 9)."""

from django.shortcuts import render

from indicators import selectors
from indicators.filtersets import MyReportsFilter, ReviewQueueFilter
from indicators.models import ReportStatus
from indicators.tables import MyReportsTable, ReviewQueueTable
from kontum_it.decorators import allowed_if
from kontum_it.tables_safe import SafeRequestConfig
from units.models import Unit
from units.permissions import ENTRY_ROLES, REVIEW_ROLES, can_enter_data, can_review, unit_ids_in_scope


@allowed_if(can_enter_data)
def my_reports(request):
    """The units the user enters for × the open and recent quarters."""
    unit_ids = unit_ids_in_scope(request.user, ENTRY_ROLES)
    periods = selectors.entry_periods(unit_ids=unit_ids)
    filterset = MyReportsFilter(request.GET or None, queryset=Unit.objects.reporting().filter(id__in=unit_ids))
    rows = selectors.report_rows(unit_ids=filterset.qs.values_list("id", flat=True), periods=periods)
    # What can be acted on comes first and alone in the counters; the locked quarters'
    # rows are apart, below (issue 20, point 9).
    rows, locked_rows = selectors.split_locked(rows)
    counts = dict.fromkeys((selectors.NOT_STARTED, *ReportStatus.values), 0)
    for row in rows:
        counts[row.status] += 1
    status = filterset.form.cleaned_data.get("status") if filterset.is_bound and filterset.is_valid() else ""
    if status:
        rows = [row for row in rows if row.status == status]
        locked_rows = [row for row in locked_rows if row.status == status]
    table = MyReportsTable(rows)
    SafeRequestConfig(request, paginate={"per_page": 50}).configure(table)
    locked_table = MyReportsTable(locked_rows, prefix="locked-") if locked_rows else None
    if locked_table is not None:
        SafeRequestConfig(request, paginate={"per_page": 50}).configure(locked_table)
    context = {
        "table": table,
        "locked_table": locked_table,
        "filterset": filterset,
        "show_filters": len(unit_ids) > 3,
        "counts": counts,
        "open_periods": [p for p in periods if not p.is_locked],
    }
    return render(request, "indicators/my_reports.html", context)


@allowed_if(can_review)
def review_queue(request):
    """Reports of the reviewer's units; by default those waiting for review."""
    data = request.GET.copy()
    data.setdefault("status", ReportStatus.SUBMITTED)
    unit_ids = unit_ids_in_scope(request.user, REVIEW_ROLES)
    # Only what can be acted on by default: the locked quarters' reports on request.
    chosen = selectors.period_for_code(data["period"]) if data.get("period") else None
    with_locked = data.get("locked") == "1" or bool(chosen and chosen.is_locked)
    filterset = ReviewQueueFilter(
        data, queryset=selectors.review_queue(unit_ids=unit_ids, with_locked=with_locked), with_past=with_locked
    )
    table = ReviewQueueTable(filterset.qs)
    SafeRequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request, "indicators/review_queue.html", {"table": table, "filterset": filterset, "with_locked": with_locked}
    )
