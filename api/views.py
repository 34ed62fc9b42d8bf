"""The page where a user creates and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.workflow import WorkflowError

from .forms import TokenForm
from .models import ApiToken
from .tokens import token_create, token_revoke, tokens_of


@login_required
def token_list(request):
    """GET lists the user's tokens; POST creates one and shows its secret, this once."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST":
        if form.is_valid():
            try:
                token, secret = token_create(
                    user=request.user,
                    by=request.user,
                    name=form.cleaned_data["name"],
                    expires_on=form.cleaned_data["expires_on"],
                )
            except WorkflowError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                form = TokenForm()
        if secret is None:
            messages.error(request, _("Correct the fields marked below; nothing has been saved."))
    context = {
        "form": form,
        "tokens": tokens_of(request.user),
        "secret": secret,
        "schema_url": reverse("api:openapi-json"),
        "docs_url": reverse("api:openapi-view"),
    }
    response = render(request, "api/tokens.html", context)
    if secret is not None:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_view(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.revoked_at is not None:
        raise Http404
    try:
        token_revoke(token=token, by=request.user)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The token has been revoked: it no longer works."))
    return redirect("api_tokens")
