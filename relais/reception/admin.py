"""The reception log in the admin: read-only. Visits are recorded through the reception
screen (one service, one rule); the admin lets staff check and, if need be, delete a mistake.
Names are not shown: a visit's person is personal data, read in the audited pages only."""

from django.contrib import admin

from relais.reception.models import EmergencyProcedureVersion, InterpretingSession, Visit


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = [
        "occurred_at",
        "site",
        "channel",
        "outcome",
        "interpreting",
        "is_outside_hours",
        "has_person",
    ]
    list_filter = ["channel", "outcome", "interpreting", "is_outside_hours", "organisation"]
    date_hierarchy = "occurred_at"
    list_select_related = ["site"]
    exclude = ["person"]

    @admin.display(boolean=True, description="dossier lié")
    def has_person(self, visit):
        return visit.person_id is not None


@admin.register(InterpretingSession)
class InterpretingSessionAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "organisation", "language", "mode", "duration_minutes"]
    list_filter = ["language", "mode", "organisation"]
    date_hierarchy = "occurred_at"
    list_select_related = ["organisation"]
    exclude = ["visit"]


@admin.register(EmergencyProcedureVersion)
class EmergencyProcedureVersionAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "created_at", "created_by"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "created_by"]

    def has_delete_permission(self, request, obj=None):
        return False  # The history is the point: versions are never removed.
