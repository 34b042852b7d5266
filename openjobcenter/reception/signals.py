"""Signals of the walk-in queue. ``ticket_called`` is sent inside the calling transaction with the
called ``ticket`` (its counter set): the app's push notifications listen to it."""

from django.dispatch import Signal

ticket_called = Signal()
