"""Writing the audit trail: django-simple-history's, told what the write services know."""

from simple_history.models import HistoricalRecords


class LinkedHistory(HistoricalRecords):
    """The history of a record with links (priority areas, goals …) kept in its entries.

    Each entry copies the record's links as they are after the write, read back per link
    field. The services mark the link fields they know to be empty (`_history_links_empty`:
    a new record's fields left unset), and those are not read back: for an imported row,
    three of four queries of its history entry.
    """

    def create_historical_record_m2ms(self, history_instance, instance):
        empty = getattr(instance, "_history_links_empty", ())
        if empty:
            # Only this entry's copy of the list changes, not the history model's.
            history_instance._history_m2m_fields = [
                field for field in history_instance._history_m2m_fields if field.name not in empty
            ]
        super().create_historical_record_m2ms(history_instance, instance)
