import logging
import time

from django.http import HttpResponse
from django.shortcuts import render

from kontum_it.decorators import allowed_if
from reports import selectors
from reports.briefing.forms import BriefingForm, province_today
from reports.briefing.render import INSTALL_HINT, briefing_pdf, find_chromium, warm_up
from reports.briefing.signing import remember_signing, stored_signing
from units.permissions import can_export_briefing, is_admin

logger = logging.getLogger(__name__)


@allowed_if(can_export_briefing)
def briefing_export(request):
    """GET: the export form (``?period=`` preselects a quarter). POST: the briefing
    PDF as a download, or the form again with the errors beside the fields."""
    periods = selectors.periods_with_data()
    stored = stored_signing()
    options = {"periods": periods, "signing": stored, "can_sign": is_admin(request.user), "place": province_today()}
    if request.method == "POST":
        form = BriefingForm(request.POST, **options)
        if form.is_valid():
            signing = form.signing(stored)
            if options["can_sign"] and signing != stored:
                remember_signing(signing, user=request.user)  # typed once, printed on the next ones too
            return _pdf_response(form.cleaned_data, signing)
        return render(request, "reports/briefing/export.html", _context(form), status=400)
    warm_up()
    requested = request.GET.get("period", "")
    initial = {"period": requested} if any(p.code == requested for p in periods) else {}
    return render(request, "reports/briefing/export.html", _context(BriefingForm(initial=initial, **options)))


def _context(form: BriefingForm) -> dict:
    return {"form": form, "chromium_missing": find_chromium() is None, "install_hint": INSTALL_HINT}


def _pdf_response(data, signing) -> HttpResponse:
    started = time.perf_counter()
    briefing, pdf = briefing_pdf(
        period=data["period"],
        compare=data["compare_period"],
        session_title=data["session_title"],
        session_date=data["session_date"],
        signing=signing,
    )
    logger.info("Briefing %s: %d bytes in %.1f s", briefing.period.code, len(pdf), time.perf_counter() - started)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{briefing.filename}"'
    return response
