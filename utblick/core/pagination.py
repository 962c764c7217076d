"""The one paginator of the web lists: its count reads at most `cap` + 1 rows.

An exact count on the largest organisation's lists is a pass over every row of the filter for
each page shown, and nobody pages past ten thousand rows: they narrow the list with its
filters. When there are more, `capped` is true and the pages cover the first `cap` rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        object_list = self.object_list
        if hasattr(object_list, "order_by"):
            # SELECT COUNT(*) FROM (… LIMIT cap + 1): bounded whatever the size of the list.
            return object_list.order_by()[: self.cap + 1].count()
        return len(object_list)

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap
