"""`veracity train`'s trainer: a few steps on tiny groups give a loadable re-ranker."""

import pytest

from index.train import Example, train
from service.rerank import Reranker

EXAMPLES = [
    Example(
        "vaccines contain microchips",
        ["Bill Gates plans to put microchips in COVID-19 vaccines."],
        ["A shark swam on a flooded highway.", "The minimum wage rose in 2019."],
    ),
    Example(
        "shark on the highway after the storm",
        ["A photograph shows a shark swimming on a flooded highway."],
        ["Vaccines contain microchips.", "Zebras crossed Lake Michigan."],
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bi", "cross"])
def test_trains_a_reranker_directory_that_loads_and_scores(tmp_path, kind):
    meta = train(EXAMPLES, tmp_path / kind, kind=kind, negatives=1, batch_size=2, max_length=32)
    assert meta["kind"] == kind and meta["examples"] == 2
    reranker = Reranker(tmp_path / kind)
    scores = reranker.score("vaccines with microchips", ["Microchips in vaccines.", "A shark."])
    assert len(scores) == 2 and all(isinstance(s, float) for s in scores)


def test_refuses_no_examples_and_unknown_kinds(tmp_path):
    with pytest.raises(ValueError, match="no labelled examples"):
        train([Example("q", [], ["n"])], tmp_path)
    with pytest.raises(ValueError, match="kind"):
        train(EXAMPLES, tmp_path, kind="colbert")
