"""The shapes every register record shares: a tenant, a version, an archive flag, links to the policy."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from utblick.core.checks import PlainCheck
from utblick.core.validation import no_control_characters


def page_url(model: type[models.Model] | None, pk) -> str:
    """The page of a record known only by its model and id ('' where the model has no page)."""
    if model is None or pk is None or not hasattr(model, "get_absolute_url"):
        return ""
    return model(pk=pk).get_absolute_url()


class TenantQuerySet(models.QuerySet):
    def in_municipality(self, municipality) -> "TenantQuerySet":
        return self.filter(municipality=municipality)

    def active(self) -> "TenantQuerySet":
        return self.filter(archived_at__isnull=True)


class PrintableText(models.Model):
    """Text fields refuse control characters (core.text) wherever the record is validated: the
    register services, every other service that calls `full_clean`, and so the web forms, the
    API and the imports alike. A method rather than field validators: no migration, and a field
    added later is covered too."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            if isinstance(field, (models.CharField, models.TextField)):
                try:
                    no_control_characters(getattr(self, field.attname))
                except ValidationError as exc:
                    errors.setdefault(field.name, []).append(exc)
        if errors:
            raise ValidationError(errors)


class TenantModel(PrintableText):
    """A record that belongs to exactly one municipality."""

    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kommun"),
        editable=False,
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_constraints(self):
        """Django's, with the check constraints evaluated on the record where they are plain
        comparisons (`core.checks.PlainCheck`) instead of by a query each: an import
        validates every row."""
        return [
            (model, [PlainCheck.of(constraint) for constraint in constraints])
            for model, constraints in super().get_constraints()
        ]


class RegisterRecord(TenantModel):
    """A record in one of the registers: versioned (optimistic concurrency), archived, never deleted.

    `unit_editors_may_edit` tells the access rules whether a unit editor may change
    records of its own unit (registers 1–7) or only coordinators (the organisation).
    """

    unit_editors_may_edit = True

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("skapad av"),
    )
    archived_at = models.DateTimeField(_("arkiverad"), null=True, blank=True, editable=False)
    archive_reason = models.CharField(_("skäl till arkivering"), max_length=300, blank=True)
    is_demo = models.BooleanField(
        _("demodata"), default=False, editable=False, help_text=_("Påhittad post i demodata.")
    )

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def list_indexes(
    prefix: str, ordering: tuple[str, ...] = (), filters: tuple[str, ...] = ()
) -> list[models.Index]:
    """A register's indexes for its lists, per organisation: the default list (not archived, in
    the default order, then by id as the list orders) read in index order, and each filter.
    Orderings through a join (`unit__name`) cannot be indexed and are left out. "Not archived"
    is the index's condition, not a column: PostgreSQL does not take a column tested with
    IS NULL as fixed, and would sort."""
    found = [
        models.Index(
            fields=["municipality", *ordering, "id"],
            name=f"{prefix}_list",
            condition=models.Q(archived_at__isnull=True),
        )
    ]
    found += [
        models.Index(fields=["municipality", name], name=f"{prefix}_{name}") for name in filters
    ]
    return found


class PolicyLinked(models.Model):
    """Links to the municipality's policy profile: priority areas, commitments, goals (L1)."""

    priority_areas = models.ManyToManyField(
        "policy.PriorityArea",
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("prioriterade områden"),
    )
    commitments = models.ManyToManyField(
        "policy.Commitment",
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("åtaganden"),
    )
    goals = models.ManyToManyField(
        "policy.Goal",
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("mål"),
    )

    class Meta:
        abstract = True

    POLICY_LINK_FIELDS = ("priority_areas", "commitments", "goals")
