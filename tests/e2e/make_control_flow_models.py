"""Hand-built ONNX models with control flow, and their outputs from numpy.

Each model is built with onnx.helper; each test_data_set_K holds inputs and
the outputs numpy computes for them, written here without spud. spud converts
each model once and must match every set (tests/e2e/check_model.sh).

  nested_loop_if  Loop(M) over a carried vector v and a scan output; in
                  the body an If on the iteration number's parity adds the
                  outer-scope `x` (even) or subtracts `w` times the
                  iteration (odd); its branch reads `x`, two graphs up. A
                  second output of the body stacks v per iteration.
  scan_axes       Scan (opset 16) with two scan inputs, one read along
                  axis 1 in reverse, the other along axis 0 forward; two
                  scan outputs, one stacked on axis 1, one written in
                  reverse; a running sum as the state.
  if_shapes       If whose branches give outputs of different shapes (a
                  Concat of x with itself, or x's first row).

usage: make_control_flow_models.py OUTDIR
"""
import sys

import data_sets  # tests/e2e/data_sets.py, beside this script
import numpy as np
from onnx import TensorProto, helper, numpy_helper

OPSET = 16


write = data_sets.write_model


def nested_loop_if(outdir):
    f32 = TensorProto.FLOAT
    # then: v + x (x from the main graph); else: v - w * float(i)
    then_g = helper.make_graph([helper.make_node("Add", ["v_in", "x"], ["t_out"])], "then", [],
                               [helper.make_tensor_value_info("t_out", f32, [3])])
    else_g = helper.make_graph([
        helper.make_node("Cast", ["i"], ["i_f"], to=f32),
        helper.make_node("Mul", ["w", "i_f"], ["wi"]),
        helper.make_node("Sub", ["v_in", "wi"], ["e_out"]),
    ], "else", [], [helper.make_tensor_value_info("e_out", f32, [3])])
    two = numpy_helper.from_array(np.array(2, np.int64), "two")
    zero = numpy_helper.from_array(np.array(0, np.int64), "zero")
    body = helper.make_graph([
        helper.make_node("Mod", ["i", "two"], ["parity"]),
        helper.make_node("Equal", ["parity", "zero"], ["even"]),
        helper.make_node("If", ["even"], ["v_out"], then_branch=then_g, else_branch=else_g),
        helper.make_node("Identity", ["cond_in"], ["cond_out"]),
        helper.make_node("Identity", ["v_out"], ["row"]),
    ], "body", [
        helper.make_tensor_value_info("i", TensorProto.INT64, []),
        helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
        helper.make_tensor_value_info("v_in", f32, [3]),
    ], [
        helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
        helper.make_tensor_value_info("v_out", f32, [3]),
        helper.make_tensor_value_info("row", f32, [3]),
    ], initializer=[two, zero])
    graph = helper.make_graph(
        [helper.make_node("Loop", ["m", "", "v0"], ["v_final", "rows"], body=body)], "nested_loop_if", [
            helper.make_tensor_value_info("m", TensorProto.INT64, []),
            helper.make_tensor_value_info("v0", f32, [3]),
            helper.make_tensor_value_info("x", f32, [3]),
            helper.make_tensor_value_info("w", f32, [3]),
        ], [
            helper.make_tensor_value_info("v_final", f32, [3]),
            helper.make_tensor_value_info("rows", f32, ["iterations", 3]),
        ])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    rng = np.random.default_rng(3)
    sets = []
    for m in (5, 2, 0):
        v0, x, w = (rng.standard_normal(3).astype(np.float32) for _ in range(3))
        v, rows = v0.copy(), []
        for i in range(m):
            v = v + x if i % 2 == 0 else v - w * np.float32(i)
            rows.append(v.copy())
        stacked = np.stack(rows) if rows else np.zeros((0, 3), np.float32)
        sets.append(([("m", np.array(m, np.int64)), ("v0", v0), ("x", x), ("w", w)],
                     [("v_final", v), ("rows", stacked)]))
    write(outdir, "nested_loop_if", model, sets)


