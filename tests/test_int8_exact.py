"""Int8 models compute the same numbers on every CPU (index/onnx_embed.unsigned_weights)."""

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from index.onnx_embed import quantize_int8, unsigned_weights
from service.judgement import cross

onnxruntime = pytest.importorskip("onnxruntime")


def run(path: Path, feed: dict) -> np.ndarray:
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, feed)[0]


def exact(model) -> onnx.ModelProto:
    """`model` with each MatMulInteger done in float64: the arithmetic without any shortcut."""
    nodes = []
    for i, node in enumerate(model.graph.node):
        if node.op_type != "MatMulInteger":
            nodes.append(node)
            continue
        a, b, a_zero, b_zero = (f"exact{i}_{k}" for k in "abcd")
        double = TensorProto.DOUBLE
        nodes += [
            *(
                helper.make_node("Cast", [src], [dst], to=double)
                for src, dst in zip(node.input, (a, b, a_zero, b_zero), strict=True)
            ),
            helper.make_node("Sub", [a, a_zero], [a + "0"]),
            helper.make_node("Sub", [b, b_zero], [b + "0"]),
            helper.make_node("MatMul", [a + "0", b + "0"], [f"exact{i}_y"]),
            helper.make_node("Cast", [f"exact{i}_y"], [node.output[0]], to=TensorProto.INT32),
        ]
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    return model


def test_quantized_products_do_not_saturate(tmp_path):
    # Every input at the top of its uint8 range against every weight at the top of int8:
    # two such products overflow 16 bits, which onnxruntime's u8 x s8 path on an AVX2 CPU
    # saturates (it returned 32.4 here for 63 with signed weights). Stored unsigned, exact.
    weights = np.ones((64, 16), dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "one-matmul",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 16])],
        [numpy_helper.from_array(weights, "w")],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), tmp_path / "m")
    quantize_int8(tmp_path / "m", tmp_path / "q")
    x = np.ones((1, 64), dtype=np.float32)
    x[0, 0] = 0.0
    assert np.allclose(run(tmp_path / "q", {"x": x}), x @ weights, atol=0.1)
    stored = {t.name: t.data_type for t in onnx.load(tmp_path / "q").graph.initializer}
    assert TensorProto.INT8 not in stored.values()
    assert unsigned_weights(onnx.load(tmp_path / "q")) == 0  # already unsigned: a no-op


def test_the_shipped_cross_encoder_reads_pairs_exactly(tmp_path):
    # The judge's verdicts (and every figure in docs/benchmarks.md) are the same on any CPU.
    path = cross.ARTIFACT_DIR / cross.MODEL_FILE
    model = onnx.load(path)
    matmuls = [n for n in model.graph.node if n.op_type == "MatMulInteger"]
    weights = {t.name: t.data_type for t in model.graph.initializer}
    assert matmuls and {weights[n.input[1]] for n in matmuls} == {TensorProto.UINT8}
    onnx.save(exact(model), tmp_path / cross.MODEL_FILE)
    (tmp_path / cross.TOKENIZER_FILE).write_bytes(
        (cross.ARTIFACT_DIR / cross.TOKENIZER_FILE).read_bytes()
    )
    pairs = [
        ("Crime rose in 2020.", "Crime fell in 2020."),
        ("The MMR vaccine causes autism.", "Vaccines do not cause autism, studies show."),
        ("Unemployment fell to 4 percent.", "Last year unemployment dropped to 4 percent."),
        ("Obama was born in Kenya.", "The city approved a budget for road repairs."),
    ]
    shipped = cross.CrossJudge(cross.ARTIFACT_DIR).pair_probabilities(pairs)
    reference = cross.CrossJudge(tmp_path).pair_probabilities(pairs)
    assert np.abs(shipped - reference).max() < 1e-5
