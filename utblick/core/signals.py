from django.dispatch import Signal

# Sent inside the writing transaction after a register record was created, changed,
# archived or restored through the services; receivers (the routines) run in the same
# transaction, so a failing receiver undoes the write. kwargs: actor, instance, action, previous.
record_written = Signal()

# Sent when a batch of writes (`utblick.core.services.write_batch`: an import's rows) ends, in
# the same transaction: receivers do once what they deferred for the batch. kwargs: actor,
# collected (what each receiver collected with `batch_collect`, by its name).
batch_written = Signal()

# Sent after writes that bypass the models' save signals (bulk writes: the routines' obligations,
# the demo data), so that what is kept per organisation (the cached start page, the lists'
# filter choices) is forgotten. kwargs: municipality_id.
organisation_changed = Signal()
