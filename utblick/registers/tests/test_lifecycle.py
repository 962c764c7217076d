"""The application lifecycle as a pure function: idea → preparing → submitted → decision → …"""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from utblick.registers import lifecycle
from utblick.registers.lifecycle import ALLOWED_TRANSITIONS, STATUSES, can_move, transition_problem

HAPPY_PATH = ["idea", "preparing", "submitted", "granted", "running", "closed"]


def test_the_happy_path_is_allowed_step_by_step():
    for current, target in itertools.pairwise(HAPPY_PATH):
        assert can_move(current, target), (current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("idea", "granted"),
        ("idea", "submitted"),
        ("submitted", "running"),
        ("rejected", "submitted"),
        ("closed", "running"),
        ("granted", "closed"),
        ("withdrawn", "idea"),
    ],
)
def test_it_refuses_skipping_or_going_back(current, target):
    assert not can_move(current, target)
    code, params = transition_problem(current, target)
    assert code in {"transition_not_allowed", "status_final"}
    assert params["current"] == lifecycle.LABELS[current]


def test_final_statuses_cannot_move():
    for status in ("rejected", "withdrawn", "closed"):
        assert ALLOWED_TRANSITIONS[status] == frozenset()
        assert transition_problem(status, "idea")[0] == "status_final"


@given(st.sampled_from(STATUSES), st.sampled_from(STATUSES))
def test_problem_is_reported_exactly_when_the_move_is_not_allowed(current, target):
    assert (transition_problem(current, target) is None) == can_move(current, target)


def test_every_status_can_be_reached_from_idea():
    reached, frontier = {"idea"}, {"idea"}
    while frontier:
        frontier = {t for s in frontier for t in ALLOWED_TRANSITIONS[s]} - reached
        reached |= frontier
    assert reached == set(STATUSES)


@pytest.mark.parametrize(
    ("current", "forward"),
    [
        ("idea", "preparing"),
        ("preparing", "submitted"),  # not back to "idea", not out to "withdrawn"
        ("submitted", "granted"),
        ("granted", "running"),  # not "withdrawn", though it comes first in the order
        ("running", "closed"),
        ("closed", None),
    ],
)
def test_the_step_onwards_is_the_next_one_along_the_way_never_back_or_out(current, forward):
    assert lifecycle.APPLICATION.forward(current) == forward
