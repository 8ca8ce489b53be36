from django.contrib import admin

from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "owner", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "description")
    list_select_related = ("owner",)
    exclude = ("secret", "previous_secret")


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "manual", "started_at", "duration_ms", "status_code", "error", "response_excerpt")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("msg_id", "endpoint", "status", "attempts", "last_status_code", "created_at")
    list_filter = ("status",)
    list_select_related = ("endpoint",)
    readonly_fields = ("endpoint", "event", "msg_id", "attempts", "round_attempts", "last_status_code", "last_error",
                       "delivered_at", "next_attempt_at", "lease_expires_at")
    inlines = [WebhookAttemptInline]
