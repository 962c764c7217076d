"""Receivers on `record_written` (sent inside the writing transaction by the services):

* the search index follows every write of a searchable record (inside an import's batch of
  rows: all of them at once when the batch ends);
* a new monitoring item is e-mailed to the units it concerns: queued once the write is
  committed, sent by the worker (`item_email_task`), not in the request.
"""

from django.db import transaction

from utblick.core.services import batch_collect
from utblick.monitoring import search


def on_record_written(sender, *, actor, instance, action, previous=None, **kwargs):
    if search.is_indexed(sender):
        pending = batch_collect("search")
        if pending is None:
            search.index_record(instance)
        else:
            pending.append((sender, instance.pk))
    from utblick.monitoring.models import MonitoringItem

    if sender is MonitoringItem and action == "create" and not instance.is_demo:
        from utblick.monitoring.tasks import item_email_task

        item_id, acting_user_id = instance.pk, actor.user_id
        transaction.on_commit(lambda: item_email_task.enqueue(item_id, acting_user_id))


def on_batch_written(sender, *, collected, **kwargs):
    if collected.get("search"):
        search.index_records(collected["search"])
