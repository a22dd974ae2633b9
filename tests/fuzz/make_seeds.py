#!/usr/bin/python3
"""Seed corpora for the fuzz targets, made from ONNX's node tests (and
other directories of models in their layout: tests/opsets' models hold the
operators of opsets 18-21, which ONNX 1.12 has no node tests for).

  OUT/runtime/       .spud files: for every operator a test has, one
                     converted test (the first that converts, tests of that
                     operator alone before graphs holding it), and variants
                     that reach other kernels: its inputs after the first as
                     constants (XNNPACK, Eigen and NHWC kernels take constant
                     weights), NCHW layout, a symbolic first dimension
                     (dynamic) and a bounded one; plus a few small graphs the
                     converter fuses (Conv+Relu, MatMul+Add, x*Sigmoid(x))
  OUT/converter/     every test's model.onnx, and those graphs
  OUT/tensor_pb/     the node tests' .pb files (<= 64 KiB, once each), also
  OUT/tensor_proto/  for the libprotobuf reader, with a few sequence blobs
  OUT/ops_config/    tests/minimal/configs/* and the configs spud convert wrote
  OUT/npy/           .npy files NumPy wrote: each dtype, scalar, empty,
                     big-endian, Fortran order, format version 2

Prints how many of the build's operators (spud ops) have a runtime seed,
and which do not. Skips the work when OUT/.complete is newer than the spud
binary and the node tests.

usage: make_seeds.py --spud SPUD --models DIR [--models DIR...] --configs DIR --out OUT
"""
import argparse
import concurrent.futures
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

LAYOUT_OPS = {"Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "Resize",
              "DepthToSpace", "SpaceToDepth", "LpPool", "GlobalMaxPool"}
# Operators whose tests also get a symbolic first input dimension.
DYNAMIC_OPS = {"Add", "Relu", "MatMul", "Conv", "Softmax", "Concat", "Reshape", "Gather", "Transpose",
               "ReduceSum", "MaxPool", "LSTM", "Slice", "Expand", "Where", "Cast", "Split", "TopK",
               "NonZero", "Tile", "Pad", "Resize", "Einsum", "GRU", "If", "Loop", "Scan"}
MAX_PB = 64 * 1024


def convert(spud, model_path, out_path, config_path, extra=()):
    cmd = [spud, "convert", model_path, "-o", out_path, "--config", config_path,
           "--enable-type-reduction", *extra]
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0 and os.path.exists(out_path)


