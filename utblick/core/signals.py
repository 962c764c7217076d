from django.dispatch import Signal

# Sent inside the writing transaction after a register record was created, changed,
# archived or restored through the services; receivers (the routines) run in the same
# transaction, so a failing receiver undoes the write. kwargs: actor, instance, action, previous.
record_written = Signal()
