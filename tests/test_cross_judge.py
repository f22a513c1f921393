"""The cross-encoder judge: the shipped artifact on real pairs, its config, and the cascade."""

from types import SimpleNamespace

import numpy as np
import pytest

from service.config import DEFAULTS
from service.judgement import cross, judge, relations, under_threshold
from tests.test_verdict import fact_check, statement


def test_the_cross_judge_ships_small_and_loads():
    # A fresh clone judges with no ../shared and no network (docs/stance-model.md).
    size = (cross.ARTIFACT_DIR / cross.MODEL_FILE).stat().st_size
    assert 5 * 1024 * 1024 < size < 30 * 1024 * 1024
    reader = cross.load()
    assert reader is cross.load()  # one session per process
    p = reader.probabilities("Crime rose.", ["Crime fell.", "Crime went up."])
    assert p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
    assert reader.probabilities("Crime rose.", []).shape == (0, 3)


@pytest.mark.parametrize(
    ("claim", "other", "relation"),
    [
        ("The MMR vaccine causes autism.", "The MMR vaccine does not cause autism.", "opposite"),
        ("Barack Obama was born in Kenya.", "Barack Obama was born in Hawaii.", "opposite"),
        (
            "Unemployment fell to 4 percent last year.",
            "Last year unemployment dropped to 4 percent.",
            "same",
        ),
        (
            "The MMR vaccine causes autism.",
            "The city council approved a new budget for road repairs.",
            "different",
        ),
        # a reader's claim behind a reporting frame (the model alone reads *different*)
        (
            "Online posts report that Malia Obama was one of ten people arrested over a racist "
            "Antifa attack, and that the officer who arrested her later turned up dead in "
            "suspicious circumstances.",
            'Malia Obama was "among 10 arrested in racist Antifa attack," and the cop who '
            'arrested her was "found dead under mysterious circumstances."',
            "same",
        ),
        # one negation spelled two ways (the model alone reads *opposite* at 0.99 and 1.00)
        (
            "Dwight Holton has not once appeared in a courtroom in Oregon.",
            "Says Dwight Holton has never set foot in an Oregon courtroom.",
            "same",
        ),
        (
            "Donald Trump has not condemned David Duke and Richard Spencer.",
            "Says President Donald Trump hasn’t condemned David Duke and Richard Spencer.",
            "same",
        ),
        (
            "Donald Trump has condemned David Duke and Richard Spencer.",
            "Says President Donald Trump hasn’t condemned David Duke and Richard Spencer.",
            "opposite",
        ),
    ],
)
def test_the_cross_judge_on_real_pairs(claim, other, relation):
    (found,) = cross.load().judge_many(claim, [other])
    assert found.relation == relation, found.probabilities
    assert found.probabilities[relation] == max(found.probabilities.values())


def test_a_missing_artifact_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="make stance-model"):
        cross.CrossJudge(tmp_path)


@pytest.mark.parametrize("value", ["bert", "", "Cross"])
def test_an_unknown_judge_model_is_refused(make_app, value):
    with pytest.raises(ValueError, match="VERACITY_JUDGE_MODEL must be one of head, cross, veto"):
        make_app(JUDGE_MODEL=value)


class StubCross:
    """Says one relation for every pair, with probability `p`, and records what it was asked."""

    def __init__(self, relation, p=0.6):
        self.relation, self.p, self.asked = relation, p, []

    def judge_many(self, claim, others):
        self.asked.append(list(others))
        return [judge.Judgement(self.relation, {self.relation: self.p}) for _ in others]


class StubHead:
    def __init__(self, relation=judge.DIFFERENT):
        self.relation, self.asked = relation, []

    def judge(self, claim, other, u, v):
        self.asked.append(other)
        return judge.Judgement(self.relation, {self.relation: 0.8})


def judged(claim, hits, vectors=None, **config):
    """relations.judge_candidates on an engine whose index holds one vector for every row:
    `vectors` (the claim's, the rows'), zero vectors without it."""
    u, v = vectors if vectors is not None else (np.zeros(384, dtype=np.float32),) * 2
    engine = SimpleNamespace(
        config={**DEFAULTS, "JUDGE": True, **config},
        collection=SimpleNamespace(vectors_by_seq=lambda seqs: {s: v for s in seqs}),
    )
    return relations.judge_candidates(engine, claim, u, hits)


