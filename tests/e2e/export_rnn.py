#!/usr/bin/python3
"""Export PyTorch's recurrent layers to ONNX with PyTorch's own outputs.

Each model gets random weights from a fixed seed and a symbolic sequence
axis named "seq"; spud fixes it per data set with `--dim seq=N`:
  OUTDIR/<model>/model.onnx
  OUTDIR/<model>/test_data_set_0/input_*.pb, output_*.pb   (seq = 5)
  OUTDIR/<model>/test_data_set_1/input_*.pb, output_*.pb   (seq = 9)

usage: export_rnn.py OUTDIR [--force] [--list-ops]
Run with Debian's interpreter: /usr/bin/python3.
"""
import argparse
import os
import sys
import zlib

import onnx
import torch
from onnx import numpy_helper

OPSET = 14
SEQ_LENS = [5, 9]
BATCH = 3
INPUT = 6
HIDDEN = 10


def make(name):
    """(module, batch_first, takes initial state, has cell state)"""
    if name == "lstm2":
        return torch.nn.LSTM(INPUT, HIDDEN, num_layers=2), False, False, True
    if name == "lstm2_bidirectional":
        return torch.nn.LSTM(INPUT, HIDDEN, num_layers=2, bidirectional=True, batch_first=True), True, True, True
    if name == "gru2":
        return torch.nn.GRU(INPUT, HIDDEN, num_layers=2, batch_first=True), True, True, False
    if name == "gru_bidirectional":
        return torch.nn.GRU(INPUT, HIDDEN, bidirectional=True), False, False, False
    if name == "rnn_relu":
        return torch.nn.RNN(INPUT, HIDDEN, num_layers=2, nonlinearity="relu", batch_first=True), True, True, False
    if name == "rnn_tanh":
        return torch.nn.RNN(INPUT, HIDDEN), False, False, False
    raise ValueError(name)


MODELS = ["lstm2", "lstm2_bidirectional", "gru2", "gru_bidirectional", "rnn_relu", "rnn_tanh"]


class Wrap(torch.nn.Module):
    """Returns every output as a plain tuple, so the ONNX graph has them all."""

    def __init__(self, rnn, cell):
        super().__init__()
        self.rnn, self.cell = rnn, cell

    def forward(self, x, *state):
        if not state:
            y, s = self.rnn(x)
        elif self.cell:
            y, s = self.rnn(x, (state[0], state[1]))
        else:
            y, s = self.rnn(x, state[0])
        return (y,) + (tuple(s) if self.cell else (s,))


def save(path, array, name):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(array, name).SerializeToString())


def export(name, outdir, force):
    mdir = os.path.join(outdir, name)
    onnx_path = os.path.join(mdir, "model.onnx")
    if not force and os.path.exists(onnx_path) and all(
            os.path.exists(os.path.join(mdir, f"test_data_set_{i}", "output_0.pb")) for i in range(len(SEQ_LENS))):
        return False
    os.makedirs(mdir, exist_ok=True)
    seed = zlib.crc32(name.encode())
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    rnn, batch_first, with_state, cell = make(name)
    model = Wrap(rnn, cell).eval()
    layers = rnn.num_layers * (2 if rnn.bidirectional else 1)
    seq_axis = 1 if batch_first else 0

    def inputs(seq):
        shape = [BATCH, seq, INPUT] if batch_first else [seq, BATCH, INPUT]
        xs = [torch.randn(*shape, generator=gen)]
        if with_state:
            xs += [torch.randn(layers, BATCH, HIDDEN, generator=gen) * 0.5 for _ in range(2 if cell else 1)]
        return xs

    in_names = ["input"] + (["h0", "c0"][:2 if cell else 1] if with_state else [])
    out_names = ["output", "h_n"] + (["c_n"] if cell else [])
    tmp = onnx_path + ".tmp"
    with torch.no_grad():
        torch.onnx.export(model, tuple(inputs(SEQ_LENS[0])), tmp, opset_version=OPSET, input_names=in_names,
                          output_names=out_names,
                          dynamic_axes={"input": {seq_axis: "seq"}, "output": {seq_axis: "seq"}})
    onnx.checker.check_model(tmp)
    for i, seq in enumerate(SEQ_LENS):
        data = os.path.join(mdir, f"test_data_set_{i}")
        os.makedirs(data, exist_ok=True)
        xs = inputs(seq)
        with torch.no_grad():
            ys = model(*xs)
        for j, (n, v) in enumerate(zip(in_names, xs)):
            save(os.path.join(data, f"input_{j}.pb"), v.numpy(), n)
        for j, (n, v) in enumerate(zip(out_names, ys)):
            save(os.path.join(data, f"output_{j}.pb"), v.numpy(), n)
    os.replace(tmp, onnx_path)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--force", action="store_true", help="re-export even when the files exist")
    ap.add_argument("--list-ops", action="store_true", help="print each model's operator types")
    args = ap.parse_args()
    torch.set_num_threads(1)
    for name in MODELS:
        made = export(name, args.outdir, args.force)
        line = f"{name}: {'exported' if made else 'up to date'}"
        if args.list_ops:
            m = onnx.load(os.path.join(args.outdir, name, "model.onnx"))
            line += "\n  ops: " + ", ".join(sorted({n.op_type for n in m.graph.node}))
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
