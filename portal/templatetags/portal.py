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


@register.filter
def get_item(mapping, key):
    """{{ sorts|get_item:"title" }}: a dictionary's value by a key held in a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
