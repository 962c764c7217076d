"""Receivers on `record_written` (sent inside the writing transaction by the services):

* the search index follows every write of a searchable record;
* a new monitoring item is e-mailed to the units it concerns once the write is committed.
"""

from django.db import transaction

from utblick.monitoring import search


def on_record_written(sender, *, actor, instance, action, previous=None, **kwargs):
    if search.is_indexed(sender):
        search.index_record(instance)
    from utblick.monitoring.models import MonitoringItem

    if sender is MonitoringItem and action == "create" and not instance.is_demo:
        from utblick.monitoring.notifications import notify_units_concerned

        item_id, acting_user_id = instance.pk, actor.user_id
        transaction.on_commit(
            lambda: notify_units_concerned(item_id=item_id, acting_user_id=acting_user_id)
        )
