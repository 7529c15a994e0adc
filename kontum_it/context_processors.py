"""What every page's frame (header, menu, title, footer) needs besides the user."""

import contextlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from units.selectors import hierarchy_today

# Today's province changes once in decades (a reorganisation file applied): the frame
# of every page reads it from the shared cache, a few minutes old at most, instead of
# a query on every data-entry request (the deadline rush counts them).
TODAY_SECONDS = 300


def province(request) -> dict:
    """Today's hierarchy for pages without a quarter (sign-in, forms, review, admin):
    ``province_name``, the short name of the province in force today, and
    ``has_districts``, whether a district level exists today (the menu's "Huyện"). A
    page that shows a quarter puts those of the quarter into its own context, which wins
    over these. Read only when a template asks (see ``TODAY_SECONDS``)."""

    def today():
        if not hasattr(request, "_hierarchy_today"):
            day = timezone.localdate()
            key = f"hierarchy-today:{day.isoformat()}"
            try:
                found = cache.get(key)
            except Exception:  # a cache that is down costs a query, never the page
                found = None
            if found is None:
                found = hierarchy_today(day=day)
                with contextlib.suppress(Exception):
                    cache.set(key, found, TODAY_SECONDS)
            request._hierarchy_today = found
        return request._hierarchy_today

    return {
        "province_name": SimpleLazyObject(lambda: today()[0]),
        "has_districts": SimpleLazyObject(lambda: today()[1]),
    }


def guide(request) -> dict:
    """``help_url``: the section of the user guide about the page being shown
    (kontum_it.guide.HELP), for the "Hướng dẫn" link of every page's frame."""
    from django.utils.functional import lazy

    from kontum_it.guide import UNIT_HELP, help_url
    from units.permissions import has_committee_role, is_admin

    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else None
    # Roles are read only on the few pages whose section depends on them.
    user = getattr(request, "user", None)
    unit_reader = bool(
        name in UNIT_HELP
        and user is not None
        and user.is_authenticated
        and not (is_admin(user) or has_committee_role(user))
    )
    return {"help_url": lazy(help_url, str)(name, unit_reader=unit_reader)}
