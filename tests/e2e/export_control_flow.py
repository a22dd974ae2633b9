"""Export a torch.jit.script model with a data-dependent loop and branch.

The model runs a recurrence over the rows of its input (a `for` over
range(x.size(0)), so the trip count comes from the input's shape), a second
loop whose count is computed from the input's values, and an `if` on a
tensor's value; torch.onnx.export turns them into ONNX Loop and If nodes.
The row count is a symbolic dimension: spud converts the model once,
without --dim, and each test_data_set_K (a different row count) must match
PyTorch's output (tests/e2e/check_model.sh).

  OUTDIR/<model>/model.onnx
  OUTDIR/<model>/test_data_set_K/input_0.pb, output_0.pb

usage: export_control_flow.py OUTDIR [--force]
Run with Debian's interpreter: /usr/bin/python3.
"""
import os
import sys

import data_sets  # tests/e2e/data_sets.py, beside this script
import onnx
import torch

OPSET = 14


class LoopBranch(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = torch.nn.Linear(4, 4)
        self.out = torch.nn.Linear(4, 3)

    def forward(self, x):
        h = torch.zeros(4)
        for i in range(x.size(0)):
            h = torch.tanh(self.cell(h) + x[i])
        # As many halvings as the first value's magnitude says (0 to 3).
        # (An int64 tensor first: int() of a float tensor exports a float
        # trip count, which ONNX's Loop does not take.)
        steps = torch.clamp(x[0, 0].abs() * 2.0, 0.0, 3.0).to(torch.int64)
        for _ in range(int(steps)):
            h = h * 0.5 + 0.1
        if bool(h.sum() > 0):
            y = self.out(h) * 2.0
        else:
            y = self.out(h - 1.0)
        return y


# name -> (module, dynamic axes of the input, the shapes of the data sets)
MODELS = {
    "loop_branch": (LoopBranch, {0: "rows"}, [(3, 4), (7, 4), (1, 4)]),
}


write_pb = data_sets.write_pb


def export(name, outdir, force):
    cls, axes, shapes = MODELS[name]
    mdir = os.path.join(outdir, name)
    onnx_path = os.path.join(mdir, "model.onnx")
    last = os.path.join(mdir, f"test_data_set_{len(shapes) - 1}", "output_0.pb")
    if not force and os.path.exists(onnx_path) and os.path.exists(last):
        return False
    torch.manual_seed(7)
    model = torch.jit.script(cls().eval())
    os.makedirs(mdir, exist_ok=True)
    example = torch.randn(*shapes[0])
    tmp = onnx_path + ".tmp"
    torch.onnx.export(model, (example,), tmp, opset_version=OPSET, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": axes})
    onnx.checker.check_model(tmp)
    ops = {n.op_type for n in onnx.load(tmp).graph.node}
    if not {"Loop", "If"} <= ops:
        raise SystemExit(f"{name}: the export has no Loop and If ({sorted(ops)})")
    # Sets whose branches differ: the sign of the hidden state's sum decides.
    generator = torch.Generator().manual_seed(11)
    for k, shape in enumerate(shapes):
        data = os.path.join(mdir, f"test_data_set_{k}")
        os.makedirs(data, exist_ok=True)
        x = torch.randn(*shape, generator=generator) * (1.0 + k)
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
