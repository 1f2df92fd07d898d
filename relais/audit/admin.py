"""Audit records are read in the admin by the data-protection officer; never changed there."""

from django.contrib import admin

from relais.audit.models import AccessRecord, ChangeRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "organisation", "role", "action", "person_id"]
    list_filter = ["action", "role"]
    date_hierarchy = "at"
    # Only the person's id: the admin list must not become a second way to read files.
    fields = ["at", "user", "organisation", "role", "action", "person_id", "target"]
    readonly_fields = fields


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "organisation", "model", "object_id", "person_id"]
    list_filter = ["model"]
    date_hierarchy = "at"
    fields = ["at", "user", "organisation", "model", "object_id", "person_id"]
    readonly_fields = fields
