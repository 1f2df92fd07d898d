from django.contrib import admin

from relais.core.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "kind", "recipient", "status", "sent_at"]
    list_filter = ["channel", "kind", "status"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
