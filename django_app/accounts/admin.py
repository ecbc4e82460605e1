from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, plus the fields this site adds."""

    list_display = ("username", "karma", "date_joined", "is_active", "is_staff")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Profile", {"fields": ("about", "karma")}),
    )
    readonly_fields = ("karma",)  # karma moves only with votes
