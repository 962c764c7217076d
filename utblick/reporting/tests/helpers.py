"""Small helpers the reporting tests share."""


def statements(captured) -> int:
    """Queries, without the savepoints the test's own transaction adds around writes."""
    return sum(1 for q in captured.captured_queries if "SAVEPOINT" not in q["sql"])
