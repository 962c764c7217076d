"""Receivers on `record_written` (sent inside the writing transaction by the services):

* the search index follows every write of a searchable record;
* a new monitoring item is e-mailed to the units it concerns: queued once the write is
  committed, sent by the worker (`item_email_task`), not in the request.
"""

from django.db import transaction

from utblick.monitoring import search


def on_record_written(sender, *, actor, instance, action, previous=None, **kwargs):
    if search.is_indexed(sender):
        search.index_record(instance)
    from utblick.monitoring.models import MonitoringItem

    if sender is MonitoringItem and action == "create" and not instance.is_demo:
        from utblick.monitoring.tasks import item_email_task

        item_id, acting_user_id = instance.pk, actor.user_id
        transaction.on_commit(lambda: item_email_task.enqueue(item_id, acting_user_id))
