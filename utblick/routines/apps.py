from django.apps import AppConfig


class RoutinesConfig(AppConfig):
    name = "utblick.routines"
    label = "routines"
    verbose_name = "Rutiner och åtgärder"

    def ready(self):
        from utblick.core.signals import batch_written, record_written
        from utblick.routines.receivers import on_batch_written, on_record_written

        record_written.connect(on_record_written, dispatch_uid="routines.on_record_written")
        batch_written.connect(on_batch_written, dispatch_uid="routines.on_batch_written")
