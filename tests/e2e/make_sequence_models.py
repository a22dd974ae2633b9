"""Hand-built ONNX models with sequences, and their outputs from numpy.

Built with onnx.helper; each test_data_set_K holds inputs and the outputs
numpy computes for them, written here without spud. spud converts each model
once and must match every set (tests/e2e/check_model.sh).

  split_insert_erase  SplitToSequence of x [6,4] into rows 1, 2 and 3 along
                      axis 0; SequenceInsert of t [2,4] at position 1;
                      SequenceErase of the last element; SequenceAt 0,
                      SequenceLength and ConcatFromSequence (axis 0) of
                      what is left. Also x split into its columns without
                      keepdims and stacked back with new_axis=1 (x again),
                      and the element at position -2 of the sequence
                      before the erase (x's rows 1-2).

usage: make_sequence_models.py OUTDIR
"""
import sys

import data_sets  # tests/e2e/data_sets.py, beside this script
import numpy as np
from onnx import TensorProto, helper, numpy_helper

OPSET = 16


write = data_sets.write_model


def split_insert_erase(outdir):
    f32 = TensorProto.FLOAT
    consts = [
        numpy_helper.from_array(np.array([1, 2, 3], np.int64), "sizes"),
        numpy_helper.from_array(np.array(1, np.int64), "one"),
        numpy_helper.from_array(np.array(-1, np.int64), "last"),
        numpy_helper.from_array(np.array(0, np.int64), "zero"),
        numpy_helper.from_array(np.array(-2, np.int64), "minus_two"),
    ]
    nodes = [
        helper.make_node("SplitToSequence", ["x", "sizes"], ["rows"], axis=0),
        helper.make_node("SequenceInsert", ["rows", "t", "one"], ["inserted"]),
        helper.make_node("SequenceAt", ["inserted", "minus_two"], ["before_last"]),
        helper.make_node("SequenceErase", ["inserted", "last"], ["erased"]),
        helper.make_node("SequenceAt", ["erased", "zero"], ["first"]),
        helper.make_node("SequenceLength", ["erased"], ["length"]),
        helper.make_node("ConcatFromSequence", ["erased"], ["joined"], axis=0),
        helper.make_node("SplitToSequence", ["x"], ["columns"], axis=1, keepdims=0),
        helper.make_node("ConcatFromSequence", ["columns"], ["restacked"], axis=1, new_axis=1),
    ]
    graph = helper.make_graph(
        nodes, "split_insert_erase",
        [helper.make_tensor_value_info("x", f32, [6, 4]), helper.make_tensor_value_info("t", f32, [2, 4])],
        [helper.make_tensor_value_info("first", f32, [1, 4]),
         helper.make_tensor_value_info("length", TensorProto.INT64, []),
         helper.make_tensor_value_info("joined", f32, [5, 4]),
         helper.make_tensor_value_info("restacked", f32, [6, 4]),
         helper.make_tensor_value_info("before_last", f32, [2, 4])],
        consts)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="spud-tests")
    rng = np.random.default_rng(7)
    sets = []
    for _ in range(2):
        x = rng.standard_normal((6, 4)).astype(np.float32)
        t = rng.standard_normal((2, 4)).astype(np.float32)
        rows = [x[0:1], x[1:3], x[3:6]]
        inserted = rows[:1] + [t] + rows[1:]
        erased = inserted[:-1]
        sets.append(([("x", x), ("t", t)],
                     [("first", erased[0]), ("length", np.array(len(erased), np.int64)),
                      ("joined", np.concatenate(erased, axis=0)),
                      ("restacked", np.stack([x[:, c] for c in range(4)], axis=1)),
                      ("before_last", inserted[-2])]))
    write(outdir, "split_insert_erase", model, sets)


if __name__ == "__main__":
    split_insert_erase(sys.argv[1])
