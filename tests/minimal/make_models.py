"""Writes the tiny ONNX models the minimal-build tests convert:
add_float.onnx (float Add + Relu), add_int64.onnx (int64 Add) and
softmax_float.onnx (Softmax then Sigmoid: kernels that call the C math
library), plus an input .pb for each. Usage: make_models.py OUT_DIR"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save


def model(dtype, path, with_relu):
    x = helper.make_tensor_value_info("x", dtype, [2, 3])
    y = helper.make_tensor_value_info("y", dtype, [2, 3])
    out = helper.make_tensor_value_info("out", dtype, [2, 3])
    nodes = [helper.make_node("Add", ["x", "y"], ["sum"])]
    nodes.append(helper.make_node("Relu" if with_relu else "Identity", ["sum"], ["out"]))
    graph = helper.make_graph(nodes, "g", [x, y], [out])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    save(m, path)


def softmax_model(path):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])
    out = helper.make_tensor_value_info("out", TensorProto.FLOAT, [2, 3])
    nodes = [helper.make_node("Softmax", ["x"], ["p"], axis=-1), helper.make_node("Sigmoid", ["p"], ["out"])]
    graph = helper.make_graph(nodes, "g", [x], [out])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    model(TensorProto.FLOAT, os.path.join(out, "add_float.onnx"), True)
    model(TensorProto.INT64, os.path.join(out, "add_int64.onnx"), False)
    softmax_model(os.path.join(out, "softmax_float.onnx"))
    rng = np.random.default_rng(7)
    for name in ("x", "y"):
        t = numpy_helper.from_array(rng.standard_normal((2, 3)).astype(np.float32), name)
        with open(os.path.join(out, f"{name}.pb"), "wb") as f:
            f.write(t.SerializeToString())


if __name__ == "__main__":
    main()
