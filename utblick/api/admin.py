from django.contrib import admin

from utblick.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "municipality", "name", "created_at", "revoked_at")
    list_filter = ("municipality",)
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")
