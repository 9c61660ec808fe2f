"""Admin for users: their role and force beside the account, and their API tokens (hashes only)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from openpeel.inspections.models import ApiToken, Membership


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    readonly_fields = ("name", "created_at", "expires_at", "last_used_at")
    fields = readonly_fields
    can_delete = True  # revoking a token is deleting it; new tokens come from `openpeel web token`

    def has_add_permission(self, request, obj=None) -> bool:
        return False


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)  # roles are memberships, not Django groups: one way to grant access, not two


@admin.register(User)
class PersonAdmin(UserAdmin):
    inlines = [MembershipInline, ApiTokenInline]
    list_display = ("username", "email", "role", "force", "is_active", "last_login")

    @admin.display(description="role")
    def role(self, user) -> str:
        return user.membership.get_role_display() if hasattr(user, "membership") else "public"

    @admin.display(description="force")
    def force(self, user) -> str:
        return user.membership.force_id if hasattr(user, "membership") else ""
