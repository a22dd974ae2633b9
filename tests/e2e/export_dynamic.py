"""Export small PyTorch models whose input shapes are chosen at run time.

Each model is exported once with dynamic axes (symbolic dimensions in the
ONNX file); each test_data_set_K holds an input of a different shape and
PyTorch's output for it. spud converts the model once, without --dim, and
must match every set (tests/e2e/check_model.sh runs them all).

  OUTDIR/<model>/model.onnx
  OUTDIR/<model>/test_data_set_K/input_0.pb, output_0.pb

Models:
  seq_conv  [batch, 4, seq] -> two Conv1d, ReLU, a Linear over the channels,
            LogSoftmax: batch and seq symbolic
  image     [n, 3, h, w] -> Conv2d/BatchNorm/ReLU/MaxPool/Conv2d, global
            average pool, Linear: n, h and w symbolic
  encoder   [batch, seq, 32] -> two transformer encoder layers, Linear
  crnn      [batch, 1, 32, width] -> convolutions, the columns as a sequence
            through a bidirectional LSTM, Linear, LogSoftmax

usage: export_dynamic.py OUTDIR [--force]
Run with Debian's interpreter: /usr/bin/python3.
"""
import os
import sys

import data_sets  # tests/e2e/data_sets.py, beside this script
import onnx
import torch

OPSET = 14  # the LSTM's layout and the encoder's ops


class SeqConv(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv1d(4, 8, 3, padding=1)
        self.c2 = torch.nn.Conv1d(8, 8, 3, padding=2, dilation=2)
        self.fc = torch.nn.Linear(8, 5)

    def forward(self, x):
        y = torch.relu(self.c2(torch.relu(self.c1(x))))
        return torch.log_softmax(self.fc(y.transpose(1, 2)), dim=-1)


class Image(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.c2 = torch.nn.Conv2d(8, 16, 3, padding=1)
        self.fc = torch.nn.Linear(16, 10)

    def forward(self, x):
        y = torch.nn.functional.max_pool2d(torch.relu(self.bn(self.c1(x))), 2)
        y = torch.relu(self.c2(y)).mean(dim=(2, 3))
        return self.fc(y)


class Encoder(torch.nn.Module):
    """Two transformer encoder layers (attention over a symbolic sequence)."""

    def __init__(self):
        super().__init__()
        layer = torch.nn.TransformerEncoderLayer(32, 4, 64, batch_first=True, dropout=0.0)
        self.layers = torch.nn.TransformerEncoder(layer, 2)
        self.fc = torch.nn.Linear(32, 3)

    def forward(self, x):
        return self.fc(self.layers(x))


class Crnn(torch.nn.Module):
    """A text recogniser's shape: convolutions over a line image of any width,
    its columns as a sequence through a bidirectional LSTM."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Sequential(
            torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.BatchNorm2d(16), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d((2, 1)))
        self.rnn = torch.nn.LSTM(32 * 8, 48, bidirectional=True, batch_first=True)
        self.fc = torch.nn.Linear(96, 20)

    def forward(self, x):
        f = self.conv(x)
        b, c, h, w = f.shape
        out, _ = self.rnn(f.permute(0, 3, 1, 2).reshape(b, w, c * h))
        return self.fc(out).log_softmax(-1)


# name -> (module, dynamic axes of the input, of the output, the shapes of the data sets)
MODELS = {
    "seq_conv": (SeqConv, {0: "batch", 2: "seq"}, {0: "batch", 1: "seq"},
                 [(1, 4, 10), (2, 4, 37), (3, 4, 64), (1, 4, 5)]),
    "image": (Image, {0: "n", 2: "h", 3: "w"}, {0: "n"}, [(1, 3, 32, 32), (2, 3, 48, 40), (1, 3, 64, 64)]),
    "encoder": (Encoder, {0: "batch", 1: "seq"}, {0: "batch", 1: "seq"}, [(1, 7, 32), (2, 19, 32), (1, 40, 32)]),
    "crnn": (Crnn, {0: "batch", 3: "width"}, {0: "batch", 1: "steps"}, [(1, 1, 32, 40), (2, 1, 32, 96)]),
}


write_pb = data_sets.write_pb


def export(name, outdir, force):
    cls, axes, out_axes, shapes = MODELS[name]
    mdir = os.path.join(outdir, name)
    onnx_path = os.path.join(mdir, "model.onnx")
    last = os.path.join(mdir, f"test_data_set_{len(shapes) - 1}", "output_0.pb")
    if not force and os.path.exists(onnx_path) and os.path.exists(last):
        return False
    torch.manual_seed(len(name))
    model = cls()
    for m in model.modules():  # statistics that are not the identity
        if isinstance(m, torch.nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
    model.eval()
    os.makedirs(mdir, exist_ok=True)
    example = torch.randn(*shapes[0])
    tmp = onnx_path + ".tmp"
    torch.onnx.export(model, example, tmp, opset_version=OPSET, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": axes, "output": out_axes})
    onnx.checker.check_model(tmp)
    for k, shape in enumerate(shapes):
        data = os.path.join(mdir, f"test_data_set_{k}")
        os.makedirs(data, exist_ok=True)
        x = torch.randn(*shape)
        with torch.no_grad():
            y = model(x)
        write_pb(os.path.join(data, "input_0.pb"), x.numpy(), "input")
        write_pb(os.path.join(data, "output_0.pb"), y.numpy(), "output")
    os.replace(tmp, onnx_path)
    return True


def main():
    return data_sets.export_main(__doc__, MODELS, export)


if __name__ == "__main__":
    sys.exit(main())
