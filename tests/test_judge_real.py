"""The shipped judge with the real model: artifact, and the birther case from issue #17."""

import itertools
import json
import re

import numpy as np
import pytest

from service.judgement import judge

BIRTH = re.compile(r"born|birth|kenya|hawaii", re.I)


def test_the_judge_artifact_ships_with_the_package():
    # A fresh clone has it: no ../shared, no network (docs/stance-model.md).
    model = judge.load()
    assert model is not None and judge.ARTIFACT.stat().st_size < 30 * 1024 * 1024
    assert model.relations == judge.RELATIONS
    width = len(judge.CONTRAST_NAMES) + 2 * 384
    assert model.weights.shape == (3, width) and model.mean.shape == (width,)


@pytest.mark.slow
def test_the_judge_tells_a_negation_from_a_restatement(real_embedder):
    model = judge.load()
    claim = "The MMR vaccine causes autism."
    texts = [claim, "The MMR vaccine does not cause autism.", "MMR vaccines cause autism."]
    u, neg, same = real_embedder.encode(texts)
    assert model.judge(claim, texts[1], u, neg).relation == judge.OPPOSITE
    assert model.judge(claim, texts[2], u, same).relation == judge.SAME


@pytest.mark.slow
@pytest.mark.shared
def test_obama_born_in_hawaii_is_never_a_confident_false(
    make_app, real_embedder, shared_data, tmp_path
):
    from index.importing import import_file

    source = shared_data / "checkthat" / "ct2021_2022_task2b_en" / "politifact_vclaims.jsonl"
    sample = tmp_path / "politifact_vclaims.jsonl"
    with open(source) as fh:
        lines = fh.readlines()
    # The 300-record sample test_cli imports, plus every Obama birth fact-check (the
    # grandmother-in-Kenya one rated false ranked first for this claim before the judge).
    birth = [line for line in lines if "Obama" in line and BIRTH.search(json.loads(line)["vclaim"])]
    sample.write_text("".join(dict.fromkeys(itertools.chain(lines[:300], birth))))
    app = make_app(embedder=real_embedder)
    engine = app.extensions["veracity"]
    assert engine.config["JUDGE"]
    import_file(engine.collection, sample, "checkthat")
    answer = engine.check("Barack Obama was born in Hawaii.", top_k=5)
    verdict = answer["verdict"]
    assert not (verdict["label"] in ("false", "mostly-false") and verdict["confident"]), verdict
    # Nor a tentative one: the first hit, "the Hawaii governor can't find anything that says
    # (Obama) was born in Hawaii" (rated false), is the opposite claim, which the cross-encoder
    # is sure of, so the head's "same" does not stand (docs/judge-log.md, item 49).
    assert verdict["label"] not in ("false", "mostly-false", "pants-fire"), verdict
    assert any(e["relation"] for e in answer["evidence"])
    assert np.isfinite(verdict["confidence"])


@pytest.mark.slow
def test_a_sure_cross_encoder_keeps_another_claim_from_the_head(real_embedder, monkeypatch):
    from service.judgement import relations
    from tests.test_cross_judge import judged
    from tests.test_verdict import fact_check

    # A claim on the same topic that asserts something else: the head reads the two vectors
    # as the same claim, the cross-encoder is sure of *different*, and only an unsure
    # cross-encoder is overruled (docs/judge-log.md, item 49), so no rating is borrowed.
    claim = "Pell Grants provide need-based aid to low-income college students."
    other = "Says Obama doubled funding for the Pell Grant."
    vectors = real_embedder.encode([claim, other])
    hits = [fact_check(0, other, "false", 0.8)]
    found = judged(claim, hits, vectors)[0]
    assert (found.relation, found.disputed) == (judge.DIFFERENT, False), found
    assert found.probabilities[judge.DIFFERENT] >= relations.SURE
    monkeypatch.setattr(relations, "SURE", 1.01)  # never sure: the old rule
    found = judged(claim, hits, vectors)[0]
    assert (found.relation, found.disputed) == (judge.SAME, True), found
