"""Evaluation on every save: `record_written` is sent inside the writing transaction, so the
routines run in it too — an exception here undoes the write."""

from utblick.routines.services import routines_evaluate_batch, routines_evaluate_record


def on_record_written(sender, *, actor, instance, action, previous=None, **kwargs):
    routines_evaluate_record(actor=actor, instance=instance, action=action, previous=previous)


def on_batch_written(sender, *, actor, collected, **kwargs):
    if collected.get("routines"):
        routines_evaluate_batch(actor=actor, writes=collected["routines"])
