"""Links rendered from the rule of the page they lead to.

`{% if unit|viewable_by:user %}<a href=...>{% endif %}`: a page shows a link to a unit or a
person only when that page opens for the user (the rule of `units_visible_to` and
`people_visible_to`), so no visible link answers 404.
"""

from django import template

from units import access
from units.models import Person, Unit

register = template.Library()


@register.filter
def viewable_by(obj, user) -> bool:
    if isinstance(obj, Unit):
        return access.can_view_unit(user, obj)
    if isinstance(obj, Person):
        return access.can_view_person(user, obj)
    return False
