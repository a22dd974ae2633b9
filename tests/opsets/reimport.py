#!/usr/bin/python3
"""Copy an exported model and its data sets with the default-domain opset
import raised to OPSET. Valid only for models whose operators have no new
version up to OPSET (torchvision's resnet18: Conv, BatchNormalization,
Relu, MaxPool, Add, GlobalAveragePool, Flatten, Gemm, unchanged from opset
15 to 21), so the outputs stay PyTorch's: a whole network through spud's
path for opsets ONNX 1.12 does not know.

usage: reimport.py SRC_DIR DST_DIR OPSET
"""
import os
import shutil
import sys

import onnx


def main():
    src, dst, opset = sys.argv[1], sys.argv[2], int(sys.argv[3])
    m = onnx.load(os.path.join(src, "model.onnx"))
    for op in m.opset_import:
        if op.domain in ("", "ai.onnx"):
            op.version = opset
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    onnx.save(m, os.path.join(dst, "model.onnx"))
    for entry in os.listdir(src):
        if entry.startswith("test_data_set_"):
            shutil.copytree(os.path.join(src, entry), os.path.join(dst, entry))
    return 0


if __name__ == "__main__":
    sys.exit(main())
