"""Password rules that know about the person behind an account."""

import re
from difflib import SequenceMatcher

from django.contrib.auth.password_validation import (
    UserAttributeSimilarityValidator,
    exceeds_maximum_length_ratio,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.text import fold

ATTRIBUTE_LABELS = {
    "username": _("user name"),
    "first_name": _("first name"),
    "last_name": _("last name"),
    "email": _("email address"),
    "full_name": _("full name"),
}


def _forms(text: str) -> set[str]:
    """`text` in lower case, accent-folded, and folded with the spaces and signs taken out.

    "Nguyễn Văn An" gives "nguyễn văn an", "nguyen van an" and "nguyenvanan", so that
    "NguyenVanAn2025" is recognised as the name.
    """
    lower = text.lower()
    folded = fold(text)
    return {lower, folded, re.sub(r"\W+", "", folded)} - {""}


class PersonalInformationSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's similarity check, also against the linked person's full name, with and
    without Vietnamese accents (a password typed on a keyboard usually has none)."""

    def _values(self, user):
        for attribute in self.user_attributes:
            value = getattr(user, attribute, None)
            if value and isinstance(value, str):
                yield attribute, value
        person = getattr(user, "person", None) if getattr(user, "person_id", None) else None
        if person is not None and person.full_name:
            yield "full_name", person.full_name

    def validate(self, password, user=None):
        if not user:
            return
        passwords = _forms(password)
        for attribute, value in self._values(user):
            for form in _forms(value):
                for part in {*re.split(r"\W+", form), form} - {""}:
                    for candidate in passwords:
                        if exceeds_maximum_length_ratio(candidate, self.max_similarity, part):
                            continue
                        ratio = SequenceMatcher(a=candidate, b=part).quick_ratio()
                        if ratio >= self.max_similarity:
                            raise ValidationError(
                                self.get_error_message(),
                                code="password_too_similar",
                                params={"what": ATTRIBUTE_LABELS.get(attribute, attribute)},
                            )

    def get_error_message(self):
        return gettext(
            "The password is too similar to the %(what)s of the account: choose one that "
            "does not contain the name."
        )

    def get_help_text(self):
        return gettext(
            "Your password cannot be too similar to your user name, your name or your email "
            "address, with or without accents."
        )
