from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    """One row: "add" only while there is none, no delete."""

    list_display = ("name", "url", "updated_at")

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