def cascade(monkeypatch, relation, claim, texts, head_says=judge.DIFFERENT, cross_p=0.6, **config):
    reader, head = StubCross(relation, cross_p), StubHead(head_says)
    monkeypatch.setattr(cross, "load", lambda directory=None: reader)
    monkeypatch.setattr(judge, "load", lambda: head)
    hits = [fact_check(i, t, "false", 0.9 - i / 100) for i, t in enumerate(texts)]
    return judged(claim, hits, **config), reader, head


@pytest.mark.parametrize("depth", [1, 2])
def test_the_cross_judge_reads_the_first_candidates_and_the_head_the_rest(monkeypatch, depth):
    assert DEFAULTS["JUDGE_MODEL"] == "cross"
    texts = ["Crime rose in Ohio.", "Crime rose in Iowa.", "Crime rose in Utah."]
    found, reader, head = cascade(
        monkeypatch,
        judge.SAME,
        "Taxes rose.",
        texts,
        CROSS_DEPTH=depth,
        JUDGE_DEPTH=3,
        JUDGE_MODEL="cross",
    )
    assert reader.asked == [texts[:depth]]  # one batched run
    assert head.asked == texts[depth:]
    assert [found[i].relation for i in range(3)] == [judge.SAME] * depth + [judge.DIFFERENT] * (
        3 - depth
    )


def test_the_stance_rules_overrule_a_cross_same_on_a_negation(monkeypatch):
    claim = "The MMR vaccine causes autism."
    found, _, _ = cascade(
        monkeypatch,
        judge.SAME,
        claim,
        ["The MMR vaccine does not cause autism."],
        JUDGE_MODEL="cross",
    )
    assert found[0].relation == judge.OPPOSITE


VACCINE = "The MMR vaccine causes autism."
RATE = "The MMR vaccine causes autism in 4 of 10 children."


@pytest.mark.parametrize(
    ("claim", "other", "cross_p", "relation", "disputed"),
    [
        # The negation count alone, against a sure cross-encoder: the reading stands, disputed
        # (a claim said through another negation, docs/judge-log.md item 59).
        (VACCINE, "The MMR vaccine does not cause autism.", 0.95, judge.SAME, True),
        (VACCINE, "The MMR vaccine does not cause autism.", 0.6, judge.OPPOSITE, False),
        # Any other contradiction the rules spell out overrules it, however sure.
        (VACCINE, "The MMR vaccine prevents autism.", 0.95, judge.OPPOSITE, False),
        (RATE, "The MMR vaccine causes autism in 4 of 10 children.", 0.95, judge.SAME, False),
        (RATE, "The MMR vaccine causes autism in 5 of 10 children.", 0.99, judge.OPPOSITE, False),
    ],
)
def test_only_a_lone_negation_count_yields_to_a_sure_cross_same(
    monkeypatch, claim, other, cross_p, relation, disputed
):
    found, _, _ = cascade(
        monkeypatch, judge.SAME, claim, [other], cross_p=cross_p, JUDGE_MODEL="cross"
    )
    assert (found[0].relation, found[0].disputed) == (relation, disputed)


def test_a_lone_negation_count_still_overrules_the_heads_same(monkeypatch):
    found, _, _ = cascade(
        monkeypatch,
        judge.SAME,
        "The MMR vaccine causes autism.",
        ["The MMR vaccine does not cause autism."],
        head_says=judge.SAME,
        JUDGE_MODEL="head",
    )
    assert found[0].relation == judge.OPPOSITE


@pytest.mark.parametrize(
    ("other", "relation"),
    [
        # The same story of another office-holder, in words too far apart to compare.
        (
            'Crimea "was sort of taken away from President Obama. And he wanted Russia out.',
            judge.OPPOSITE,
        ),
        ("Crimea was taken from Ukraine while George W. Bush held office.", judge.SAME),
    ],
)
def test_another_person_in_office_overrules_a_cross_same(monkeypatch, other, relation):
    claim = "Crimea was taken away during George W. Bush's presidency."
    found, _, _ = cascade(monkeypatch, judge.SAME, claim, [other], JUDGE_MODEL="cross")
    assert found[0].relation == relation


