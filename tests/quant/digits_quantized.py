#!/usr/bin/python3
"""The digits example through `spud quantize`: calibrated on 64 of its
training images, evaluated on the whole held-out split (the split
examples/digits/train.py made, from scikit-learn's bundled data): the
quantized model's accuracy must be within one point of the float model's,
its weights at least 3.5x smaller, and it must run in int8 from its one
QuantizeLinear to its one DequantizeLinear. Prints the numbers.

usage: digits_quantized.py SPUD SRC_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def main():
    spud, src, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "calibration"))
    os.makedirs(os.path.join(work, "test"))
    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    y = digits.target.astype(np.int64)
    x_tr, x_te, _, y_te = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)
    rng = np.random.default_rng(0)
    for i, k in enumerate(rng.choice(len(x_tr), 64, replace=False)):
        np.save(os.path.join(work, "calibration", f"sample_{i:02d}.npy"), x_tr[k:k + 1])
    onnx_path = os.path.join(src, "examples", "digits", "digits.onnx")
    q = subprocess.run([spud, "quantize", onnx_path, "--calibration", os.path.join(work, "calibration"),
                        "-o", os.path.join(work, "digits.qdq.onnx"), "--json"], capture_output=True, text=True)
    if q.returncode != 0:
        print(q.stdout, q.stderr)
        return 1
    report = json.loads(q.stdout)
    for name, path in (("float", onnx_path), ("int8", os.path.join(work, "digits.qdq.onnx"))):
        subprocess.run([spud, "convert", path, "-o", os.path.join(work, name + ".spud"), "--overwrite-config"],
                       check=True, stdout=subprocess.DEVNULL)
    checks = {n: json.loads(subprocess.run([spud, "check", os.path.join(work, n + ".spud"), "--json"],
                                           capture_output=True, text=True).stdout) for n in ("float", "int8")}
    correct = {"float": 0, "int8": 0}
    agree = 0
    for i in range(len(x_te)):
        path = os.path.join(work, "test", f"t{i}.npy")
        np.save(path, x_te[i:i + 1])
        pred = {}
        for n in correct:
            r = subprocess.run([spud, "run", os.path.join(work, n + ".spud"), path, "--json", "--print", "10"],
                               capture_output=True, text=True, check=True)
            pred[n] = int(np.argmax(json.loads(r.stdout)["outputs"][0]["values"]))
            correct[n] += pred[n] == y_te[i]
        agree += pred["float"] == pred["int8"]
    acc = {n: 100.0 * c / len(x_te) for n, c in correct.items()}
    wf, wq = checks["float"]["parameters"]["bytes"], checks["int8"]["parameters"]["bytes"]
    ops = checks["int8"]["operators"]
    print(f"held-out digits: {len(x_te)} images; accuracy float {acc['float']:.2f}%, int8 {acc['int8']:.2f}% "
          f"(same prediction on {agree}); weights {wf} -> {wq} bytes ({wf / wq:.2f}x smaller)")
    print(f"calibration error (64 training images): {report['errors']}")
    print(f"int8 file's operators: {ops}")
    failed = []
    if acc["int8"] < acc["float"] - 1.0:
        failed.append("accuracy dropped by more than one point")
    if wf / wq < 3.5:
        failed.append("weights less than 3.5x smaller")
    if ops.get("QLinearConv", 0) != 2 or ops.get("com.microsoft.QGemm", 0) != 1:
        failed.append("the convolutions and the product do not run quantized")
    # int8 from the first QuantizeLinear to the last DequantizeLinear: the
    # Relus are the convolutions' saturation, the pool and Flatten move int8.
    if ops.get("QuantizeLinear", 0) != 1 or ops.get("DequantizeLinear", 0) != 1 or "Relu" in ops:
        failed.append("float runs between the quantized operators")
    for f in failed:
        print("FAIL: " + f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
