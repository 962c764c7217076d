from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "utblick.monitoring"
    label = "monitoring"
    verbose_name = "Omvärldsbevakning"

    def ready(self):
        from utblick.core.signals import batch_written, record_written
        from utblick.monitoring.receivers import on_batch_written, on_record_written

        record_written.connect(on_record_written, dispatch_uid="monitoring.on_record_written")
        batch_written.connect(on_batch_written, dispatch_uid="monitoring.on_batch_written")