@pytest.mark.parametrize(
    ("cross_says", "head_says", "relation", "disputed"),
    [
        # A free rewording the cross-encoder reads as another claim: the head's reading
        # stands, disputed (a verdict on it is never confident).
        (judge.DIFFERENT, judge.SAME, judge.SAME, True),
        (judge.DIFFERENT, judge.OPPOSITE, judge.OPPOSITE, True),
        (judge.DIFFERENT, judge.DIFFERENT, judge.DIFFERENT, False),
        # Where the cross-encoder sees this claim or its opposite, it decides alone.
        (judge.SAME, judge.DIFFERENT, judge.SAME, False),
        (judge.OPPOSITE, judge.SAME, judge.OPPOSITE, False),
    ],
)
def test_a_cross_different_is_put_to_the_head(
    monkeypatch, cross_says, head_says, relation, disputed
):
    text = "Ending federal funding for NPR would jeopardize 9,000 jobs."
    found, _, head = cascade(
        monkeypatch, cross_says, "Cutting NPR's federal money puts 9,000 jobs at risk.", [text],
        head_says=head_says,
    )  # fmt: skip
    assert (found[0].relation, found[0].disputed) == (relation, disputed)
    assert head.asked == ([text] if cross_says == judge.DIFFERENT else [])


@pytest.mark.parametrize(
    ("claim", "other", "head_says", "relation", "disputed"),
    [
        # A copy in other words the stance rules find no contradiction in: the cross-encoder's
        # "opposite" is put to the head, whose "same" stands, disputed.
        (
            "Interest rates on student loans would double under the Romney/Ryan budget.",
            "Under the Romney/Ryan budget, interest rates on student loans would double.",
            judge.SAME,
            judge.SAME,
            True,
        ),
        # The head does not see the same claim either: the opposite stands, disputed (the
        # judges misread paraphrases so too, and a confident verdict would mirror a rating
        # onto the same claim).
        (
            "Interest rates on student loans would double under the Romney/Ryan budget.",
            "Under the Romney/Ryan budget, interest rates on student loans would double.",
            judge.DIFFERENT,
            judge.OPPOSITE,
            True,
        ),
        (
            "Interest rates on student loans would double under the Romney/Ryan budget.",
            "Under the Romney/Ryan budget, interest rates on student loans would double.",
            judge.OPPOSITE,
            judge.OPPOSITE,
            True,
        ),
        # The rules spell out a contradiction: the opposite stands, the head is not asked.
        (
            "Interest rates on student loans would double under the Romney/Ryan budget.",
            "Under the Romney/Ryan budget, interest rates on student loans would not double.",
            judge.SAME,
            judge.OPPOSITE,
            False,
        ),
        # A near copy, curly quotes and all: the same claim, and still disputed.
        (
            "Italy has decided not to treat their elderly for this virus.",
            "\u201cItaly has decided not to treat their elderly for this virus.\u201d",
            judge.SAME,
            judge.SAME,
            True,
        ),
        # The same clauses in another order: the same claim, whatever the head reads.
        (
            "Interest rates on student loans would double, under the Romney/Ryan budget.",
            "Under the Romney/Ryan budget, interest rates on student loans would double.",
            judge.DIFFERENT,
            judge.SAME,
            False,
        ),
    ],
)
def test_a_cross_opposite_without_a_contradiction_is_put_to_the_head(
    monkeypatch, claim, other, head_says, relation, disputed
):
    found, _, head = cascade(monkeypatch, judge.OPPOSITE, claim, [other], head_says=head_says)
    assert (found[0].relation, found[0].disputed) == (relation, disputed)
    assert head.asked == ([] if "not double" in other else [other])


NPR = "Ending federal funding for NPR would jeopardize 9,000 jobs."
LOANS = "Interest rates on student loans would double under the Romney/Ryan budget."


@pytest.mark.parametrize(
    ("cross_says", "claim", "other", "relation", "disputed"),
    [
        # Sure of another claim: the head, which reads vectors alone and calls claims on the
        # same topic the same claim, is not asked.
        (
            judge.DIFFERENT,
            NPR,
            "Cutting NPR's federal money puts 9,000 jobs at risk.",
            judge.DIFFERENT,
            False,
        ),
        # Sure of the opposite where the rules see no contradiction: the head's "same" does
        # not stand; the opposite does, disputed.
        (
            judge.OPPOSITE,
            LOANS,
            "The Romney/Ryan budget would double the interest rates paid on student loans.",
            judge.OPPOSITE,
            True,
        ),
        # Unless the pair is a near copy, which the cross-encoder reads as an edit.
        (
            judge.OPPOSITE,
            LOANS,
            "\u201cInterest rates on student loans would double under the Romney/Ryan"
            " budget.\u201d",
            judge.SAME,
            True,
        ),
    ],
)
def test_the_head_does_not_overrule_a_sure_cross_encoder(
    monkeypatch, cross_says, claim, other, relation, disputed
):
    found, _, head = cascade(
        monkeypatch, cross_says, claim, [other], head_says=judge.SAME, cross_p=0.95
    )
    assert (found[0].relation, found[0].disputed) == (relation, disputed)
    assert head.asked == ([] if cross_says == judge.DIFFERENT else [other])
    # The same reading, unsure (below SURE, 0.9): the head's "same" stands, disputed.
    found, _, _ = cascade(
        monkeypatch, cross_says, claim, [other], head_says=judge.SAME, cross_p=0.85
    )
    assert (found[0].relation, found[0].disputed) == (judge.SAME, True)


