"""Signals the content apps send so that derived work (press kits) follows every change.

`content_changed` is sent after a save in the admin, a workflow move (one or in bulk), a restore
and a share link's creation, inside the transaction that made the change. Receivers only record
what must be redone and enqueue a task; the work itself happens in the task worker.
"""

from django.dispatch import Signal

# sender: the model class; instance: the changed object.
content_changed = Signal()
