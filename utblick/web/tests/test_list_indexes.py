"""Every register's default list (an organisation's records, not archived, in the register's
order) is read along an index in that order: no scan of the table, no sort of all its rows."""

import pytest
from django.db import connection

from utblick.core.access import scoped
from utblick.registry import REGISTERS, apply_filters

# Registers ordered through a join (an activity's or contact person's unit name) keep what the
# index can give: the organisation's records, not archived; the join's order is sorted.
SORTED_BY_A_JOIN = {"activities", "contact_people"}


class Filters:
    q = archived = None


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's tables are tiny, and a sort of one row is cheaper than any index: make
            # the planner show the plan it takes for large tables.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_the_default_list_is_read_along_its_index(world, register):
    queryset = apply_filters(scoped(register.model, world.actor(world.alice)), register, Filters)
    plan = _plan(queryset[:50])
    sorted_ = "TEMP B-TREE" in plan or "Sort" in plan
    if register.key in SORTED_BY_A_JOIN:
        assert sorted_, plan
    else:
        index = register.model._meta.indexes[0].name
        assert index.endswith("_list") and index in plan, plan
        assert not sorted_, plan
