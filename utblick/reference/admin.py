from django.contrib import admin

from utblick.reference.models import Country, EUProgramme


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_sv", "name_en", "is_eu_member")
    search_fields = ("code", "name_sv", "name_en")


@admin.register(EUProgramme)
class EUProgrammeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_sv", "management", "ft_portal_programme_id")
    list_filter = ("management",)
    search_fields = ("code", "name_sv", "name_en")
