#!/usr/bin/python3
"""Generate ONNX's backend node tests (model.onnx + input/output .pb per case).

Runs ONNX's own generator (what `backend-test-tools generate-data` runs) from
Debian's python3-onnx 1.12, after restoring the numpy aliases (np.float,
np.int, ...) that numpy 1.24 removed and that onnx 1.12's test cases still
use. Writes OUTDIR/node/<case>/...; skips the work when OUTDIR/.complete
exists for this onnx version.

usage: generate_node_tests.py OUTDIR
"""
import argparse
import os
import shutil
import sys
import time

import numpy as np

for alias, target in (("float", float), ("int", int), ("bool", bool), ("object", object),
                      ("complex", complex), ("str", str)):
    if alias not in np.__dict__:
        setattr(np, alias, target)

import onnx  # noqa: E402  (after the aliases)
from onnx.backend.test import cmd_tools  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    args = ap.parse_args()
    stamp = os.path.join(args.outdir, ".complete")
    if os.path.exists(stamp) and open(stamp).read().strip() == onnx.__version__:
        print(f"node tests for onnx {onnx.__version__} already in {args.outdir}")
        return 0
    start = time.time()
    if os.path.exists(args.outdir):
        shutil.rmtree(args.outdir)
    cmd_tools.generate_data(argparse.Namespace(output=args.outdir, op_type=None))
    cases = sorted(os.listdir(os.path.join(args.outdir, "node")))
    with open(stamp, "w") as f:
        f.write(onnx.__version__ + "\n")
    print(f"generated {len(cases)} node test cases (onnx {onnx.__version__}) in {time.time() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
