"""Render the match-quality results as the `bench-quality` section of docs/benchmarks.md."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bench.report import table
from index.train import META_FILE
from service.config import DEFAULTS

SETTINGS = [
    "RETRIEVAL_DEPTH",
    "LEXICAL_WEIGHT",
    "DATE_WEIGHT",
    "DATE_TAU_DAYS",
    "CHECKED_TAU_DAYS",
    "CONTEXT_CHARS",
    "QUERY_AUTHOR",
    "RERANK_DEPTH",
    "RERANK_COSINE_WEIGHT",
]
METRICS = ["MAP@1", "MAP@3", "MAP@5", "MRR", "P@1"]


def report(rows, latency, trained: Path, elapsed: float) -> str:
    meta = json.loads((trained / META_FILE).read_text())
    layers = meta["train_layers"] or "all"
    return "\n".join(
        [
            "## Match quality on CheckThat! dev splits (`make bench-quality`)",
            "",
            "Each collection is indexed with `veracity import --format checkthat`'s importer; the "
            "pipeline rows send every dev query through POST /v1/check (the serving code). "
            "Scores use the CheckThat! definitions (AP over all relevant claims). The 2A row "
            "uses the 2A queries that are CT2020 dev tweets (the other 2A tweets are CT2020 "
            "train, which the model is fine-tuned on). Its collection dates each fact-check "
            "(Snopes' review day) and nearly every tweet ends in a signature naming its day, so "
            "every 2A pipeline row is dated by the tweet itself (CHECKED_TAU_DAYS, tuned on the "
            "CT2020 train tweets); CT2020's own collection gives no dates.",
            "",
            table(["dataset (dev)", "queries", "system", *METRICS], rows),
            "",
            f"Fine-tuned model: `veracity train` (MiniLM bi-encoder, multiple-negatives ranking "
            f"loss with BM25-mined hard negatives) on {meta['examples']} train queries (CT2020 "
            f"train + 2B train), {meta['epochs']} epoch(s), {meta['negatives']} hard negatives "
            f"each, {meta['max_length']} tokens, {layers} layers tuned, in {meta['seconds']} s "
            "on this machine; the collections are re-embedded with it.",
            "",
            "The int8 rows query the same fp32-embedded collections with the int8-quantized "
            "encoder (a deployment that turns VERACITY_ONNX_INT8 on without re-importing). "
            "The `date` rows send each debate line with the day it was said, as a client "
            "checking a transcript knows it (the 2B query ids name the debate's day; "
            "DATE_WEIGHT and DATE_TAU_DAYS were tuned on 2B train); the rows above send none. "
            "The `context` rows also send, before and after each line, the split's other lines "
            "of the same debate within 3 of it (59 of 119 dev lines have some). The transcripts "
            "are not in ../shared, so this is less context than a transcript gives, but not "
            "a random sample of it: the split holds the lines that were fact-checked, and "
            "neighbouring fact-checked lines often share a fact-check. CONTEXT_CHARS was tuned "
            "on 2B train the same way.",
            "",
            "Settings (service/config.py defaults): "
            + ", ".join(f"{k}={DEFAULTS[k]}" for k in SETTINGS)
            + ".",
            "",
            "Latency of POST /v1/check (Flask test client, one process, ms):",
            "",
            table(["dataset", "system", "median", "p95"], latency),
            "",
            f"Whole run: {elapsed / 60:.1f} min ({os.cpu_count()} cores).",
        ]
    )
