"""Evaluation on every save: `record_written` is sent inside the writing transaction, so the
routines run in it too — an exception here undoes the write."""

from utblick.routines.notifications import notify_report_decided
from utblick.routines.services import routines_evaluate_batch, routines_evaluate_record

# A unit's period report that the executive office returned or approved: the unit is told.
REPORT_DECISIONS = {"return", "approve"}


def on_record_written(sender, *, actor, instance, action, previous=None, **kwargs):
    routines_evaluate_record(actor=actor, instance=instance, action=action, previous=previous)
    if instance._meta.label_lower == "planning.unitreport" and action in REPORT_DECISIONS:
        notify_report_decided(actor.municipality, instance)


def on_batch_written(sender, *, actor, collected, **kwargs):
    if collected.get("routines"):
        routines_evaluate_batch(actor=actor, writes=collected["routines"])
