"""The embedder the benchmarks import with: the service's ONNX export, on every core."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def onnx_dir(model: str | None = None, *, log=print) -> Path:
    """The ONNX export of `model` (None: the packaged default), made once in
    data/models/<name>-onnx: what `veracity serve` runs, and the benchmarks' servers with it."""
    from index.embed import resolve_model
    from index.onnx_embed import export, export_dir, exported

    name, _ = resolve_model(model)
    directory = export_dir(PROJECT / "data", name)
    if not exported(directory):
        export(model, directory)
        log(f"exported {name} to ONNX in {directory}")
    return directory


def onnx_embedder(model: str | None = None, *, log=print, int8: bool = False):
    """Load `model` (a name or directory; None: the packaged default) as the service runs it
    (`int8`: as it runs with VERACITY_ONNX_INT8=1).

    Exported once (onnx_dir); imports then use both cores, where torch in a bench process
    would run on the one thread the service pins it to.
    """
    from index.embed import load_embedder

    threads = os.cpu_count() or 1
    directory = onnx_dir(model, log=log)
    return load_embedder(model, runtime="onnx", onnx_dir=directory, threads=threads, int8=int8)
