from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "utblick.web"
    label = "web"
    verbose_name = "Webbgränssnitt"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from utblick.core.signals import batch_written, organisation_changed, record_written
        from utblick.web import choices
        from utblick.web.middleware import session_refreshed

        user_logged_in.connect(session_refreshed, dispatch_uid="utblick-session-refreshed")
        # The list filters' cached choices and the cached start page follow every write that
        # can change them.
        record_written.connect(choices.on_record_written, dispatch_uid="web.choices.written")
        batch_written.connect(choices.on_batch_written, dispatch_uid="web.choices.batch")
        organisation_changed.connect(
            choices.on_organisation_changed, dispatch_uid="web.choices.organisation_changed"
        )
        for signal in (post_save, post_delete):
            signal.connect(choices.on_saved, dispatch_uid=f"web.choices.{signal}")
