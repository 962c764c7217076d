"""A refused status change names the statuses in the language it is shown in: Swedish in the
interface, English in the API (one gettext catalogue for both)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from utblick.registers.models import FundingApplication


def _refusal() -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        FundingApplication(status="granted").validate_change(FundingApplication(status="idea"))
    return caught.value


def test_a_skipped_step_is_refused_in_swedish_with_the_allowed_next_steps():
    with translation.override("sv"):
        assert _refusal().message_dict["status"] == [
            "Status kan inte gå från ”Idé” till ”Beviljad”. "
            "Tillåtet nästa steg: ”Under beredning”, ”Återkallad”."
        ]


def test_the_same_refusal_reads_in_english_where_english_is_shown():
    refusal = _refusal()
    with translation.override("en"):
        assert refusal.message_dict["status"] == [
            "The status cannot go from 'Idea' to 'Granted'. Allowed next: 'Preparing', 'Withdrawn'."
        ]
