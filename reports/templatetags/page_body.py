"""``{% page_body %}…{% endpage_body %}``: a dashboard's body, kept under the data
version by the view (``reports.views._page``).

When the view found the body kept, ``cached_body`` holds it and the block inside is
not rendered at all (its context was never built). Otherwise the block renders and
hands its HTML to ``store_body``. Unlike Django's ``{% cache %}`` the tag reads and
writes no cache itself: the view decides before it builds the page, and a cache that
is down costs the view time, never the page.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class PageBodyNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        kept = context.get("cached_body")
        if kept is not None:
            return mark_safe(kept)  # noqa: S308 - HTML this template rendered itself
        html = self.nodelist.render(context)
        store = context.get("store_body")
        if store is not None:
            store(str(html))
        return html


@register.tag("page_body")
def page_body(parser, token):
    nodelist = parser.parse(("endpage_body",))
    parser.delete_first_token()
    return PageBodyNode(nodelist)
