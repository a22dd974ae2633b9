#!/usr/bin/python3
"""Compare output_<i>.pb files of two directories.

Each actual output must have the reference's dtype and shape, and
max|actual - reference| / max(|reference|) must not exceed --tolerance
(the error relative to the output's scale). Prints the measured error of
every output; exits 1 if any output is off.

usage: compare_outputs.py REFERENCE_DIR ACTUAL_DIR [--tolerance 1e-4]
"""
import argparse
import glob
import os
import sys

import numpy as np
from onnx import TensorProto, numpy_helper


def load(path):
    t = TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reference")
    ap.add_argument("actual")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()
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
        ref, act = load(ref_path), load(act_path)
        if ref.dtype != act.dtype or ref.shape != act.shape:
            print(f"{name}: expected {ref.dtype} {list(ref.shape)}, got {act.dtype} {list(act.shape)}")
            failed += 1
            continue
        ref64, act64 = ref.astype(np.float64), act.astype(np.float64)
        scale = max(float(np.max(np.abs(ref64))) if ref.size else 0.0, 1e-30)
        err = float(np.max(np.abs(ref64 - act64))) / scale if ref.size else 0.0
        ok = err <= args.tolerance
        print(f"{name}: shape {list(ref.shape)}, max abs error / max |ref| = {err:.3e} "
              f"({'ok' if ok else 'FAIL'}, tolerance {args.tolerance:g})")
        failed += 0 if ok else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
