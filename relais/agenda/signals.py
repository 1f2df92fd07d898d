"""Signals other modules listen to, so that the agenda never imports them.

`status_changed(sender=Appointment, appointment, before, user)` is sent inside the transaction
that changed the status: a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

status_changed = Signal()
