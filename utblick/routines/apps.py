from django.apps import AppConfig


class RoutinesConfig(AppConfig):
    name = "utblick.routines"
    label = "routines"
    verbose_name = "Rutiner och åtgärder"

    def ready(self):
        from utblick.core.signals import record_written
        from utblick.routines.receivers import on_record_written

        record_written.connect(on_record_written, dispatch_uid="routines.on_record_written")
