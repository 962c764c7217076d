"""The compiled report survives text stored with control characters (core.text)."""

import pytest

from utblick.factories import ApplicationFactory
from utblick.reporting.build import build_report_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_the_compiled_report_survives_text_stored_with_them(world, tmp_path, fmt):
    ApplicationFactory(
        municipality=world.home, unit=world.committee, title="Projekt\x02\x01\x1b\ufffe"
    )
    result = build_report_file(world.home, 2025, fmt, tmp_path / f"rapport.{fmt}")
    assert result.size > 0
