#!/usr/bin/env python3
"""Writes the values of ONNX TensorProto files (.pb), in the order given, as
one file of raw little-endian bytes: what the firmware test embeds as its
sample inputs and as the host's expected output."""
import argparse
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("pb", nargs="+", help="TensorProto files")
    ap.add_argument("-o", "--out", required=True, help="the raw file to write")
    args = ap.parse_args()
    chunks = []
    for path in args.pb:
        t = onnx.TensorProto()
        with open(path, "rb") as f:
            t.ParseFromString(f.read())
        a = numpy_helper.to_array(t)
        chunks.append(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes())
    with open(args.out, "wb") as f:
        f.write(b"".join(chunks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