def test_the_head_mode_never_loads_the_cross_judge(monkeypatch):
    def refuse(directory=None):
        raise AssertionError("cross.load called in head mode")

    head = StubHead()
    monkeypatch.setattr(cross, "load", refuse)
    monkeypatch.setattr(judge, "load", lambda: head)
    hits = [fact_check(0, "Crime rose in Ohio.", "false", 0.9)]
    found = judged("Taxes rose.", hits, JUDGE_MODEL="head")
    assert found[0].relation == judge.DIFFERENT and head.asked == ["Crime rose in Ohio."]


@pytest.mark.parametrize(
    ("said", "relation", "head_asked"),
    [
        # The cross-encoder finds the opposite claim: that stands, the head is not asked.
        (judge.OPPOSITE, judge.OPPOSITE, []),
        # It finds anything else: the head decides, as without it.
        (judge.DIFFERENT, judge.DIFFERENT, ["Crime rose in Ohio."]),
        (judge.SAME, judge.DIFFERENT, ["Crime rose in Ohio."]),
    ],
)
def test_in_veto_mode_the_cross_judge_only_says_opposite(monkeypatch, said, relation, head_asked):
    found, reader, head = cascade(
        monkeypatch, said, "Taxes rose.", ["Crime rose in Ohio."], JUDGE_MODEL="veto"
    )
    assert reader.asked == [["Crime rose in Ohio."]]
    assert (found[0].relation, head.asked) == (relation, head_asked)


def test_an_attributed_statement_is_left_to_the_head(monkeypatch):
    # "Moscow's envoy called ..." against the envoy's own words: the head's call, not the
    # cross-encoder's (it learned claims against fact-checked claims).
    reader, head = StubCross(judge.SAME), StubHead()
    monkeypatch.setattr(cross, "load", lambda directory=None: reader)
    monkeypatch.setattr(judge, "load", lambda: head)
    hits = [statement(0, "Russia and North Korea are the closest of countries", 0.9, "Matsegora")]
    found = judged("Moscow's envoy called Russia and North Korea the closest of nations", hits)
    assert reader.asked == [[]] or reader.asked == []
    assert head.asked == [hits[0].statement.text] and found[0].relation == judge.DIFFERENT


def test_a_fact_check_repeating_the_claim_is_judged_under_the_threshold(monkeypatch):
    claim = "I did not support the war in Iraq."
    texts = ['"I did not support the war in Iraq. The record shows it."', "Iraq war costs rose."]
    hits = [fact_check(i, t, "false", 0.59) for i, t in enumerate(texts)]
    assert under_threshold.repeated(claim, hits, DEFAULTS) == {0}
    head = StubHead(judge.SAME)
    monkeypatch.setattr(judge, "load", lambda: head)
    engine = SimpleNamespace(
        config={**DEFAULTS, "JUDGE": True, "JUDGE_MODEL": "head"},
        collection=SimpleNamespace(
            vectors_by_seq=lambda seqs: {s: np.zeros(384, dtype=np.float32) for s in seqs}
        ),
    )
    vector = np.zeros(384, dtype=np.float32)
    assert relations.judge_candidates(engine, claim, vector, hits) == {}
    found = relations.judge_candidates(engine, claim, vector, hits, repeating=frozenset({0}))
    assert list(found) == [0] and head.asked == [texts[0]]


def test_the_holdout_teacher_leaves_out_only_the_2b_train_lines(monkeypatch):
    # bench/judge_spread.py compares the packaged judge with a teacher that never saw these
    # lines (docs/judge-log.md, item 15): every other pair, and other qrels, must stay.
    from service.training import contrast, cross_fit

    monkeypatch.setattr(contrast, "_queries", lambda path, header: {"q1": "We built the wall."})
    data = [
        ("We built the wall.", "The wall is built.", "same", "qrels"),
        ("A tweet about the wall.", "The wall is built.", "same", "qrels"),
        ("We built the wall.", "We did not build the wall.", "opposite", "generated"),
    ]
    assert cross_fit.without_2b_train(data) == data[1:]


