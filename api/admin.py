from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are created with `manage.py api_token` or on the user's page, and
    revoked through `api.tokens.token_revoke` (both recorded)."""

    list_display = ["name", "user", "kind", "prefix", "expires_on", "last_used_at", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["name", "user__username", "prefix"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
