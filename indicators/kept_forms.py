"""Post/Redirect/Get for a refused form too (issue 20, point 10).

A form the portal refuses (a figure that is not a number, sending with errors, a return
without a reason) is not answered with a page: the user's input and the reasons are
kept in the session under a one-time token and the answer is a redirect to the report
page with ``?kept=<token>``, which shows them again. Back, or reloading the page, then
asks for a page and never sends the form a second time.

One kept form per report and kind (the latest), so the session stays small; a
successful write forgets it.
"""

import uuid

from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "kept_forms"
PARAMETER = "kept"
ENTRY, REVIEW, REOPEN = "entry", "review", "reopen"


def _slot(kind: str, unit, period) -> str:
    return f"{kind}:{unit.code}/{period.code}"


def form_keep_and_redirect(request, *, kind: str, unit, period, problems=(), fragment: str = ""):
    """Keep the POST (without its CSRF token) and the service's ``problems`` ((field
    name, message) pairs); answer with a redirect to the report page that shows them."""
    token = uuid.uuid4().hex[:12]
    data = {name: values for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"}
    kept = request.session.get(SESSION_KEY, {})
    kept[_slot(kind, unit, period)] = {"token": token, "data": data, "problems": [list(p) for p in problems]}
    request.session[SESSION_KEY] = kept
    url = reverse("indicators:report", kwargs={"unit_code": unit.code, "period_code": period.code})
    return redirect(f"{url}?{PARAMETER}={token}{fragment}")


def form_kept(request, *, kind: str, unit, period) -> tuple[QueryDict, list[tuple[str, str]]] | None:
    """(the kept input, the kept problems) when the page was asked with this kind's
    token for this report; else None (the page shows the report as stored)."""
    token = request.GET.get(PARAMETER)
    kept = request.session.get(SESSION_KEY, {}).get(_slot(kind, unit, period)) if token else None
    if not kept or kept["token"] != token:
        return None
    data = QueryDict(mutable=True)
    for name, values in kept["data"].items():
        data.setlist(name, values)
    return data, [(name, message) for name, message in kept["problems"]]


def form_forget(request, *, kind: str, unit, period) -> None:
    kept = request.session.get(SESSION_KEY)
    if kept and kept.pop(_slot(kind, unit, period), None) is not None:
        request.session.modified = True