def tiny_bert(vocab: int, layers: int, ffn: int):
    """A BERT config small enough to run in a test: 8 hidden units, 2 heads, 3 labels."""
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab,
        hidden_size=8,
        num_hidden_layers=layers,
        num_attention_heads=2,
        intermediate_size=ffn,
        num_labels=3,
    )


def test_a_pruned_student_keeps_the_feed_forward_units_that_count():
    # cross_fit --ffn (docs/judge-log.md, item 34): units whose output weights are zero add
    # nothing, so cutting exactly those must leave every logit as it was.
    import torch
    from transformers import BertForSequenceClassification

    from service.training import cross_export

    torch.manual_seed(0)
    model = BertForSequenceClassification(tiny_bert(vocab=50, layers=2, ffn=6)).eval()
    with torch.no_grad():
        for layer in model.bert.encoder.layer:
            layer.output.dense.weight[:, [1, 4]] = 0.0
    ids = torch.tensor([[2, 7, 9, 3, 11]])
    before = model(input_ids=ids).logits
    cross_export.pruned(model, 4)
    assert model.config.intermediate_size == 4
    assert model.bert.encoder.layer[0].intermediate.dense.weight.shape == (4, 8)
    assert model.bert.encoder.layer[1].output.dense.weight.shape == (8, 4)
    assert torch.allclose(model(input_ids=ids).logits, before, atol=1e-6)


def test_the_fold_students_are_each_blind_to_one_half_of_the_2b_train_lines(monkeypatch):
    # The calibration is fitted on how a student judges lines it never saw (docs/judge-log.md,
    # item 17): each fold's lines must be out of its student's pairs, and only those.
    from service.training import contrast, folds

    lines = {f"q{i}": f"Line {i}." for i in range(6)}
    monkeypatch.setattr(contrast, "_queries", lambda path, header: lines)
    split = folds.folds()
    assert sorted(split["a"] + split["b"]) == sorted(lines)
    assert len(split["a"]) == len(split["b"]) == 3
    assert folds.folds() == split
    data = [(text, "The claim.", "same", "qrels") for text in lines.values()]
    data.append(("Line 0.", "Line 0 is not true.", "opposite", "generated"))
    for fold, other in (("a", "b"), ("b", "a")):
        kept = [data[i] for i in folds.kept(data, fold)]
        assert {p[0] for p in kept if p[3] == "qrels"} == {lines[q] for q in split[other]}
        assert data[-1] in kept


def test_a_second_epoch_alone_sees_the_order_and_rates_of_a_whole_runs(monkeypatch):
    # Fold teachers run only the teacher's second epoch from an epoch-1 checkpoint (folds.py
    # --teachers): their batches and learning rates must be the whole run's second half.
    import torch
    from transformers import BertForSequenceClassification

    from service.training import cross_train

    class Words:
        def __call__(self, claims, others, truncation, max_length):
            ids = [
                [2, *(7 + len(w) for w in f"{a} {b}".split()), 3]
                for a, b in zip(claims, others, strict=True)
            ]
            return {"input_ids": ids, "token_type_ids": [[0] * len(i) for i in ids]}

    seen = []
    step = torch.optim.AdamW.step

    def recorded(self, *args, **kwargs):
        seen.append((self.param_groups[0]["lr"], tuple(map(tuple, batch[-1].tolist()))))
        return step(self, *args, **kwargs)

    batch = []
    monkeypatch.setattr(torch.optim.AdamW, "step", recorded)
    monkeypatch.setattr(cross_train, "BATCH", 2)
    config = tiny_bert(vocab=40, layers=1, ffn=8)
    relations = ("same", "opposite", "different")
    data = [(f"claim {'x' * i}", f"other {'y' * (i % 4)}", relations[i % 3], "t") for i in range(9)]
    runs = []
    for epochs in (range(2), range(1, 2)):
        torch.manual_seed(0)
        model = BertForSequenceClassification(config)
        model.register_forward_pre_hook(
            lambda m, a, k: batch.append(k["input_ids"]), with_kwargs=True
        )
        seen.clear()
        taken = cross_train.fit(model, Words(), data, epochs=epochs)
        runs.append((taken, list(seen)))
    (whole_steps, whole), (half_steps, half) = runs
    assert (whole_steps, half_steps) == (10, 5)
    assert half == whole[5:]
    assert half[0][0] < whole[4][0]  # the decay goes on from where the first epoch left it
