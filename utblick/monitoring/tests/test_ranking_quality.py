"""Ranking quality on a hand-labelled set: the sample's calls × the four seed profiles' areas.

The labels (data/call_labels.json) say, with a short rationale per area, which calls a
coordinator would want to see for each priority area. Precision at 5 is measured through the
same path as the pages and `utblick calls match`: profiles loaded, calls imported, ranked.
"""

import datetime as dt
import json

import pytest

from utblick.core.access import Actor, Role
from utblick.monitoring import selectors
from utblick.monitoring.tests.conftest import LABELS, load_seed_profile

SEEDS = {"0580": "linkoping", "1280": "malmo", "1445": "essunga", "2080": "falun"}
# The mean P@5 reached when the labels were written (0.708: 46 of 65); a change to the
# matching that makes it worse fails here. Raise it when the ranking gets better.
MEAN_P_AT_5_FLOOR = 0.70


def precision_at_5(sample_calls) -> dict[str, float]:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["areas"]
    found = {}
    for code, slug in SEEDS.items():
        municipality = load_seed_profile(code, slug)
        actor = Actor(user=None, municipality=municipality, role=Role.READER)
        ranked = selectors.ranked_calls(actor, today=dt.date(2026, 11, 22), limit=5)
        for group in ranked:
            area = selectors.scoped_area_key(actor, group.target_id)
            relevant = set(labels[f"{code}/{area}"]["relevant"])
            top = [call.identifier for call, _match in group.matches]
            assert len(top) == 5
            found[f"{code}/{area}"] = sum(1 for i in top if i in relevant) / 5
    assert set(found) == set(labels)
    return found


@pytest.mark.django_db
def test_mean_precision_at_5_over_the_seed_profiles_priority_areas_stays_at_its_level(
    sample_calls,
):
    found = precision_at_5(sample_calls)
    mean = sum(found.values()) / len(found)
    print("\n".join(f"{area}: P@5 = {value:.1f}" for area, value in sorted(found.items())))
    print(f"mean P@5 = {mean:.3f}")
    assert mean >= MEAN_P_AT_5_FLOOR, found
    # Areas whose words are plain in EU calls are found well.
    assert found["1445/barn-och-unga"] == 1.0
    assert found["1445/mervarde-for-samhallet"] == 1.0


@pytest.mark.django_db
def test_closed_calls_are_never_ranked(sample_calls):
    municipality = load_seed_profile("1445", "essunga")
    actor = Actor(user=None, municipality=municipality, role=Role.READER)
    ranked = selectors.ranked_calls(actor, today=dt.date(2026, 11, 22), limit=100)
    statuses = {call.status for group in ranked for call, _ in group.matches}
    assert statuses <= {"open", "forthcoming"}
    ids = {call.identifier for group in ranked for call, _ in group.matches}
    assert "CERV-2026-CITIZENS-TOWN-TT" not in ids  # closed, though about twin towns


@pytest.mark.django_db
def test_ordered_priorities_come_first_and_excluding_words_leave_calls_out(sample_calls):
    from utblick.policy.models import PriorityArea

    municipality = load_seed_profile("1445", "essunga")
    actor = Actor(user=None, municipality=municipality, role=Role.READER)
    today = dt.date(2026, 11, 22)
    before = selectors.ranked_calls(actor, today=today, limit=5)
    first, last = before[0], before[-1]
    PriorityArea.objects.filter(pk=last.target_id).update(rank=1)
    PriorityArea.objects.filter(pk=first.target_id).update(rank=2)
    # The first area's best call, named by a word of its title, is excluded from the area.
    top_call = first.matches[0][0]
    word = max(top_call.title.split(), key=len)
    PriorityArea.objects.filter(pk=first.target_id).update(exclude_terms=[word.upper()])
    after = selectors.ranked_calls(actor, today=today, limit=5)
    assert [after[0].target_id, after[1].target_id] == [last.target_id, first.target_id]
    kept = next(g for g in after if g.target_id == first.target_id)
    assert len(kept.matches) == 5
    assert all(word.casefold() not in call.title.casefold() for call, _ in kept.matches)
