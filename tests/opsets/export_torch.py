#!/usr/bin/python3
"""Export one small convolutional net from PyTorch at opsets 9 and 10, with
PyTorch's own output, for spud's old-opset path: the exports hold
Upsample-9 (opset 9) or Resize-10 (opset 10), Slice-1 or Slice-10, Pad-2,
BatchNormalization-9, Flatten and Gemm, several of which spud runs only
after ONNX's version converter has upgraded the model. (The net's Dropout
is not in the file: PyTorch leaves it out of an eval-mode export; the
hand-built opset-7 model of make_models.py has one. The BatchNorm follows
the Pad, so that PyTorch cannot fold it into a Conv.)

  OUTDIR/torch_opset<N>/model.onnx
  OUTDIR/torch_opset<N>/test_data_set_0/input_0.pb, output_0.pb

usage: export_torch.py OUTDIR
Run with Debian's interpreter: /usr/bin/python3.
"""
import argparse
import os
import sys

import onnx
import torch
from onnx import numpy_helper


class OldNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.bn2 = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 4, 3)
        self.drop = torch.nn.Dropout(0.25)
        self.fc = torch.nn.Linear(4 * 9 * 8, 10)

    def forward(self, x):
        y = torch.relu(self.bn(self.conv1(x)))                                   # [1, 8, 6, 6]
        y = torch.nn.functional.interpolate(y, scale_factor=2.0, mode="nearest")  # [1, 8, 12, 12]
        y = y[:, :, 1:10, 2:12]                                                   # Slice: [1, 8, 9, 10]
        y = torch.nn.functional.pad(y, (0, 0, 1, 1), mode="constant", value=0.5)  # Pad: [1, 8, 11, 10]
        y = self.conv2(self.bn2(y))                                                         # [1, 4, 9, 8]
        y = torch.flatten(self.drop(y), 1)
        return self.fc(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    args = ap.parse_args()
    torch.manual_seed(9)
    net = OldNet()
    with torch.no_grad():  # BatchNorm statistics that are not the identity
        for bn in (net.bn, net.bn2):
            bn.running_mean.uniform_(-0.5, 0.5)
            bn.running_var.uniform_(0.5, 2.0)
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.2, 0.2)
    net.eval()
    x = torch.randn(1, 3, 6, 6)
    with torch.no_grad():
        y = net(x)
    for opset in (9, 10):
        d = os.path.join(args.out_dir, f"torch_opset{opset}")
        data = os.path.join(d, "test_data_set_0")
        os.makedirs(data, exist_ok=True)
        path = os.path.join(d, "model.onnx")
        torch.onnx.export(net, (x,), path, opset_version=opset, input_names=["input"], output_names=["output"],
                          do_constant_folding=False)
        ops = sorted({n.op_type for n in onnx.load(path).graph.node})
        print(f"opset {opset}: {', '.join(ops)}")
        with open(os.path.join(data, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(x.numpy(), "input").SerializeToString())
        with open(os.path.join(data, "output_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(y.numpy(), "output").SerializeToString())
    return 0


if __name__ == "__main__":
    sys.exit(main())
