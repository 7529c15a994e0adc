"""``{% page_body %}…{% endpage_body %}``: a dashboard's body, kept under the data
version by the view (``reports.views._page``).

When the view found the body kept, ``cached_body`` holds it and the block inside is
not rendered at all (its context was never built). Otherwise the block renders and
appends its HTML to the view's ``rendered_body`` list, and the view keeps that string
(``reports.pageview``). Unlike Django's ``{% cache %}`` the tag reads and writes no
cache: the view decides before it builds the page, and stores after it renders.
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
        rendered = context.get("rendered_body")
        if rendered is not None:
            rendered.append(str(html))
        return html


@register.tag("page_body")
def page_body(parser, token):
    nodelist = parser.parse(("endpage_body",))
    parser.delete_first_token()
    return PageBodyNode(nodelist)
