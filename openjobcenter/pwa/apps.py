from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PwaConfig(AppConfig):
    name = "openjobcenter.pwa"
    label = "pwa"
    verbose_name = _("App")

    def ready(self) -> None:
        from openjobcenter.notifications.signals import notified
        from openjobcenter.pwa.services import alerts
        from openjobcenter.reception.signals import ticket_called

        notified.connect(alerts.on_notified, dispatch_uid="pwa-push-notified")
        ticket_called.connect(alerts.on_ticket_called, dispatch_uid="pwa-push-ticket-called")
