"""What the e2e model scripts share: writing a model's data sets in the
layout of ONNX's backend test data (tests/e2e/check_model.sh reads it)
and the command line of the export scripts.

  OUTDIR/<model>/model.onnx
  OUTDIR/<model>/test_data_set_K/input_I.pb, output_I.pb
"""
import argparse
import os

import onnx
from onnx import numpy_helper


def write_pb(path, array, name):
    """One TensorProto file, written whole or not at all."""
    with open(path + ".tmp", "wb") as f:
        f.write(numpy_helper.from_array(array, name).SerializeToString())
    os.replace(path + ".tmp", path)


def write_set(mdir, k, inputs, outputs):
    """Data set k of the model in mdir: (name, array) pairs in order."""
    data = os.path.join(mdir, f"test_data_set_{k}")
    os.makedirs(data, exist_ok=True)
    for i, (n, a) in enumerate(inputs):
        write_pb(os.path.join(data, f"input_{i}.pb"), a, n)
    for i, (n, a) in enumerate(outputs):
        write_pb(os.path.join(data, f"output_{i}.pb"), a, n)


def write_model(outdir, name, model, sets):
    """A hand-built model, checked by ONNX's checker, and its data sets:
    [(inputs, outputs)] as (name, array) pairs."""
    mdir = os.path.join(outdir, name)
    os.makedirs(mdir, exist_ok=True)
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(mdir, "model.onnx"))
    for k, (inputs, outputs) in enumerate(sets):
        write_set(mdir, k, inputs, outputs)


def export_main(doc, models, export):
    """The export scripts' command line: OUTDIR [--force]; export(name,
    outdir, force) returns whether it wrote anything."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--force", action="store_true", help="export again even when the files exist")
    args = ap.parse_args()
    for name in models:
        made = export(name, args.outdir, args.force)
        print(f"{name}: {'exported' if made else 'up to date'}", flush=True)
    return 0
