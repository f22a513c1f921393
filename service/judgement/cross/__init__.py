"""The cross-encoder claim-pair judge: both texts read together by a fine-tuned MiniLM.

The artifact (model_int8.onnx and tokenizer.json beside this file, ~18 MB, made by
`make stance-model`; data card: README.md here) ships in the package so a fresh clone judges
with no ../shared and no network. It costs one model run per pair, so relations.py runs it only
on the few candidates a verdict may borrow from and leaves the rest to the vector head.
"""

from __future__ import annotations

import functools
from concurrent.futures import Executor, Future
from pathlib import Path

import numpy as np

from service.judgement import frames, negation_forms
from service.judgement.judge import RELATIONS, Judgement

ARTIFACT_DIR = Path(__file__).resolve().parent
MODEL_FILE = "model_int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
MAX_LENGTH = 80


class CrossJudge:
    """Same / opposite / different for (claim, other) pairs from the int8 ONNX model."""

    def __init__(self, directory: Path = ARTIFACT_DIR):
        directory = Path(directory)
        missing = [n for n in (MODEL_FILE, TOKENIZER_FILE) if not (directory / n).exists()]
        if missing:
            raise FileNotFoundError(
                f"cross-encoder judge missing {', '.join(missing)} in {directory}: "
                "run `make stance-model`, or set VERACITY_JUDGE_MODEL=head"
            )
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        # One thread per request: gunicorn's workers already use the cores.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(directory / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(MAX_LENGTH)
        self.tokenizer.no_padding()

    def probabilities(self, claim: str, others: list[str]) -> np.ndarray:
        """Rows of P(same, opposite, different), one per other text."""
        return self.pair_probabilities([(claim, other) for other in others])

    def pair_probabilities(
        self, pairs: list[tuple[str, str]], temperature: float = 1.0
    ) -> np.ndarray:
        """Rows of P(same, opposite, different), one per (claim, other) pair, in one run;
        `temperature` above 1 softens them (distillation's targets)."""
        if not pairs:
            return np.zeros((0, len(RELATIONS)), dtype=np.float32)
        (logits,) = self.session.run(["logits"], self.inputs(pairs))
        return probabilities(logits, temperature)

    def inputs(self, pairs: list[tuple[str, str]]) -> dict[str, np.ndarray]:
        """The model's input arrays for a batch of pairs, padded to the longest."""
        # One by one: encode_batch hands the few pairs of a lookup to a thread pool (unless
        # TOKENIZERS_PARALLELISM=false), which costs more than it saves.
        encoded = [self.tokenizer.encode(claim, other) for claim, other in pairs]
        width = max(len(e.ids) for e in encoded)
        arrays = {n: np.zeros((len(encoded), width), dtype=np.int64) for n in INPUTS}
        for row, e in enumerate(encoded):
            n = len(e.ids)
            arrays["input_ids"][row, :n] = e.ids
            arrays["attention_mask"][row, :n] = 1
            arrays["token_type_ids"][row, :n] = e.type_ids
        return arrays

    def judge_many(self, claim: str, others: list[str]) -> list[Judgement]:
        """The relation of each other text to a reader's claim."""
        return judgements(self.pair_probabilities(self.pairs(claim, others)))

    def start(self, executor: Executor, claim: str, others: list[str]) -> Future:
        """`judge_many` on `executor`'s thread: a Future of the same judgements. Only the
        model's run goes there (it lets go of the GIL); the text work is done here, so a
        caller busy in Python does not hold it up."""
        feed = self.inputs(self.pairs(claim, others))
        run = executor.submit(self.session.run, ["logits"], feed)
        done: Future = Future()

        def finish(ran: Future) -> None:
            try:
                done.set_result(judgements(probabilities(ran.result()[0])))
            except Exception as exc:  # the caller sees it where it waits
                done.set_exception(exc)

        run.add_done_callback(finish)
        return done

    @staticmethod
    def pairs(claim: str, others: list[str]) -> list[tuple[str, str]]:
        """The pairs the model reads. The claim is read without a reporting frame: the model
        learned claims as fact-checkers word them, and read "Online posts report that X" as a
        claim other than X (docs/judge-log.md, item 21)."""
        claim = frames.unframed(claim)
        return [(negation_forms.aligned(claim, other), other) for other in others]


def probabilities(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Softmax rows of the model's logits, softened by `temperature`."""
    logits = logits / temperature
    logits = logits - logits.max(axis=1, keepdims=True)
    odds = np.exp(logits)
    return odds / odds.sum(axis=1, keepdims=True)


def judgements(rows: np.ndarray) -> list[Judgement]:
    return [
        Judgement(
            RELATIONS[int(row.argmax())],
            {r: round(float(p), 4) for r, p in zip(RELATIONS, row, strict=True)},
        )
        for row in rows
    ]


@functools.lru_cache(maxsize=4)
def load(directory: str | None = None) -> CrossJudge:
    return CrossJudge(Path(directory) if directory else ARTIFACT_DIR)
