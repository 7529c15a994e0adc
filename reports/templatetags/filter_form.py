"""``{% form_field field %}`` and ``{% form_label field %}``: what ``{{ field }}`` and
``{{ field.label_tag }}`` write for a dashboard table's filters
(``reports/includes/table_block.html``), quicker.

Django renders a ``<select>`` through its form templates: one include per option and
another for each option's attributes; with the ``<label>``s it was a third of a
province page's rendering once its tables were written in Python. Here Django still
builds every widget's context (names, ids, values, selected options, ARIA attributes)
and only the two templates that cost — ``django/forms/widgets/select.html`` with its
options, ``django/forms/label.html`` — are written in Python, to the byte. Only with
Django's own form renderer: another one (``FORM_RENDERER``, a project's templates
overriding Django's) renders as it would. ``tests/reports/test_render_fast_paths.py``
compares both ways on the dashboards' filter forms and on made-up widgets.
"""

from django import template
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData

register = template.Library()

_OPTION = "django/forms/widgets/select_option.html"
_AUTOESCAPE = Context(autoescape=True)


def _text(value) -> str:
    """``{{ value }}`` in Django's form templates."""
    return render_value_in_context(value, _AUTOESCAPE)


def _string(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 - the filter's own formatting, to the byte
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs) -> str:
    """``django/forms/widgets/attrs.html`` (and ``django/forms/attrs.html``, the same);
    a label without an id has none."""
    if attrs is None:
        return ""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select(widget) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            value, attrs, label = _string(option["value"]), _attrs(option["attrs"]), _text(option["label"])
            # The option's template ends with a new line, kept inside the select.
            parts.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context) -> str:
    label = _text(context["label"])
    if not context["use_tag"]:
        return label.strip()
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>".strip()


class _Quick:
    """The form's renderer, with the select and the label written here."""

    def __init__(self, renderer):
        self.renderer = renderer

    def render(self, template_name, context, request=None):
        html = None
        if template_name == "django/forms/widgets/select.html":
            html = _select(context["widget"])
        elif template_name == "django/forms/label.html":
            html = _label(context)
        return self.renderer.render(template_name, context, request) if html is None else html

    def __getattr__(self, name):
        return getattr(self.renderer, name)


def _quickly(field, write):
    form = field.form
    renderer = form.renderer
    if type(renderer) is not DjangoTemplates:
        return write(field)
    form.renderer = _Quick(renderer)
    try:
        return write(field)
    finally:
        form.renderer = renderer


@register.simple_tag
def form_field(field):
    """``{{ field }}``."""
    return _quickly(field, str)


@register.simple_tag
def form_label(field):
    """``{{ field.label_tag }}``."""
    return _quickly(field, lambda f: f.label_tag())
