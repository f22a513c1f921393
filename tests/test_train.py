"""`veracity train`'s trainer: a few steps on tiny groups give a loadable re-ranker."""

import numpy as np
import pytest

from index.embed import SentenceTransformerEmbedder
from index.onnx_embed import OnnxEmbedder
from index.train import ONNX_SUBDIR, Example, train
from service.judgement.rerank import Reranker

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
    if kind == "bi":
        # The stock weights already rank these; a fresh cross head after one step need not.
        assert scores[0] > scores[1]


@pytest.mark.slow
def test_a_bi_reranker_scores_on_its_onnx_export_as_torch_does(tmp_path):
    out = tmp_path / "bi"
    train(EXAMPLES, out, kind="bi", negatives=1, batch_size=2, max_length=8)
    reranker = Reranker(out)
    assert isinstance(reranker.encoder, OnnxEmbedder)
    assert reranker.encoder.directory == out / ONNX_SUBDIR
    docs = ["Microchips in vaccines.", "A photograph shows a shark on a highway after a storm."]
    reference = SentenceTransformerEmbedder(str(out))
    # Trained on 8 tokens, scored on 8: the long document is cut the same way in both runtimes.
    reference.model.max_seq_length = 8
    vectors = reference.encode(["vaccines with microchips", *docs])
    expected = vectors[1:] @ vectors[0]
    scores = reranker.relevance("vaccines with microchips", docs)
    np.testing.assert_allclose(scores, expected, atol=1e-4)


def test_refuses_no_examples_and_unknown_kinds(tmp_path):
    with pytest.raises(ValueError, match="no labelled examples"):
        train([Example("q", [], ["n"])], tmp_path)
    with pytest.raises(ValueError, match="kind"):
        train(EXAMPLES, tmp_path, kind="colbert")
