#!/usr/bin/python3
"""Compare output_<i>.pb files of two directories.

Each actual output must have the reference's dtype and shape, and
max|actual - reference| / max(|reference|) must not exceed --tolerance
(the error relative to the output's scale). With --model, outputs the model
declares as sequences or optionals are SequenceProto/OptionalProto files,
compared element by element. Prints the measured error of every output;
exits 1 if any output is off.

usage: compare_outputs.py REFERENCE_DIR ACTUAL_DIR [--tolerance 1e-4] [--int-steps N] [--model MODEL.onnx]
       compare_outputs.py --list-inputs MODEL.onnx DATA_DIR
         prints NAME=DATA_DIR/input_I.pb for each graph input I (for spud run --input)
"""
import argparse
import glob
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper


def load(path, kind="tensor"):
    """A tensor as an array; a sequence as a list of arrays; an optional as
    None or its value."""
    with open(path, "rb") as f:
        data = f.read()
    if kind == "tensor":
        t = TensorProto()
        t.ParseFromString(data)
        return numpy_helper.to_array(t)
    if kind == "sequence":
        s = onnx.SequenceProto()
        s.ParseFromString(data)
        return [numpy_helper.to_array(t) for t in s.tensor_values]
    o = onnx.OptionalProto()
    o.ParseFromString(data)
    if o.HasField("tensor_value"):
        return numpy_helper.to_array(o.tensor_value)
    if o.HasField("sequence_value"):
        return [numpy_helper.to_array(t) for t in o.sequence_value.tensor_values]
    return None


def kind_of(type_proto):
    if type_proto.HasField("sequence_type"):
        return "sequence"
    return "optional" if type_proto.HasField("optional_type") else "tensor"


def graph_inputs(model):
    inits = {i.name for i in model.graph.initializer}
    return [v for v in model.graph.input if v.name not in inits]


def error_of(ref, act):
    """(message, error) of one tensor pair; error None when dtype or shape differ."""
    if ref.dtype != act.dtype or ref.shape != act.shape:
        return f"expected {ref.dtype} {list(ref.shape)}, got {act.dtype} {list(act.shape)}", None
    ref64, act64 = ref.astype(np.float64), act.astype(np.float64)
    scale = max(float(np.max(np.abs(ref64))) if ref.size else 0.0, 1e-30)
    return f"shape {list(ref.shape)}", float(np.max(np.abs(ref64 - act64))) / scale if ref.size else 0.0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--list-inputs":
        model, data = onnx.load(sys.argv[2]), sys.argv[3]
        for i, v in enumerate(graph_inputs(model)):
            path = os.path.join(data, f"input_{i}.pb")
            if os.path.exists(path):
                print(f"{v.name}={path}")
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reference")
    ap.add_argument("actual")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--int-steps", type=int, default=None,
                    help="integer outputs: the most their values may differ by (0: equal), instead of --tolerance")
    ap.add_argument("--model", help="the .onnx model, for which outputs are sequences or optionals")
    args = ap.parse_args()
    kinds = [kind_of(o.type) for o in onnx.load(args.model).graph.output] if args.model else []
    refs = sorted(glob.glob(os.path.join(args.reference, "output_*.pb")))
    if not refs:
        print(f"no output_*.pb in {args.reference}")
        return 1
    failed = 0
    for ref_path in refs:
        name = os.path.basename(ref_path)
        act_path = os.path.join(args.actual, name)
        if not os.path.exists(act_path):
            print(f"{name}: missing from {args.actual}")
            failed += 1
            continue
        index = int(name[len("output_"):-len(".pb")])
        kind = kinds[index] if index < len(kinds) else "tensor"
        ref, act = load(ref_path, kind), load(act_path, kind)
        if kind != "tensor" and (ref is None or act is None or isinstance(ref, list) != isinstance(act, list)):
            ok = (ref is None) == (act is None) and ref is None
            print(f"{name}: {kind}: expected {'none' if ref is None else 'a value'}, got "
                  f"{'none' if act is None else 'a value'} ({'ok' if ok else 'FAIL'})")
            failed += 0 if ok else 1
            continue
        refs_, acts_ = (ref, act) if isinstance(ref, list) else ([ref], [act])
        if len(refs_) != len(acts_):
            print(f"{name}: expected a sequence of {len(refs_)} tensors, got {len(acts_)}")
            failed += 1
            continue
        worst, what = 0.0, []
        steps = args.int_steps is not None and all(np.issubdtype(r.dtype, np.integer) for r in refs_)
        for r, a in zip(refs_, acts_):
            msg, err = error_of(r, a)
            if steps and err is not None:  # in steps of the integer type, not relative
                err = float(np.max(np.abs(r.astype(np.int64) - a.astype(np.int64)))) if r.size else 0.0
            what.append(msg)
            worst = float("inf") if err is None else max(worst, err)
        if steps:
            ok = worst <= args.int_steps
            shown = what[0] if kind == "tensor" else f"{kind} of {len(refs_)}: " + "; ".join(what)
            print(f"{name}: {shown}, max abs difference = {worst:g} ({'ok' if ok else 'FAIL'}, at most "
                  f"{args.int_steps} step{'s' if args.int_steps != 1 else ''})")
            failed += 0 if ok else 1
            continue
        ok = worst <= args.tolerance
        shown = what[0] if kind == "tensor" else f"{kind} of {len(refs_)}: " + "; ".join(what)
        print(f"{name}: {shown}, max abs error / max |ref| = {worst:.3e} "
              f"({'ok' if ok else 'FAIL'}, tolerance {args.tolerance:g})")
        failed += 0 if ok else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
