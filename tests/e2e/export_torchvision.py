#!/usr/bin/python3
"""Export torchvision classification models to ONNX with PyTorch's own outputs.

Each model gets random weights from a fixed seed. BatchNorm running
statistics and affine parameters are randomized too, and the export keeps
BatchNormalization nodes (PyTorch's exporter would otherwise fold them in
eval mode), so spud's own BN-into-Conv folding is what gets tested.

With --variant default the export uses PyTorch's defaults instead (the
exporter folds BatchNorm itself and runs its constant folding) and a dynamic
batch axis: what a user exporting a model for deployment most often writes.
spud fixes the symbolic batch to 1. Those go to OUTDIR/<model>_default/.

Layout, as in ONNX's backend test data:
  OUTDIR/<model>/model.onnx
  OUTDIR/<model>/test_data_set_0/input_0.pb    (named "input", [1,3,224,224])
  OUTDIR/<model>/test_data_set_0/output_0.pb   (PyTorch's output, named "output")

usage: export_torchvision.py OUTDIR [--models a,b] [--variant keep-bn|default] [--force] [--list-ops]
Run with Debian's interpreter: /usr/bin/python3.
"""
import argparse
import os
import sys
import time
import zlib

import numpy as np
import onnx
import torch
import torchvision
from onnx import numpy_helper

MODELS = ["mobilenet_v2", "resnet18", "squeezenet1_1", "efficientnet_b0", "googlenet",
          "shufflenet_v2_x1_0", "mnasnet1_0"]
OPSET = 13


def build(name):
    kwargs = {"weights": None}
    if name == "googlenet":
        kwargs.update(aux_logits=False, init_weights=False)
    return getattr(torchvision.models, name)(**kwargs)


def randomize_batch_norm(model, gen):
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            c = m.num_features
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(c, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(c, generator=gen) * 1.5 + 0.5)
                if m.affine:
                    m.weight.copy_(torch.rand(c, generator=gen) * 1.5 + 0.25)
                    m.bias.copy_(torch.randn(c, generator=gen) * 0.1)


def export(name, outdir, force, variant):
    mdir = os.path.join(outdir, name if variant == "keep-bn" else name + "_default")
    data = os.path.join(mdir, "test_data_set_0")
    onnx_path = os.path.join(mdir, "model.onnx")
    out_path = os.path.join(data, "output_0.pb")
    if not force and os.path.exists(onnx_path) and os.path.exists(out_path):
        return False
    os.makedirs(data, exist_ok=True)
    seed = zlib.crc32(name.encode())  # stable per model, unlike hash()
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = build(name)
    randomize_batch_norm(model, gen)
    model.eval()
    x = torch.randn(1, 3, 224, 224, generator=gen)
    with torch.no_grad():
        y = model(x)
    tmp = onnx_path + ".tmp"
    if variant == "keep-bn":
        torch.onnx.export(model, x, tmp, opset_version=OPSET, input_names=["input"], output_names=["output"],
                          training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    else:
        torch.onnx.export(model, x, tmp, opset_version=OPSET, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    onnx.checker.check_model(tmp)
    with open(os.path.join(data, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x.numpy(), "input").SerializeToString())
    with open(out_path + ".tmp", "wb") as f:
        f.write(numpy_helper.from_array(y.numpy(), "output").SerializeToString())
    os.replace(tmp, onnx_path)
    os.replace(out_path + ".tmp", out_path)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--models", default=",".join(MODELS), help="comma-separated subset of: " + ", ".join(MODELS))
    ap.add_argument("--variant", choices=["keep-bn", "default"], default="keep-bn",
                    help="keep-bn: BatchNormalization kept, static shapes (default); "
                         "default: PyTorch's default export with a dynamic batch axis")
    ap.add_argument("--force", action="store_true", help="re-export even when the files exist")
    ap.add_argument("--list-ops", action="store_true", help="print each model's operator types")
    args = ap.parse_args()
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    names = [m for m in args.models.split(",") if m]
    unknown = [m for m in names if m not in MODELS]
    if unknown:
        ap.error("unknown model(s): " + ", ".join(unknown))
    total = time.time()
    for name in names:
        start = time.time()
        made = export(name, args.outdir, args.force, args.variant)
        line = f"{name}: {'exported' if made else 'up to date'} in {time.time() - start:.1f} s"
        if args.list_ops:
            sub = name if args.variant == "keep-bn" else name + "_default"
            m = onnx.load(os.path.join(args.outdir, sub, "model.onnx"))
            line += "\n  ops: " + ", ".join(sorted({n.op_type for n in m.graph.node}))
        print(line, flush=True)
    print(f"total {time.time() - total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
