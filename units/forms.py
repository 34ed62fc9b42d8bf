"""Forms of the unit, person, account and import pages."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.dates import DateField

from .models import Gender, Person, PersonKind, Role, Signer, Unit, User


class UnitPicker(forms.TextInput):
    """A text box for a unit code that suggests units as one types (htmx + <datalist>).

    A <select> of every unit would not scale to an organisation of thousands of units.
    """

    template_name = "units/widgets/unit_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        options = f"{widget_attrs.get('id') or name}-options"
        widget_attrs.update(
            {
                "list": options,
                "autocomplete": "off",
                "hx-get": reverse("units:pick") + "?scope=manage",
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{options}",
            }
        )
        context["widget"]["options_id"] = options
        return context


class UnitCodeField(forms.Field):
    """A unit chosen by its code among `queryset` (the units the user may choose here)."""

    widget = UnitPicker
    default_error_messages = {
        "invalid_choice": _("No unit with the code “%(code)s” can be chosen here."),
    }

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _("Type the unit code or part of its name, then choose."))
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Unit.objects.none()

    def prepare_value(self, value):
        if isinstance(value, Unit):
            return value.code
        if isinstance(value, int):
            return Unit.objects.filter(pk=value).values_list("code", flat=True).first() or ""
        return value

    def to_python(self, value):
        code = (value or "").strip()
        if not code:
            return None
        unit = self.queryset.filter(code__iexact=code).first()
        if unit is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"code": code}
            )
        return unit

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != (data or "").strip()


class UnitForm(forms.ModelForm):
    parent = UnitCodeField(required=False, label=_("Parent unit"))

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "kind",
            "parent",
            "headcount",
            "place",
            "short_code",
            "governing_body",
            "document_name",
            "proposes_to",
            "upper_organisation",
            "active",
        ]

    def __init__(self, *args, parents=None, parent_required=True, uppers=None, **kwargs):
        """`uppers`: the organisations offered as the level above (only when the user may set
        it, see access.can_set_upper_organisation); None leaves the field out."""
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else Unit.objects.none()
        self.fields["parent"].required = parent_required
        if uppers is None:
            del self.fields["upper_organisation"]
        else:
            field = self.fields["upper_organisation"]
            field.queryset = uppers
            field.label_from_instance = lambda unit: f"{unit.name} ({unit.code})"


class SignerForm(forms.ModelForm):
    class Meta:
        model = Signer
        fields = ["authority", "authority_of", "title", "full_name"]


class PersonForm(forms.ModelForm):
    unit = UnitCodeField(label=_("Unit"))

    class Meta:
        model = Person
        fields = [
            "full_name",
            "date_of_birth",
            "gender",
            "kind",
            "position",
            "qualification",
            "unit",
            "email",
            "phone",
            "completed_digital_skills",
            "active",
        ]
        field_classes = {"date_of_birth": DateField, "completed_digital_skills": DateField}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["gender"].choices = [("", "—"), *Gender.choices]
        self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data.get("kind") or PersonKind.OFFICIAL


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            # Checked against the account it will become: user name, email, person's name.
            candidate = User(
                username=cleaned.get("username", ""),
                email=cleaned.get("email") or self.person.email,
                person=self.person,
            )
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "email", "is_active", "language"]
        labels = {"username": _("User name"), "is_active": _("Active")}
        help_texts = {
            "username": _("At most 150 characters: letters, digits and @ . + - _ only."),
            "is_active": _("Untick to stop this account signing in, instead of deleting it."),
        }


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitCodeField(label=_("Over unit"))

    def __init__(self, *args, units=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        if roles is not None:
            self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
