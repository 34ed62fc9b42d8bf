from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter(name="number")
def number_filter(value, places=None):
    """{{ value|number }} or {{ value|number:2 }}: a number as Vietnamese write it."""
    from portal.text import number

    if places in (None, ""):
        return number(value)
    try:
        return number(value, int(places))
    except (TypeError, ValueError):
        return number(value)


@register.filter
def unbroken(value, words=2):
    """{{ name|unbroken }}: the last words of a name kept on one line (no-break spaces)."""
    from portal.text import unbroken_tail

    try:
        return unbroken_tail(str(value), int(words))
    except (TypeError, ValueError):
        return unbroken_tail(str(value))


@register.filter
def lower_first(value):
    """{{ campaign.title|lower_first }} after "về việc": no capital in running text."""
    from portal.text import lower_first as lower

    return lower(str(value))


@register.filter(name="action_label")
def action_label_filter(entry):
    """{{ entry|action_label }}: a history entry's action as the registry labels it."""
    from portal.workflow import entry_label

    return entry_label(entry)


@register.filter
def get_item(mapping, key):
    """{{ sorts|get_item:"title" }}: a dictionary's value by a key held in a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def quick_widget(bound_field):
    """A filter form's field: plain selects and inputs written directly (Django's widget
    templates render one template per option, several milliseconds for a list's filter
    form); any other widget as Django renders it."""
    from django import forms
    from django.forms.utils import flatatt
    from django.utils.html import conditional_escape, format_html
    from django.utils.safestring import mark_safe

    widget = bound_field.field.widget
    kind = type(widget)
    if kind not in (forms.Select, forms.TextInput, forms.NumberInput):
        return bound_field.as_widget()
    attrs = bound_field.build_widget_attrs(widget.build_attrs(widget.attrs))
    if bound_field.auto_id and "id" not in attrs:
        attrs["id"] = bound_field.auto_id
    value = bound_field.value()
    if kind is forms.Select:
        chosen = "" if value is None else str(value)
        choices = widget.choices
        field = bound_field.field
        if isinstance(field, forms.ModelChoiceField):
            # One plain query (Django's choices iterate a server-side cursor: three trips).
            choices = [("", field.empty_label)] if field.empty_label is not None else []
            choices += [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset]
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                "" if key is None else str(key),
                mark_safe(" selected") if str("" if key is None else key) == chosen else "",
                label,
            )
            for key, label in choices
        ]
        return format_html(
            '<select name="{}"{}>{}</select>',
            bound_field.html_name,
            flatatt(attrs),
            mark_safe("".join(options)),
        )
    attrs.setdefault("type", widget.input_type)
    if value not in (None, ""):
        attrs["value"] = str(widget.format_value(value))
    return mark_safe(f'<input name="{conditional_escape(bound_field.html_name)}"{flatatt(attrs)}>')


@register.filter
def shown(value):
    """{{ value|shown }}: a stored value as Vietnamese read it (Có/Không, 85,5, dd/mm/yyyy)."""
    from portal.text import shown as as_shown

    return as_shown(value)


@register.filter
def quoted(value):
    """{{ campaign.title|quoted }}: a name in “…” inside a sentence, inner quotes made single."""
    from portal.text import quoted as in_quotes

    return in_quotes(str(value))
