"""Pages of the unit tree, people, accounts and roles, and the Excel import/export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal import phrases, sheets, workflow, xlsx
from portal.exports import export_page
from portal.http import int_param
from portal.lists import ListSpec, list_context, list_response, render_list
from portal.services import history_for
from portal.text import fold

from . import access, exports, importing, services
from .filters import AccountFilter, PersonFilter, UnitFilter
from .forms import (
    AccountCreateForm,
    AccountForm,
    ImportForm,
    PersonForm,
    RoleForm,
    SignerForm,
    UnitForm,
)
from .models import Person, RoleAssignment, Signer, Unit, User
from .sections import unit_sections

PAGE_SIZE = 50
PEOPLE = ListSpec(
    sorts={"name": ("name_sort", "id"), "-name": ("-name_sort", "-id")},
    default="name",
    per_page=PAGE_SIZE,
    target="person-rows",
)
ACCOUNTS = ListSpec(
    sorts={"username": ("username", "id"), "-username": ("-username", "-id")},
    default="username",
    per_page=PAGE_SIZE,
    target="account-rows",
)


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _manageable_units(user):
    """Units under which `user` may create or edit units and people."""
    return Unit.objects.filter(access.scope_q(user, "path", access.MANAGING_ROLES)).order_by("path")


def _require_manager(user):
    if not access.can_manage_any_unit(user):
        raise Http404


HISTORY_ACTIONS = {
    "created": pgettext_lazy("history action", "created"),
    "edited": pgettext_lazy("history action", "edited"),
    "moved": pgettext_lazy("history action", "moved to another parent unit"),
    "imported": pgettext_lazy("history action", "imported from Excel"),
    "role_granted": pgettext_lazy("history action", "role granted"),
    "signer_added": pgettext_lazy("history action", "signer added"),
    "signer_removed": pgettext_lazy("history action", "signer removed"),
    "role_removed": pgettext_lazy("history action", "role removed"),
    "password_set": pgettext_lazy("history action", "new password set"),
}
for _model in (Unit, Person, User):
    workflow.actions(_model, HISTORY_ACTIONS)


def _history(subject) -> list[dict]:
    """History rows of `subject` with readable actions and field names."""
    fields = {f.name: f for f in subject._meta.get_fields() if hasattr(f, "verbose_name")}
    rows = []
    for entry in history_for(subject):
        changes = [
            (fields[name].verbose_name if name in fields else name, pair[0], pair[1])
            for name, pair in (entry.changes or {}).items()
        ]
        rows.append(
            {
                "at": entry.at,
                "actor": entry.actor.display_name if entry.actor else "",
                "action": workflow.entry_label(entry),
                "note": entry.note,
                "changes": changes,
            }
        )
    return rows


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or str(phrases.NOT_ALLOWED)


# --- units -------------------------------------------------------------------------------


@login_required
def unit_tree(request):
    units = access.units_visible_to(request.user).select_related("parent").order_by("path")
    unit_filter = UnitFilter(request.GET, queryset=units)
    return render(
        request,
        "units/tree.html",
        {
            "filter": unit_filter,
            "page": _page(request, unit_filter.qs),
            "can_manage": access.can_manage_any_unit(request.user),
        },
    )


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(
        access.units_visible_to(request.user).select_related("parent", "upper_organisation"),
        pk=pk,
    )
    ancestors = Unit.objects.filter(path__in=unit.ancestor_paths[:-1]).order_by("path")
    children = unit.children.annotate(people_count=Count("people")).order_by("name_sort")
    people = unit.people.order_by("name_sort", "id")
    can_manage = access.can_manage_unit(request.user, unit)
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "children": children,
            "people": people[:100],
            "people_count": people.count(),
            "sections": unit_sections(request.user, unit),
            "can_manage": can_manage,
            "history": _history(unit) if can_manage else [],
        },
    )


@login_required
def unit_create(request):
    _require_manager(request.user)
    parents = _manageable_units(request.user)
    initial = {}
    parent_id = int_param(request, "parent")
    if parent_id:
        initial["parent"] = get_object_or_404(parents, pk=parent_id)
    form = UnitForm(
        request.POST or None,
        initial=initial,
        parents=parents,
        parent_required=not request.user.is_superuser,
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(by=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, phrases.SAVED)
            return redirect("units:detail", unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk):
    manageable = _manageable_units(request.user)
    unit = get_object_or_404(manageable, pk=pk)
    parents = manageable.exclude(path__startswith=unit.path)
    uppers = None
    if unit.parent_id is None and access.can_set_upper_organisation(request.user, unit):
        # Every other organisation; one below this one is refused with its reason (Unit.clean).
        uppers = Unit.objects.filter(parent__isnull=True).exclude(pk=unit.pk)
        uppers = uppers.order_by("name_sort", "pk")
    form = UnitForm(
        request.POST or None,
        instance=unit,
        parents=parents,
        parent_required=unit.parent_id is not None and not request.user.is_superuser,
        uppers=uppers,
    )
    if request.method == "POST" and form.is_valid():
        unit = Unit.objects.get(pk=unit.pk)  # the form changed the instance in place
        try:
            services.unit_update(unit=unit, by=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, phrases.SAVED)
            return redirect("units:detail", unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


@login_required
def unit_pick(request):
    """Suggestions for a unit-code box: the first units whose code or name match."""
    scope = request.GET.get("scope")
    text = " ".join(v for k, v in request.GET.items() if k != "scope").strip()
    if scope == "manage":
        units = _manageable_units(request.user)
    else:
        units = access.units_visible_to(request.user)
    units = units.order_by("path")
    if text:
        words = fold(text).split()
        by_name = units
        for word in words:
            by_name = by_name.filter(name_folded__contains=word)
        units = by_name | units.filter(code__istartswith=text)
    return render(request, "units/_pick_options.html", {"units": units[:20]})


# --- people ------------------------------------------------------------------------------


@login_required
def person_list(request):
    people = access.people_visible_to(request.user).select_related("unit")
    person_filter = PersonFilter(request.GET, queryset=people)
    return list_response(
        request,
        PEOPLE,
        rows=person_filter.qs,
        filterset=person_filter,
        template="units/people.html",
        partial="units/_people_rows.html",
        extra={"can_manage": access.can_manage_any_unit(request.user)},
    )


@login_required
def person_detail(request, pk):
    person = get_object_or_404(
        access.people_visible_to(request.user).select_related("unit", "user"), pk=pk
    )
    can_manage = access.can_manage_unit(request.user, person.unit)
    account = getattr(person, "user", None)
    return render(
        request,
        "units/person.html",
        {
            "person": person,
            "account": account,
            "can_manage": can_manage,
            "history": _history(person) if can_manage else [],
        },
    )


@login_required
def person_create(request):
    _require_manager(request.user)
    units = _manageable_units(request.user)
    initial = {}
    unit_id = int_param(request, "unit")
    if unit_id:
        initial["unit"] = get_object_or_404(units, pk=unit_id)
    form = PersonForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(by=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, phrases.SAVED)
            return redirect("units:person", person.pk)
    return render(request, "units/person_form.html", {"form": form, "person": None})


@login_required
def person_edit(request, pk):
    units = _manageable_units(request.user)
    person = get_object_or_404(
        Person.objects.filter(access.scope_q(request.user, "unit__path", access.MANAGING_ROLES)),
        pk=pk,
    )
    form = PersonForm(request.POST or None, instance=person, units=units)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.select_related("unit").get(pk=person.pk)
        try:
            services.person_update(person=person, by=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, phrases.SAVED)
            return redirect("units:person", person.pk)
    return render(request, "units/person_form.html", {"form": form, "person": person})


# --- accounts and roles ------------------------------------------------------------------
#
# Office reviewers and administrators see the accounts of the people of their scope; they
# change only those `access.account_change_refusal` allows (the privilege ceiling). The
# services check it again: the pages only avoid offering what would be refused.


def _accounts(user):
    return access.accounts_visible_to(user)


@login_required
def account_list(request):
    _require_manager(request.user)
    accounts = (
        _accounts(request.user)
        .select_related("person", "person__unit")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("unit").order_by("role"),
            )
        )
    )
    account_filter = AccountFilter(request.GET, queryset=accounts)
    context = list_context(request, ACCOUNTS, rows=account_filter.qs, filterset=account_filter)
    for account in context["page"]:
        account.can_change = access.can_change_account(request.user, account)
    return render_list(
        request, template="units/accounts.html", partial="units/_account_rows.html", context=context
    )


@login_required
def account_create(request, person_pk):
    _require_manager(request.user)
    person = get_object_or_404(
        Person.objects.filter(access.scope_q(request.user, "unit__path", access.MANAGING_ROLES)),
        pk=person_pk,
    )
    form = AccountCreateForm(request.POST or None, initial={"email": person.email}, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_create(person=person, by=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The account has been created."))
            return redirect("units:account", account.pk)
    return render(request, "units/account_create.html", {"form": form, "person": person})


def _visible_account(request, pk):
    _require_manager(request.user)
    return get_object_or_404(_accounts(request.user).select_related("person__unit"), pk=pk)


@login_required
def account_detail(request, pk):
    account = _visible_account(request, pk)
    refusal = access.account_change_refusal(request.user, account)
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("units:account", account.pk)
        if form.is_valid():
            fresh = User.objects.select_related("person__unit").get(pk=account.pk)
            try:
                services.account_update(account=fresh, by=request.user, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, phrases.SAVED)
                return redirect("units:account", account.pk)
    roles = account.role_assignments.select_related("unit").order_by("role", "unit__path")
    grantable = access.roles_grantable_by(request.user)
    return render(
        request,
        "units/account.html",
        {
            "account": account,
            "refusal": refusal,
            "form": form,
            "roles": roles,
            "role_form": RoleForm(units=_manageable_units(request.user), roles=grantable)
            if grantable
            else None,
            "history": _history(account),
        },
    )


@login_required
def account_password(request, pk):
    """A manager gives an account a new password (e.g. its person has no email)."""
    account = _visible_account(request, pk)
    refusal = access.account_change_refusal(request.user, account)
    if refusal:
        messages.error(request, refusal)
        return redirect("units:account", account.pk)
    form = SetPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_password_set(
                account=account, password=form.cleaned_data["new_password1"], by=request.user
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The new password has been set."))
            return redirect("units:account", account.pk)
    return render(request, "units/account_password.html", {"account": account, "form": form})


@login_required
@require_POST
def account_deactivate(request, pk):
    account = _visible_account(request, pk)
    try:
        services.account_deactivate(account=account, by=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The account has been deactivated."))
    return redirect("units:account", account.pk)


@login_required
@require_POST
def role_add(request, pk):
    account = _visible_account(request, pk)
    # Every role is accepted here so that the service's refusal (rank) is the message.
    form = RoleForm(request.POST, units=_manageable_units(request.user))
    if not form.is_valid():
        messages.error(
            request, _("The role was not granted: choose a role and a unit in your scope.")
        )
        return redirect("units:account", account.pk)
    try:
        services.role_assign(account=account, by=request.user, **form.cleaned_data)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The role has been granted."))
    return redirect("units:account", account.pk)


@login_required
@require_POST
def role_remove(request, pk):
    _require_manager(request.user)
    assignment = get_object_or_404(
        RoleAssignment.objects.filter(user__in=_accounts(request.user)).select_related(
            "unit", "user__person__unit"
        ),
        pk=pk,
    )
    try:
        services.role_remove(assignment=assignment, by=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The role has been removed."))
    return redirect("units:account", assignment.user_id)


# --- Excel -------------------------------------------------------------------------------


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _import(request, kind: str):
    _require_manager(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = importing.import_job_start(
                kind=kind, file=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("units:import_job", job.pk)
    columns = importing.UNIT_COLUMNS if kind == "units" else importing.PEOPLE_COLUMNS
    required = importing.UNIT_REQUIRED if kind == "units" else importing.PEOPLE_REQUIRED
    return render(
        request,
        "units/import.html",
        {
            "form": form,
            "kind": kind,
            "columns": [(c, c in required) for c in columns],
            "kind_words": importing.KIND_WORDS.values() if kind == "units" else None,
            "max_rows": sheets.MAX_ROWS,
            "jobs": importing.import_jobs_visible_to(request.user).filter(kind=kind)[:5],
        },
    )


@login_required
def import_job(request, pk):
    """The progress of one import, polled until it ends, then its outcome."""
    job = get_object_or_404(importing.import_jobs_visible_to(request.user), pk=pk)
    template = "units/_import_job.html" if request.htmx else "units/import_job.html"
    return render(request, template, {"job": job})


@login_required
def import_units(request):
    return _import(request, "units")


@login_required
def import_people(request):
    return _import(request, "people")


@login_required
def template_units(request):
    _require_manager(request.user)
    return _xlsx(importing.units_template(), "mau-nhap-don-vi.xlsx")


@login_required
def template_people(request):
    _require_manager(request.user)
    return _xlsx(importing.people_template(), "mau-nhap-ca-nhan.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def export_units(request):
    """The export of the unit tree as filtered: GET shows the latest one, POST asks for a new
    one, made by a job off the request (portal/exports.py)."""
    return export_page(request, exports.UNITS, template="units/export_units.html")


@login_required
@require_http_methods(["GET", "POST"])
def export_people(request):
    """The export of the people list as filtered, as export_units does for units."""
    return export_page(request, exports.PEOPLE, template="units/export_people.html")


@login_required
def signer_list(request, pk):
    """The signers of a unit's documents: the unit's office and administrator manage them."""
    unit = get_object_or_404(_manageable_units(request.user), pk=pk)
    form = SignerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signer_create(organisation=unit, by=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, phrases.SAVED)
            return redirect("units:signers", unit.pk)
    signers = unit.signers.order_by("-active", "authority", "title", "full_name", "id")
    return render(request, "units/signers.html", {"unit": unit, "form": form, "signers": signers})


@login_required
@require_POST
def signer_deactivate(request, pk):
    managed = access.scope_q(request.user, "organisation__path", access.MANAGING_ROLES)
    signer = get_object_or_404(Signer.objects.filter(managed), pk=pk)
    services.signer_deactivate(signer=signer, by=request.user)
    messages.success(request, phrases.SAVED)
    return redirect("units:signers", signer.organisation_id)
