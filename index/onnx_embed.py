"""Serve the sentence model on onnxruntime: export once from torch, then encode without it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from index.files import commit

ONNX_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "export.json"
MAX_TOKENS = 256
# Measured on 2 cores (bench/speed.py import row): length-sorted batches of 16 encode ~30%
# faster than 64 or 256; bigger matrices spill the L2 cache and pad more.
BATCH = 16
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class ExportMissing(RuntimeError):
    """No ONNX export of the configured model exists; `veracity model export` makes one."""


def export_dir(data_dir: Path, name: str) -> Path:
    """Where the export of model `name` lives by default: next to the index."""
    return Path(data_dir) / "models" / f"{name}-onnx"


def exported(directory: Path) -> bool:
    return (Path(directory) / MANIFEST_FILE).exists()


def export(model: str | None, directory: Path, *, int8: bool = False) -> dict:
    """Export the transformer of a sentence-transformers model to ONNX (needs torch and onnx)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    from index.models import resolve_model

    name, path = resolve_model(model)
    st = SentenceTransformer(path, device="cpu")
    pooling = [type(m).__name__ for m in st]
    if pooling[:2] != ["Transformer", "Pooling"] or _pooling_mode(st[1]) != "mean":
        raise ValueError(f"{name}: only mean-pooled transformer models can be exported ({pooling})")
    directory = Path(directory)
    tmp = directory.with_name(f".{directory.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    transformer = st[0].auto_model.eval()
    sample = st.tokenizer(["an example sentence"], return_tensors="pt")
    names = [n for n in INPUTS if n in sample]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    axes["last_hidden_state"] = {0: "batch", 1: "tokens"}

    class Hidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *args):
            return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

    # The tracer warns that shape checks in the attention mask code become constants; for an
    # encoder they always hold (the parity test runs padded batches to prove it).
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Hidden(transformer),
            tuple(sample[n] for n in names),
            str(tmp / ONNX_FILE),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    st.tokenizer.backend_tokenizer.save(str(tmp / TOKENIZER_FILE))
    if int8:
        quantize_int8(tmp / ONNX_FILE, tmp / INT8_FILE)
    manifest = {
        "model": name,
        "dim": int(st.get_embedding_dimension()),
        "inputs": names,
        "max_tokens": min(int(st.max_seq_length or MAX_TOKENS), MAX_TOKENS),
        "normalize": True,
        "sha256": hashlib.sha256((tmp / ONNX_FILE).read_bytes()).hexdigest(),
    }
    (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2))
    shutil.rmtree(directory, ignore_errors=True)
    os.replace(tmp, directory)
    return manifest


def _pooling_mode(pooling) -> str:
    mode = getattr(pooling, "pooling_mode", None)
    if mode is None and getattr(pooling, "pooling_mode_mean_tokens", False):
        mode = "mean"
    return str(mode)


def quantize_int8(source: Path, target: Path) -> None:
    """Per-channel dynamic int8 weights: ~2x faster, but it moves ~14% of top-10 neighbours.

    The weights are then stored unsigned (unsigned_weights): the same model, computed exactly
    on every CPU."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Staged, then renamed: OnnxEmbedder reuses an int8 file it finds, so a run cut short
    # between the two steps must not leave signed weights under the final name.
    staged = target.with_name(f".{target.name}.tmp")
    quantize_dynamic(str(source), str(staged), per_channel=True, weight_type=QuantType.QInt8)
    model = onnx.load(str(staged))
    unsigned_weights(model)
    onnx.save(model, str(staged))
    commit(staged, target)


def unsigned_weights(model) -> int:
    """Store every MatMulInteger's int8 weights and zero points as uint8 (+128), in place; the
    number of tensors changed. The products are the same numbers, but onnxruntime multiplies
    signed weights on its u8 x s8 path, which on a CPU without VNNI (AVX2 only) adds pairs of
    products in 16 bits that saturate: one model then reads the same pair differently on
    different CPUs (docs/judge-log.md, item 24). Its u8 x u8 path has no such shortcut."""
    import numpy as np
    from onnx import numpy_helper

    tensors = {t.name: t for t in model.graph.initializer}
    weights = {n.input[i] for n in model.graph.node if n.op_type == "MatMulInteger" for i in (1, 3)}
    changed = 0
    for name in sorted(weights & tensors.keys()):
        values = numpy_helper.to_array(tensors[name])
        if values.dtype == np.int8:
            shifted = (values.astype(np.int16) + 128).astype(np.uint8)
            tensors[name].CopyFrom(numpy_helper.from_array(shifted, name))
            changed += 1
    return changed


class OnnxEmbedder:
    """The same vectors as sentence-transformers (mean pooling, L2 norm) from onnxruntime."""

    def __init__(self, directory: Path, *, threads: int = 1, int8: bool = False):
        self.directory = Path(directory)
        if not exported(self.directory):
            raise ExportMissing(
                f"{self.directory} holds no ONNX export; run `veracity model export`"
            )
        manifest = json.loads((self.directory / MANIFEST_FILE).read_text())
        self.name = manifest["model"]
        self.dim = int(manifest["dim"])
        self.inputs = manifest["inputs"]
        self.threads = max(1, int(threads))
        self.model_file = self.directory / (INT8_FILE if int8 else ONNX_FILE)
        if int8 and not self.model_file.exists():
            quantize_int8(self.directory / ONNX_FILE, self.model_file)
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(self.directory / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(int(manifest["max_tokens"]))
        self.tokenizer.no_padding()
        self._session = None
        self._pid = None
        self._lock = threading.Lock()

    @property
    def session(self):
        # Built in the process that uses it: an onnxruntime session must not cross a fork.
        if self._session is None or self._pid != os.getpid():
            with self._lock:
                if self._session is None or self._pid != os.getpid():
                    import onnxruntime as ort

                    options = ort.SessionOptions()
                    # One core per run; `encode` runs batches side by side instead (faster
                    # than splitting small matrices across cores, and a query needs one).
                    options.intra_op_num_threads = 1
                    options.inter_op_num_threads = 1
                    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
                    # Spinning pool threads steal the cores the other worker needs.
                    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                    self._session = ort.InferenceSession(
                        str(self.model_file), options, providers=["CPUExecutionProvider"]
                    )
                    self._pid = os.getpid()
        return self._session

    def tokenize(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Token ids for a batch, padded to its longest text."""
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max((len(e.ids) for e in encodings), default=1)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return {name: feeds[name] for name in self.inputs}

    def embed(self, feeds: dict[str, np.ndarray]) -> np.ndarray:
        """Run the model on tokenized input; mean-pool over real tokens, then L2-normalize."""
        hidden = self.session.run(["last_hidden_state"], feeds)[0]
        mask = feeds["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def encode(self, texts: list[str], *, batch_size: int = BATCH) -> np.ndarray:
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # Batches of similar length waste little compute on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]

        def run(chunk: list[int]) -> None:
            out[chunk] = self.embed(self.tokenize([texts[i] for i in chunk]))

        if self.threads > 1 and len(chunks) > 1:
            # onnxruntime releases the GIL in a run: `threads` batches at once, one per core.
            with ThreadPoolExecutor(self.threads) as pool:
                list(pool.map(run, chunks))
        else:
            for chunk in chunks:
                run(chunk)
        return out
