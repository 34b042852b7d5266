"""Signals core sends so other apps can follow changes without core importing them."""

from django.dispatch import Signal

# Sent after a Jobcenter's settings changed and the change was committed.
# Arguments: ``jobcenter`` and ``fields`` (the names of the changed fields).
jobcenter_settings_changed = Signal()
