#!/usr/bin/python3
"""Train the digits example: a small CNN on scikit-learn's bundled 8x8 digits.

Deterministic (fixed seeds, one thread). Writes:
  digits.onnx                 opset 13, input "input" [1,1,8,8] float32 in 0..1,
                              output "logits" [1,10]
  samples/sample_<i>.pb       8 test-split images as ONNX TensorProto
  samples/labels.txt          "<file> <label>" per sample

usage: train.py [--out examples/digits]   (run with /usr/bin/python3)
"""
import argparse
import os
import sys

import numpy as np
import torch
from onnx import numpy_helper
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


class DigitsNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU())
        self.classifier = torch.nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    y = digits.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)

    model = DigitsNet()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    xt, yt = torch.from_numpy(x_tr), torch.from_numpy(y_tr)
    order_gen = torch.Generator().manual_seed(0)
    for epoch in range(30):
        model.train()
        perm = torch.randperm(len(xt), generator=order_gen)
        for i in range(0, len(xt), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        pred = model(torch.from_numpy(x_te)).argmax(1).numpy()
    acc = float((pred == y_te).mean())
    print(f"test accuracy: {acc * 100:.1f}% on {len(y_te)} images")
    if acc < 0.95:
        print("accuracy below 95%: not writing the example")
        return 1

    os.makedirs(os.path.join(args.out, "samples"), exist_ok=True)
    onnx_path = os.path.join(args.out, "digits.onnx")
    torch.onnx.export(model, torch.from_numpy(x_te[:1]), onnx_path, opset_version=13,
                      input_names=["input"], output_names=["logits"])
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes)")

    # One correctly classified test image of each of 8 different digits.
    chosen, seen = [], set()
    for i in range(len(y_te)):
        if y_te[i] not in seen and pred[i] == y_te[i]:
            chosen.append(i)
            seen.add(y_te[i])
        if len(chosen) == 8:
            break
    with open(os.path.join(args.out, "samples", "labels.txt"), "w") as labels:
        for k, i in enumerate(chosen):
            name = f"sample_{k}.pb"
            tensor = numpy_helper.from_array(x_te[i:i + 1], "input")
            with open(os.path.join(args.out, "samples", name), "wb") as f:
                f.write(tensor.SerializeToString())
            labels.write(f"{name} {y_te[i]}\n")
    print(f"wrote {len(chosen)} samples with labels {[int(y_te[i]) for i in chosen]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
