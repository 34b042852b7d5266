"""Signals of the notifications app.

``notified`` is sent after ``notify`` stored a notification for a person (inside the caller's
transaction): other channels — the app's push notifications — listen to it. Arguments:
``recipient``, ``template`` (e.g. "messaging_new_message"), ``jobcenter`` and ``link``.
"""

from django.dispatch import Signal

notified = Signal()
