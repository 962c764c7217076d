"""BM25 and the bridge: unit tests and properties, no database."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utblick.monitoring.matching import BM25, CallIndex, CallText, build_query, expand
from utblick.monitoring.matching.text import words

# --- BM25 ------------------------------------------------------------------------------------


def test_a_document_with_more_of_the_rarer_term_ranks_first():
    index = BM25([["climate", "city"], ["youth", "youth", "exchange"], ["youth", "sport"]])
    ranked = index.rank(["youth"])
    assert [s.index for s in ranked] == [1, 2]
    assert ranked[0].contributions.keys() == {"youth"}


def test_the_score_is_the_okapi_formula():
    docs = [["a", "b"], ["a", "c", "c"]]
    index = BM25(docs, k1=1.2, b=0.75)
    avgdl = 2.5
    idf = math.log(1 + (2 - 2 + 0.5) / (2 + 0.5))
    expected = idf * 1 * 2.2 / (1 + 1.2 * (1 - 0.75 + 0.75 * 2 / avgdl))
    assert index.score(0, {"a": 1.0}) == pytest.approx(expected)


def test_query_weights_scale_contributions_and_unknown_terms_score_nothing():
    index = BM25([["x", "y"], ["y", "z"]])
    assert index.score(0, {"x": 2.0}) == pytest.approx(2 * index.score(0, {"x": 1.0}))
    assert index.score(0, {"nowhere": 1.0}) == 0
    assert index.rank({"nowhere": 1.0}) == []


def test_an_empty_index_ranks_nothing():
    assert BM25([]).rank(["x"]) == []


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        BM25([["x"]], b=1.5)


VOCABULARY = list("abcdefgh")
documents = st.lists(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12), max_size=8)
queries = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4)
unrelated = st.lists(st.sampled_from(["x", "y", "z"]), min_size=1, max_size=12)


@settings(max_examples=300)
@given(documents, queries)
def test_scores_are_never_negative_and_zero_exactly_without_a_query_term(docs, query):
    index = BM25(docs)
    for i, doc in enumerate(docs):
        score = index.score(i, dict.fromkeys(query, 1.0))
        assert score >= 0
        assert (score > 0) == bool(set(doc) & set(query))


@settings(max_examples=300)
@given(documents, queries, unrelated)
def test_an_unrelated_document_is_never_ranked_and_does_not_change_which_documents_match(
    docs, query, extra
):
    before = BM25(docs).rank(query)
    after = BM25([*docs, extra]).rank(query)
    assert len(docs) not in {s.index for s in after}
    assert {s.index for s in before} == {s.index for s in after}


@settings(max_examples=300)
@given(documents, st.sampled_from(VOCABULARY))
def test_an_unrelated_document_of_average_length_does_not_reorder_a_one_word_query(docs, term):
    # Adding any document changes N and the average length, and with them idf and the length
    # norm; for several query words BM25 can then reorder (documents [a] [a] [a b] [a a b],
    # query a a a b, plus [x]). With one word and an added document of the average length,
    # every score is multiplied by the same factor, so the order stays.
    average = sum(map(len, docs)) / len(docs) if docs else 0
    if not docs or average != int(average):
        return
    extra = ["z"] * int(average)
    before = [(s.index, s.score) for s in BM25(docs).rank([term])]
    after = [(s.index, s.score) for s in BM25([*docs, extra]).rank([term])]
    assert [i for i, _ in before] == [i for i, _ in after]


@settings(max_examples=300)
@given(documents, st.sampled_from(VOCABULARY), st.data())
def test_one_more_occurrence_of_the_query_word_never_lowers_a_score(docs, term, data):
    candidates = [i for i, doc in enumerate(docs) if any(w != term for w in doc)]
    if not candidates:
        return
    i = data.draw(st.sampled_from(candidates))
    position = next(p for p, w in enumerate(docs[i]) if w != term)
    changed = [list(doc) for doc in docs]
    changed[i][position] = term  # same length, one more occurrence
    if term in docs[i]:
        assert BM25(changed).score(i, {term: 1}) >= BM25(docs).score(i, {term: 1})
    else:
        assert BM25(changed).score(i, {term: 1}) > 0


@settings(max_examples=200)
@given(documents, queries, st.randoms())
def test_the_order_of_the_documents_in_the_index_does_not_change_their_scores(docs, query, rnd):
    order = list(range(len(docs)))
    rnd.shuffle(order)
    index, shuffled = BM25(docs), BM25([docs[i] for i in order])
    weights = dict.fromkeys(query, 1.0)
    for new, old in enumerate(order):
        assert shuffled.score(new, weights) == pytest.approx(index.score(old, weights))


# --- Stored and cut-down indexes (issue 17: built once per import, loaded everywhere) --------


def ranks(index: BM25, query) -> list[tuple[int, float, dict[str, float]]]:
    return [(s.index, s.score, s.contributions) for s in index.rank(query)]


@settings(max_examples=300)
@given(documents, queries)
def test_an_index_read_back_from_its_json_ranks_exactly_as_the_one_built(docs, query):
    built = BM25(docs)
    loaded = BM25.from_data(json.loads(json.dumps(built.to_data())))
    assert ranks(loaded, query) == ranks(built, query)
    for i in range(len(docs)):
        assert loaded.score(i, dict.fromkeys(query, 1.0)) == built.score(
            i, dict.fromkeys(query, 1.0)
        )


@settings(max_examples=300)
@given(documents, queries, st.data())
def test_an_index_cut_down_to_some_documents_equals_one_built_from_them_alone(docs, query, data):
    kept = sorted(data.draw(st.sets(st.integers(0, max(len(docs) - 1, 0)))) & set(range(len(docs))))
    alone = BM25([docs[i] for i in kept])
    cut = BM25(docs).subset(kept)
    assert ranks(cut, query) == ranks(alone, query)
    assert (cut.lengths, cut.average_length, cut.norms) == (
        alone.lengths,
        alone.average_length,
        alone.norms,
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"k1": 1.2, "b": 0.75, "lengths": [2], "terms": ["a", "b"], "postings": [[0, 1]]},
        {"k1": 1.2, "b": 0.75, "lengths": [2], "terms": ["a"], "postings": [[0]]},
        {"k1": 1.2, "b": 0.75, "lengths": [2], "terms": ["a"], "postings": [[3, 1]]},
        {"k1": 1.2, "b": 0.75, "lengths": [2], "terms": ["a"], "postings": [[0, 0]]},
        {"k1": 1.2, "b": 0.75, "lengths": "x", "terms": ["a"], "postings": [[0, 1]]},
        {"k1": 1.2, "b": 7, "lengths": [2], "terms": ["a"], "postings": [[0, 1]]},
        [1, 2],
    ],
)
def test_data_that_is_not_an_index_is_refused_with_a_value_error(data):
    with pytest.raises(ValueError):
        BM25.from_data(data)


def test_a_call_index_keeps_its_keys_through_json_and_when_cut_down():
    index = CallIndex(
        [
            CallText(10, "European Youth Together", keywords=("Youth participation",)),
            CallText(20, "Quantum sensing for industry"),
            CallText(30, "Youth exchanges in sport"),
        ]
    )
    loaded = CallIndex.from_data(json.loads(json.dumps(index.to_data())))
    query = build_query("Fler ungdomar i internationella utbyten")
    assert loaded.rank(query) == index.rank(query)
    assert loaded.covers([10, 30]) and not loaded.covers([10, 40])
    cut = loaded.subset([30, 10])
    assert cut.keys == [10, 30]
    alone = CallIndex(
        [
            CallText(10, "European Youth Together", keywords=("Youth participation",)),
            CallText(30, "Youth exchanges in sport"),
        ]
    )
    assert cut.rank(query) == alone.rank(query)
    with pytest.raises(ValueError):
        CallIndex.from_data({**index.to_data(), "version": 0})
    with pytest.raises(ValueError):
        CallIndex.from_data({**index.to_data(), "keys": [10]})


# --- The bridge and the explanation --------------------------------------------------------


def test_the_bridge_gives_english_words_for_swedish_words_phrases_and_compounds():
    english = expand(words("Barn och unga, kompetensutveckling och folkhälsa i staden")).english
    assert english["children"] == ("barn och unga", "barn")
    assert "youth" in english and "young people" in english
    assert english["skills"] == ("kompetensutveckling",)
    assert english["public health"] == ("folkhälsa",)
    assert english["health"] == ("folkhälsa",)
    assert "city" not in english  # "staden" is the municipality itself


def test_inflected_forms_match_through_the_swedish_stemmer_and_ascii_tags_match_too():
    assert "citizens" in expand(words("medborgarna")).english
    assert "growth" in expand(words("tillvaxt-naringslivet")).english
    assert "business" in expand(words("tillvaxt-naringslivet")).english
    assert "nature" not in expand(words("en naturlig del")).english


def test_a_match_says_which_words_matched_and_where_they_came_from():
    index = CallIndex(
        [
            CallText("youth", "European Youth Together", keywords=("Youth participation",)),
            CallText("quantum", "Quantum sensing for industry"),
        ]
    )
    matches = index.rank(build_query("Fler ungdomar i internationella utbyten"))
    assert [m.key for m in matches] == ["youth"]
    assert str(matches[0].matched[0]) == "youth (ungdomar)"


def test_phrases_match_only_as_phrases():
    index = CallIndex(
        [
            CallText(1, "Local authorities working together"),
            CallText(2, "Authorities of local ports"),
        ]
    )
    matches = index.rank(build_query("samverkan mellan kommuner"))
    assert [m.key for m in matches] == [1]  # "local … authorities" apart is no match
    assert "local authorities" in matches[0].matched_words


def test_an_area_s_excluding_words_leave_a_call_out_whatever_its_case():
    from utblick.monitoring.matching import CallText, excluded

    call = CallText(
        key=1, title="Twinning of cities in the Baltic region", description="Town twinning."
    )
    assert excluded(call, ["twinning"])
    assert excluded(call, ["BALTIC REGION"])
    assert not excluded(call, ["tourism", " "])
