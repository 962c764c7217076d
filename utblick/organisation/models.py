"""Register 8: the municipality, its bodies and units, people, the contact-person network, roles."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.access import Role
from utblick.core.history import LinkedHistory
from utblick.core.models import RegisterRecord, TenantQuerySet, list_indexes


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommun")
    REGION = "region", _("Region")


class Municipality(models.Model):
    """An organisation that can run its international work in Utblick: one of Sweden's 290
    municipalities (four-digit SCB code) or 21 regions (two-digit county code); `is_tenant`
    once it does. The name is the glossary's, from when only municipalities were tenants."""

    code = models.CharField(
        _("kod"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(
                r"^(\d{2}|\d{4})$",
                _("Koden är fyra siffror för en kommun och två för en region."),
            )
        ],
    )
    kind = models.CharField(
        _("typ"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.MUNICIPALITY,
    )
    name = models.CharField(_("namn"), max_length=100)
    county_code = models.CharField(_("länskod"), max_length=2)
    county_name = models.CharField(_("län"), max_length=100)
    is_tenant = models.BooleanField(_("använder Utblick"), default=False)
    # When `utblick tenant create` set it up: its dashboard shows the first-week checklist.
    tenant_since = models.DateTimeField(_("använder Utblick sedan"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        # The name alone: the official forms vary ("Falu kommun", "Malmö stad").
        return self.name

    @property
    def is_region(self) -> bool:
        return self.kind == OrganisationKind.REGION

    def public_path(self) -> str:
        """The address of the organisation's public page about its international work."""
        if self.is_region:
            return reverse("public_region_page", kwargs={"code": self.code})
        return reverse("public_report:page", kwargs={"code": self.code})

    @property
    def terms(self) -> dict[str, str]:
        """What this organisation calls itself and its bodies (kommun / region …)."""
        from utblick.core.words import terminology

        return terminology(self.kind)


class RegionalNetwork(models.Model):
    """A regional network of municipalities that share opportunities (E4: V6).

    The one record that spans tenants: it names its members and shares nothing by itself.
    """

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=30, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    founded_year = models.PositiveIntegerField(_("grundat år"), null=True, blank=True)
    members = models.ManyToManyField(
        Municipality, related_name="regional_networks", verbose_name=_("medlemmar")
    )
    history = LinkedHistory(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        verbose_name = _("regionalt nätverk")
        verbose_name_plural = _("regionala nätverk")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    # Labels for a municipality; a region's words come from its terminology (regionstyrelsen …).
    COUNCIL = "council", _("Kommunfullmäktige")
    EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelsen")
    EXECUTIVE_OFFICE = "executive_office", _("Kommunstyrelsens förvaltning")
    COMMITTEE = "committee", _("Nämnd")
    ADMINISTRATION = "administration", _("Förvaltning")
    MUNICIPAL_COMPANY = "municipal_company", _("Kommunalt bolag")
    PREPARATORY_COMMITTEE = "preparatory_committee", _("Beredning")
    WORKING_COMMITTEE = "working_committee", _("Utskott")
    OTHER_BODY = "other_body", _("Annat organ")


DECIDING_BODY_KINDS = {
    UnitKind.COUNCIL,
    UnitKind.EXECUTIVE_BOARD,
    UnitKind.COMMITTEE,
    UnitKind.MUNICIPAL_COMPANY,
}


class UnitQuerySet(TenantQuerySet):
    def subtree_ids(self, unit_id: int) -> set[int]:
        """The unit and every unit below it (a committee and its administration)."""
        ids = {unit_id}
        frontier = {unit_id}
        while frontier:
            frontier = set(
                self.filter(parent_id__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True)
            )
            ids |= frontier
        return ids


class Unit(RegisterRecord):
    unit_editors_may_edit = False

    kind = models.CharField(_("typ"), max_length=30, choices=UnitKind.choices)
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("förkortning"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnad"),
    )
    email = models.EmailField(_("funktionsbrevlåda"), blank=True)
    # A body the policy profile declares ([[bodies]]): its key there, and what the profile
    # says of it. Empty for units registered by hand.
    key = models.SlugField(_("nyckel i profilen"), max_length=80, blank=True)
    chair = models.CharField(_("ordförande"), max_length=200, blank=True)
    members = models.TextField(_("ledamöter"), blank=True)
    meets_per_year = models.PositiveSmallIntegerField(
        _("sammanträden per år"), null=True, blank=True
    )
    handles = models.JSONField(_("ärenden som går via organet"), default=list, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        indexes = list_indexes("unit", ("kind", "name"), ())
        verbose_name = _("organisatorisk enhet")
        verbose_name_plural = _("organisatoriska enheter")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unit_name_unique"),
            models.UniqueConstraint(
                fields=["municipality", "key"],
                condition=~models.Q(key=""),
                name="unit_profile_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:units_detail", args=[self.pk])

    def clean(self):
        from utblick.core.validation import Problems

        problems = Problems()
        if self.parent_id and self.pk and self.parent_id == self.pk:
            problems.add("parent", "own_parent")
        problems.raise_if_any()


class PersonKind(models.TextChoices):
    ELECTED = "elected", _("Förtroendevald")
    STAFF = "staff", _("Tjänsteperson")


class Person(RegisterRecord):
    unit_editors_may_edit = False

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=PersonKind.choices)
    title = models.CharField(_("titel eller uppdrag"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("enhet"),
    )
    party = models.CharField(_("parti"), max_length=50, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("användarkonto"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = list_indexes("person", ("name",), ("kind",))
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:people_detail", args=[self.pk])


class ContactPerson(RegisterRecord):
    """A unit's contact person in the EU network (M2, F5): one per committee, optional per company."""

    unit_editors_may_edit = False

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="contact_people", verbose_name=_("enhet")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="contact_roles", verbose_name=_("person")
    )
    appointed_on = models.DateField(_("utsedd"), null=True, blank=True)
    ended_on = models.DateField(_("avslutad"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name"]
        indexes = list_indexes("contact", (), ())
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner (EU-nätverket)")

    def __str__(self) -> str:
        return f"{self.person} ({self.unit})"

    def get_absolute_url(self) -> str:
        return reverse("web:contact_people_detail", args=[self.pk])

    def clean(self):
        from utblick.core.validation import Problems

        problems = Problems()
        problems.dates_in_order(self, "appointed_on", "ended_on")
        problems.raise_if_any()


class RoleAssignment(models.Model):
    """A user's role in one municipality; a unit editor also names its unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_role_per_user_and_municipality"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="unit_editor") | models.Q(unit__isnull=False),
                name="unit_editor_names_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} i {self.municipality}"