def scan_axes(outdir):
    f32 = TensorProto.FLOAT
    body = helper.make_graph([
        helper.make_node("Add", ["s_in", "a"], ["s1"]),
        helper.make_node("Mul", ["s1", "b"], ["s_out"]),
        helper.make_node("Neg", ["s_out"], ["y1"]),
        helper.make_node("Add", ["a", "b"], ["y2"]),
    ], "scan_body", [
        helper.make_tensor_value_info("s_in", f32, [2]),
        helper.make_tensor_value_info("a", f32, [2]),
        helper.make_tensor_value_info("b", f32, [2]),
    ], [
        helper.make_tensor_value_info("s_out", f32, [2]),
        helper.make_tensor_value_info("y1", f32, [2]),
        helper.make_tensor_value_info("y2", f32, [2]),
    ])
    node = helper.make_node("Scan", ["s0", "A", "B"], ["s_final", "Y1", "Y2"], body=body, num_scan_inputs=2,
                            scan_input_axes=[1, 0], scan_input_directions=[1, 0],
                            scan_output_axes=[1, -2], scan_output_directions=[0, 1])
    graph = helper.make_graph([node], "scan_axes", [
        helper.make_tensor_value_info("s0", f32, [2]),
        helper.make_tensor_value_info("A", f32, [2, 4]),   # scanned along axis 1
        helper.make_tensor_value_info("B", f32, [4, 2]),   # scanned along axis 0
    ], [
        helper.make_tensor_value_info("s_final", f32, [2]),
        helper.make_tensor_value_info("Y1", f32, [2, 4]),
        helper.make_tensor_value_info("Y2", f32, [4, 2]),
    ])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    rng = np.random.default_rng(5)
    sets = []
    for _ in range(2):
        s0 = rng.standard_normal(2).astype(np.float32)
        A = rng.standard_normal((2, 4)).astype(np.float32)
        B = rng.uniform(0.5, 1.5, (4, 2)).astype(np.float32)
        s = s0.copy()
        Y1 = np.zeros((2, 4), np.float32)
        Y2 = np.zeros((4, 2), np.float32)
        for t in range(4):
            a = A[:, 3 - t]  # reverse along axis 1
            b = B[t, :]
            s = (s + a) * b
            Y1[:, t] = -s  # stacked on axis 1, forward
            Y2[3 - t, :] = a + b  # axis -2 of a rank-2 output is 0, written in reverse
        sets.append(([("s0", s0), ("A", A), ("B", B)], [("s_final", s), ("Y1", Y1), ("Y2", Y2)]))
    write(outdir, "scan_axes", model, sets)


def if_shapes(outdir):
    f32 = TensorProto.FLOAT
    then_g = helper.make_graph([helper.make_node("Concat", ["x", "x"], ["cat"], axis=0)], "then", [],
                               [helper.make_tensor_value_info("cat", f32, [4, 3])])
    starts = numpy_helper.from_array(np.array([0], np.int64), "starts")
    ends = numpy_helper.from_array(np.array([1], np.int64), "ends")
    else_g = helper.make_graph([helper.make_node("Slice", ["x", "starts", "ends"], ["row"])], "else", [],
                               [helper.make_tensor_value_info("row", f32, [1, 3])], initializer=[starts, ends])
    graph = helper.make_graph([
        helper.make_node("ReduceSum", ["x"], ["total"], keepdims=0),
        helper.make_node("Constant", [], ["zero"], value=numpy_helper.from_array(np.array(0, np.float32))),
        helper.make_node("Greater", ["total", "zero"], ["positive"]),
        helper.make_node("If", ["positive"], ["y"], then_branch=then_g, else_branch=else_g),
        helper.make_node("Relu", ["y"], ["z"]),
    ], "if_shapes", [helper.make_tensor_value_info("x", f32, [2, 3])], [helper.make_tensor_value_info("z", f32, ["rows", 3])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    sets = []
    for sign in (1.0, -1.0, 1.0):
        x = (np.arange(6, dtype=np.float32).reshape(2, 3) - 1.5) * np.float32(sign)
        y = np.concatenate([x, x], 0) if x.sum() > 0 else x[0:1]
        sets.append(([("x", x)], [("z", np.maximum(y, 0))]))
    write(outdir, "if_shapes", model, sets)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    for make in (nested_loop_if, scan_axes, if_shapes):
        make(sys.argv[1])
        print(f"{make.__name__}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
