"""What turns a trained cross-encoder into what ships: feed-forward layers cut narrower
(cross_fit --ffn, docs/judge-log.md item 34) and the int8 ONNX export with its tokenizer."""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

from service.judgement import cross


def pruned(model, units: int):
    """Each layer's feed-forward cut to its `units` biggest units (|input weights| x |output
    weights|), in place."""
    import torch

    for layer in model.bert.encoder.layer:
        up, down = layer.intermediate.dense, layer.output.dense
        kept = (up.weight.norm(dim=1) * down.weight.norm(dim=0)).argsort(descending=True)
        kept = kept[:units].sort().values
        narrow_up = torch.nn.Linear(up.in_features, units)
        narrow_down = torch.nn.Linear(units, down.out_features)
        with torch.no_grad():
            narrow_up.weight.copy_(up.weight[kept])
            narrow_up.bias.copy_(up.bias[kept])
            narrow_down.weight.copy_(down.weight[:, kept])
            narrow_down.bias.copy_(down.bias)
        layer.intermediate.dense, layer.output.dense = narrow_up, narrow_down
    model.config.intermediate_size = units
    return model


def export(model, tokenizer, directory: Path) -> None:
    """ONNX, int8 weights, the tokenizer: each file replaced whole in `directory`."""
    import torch

    from index.onnx_embed import quantize_int8

    sample = tokenizer(["a claim"], ["another claim"], return_tensors="pt")
    names = list(cross.INPUTS)
    axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"logits": {0: "batch"}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                tuple(sample[n] for n in names),
                str(tmp / "model.onnx"),
                input_names=names,
                output_names=["logits"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        quantize_int8(tmp / "model.onnx", tmp / cross.MODEL_FILE)
        tokenizer.backend_tokenizer.save(str(tmp / cross.TOKENIZER_FILE))
        directory.mkdir(parents=True, exist_ok=True)
        for name in (cross.MODEL_FILE, cross.TOKENIZER_FILE):
            staged = directory / f".{name}.tmp"
            staged.write_bytes((tmp / name).read_bytes())
            os.replace(staged, directory / name)
    print(f"wrote {directory / cross.MODEL_FILE}", flush=True)