def config_ops(config_path):
    """(domain, op) pairs listed in a config spud convert wrote."""
    ops = set()
    with open(config_path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("!"):
                continue
            domain, _, names = line.split(";", 2)
            depth, name = 0, ""
            for c in names + ",":
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                elif c == "," and depth == 0:
                    ops.add((domain, name.strip()))
                    name = ""
                elif depth == 0:
                    name += c
    return ops


def inputs_as_constants(model, test_dir):
    """The model with every graph input after the first made an initializer
    holding the test's own input value; None when there is nothing to do."""
    data = os.path.join(test_dir, "test_data_set_0")
    graph_inputs = [i for i in model.graph.input if i.name not in {t.name for t in model.graph.initializer}]
    if len(graph_inputs) < 2 or not os.path.isdir(data):
        return None
    m = onnx.ModelProto()
    m.CopyFrom(model)
    for k, vi in enumerate(graph_inputs):
        if k == 0:
            continue
        pb = os.path.join(data, "input_%d.pb" % k)
        if not os.path.exists(pb) or not vi.type.HasField("tensor_type"):
            return None
        t = onnx.TensorProto()
        with open(pb, "rb") as f:
            t.ParseFromString(f.read())
        t.name = vi.name
        m.graph.initializer.append(t)
    keep = [i for i in m.graph.input if i.name not in {t.name for t in m.graph.initializer}]
    del m.graph.input[:]
    m.graph.input.extend(keep)
    return m


def symbolic_first_dim(model):
    """The model with its first input's first dimension named N and the
    outputs' shapes left to inference; None when it has no such dimension."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    inits = {t.name for t in m.graph.initializer}
    ins = [i for i in m.graph.input if i.name not in inits]
    if not ins or not ins[0].type.HasField("tensor_type") or len(ins[0].type.tensor_type.shape.dim) == 0:
        return None
    d = ins[0].type.tensor_type.shape.dim[0]
    d.Clear()
    d.dim_param = "N"
    for o in m.graph.output:
        if o.type.HasField("tensor_type"):
            o.type.tensor_type.ClearField("shape")
    del m.graph.value_info[:]
    return m


def fused_graphs():
    """Small graphs the converter fuses or lays out channels-last, with
    constant weights, so that com.spud's and com.spud.nhwc's kernels get seeds."""
    f = TensorProto.FLOAT
    rnd = [((i * 37) % 11 - 5) / 8.0 for i in range(4096)]

    def const(name, shape):
        n = 1
        for s in shape:
            n *= s
        return helper.make_tensor(name, f, shape, rnd[:n])

    graphs = {}
    # Conv + Relu (NHWC Conv with its clamp), MaxPool, GlobalAveragePool.
    g = helper.make_graph(
        [helper.make_node("Conv", ["x", "w", "b"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
         helper.make_node("Relu", ["c"], ["r"]),
         helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
         helper.make_node("GlobalAveragePool", ["p"], ["y"])],
        "conv_relu_pool", [helper.make_tensor_value_info("x", f, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", f, [1, 4, 1, 1])],
        [const("w", [4, 3, 3, 3]), const("b", [4])])
    graphs["conv_relu_pool"] = g
    # MatMul + Add + Relu (com.spud Gemm with a clamp).
    g = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["m"]), helper.make_node("Add", ["m", "b"], ["a"]),
         helper.make_node("Relu", ["a"], ["y"])],
        "matmul_add_relu", [helper.make_tensor_value_info("x", f, [2, 8])],
        [helper.make_tensor_value_info("y", f, [2, 4])], [const("w", [8, 4]), const("b", [4])])
    graphs["matmul_add_relu"] = g
    # x * Sigmoid(x) (com.spud Silu).
    g = helper.make_graph(
        [helper.make_node("Sigmoid", ["x"], ["s"]), helper.make_node("Mul", ["x", "s"], ["y"])],
        "silu", [helper.make_tensor_value_info("x", f, [1, 4, 3, 3])],
        [helper.make_tensor_value_info("y", f, [1, 4, 3, 3])], [])
    graphs["silu"] = g
    # ConvTranspose, AveragePool, Resize, DepthToSpace in NHWC between transposes.
    g = helper.make_graph(
        [helper.make_node("ConvTranspose", ["x", "w"], ["t"], kernel_shape=[2, 2], strides=[2, 2]),
         helper.make_node("AveragePool", ["t"], ["a"], kernel_shape=[2, 2]),
         helper.make_node("Resize", ["a", "", "scales"], ["r"], mode="linear"),
         helper.make_node("DepthToSpace", ["r"], ["y"], blocksize=2)],
        "nhwc_chain", [helper.make_tensor_value_info("x", f, [1, 4, 4, 4])],
        [helper.make_tensor_value_info("y", f, [1, 1, 14, 14])],
        [const("w", [4, 4, 2, 2]), helper.make_tensor("scales", f, [4], [1, 1, 1, 1])])
    graphs["nhwc_chain"] = g
    # ShuffleNet's Reshape -> Transpose(0,2,1,3,4) -> Reshape between Convs (com.spud.nhwc ChannelShuffle).
    g = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["c"], kernel_shape=[1, 1]),
         helper.make_node("Reshape", ["c", "s5"], ["r"]),
         helper.make_node("Transpose", ["r"], ["t"], perm=[0, 2, 1, 3, 4]),
         helper.make_node("Reshape", ["t", "s4"], ["u"]),
         helper.make_node("Conv", ["u", "w"], ["y"], kernel_shape=[1, 1])],
        "channel_shuffle", [helper.make_tensor_value_info("x", f, [1, 4, 3, 3])],
        [helper.make_tensor_value_info("y", f, [1, 4, 3, 3])],
        [const("w", [4, 4, 1, 1]), helper.make_tensor("s5", TensorProto.INT64, [5], [1, 2, 2, 3, 3]),
         helper.make_tensor("s4", TensorProto.INT64, [4], [1, 4, 3, 3])])
    graphs["channel_shuffle"] = g
    # GlobalLpPool and LpNormalization, which ONNX 1.12 has no node tests for.
    g = helper.make_graph(
        [helper.make_node("GlobalLpPool", ["x"], ["p"], p=3),
         helper.make_node("LpNormalization", ["x"], ["y"], axis=1, p=1)],
        "lp", [helper.make_tensor_value_info("x", f, [1, 3, 4, 4])],
        [helper.make_tensor_value_info("p", f, [1, 3, 1, 1]), helper.make_tensor_value_info("y", f, [1, 3, 4, 4])],
        [])
    graphs["lp"] = g
    # Sequences and optionals outside control flow.
    seq = helper.make_tensor_sequence_value_info
    g = helper.make_graph(
        [helper.make_node("SplitToSequence", ["x"], ["s"], axis=0),
         helper.make_node("SequenceErase", ["s", "one"], ["e"]),
         helper.make_node("SequenceConstruct", ["x", "x"], ["c"]),
         helper.make_node("SequenceInsert", ["e", "x"], ["i"]),
         helper.make_node("ConcatFromSequence", ["i"], ["y"], axis=0),
         helper.make_node("ConcatFromSequence", ["c"], ["z"], axis=1, new_axis=1),
         helper.make_node("Optional", ["x"], ["o"]),
         helper.make_node("OptionalHasElement", ["o"], ["h"])],
        "sequences", [helper.make_tensor_value_info("x", f, [3, 2])],
        [helper.make_tensor_value_info("y", f, [5, 2]), helper.make_tensor_value_info("z", f, [3, 2, 2]),
         helper.make_tensor_value_info("h", TensorProto.BOOL, []), seq("c", f, [3, 2])],
        [helper.make_tensor("one", TensorProto.INT64, [], [1])])
    graphs["sequences"] = g
    out = {}
    for name, g in graphs.items():
        opset = 16 if name == "sequences" else 13
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_seeds")
        m.ir_version = 8 if opset > 15 else 7
        out[name] = m
    return out


def op_types(graph):
    """Every node's op type, subgraphs' included."""
    ops = set()
    for n in graph.node:
        ops.add(n.op_type)
        for attr in n.attribute:
            if attr.HasField("g"):
                ops |= op_types(attr.g)
            for g in attr.graphs:
                ops |= op_types(g)
    return ops


def sequence_blob(tensors, elem_dtype):
    """spud's sequence blob (runtime/include/spud/sequence.h) of (dtype,
    dims, bytes) entries: what decode_blob reads."""
    align = lambda v: (v + 15) // 16 * 16
    head = align(16 + 88 * len(tensors))
    entries, data, at = b"", b"", head
    for dtype, dims, raw in tensors:
        entries += struct.pack("<ii8qQQ", dtype, len(dims), *(list(dims) + [0] * (8 - len(dims))), at, len(raw))
        pad = align(at + len(raw)) - at - len(raw)
        data += raw + b"\0" * pad
        at = align(at + len(raw))
    blob = struct.pack("<IIiI", 0x51535053, len(tensors), elem_dtype, 0) + entries
    return blob + b"\0" * (head - len(blob)) + data


def up_to_date(out, inputs):
    stamp = os.path.join(out, ".complete")
    if not os.path.exists(stamp):
        return False
    t = os.path.getmtime(stamp)
    return all(t > os.path.getmtime(p) for p in inputs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spud", required=True)
    ap.add_argument("--models", required=True, action="append",
                    help="a directory of <case>/model.onnx (+ test_data_set_0/*.pb)")
    ap.add_argument("--configs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    if up_to_date(a.out, [a.spud, __file__] + a.models):
        print("make_seeds: %s is up to date" % a.out)
        return 0
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    dirs = {k: os.path.join(a.out, k) for k in ("runtime", "converter", "tensor_pb", "tensor_proto", "ops_config", "npy")}
    for d in dirs.values():
        os.makedirs(d)
    work = tempfile.mkdtemp(prefix="spud-seeds-")

    case_dir = {}  # case -> its directory
    for root in a.models:
        for t in sorted(os.listdir(root)):
            if os.path.exists(os.path.join(root, t, "model.onnx")):
                case_dir.setdefault(t, os.path.join(root, t))
    tests = sorted(case_dir)
    alone, within = {}, {}  # op type -> tests of it alone / of graphs holding it
    seen_pb = set()
    for t in tests:
        d = case_dir[t]
        shutil.copy(os.path.join(d, "model.onnx"), os.path.join(dirs["converter"], t + ".onnx"))
        for root, _, files in os.walk(d):
            for fn in sorted(files):
                if not fn.endswith(".pb"):
                    continue
                p = os.path.join(root, fn)
                if os.path.getsize(p) > MAX_PB:
                    continue
                with open(p, "rb") as f:
                    b = f.read()
                h = hashlib.sha1(b).hexdigest()[:16]
                if h in seen_pb:
                    continue
                seen_pb.add(h)
                for k in ("tensor_pb", "tensor_proto"):
                    with open(os.path.join(dirs[k], h + ".pb"), "wb") as f:
                        f.write(b)
        model = onnx.load(os.path.join(d, "model.onnx"))
        single = len(model.graph.node) == 1 and not t.endswith("_expanded")
        for op in op_types(model.graph):
            (alone if single else within).setdefault(op, []).append(t)
    by_op = {op: alone.get(op, []) + within.get(op, []) for op in set(alone) | set(within)}

    # Jobs: (seed name, model path or ModelProto, extra flags).
    def variants(t):
        d = case_dir[t]
        model = onnx.load(os.path.join(d, "model.onnx"))
        ops = op_types(model.graph)
        out = [(t, os.path.join(d, "model.onnx"), ())]
        c = inputs_as_constants(model, d)
        if c is not None:
            out.append((t + ".const", c, ()))
        if ops & LAYOUT_OPS:
            out.append((t + ".nchw", os.path.join(d, "model.onnx"), ("--layout", "nchw")))
            if c is not None:
                out.append((t + ".const.nchw", c, ("--layout", "nchw")))
        if ops & DYNAMIC_OPS:
            s = symbolic_first_dim(c if c is not None else model)
            if s is not None:
                out.append((t + ".dynamic", s, ()))
                out.append((t + ".bounded", s, ("--dim", "N=1..4")))
        return out

    def run_job(job):
        name, model, extra = job
        path = model
        if not isinstance(model, str):
            path = os.path.join(work, name + ".onnx")
            onnx.save(model, path)
            shutil.copy(path, os.path.join(dirs["converter"], name + ".onnx"))
        out = os.path.join(dirs["runtime"], name + ".spud")
        config = os.path.join(work, name + ".config")
        if not convert(a.spud, path, out, config, extra):
            return name, None
        return name, config

    covered = set()
    configs = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        # The first test of each operator that converts; its variants after.
        firsts, done = {}, {}
        pending = {op: list(ts) for op, ts in by_op.items()}
        while pending:
            batch = {op: ts.pop(0) for op, ts in pending.items()}
            cases = sorted(set(batch.values()) - set(done))
            for name, config in pool.map(lambda t: run_job((t, os.path.join(case_dir[t], "model.onnx"), ())), cases):
                done[name] = config
                if config is not None:
                    configs.append(config)
            for op, t in batch.items():
                if done[t] is not None:
                    firsts[op] = t
            pending = {op: ts for op, ts in pending.items() if op not in firsts and ts}
        jobs = []
        for t in sorted(set(firsts.values())):
            jobs.extend(variants(t)[1:])
        for name, m in sorted(fused_graphs().items()):
            jobs.append((name, m, ()))
            jobs.append((name + ".nchw", m, ("--layout", "nchw")))
        for name, config in pool.map(run_job, jobs):
            if config is not None:
                configs.append(config)
    for config in configs:
        covered |= config_ops(config)
    for i, config in enumerate(sorted(configs)[:40]):
        shutil.copy(config, os.path.join(dirs["ops_config"], "converted_%02d.config" % i))
    # decode_blob reads the raw bytes as a sequence blob: a few that decode.
    floats = struct.pack("<6f", 1, 2, 3, 4, 5, 6)
    blobs = {"two_tensors": sequence_blob([(1, [2, 3], floats), (7, [1], struct.pack("<q", 5))], 1),
             "one_tensor": sequence_blob([(1, [3, 2], floats)], 1), "empty": sequence_blob([], 1)}
    blobs["nested"] = sequence_blob([(2, [len(blobs["one_tensor"])], blobs["one_tensor"])], 2)
    for name, blob in blobs.items():
        with open(os.path.join(dirs["tensor_proto"], "blob_%s.bin" % name), "wb") as f:
            f.write(blob)
    for fn in sorted(os.listdir(a.configs)):
        shutil.copy(os.path.join(a.configs, fn), os.path.join(dirs["ops_config"], fn))
    # .npy files as NumPy writes them: each dtype spud reads, a scalar, an
    # empty array, big-endian, Fortran order and format version 2.
    arrays = {"f4": np.arange(6, dtype="<f4").reshape(2, 3), "f8": np.ones((3,)), "f2": np.zeros((2, 2), "<f2"),
              "i1": np.arange(-3, 3, dtype="i1"), "i8": np.arange(4, dtype="<i8").reshape(1, 4, 1),
              "u2": np.arange(5, dtype="<u2"), "b1": np.array([True, False]), "scalar": np.float32(3.5),
              "empty": np.zeros((0, 4), "<f4"), "big_endian": np.arange(4, dtype=">i4"),
              "fortran": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3))}
    for name, arr in arrays.items():
        np.save(os.path.join(dirs["npy"], name + ".npy"), arr)
    with open(os.path.join(dirs["npy"], "v2.npy"), "wb") as f:
        np.lib.format.write_array(f, np.arange(3, dtype="<f4"), version=(2, 0))
    shutil.rmtree(work)

    built = set()
    for line in subprocess.run([a.spud, "ops"], capture_output=True, text=True, check=True).stdout.splitlines():
        if line.startswith("#") or ";" not in line:
            continue
        domain, op = line.split(";")[:2]
        built.add((domain, op))
    missing = sorted("%s %s" % k for k in built - covered)
    counts = {k: len(os.listdir(d)) for k, d in dirs.items()}
    print("make_seeds: %s" % ", ".join("%s %d" % kv for kv in counts.items()))
    print("make_seeds: %d of the build's %d operators have a runtime seed%s" %
          (len(built & covered), len(built), "; none for: " + ", ".join(missing) if missing else ""))
    open(os.path.join(a.out, ".complete"), "w").close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
