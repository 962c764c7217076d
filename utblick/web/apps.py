from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "utblick.web"
    label = "web"
    verbose_name = "Webbgränssnitt"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from utblick.web.middleware import session_refreshed

        user_logged_in.connect(session_refreshed, dispatch_uid="utblick-session-refreshed")
