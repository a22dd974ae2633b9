#!/usr/bin/python3
"""Models of old (7, 8) and new (18-21) opsets, built with onnx.helper, each
with inputs and the outputs a numpy reference computes.

ONNX 1.12's helper writes models of any opset (only its checker refuses
those past 17). Every operator whose version changed in opsets 18 to 21,
and every operator new there that spud implements, has at least one model
here; the old-opset models hold operators whose early versions spud runs
only after ONNX's version converter has upgraded them.

  OUTDIR/<case>/model.onnx
  OUTDIR/<case>/test_data_set_0/input_<i>.pb, output_<i>.pb

usage: make_models.py OUTDIR | make_models.py --list
"""
import argparse
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(1809)
CASES = {}

NP_TO_ONNX = {np.float32: TensorProto.FLOAT, np.float64: TensorProto.DOUBLE, np.int8: TensorProto.INT8,
              np.int16: TensorProto.INT16, np.int32: TensorProto.INT32, np.int64: TensorProto.INT64,
              np.uint8: TensorProto.UINT8, np.uint16: TensorProto.UINT16, np.uint32: TensorProto.UINT32,
              np.uint64: TensorProto.UINT64, np.bool_: TensorProto.BOOL}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def rand(*shape, dtype=np.float32):
    return RNG.standard_normal(shape).astype(dtype)


def model(opset, nodes, inputs, outputs, initializers=None):
    """inputs: {name: array}; outputs: {name: array} (the references);
    initializers: {name: array}. Returns (ModelProto, inputs, outputs)."""
    vi = lambda n, a: helper.make_tensor_value_info(n, NP_TO_ONNX[a.dtype.type], list(a.shape))
    graph = helper.make_graph(
        nodes, "g", [vi(n, a) for n, a in inputs.items()], [vi(n, a) for n, a in outputs.items()],
        [numpy_helper.from_array(a, n) for n, a in (initializers or {}).items()])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="spud-opsets")
    m.ir_version = 8 if opset > 15 else 7 if opset > 12 else 6 if opset > 11 else 5 if opset > 10 else 4 if opset > 8 else 3
    if m.ir_version < 4:  # IR version 3 lists every initializer as a graph input too
        m.graph.input.extend(vi(n, a) for n, a in (initializers or {}).items())
    return m, inputs, outputs


def node(op, ins, outs, **attrs):
    return helper.make_node(op, ins, outs, **attrs)


# ---- opset 18: the Reduce operators' axes input --------------------------

REDUCE_REFS = {
    "ReduceL1": lambda x, a: np.sum(np.abs(x), axis=a, keepdims=True),
    "ReduceL2": lambda x, a: np.sqrt(np.sum(x * x, axis=a, keepdims=True)),
    "ReduceLogSum": lambda x, a: np.log(np.sum(x, axis=a, keepdims=True)),
    "ReduceLogSumExp": lambda x, a: np.log(np.sum(np.exp(x), axis=a, keepdims=True)),
    "ReduceMax": lambda x, a: np.max(x, axis=a, keepdims=True),
    "ReduceMean": lambda x, a: np.mean(x, axis=a, keepdims=True),
    "ReduceMin": lambda x, a: np.min(x, axis=a, keepdims=True),
    "ReduceProd": lambda x, a: np.prod(x, axis=a, keepdims=True),
    "ReduceSumSquare": lambda x, a: np.sum(x * x, axis=a, keepdims=True),
}


def make_reduce_case(op):
    def build():
        x = np.abs(rand(2, 3, 4)) + 0.5
        axes = np.array([0, 2], np.int64)
        y = REDUCE_REFS[op](x.astype(np.float64), (0, 2)).astype(np.float32)
        return model(18, [node(op, ["x", "axes"], ["y"], keepdims=1)], {"x": x}, {"y": y}, {"axes": axes})
    build.__name__ = op.lower() + "_axes_input_18"
    return build


for _op in REDUCE_REFS:
    case(make_reduce_case(_op))


@case
def reduce_mean_no_axes_keepdims0_18():
    x = rand(3, 5)
    return model(18, [node("ReduceMean", ["x"], ["y"], keepdims=0)], {"x": x},
                 {"y": np.array(np.mean(x, dtype=np.float64), np.float32)})


@case
def reduce_max_bool_20():
    x = RNG.random((3, 4)) > 0.7
    return model(20, [node("ReduceMax", ["x", "axes"], ["y"], keepdims=0)], {"x": x},
                 {"y": np.any(x, axis=1)}, {"axes": np.array([1], np.int64)})


@case
def reduce_min_bool_20():
    x = RNG.random((3, 4)) > 0.2
    return model(20, [node("ReduceMin", ["x", "axes"], ["y"], keepdims=1)], {"x": x},
                 {"y": np.all(x, axis=0, keepdims=True)}, {"axes": np.array([0], np.int64)})


# ---- opset 18: Split's num_outputs ----------------------------------------

@case
def split_num_outputs_uneven_18():
    x = rand(2, 10)
    return model(18, [node("Split", ["x"], ["a", "b", "c"], axis=1, num_outputs=3)], {"x": x},
                 {"a": x[:, 0:4], "b": x[:, 4:8], "c": x[:, 8:10]})


@case
def split_num_outputs_even_18():
    x = rand(6, 3)
    return model(18, [node("Split", ["x"], ["a", "b"], axis=0, num_outputs=2)], {"x": x},
                 {"a": x[:3], "b": x[3:]})


# ---- Pad: axes input (18), wrap (19), opset 21 ------------------------------

@case
def pad_axes_input_18():
    x = rand(2, 3, 4)
    pads = np.array([1, 2, 0, 3], np.int64)  # axes [1, -1]: begins, then ends
    y = np.pad(x, [(0, 0), (1, 0), (2, 3)], mode="constant", constant_values=1.5)
    return model(18, [node("Pad", ["x", "pads", "value", "axes"], ["y"], mode="constant")], {"x": x}, {"y": y},
                 {"pads": pads, "value": np.array(1.5, np.float32), "axes": np.array([1, -1], np.int64)})


@case
def pad_wrap_19():
    x = rand(1, 3, 4)
    pads = np.array([0, 1, 2, 0, 2, 3], np.int64)
    y = np.pad(x, [(0, 0), (1, 2), (2, 3)], mode="wrap")
    return model(19, [node("Pad", ["x", "pads"], ["y"], mode="wrap")], {"x": x}, {"y": y}, {"pads": pads})


@case
def pad_reflect_21():
    x = rand(3, 5)
    pads = np.array([1, 2, 2, 1], np.int64)
    y = np.pad(x, [(1, 2), (2, 1)], mode="reflect")
    return model(21, [node("Pad", ["x", "pads"], ["y"], mode="reflect")], {"x": x}, {"y": y}, {"pads": pads})


# ---- Resize: axes, keep_aspect_ratio_policy, antialias (18), ----------------
# ---- half_pixel_symmetric (19) -------------------------------------------

def linear_matrix(n_in, n_out, scale, coord, antialias=False, cubic_a=None):
    """The (n_out, n_in) interpolation matrix along one axis: linear, or
    cubic with coefficient cubic_a; antialiased filters stretched by 1/scale
    when scale < 1; edge values outside the input."""
    m = np.zeros((n_out, n_in))
    s = min(scale, 1.0) if antialias else 1.0
    reach = (1.0 if cubic_a is None else 2.0) / s
    for o in range(n_out):
        c = coord(o)
        taps = range(math.floor(c - reach) + 1, math.ceil(c + reach))
        ws = []
        for i in taps:
            t = abs(i - c) * s
            if cubic_a is None:
                w = max(0.0, 1 - t)
            else:
                a = cubic_a
                w = ((a + 2) * t - (a + 3)) * t * t + 1 if t <= 1 else (a * t ** 3 - 5 * a * t * t + 8 * a * t - 4 * a if t < 2 else 0.0)
            ws.append(w)
        total = sum(ws)
        for i, w in zip(taps, ws):
            m[o, min(max(i, 0), n_in - 1)] += w / total if antialias else w
    return m


def half_pixel(scale):
    return lambda o: (o + 0.5) / scale - 0.5


def apply_axes(x, mats):
    y = x.astype(np.float64)
    for axis, m in mats.items():
        y = np.moveaxis(np.tensordot(m, np.moveaxis(y, axis, 0), axes=(1, 0)), 0, axis)
    return y.astype(np.float32)


@case
def resize_axes_sizes_18():
    x = rand(1, 2, 4, 5)
    sizes = np.array([7, 3], np.int64)  # for axes [3, 2]
    mats = {3: linear_matrix(5, 7, 7 / 5, half_pixel(7 / 5)), 2: linear_matrix(4, 3, 3 / 4, half_pixel(3 / 4))}
    return model(18, [node("Resize", ["x", "", "", "sizes"], ["y"], mode="linear", axes=[3, 2])], {"x": x},
                 {"y": apply_axes(x, mats)}, {"sizes": sizes})


@case
def resize_keep_aspect_not_larger_18():
    x = rand(1, 1, 4, 6)
    sizes = np.array([8, 9], np.int64)  # scale min(8/4, 9/6) = 1.5 -> 6 x 9
    mats = {2: linear_matrix(4, 6, 1.5, half_pixel(1.5)), 3: linear_matrix(6, 9, 1.5, half_pixel(1.5))}
    return model(18, [node("Resize", ["x", "", "", "sizes"], ["y"], mode="linear", axes=[2, 3],
                           keep_aspect_ratio_policy="not_larger")], {"x": x}, {"y": apply_axes(x, mats)},
                 {"sizes": sizes})


@case
def resize_keep_aspect_not_smaller_18():
    x = rand(1, 1, 4, 6)
    # scale max(2/4, 2/6) = 0.5 -> 2 x 3; nearest of half_pixel 2o + 0.5 rounds (prefer floor) to 2o.
    y = x[:, :, [0, 2]][:, :, :, [0, 2, 4]]
    return model(18, [node("Resize", ["x", "", "", "sizes"], ["y"], mode="nearest", axes=[2, 3],
                           keep_aspect_ratio_policy="not_smaller")], {"x": x},
                 {"y": y}, {"sizes": np.array([2, 2], np.int64)})


@case
def resize_antialias_linear_18():
    x = rand(1, 2, 12, 10)
    scales = np.array([1, 1, 0.5, 0.4], np.float32)
    mats = {2: linear_matrix(12, 6, 0.5, half_pixel(0.5), antialias=True),
            3: linear_matrix(10, 4, 0.4, half_pixel(0.4), antialias=True)}
    return model(18, [node("Resize", ["x", "", "scales"], ["y"], mode="linear", antialias=1)], {"x": x},
                 {"y": apply_axes(x, mats)}, {"scales": scales})


@case
def resize_antialias_cubic_18():
    x = rand(1, 1, 9, 9)
    scales = np.array([1, 1, 1 / 3, 1 / 3], np.float32)
    s = float(np.float32(1 / 3))
    m = linear_matrix(9, 3, s, half_pixel(s), antialias=True, cubic_a=-0.75)
    return model(18, [node("Resize", ["x", "", "scales"], ["y"], mode="cubic", antialias=1)], {"x": x},
                 {"y": apply_axes(x, {2: m, 3: m})}, {"scales": scales})


@case
def resize_antialias_three_axes_18():
    # Three axes move (C down, H down, W up): spud's separable path goes
    # through both scratch buffers; an upscaled axis takes no antialias.
    x = rand(1, 6, 10, 4)
    scales = np.array([1, 0.5, 0.3, 1.5], np.float32)
    mats = {1: linear_matrix(6, 3, 0.5, half_pixel(0.5), antialias=True),
            2: linear_matrix(10, 3, float(np.float32(0.3)), half_pixel(float(np.float32(0.3))), antialias=True),
            3: linear_matrix(4, 6, 1.5, half_pixel(1.5), antialias=True)}
    return model(18, [node("Resize", ["x", "", "scales"], ["y"], mode="linear", antialias=1)], {"x": x},
                 {"y": apply_axes(x, mats)}, {"scales": scales})


@case
def resize_half_pixel_symmetric_19():
    x = rand(1, 1, 4, 4)
    scales = np.array([1, 1, 1.7, 0.6], np.float32)
    def coord(n_in, scale):
        n_out = math.floor(n_in * scale)
        adjustment = n_out / (n_in * scale)
        offset = n_in / 2 * (1 - adjustment)
        return n_out, lambda o: offset + (o + 0.5) / scale - 0.5
    mats = {}
    for axis in (2, 3):
        s = float(scales[axis])
        n_out, c = coord(4, s)
        mats[axis] = linear_matrix(4, n_out, s, c)
    return model(19, [node("Resize", ["x", "", "scales"], ["y"], mode="linear",
                           coordinate_transformation_mode="half_pixel_symmetric")], {"x": x},
                 {"y": apply_axes(x, mats)}, {"scales": scales})


# ---- ScatterND / ScatterElements max and min (18) --------------------------

@case
def scatter_nd_max_18():
    x = rand(4, 3)
    indices = np.array([[1], [3], [1]], np.int64)
    updates = rand(3, 3)
    y = x.copy()
    for k in range(3):
        y[indices[k, 0]] = np.maximum(y[indices[k, 0]], updates[k])
    return model(18, [node("ScatterND", ["x", "indices", "updates"], ["y"], reduction="max")],
                 {"x": x, "updates": updates}, {"y": y}, {"indices": indices})


@case
def scatter_elements_min_18():
    x = rand(3, 4)
    indices = np.array([[0, 2], [3, 3], [1, 0]], np.int64)
    updates = rand(3, 2)
    y = x.copy()
    for i in range(3):
        for j in range(2):
            y[i, indices[i, j]] = min(y[i, indices[i, j]], updates[i, j])
    return model(18, [node("ScatterElements", ["x", "indices", "updates"], ["y"], axis=1, reduction="min")],
                 {"x": x, "updates": updates}, {"y": y}, {"indices": indices})


# ---- GroupNormalization (18: per-group scale and bias; 21: per channel) ----

def group_norm(x, groups, scale, bias, eps):
    n, c = x.shape[:2]
    g = x.astype(np.float64).reshape(n, groups, -1)
    norm = (g - g.mean(axis=2, keepdims=True)) / np.sqrt(g.var(axis=2, keepdims=True) + eps)
    norm = norm.reshape(x.shape)
    shape = [1, c] + [1] * (x.ndim - 2)
    return (norm * scale.reshape(shape) + bias.reshape(shape)).astype(np.float32)


@case
def group_normalization_18():
    x = rand(2, 6, 3, 2)
    scale, bias = rand(3), rand(3)
    y = group_norm(x, 3, np.repeat(scale, 2), np.repeat(bias, 2), 1e-3)
    return model(18, [node("GroupNormalization", ["x", "scale", "bias"], ["y"], num_groups=3, epsilon=1e-3)],
                 {"x": x}, {"y": y}, {"scale": scale, "bias": bias})


@case
def group_normalization_21():
    x = rand(2, 4, 5)
    scale, bias = rand(4), rand(4)
    y = group_norm(x, 2, scale, bias, 1e-5)
    return model(21, [node("GroupNormalization", ["x", "scale", "bias"], ["y"], num_groups=2, stash_type=1)],
                 {"x": x}, {"y": y}, {"scale": scale, "bias": bias})


# ---- LpPool-18 ceil_mode, AveragePool-19 dilations -------------------------

def windows(n_in, k, s, d, ceil):
    span = n_in - ((k - 1) * d + 1)
    n_out = (math.ceil(span / s) if ceil else span // s) + 1
    if ceil and (n_out - 1) * s >= n_in:
        n_out -= 1
    return n_out, [[o * s + j * d for j in range(k) if o * s + j * d < n_in] for o in range(n_out)]


@case
def lp_pool_ceil_mode_18():
    x = rand(1, 2, 7, 6)
    hy, wy = windows(7, 3, 2, 1, True), windows(6, 2, 2, 1, True)
    y = np.zeros((1, 2, hy[0], wy[0]), np.float32)
    for i, rows in enumerate(hy[1]):
        for j, cols in enumerate(wy[1]):
            y[:, :, i, j] = np.sqrt(np.sum(x[:, :, rows][:, :, :, cols].astype(np.float64) ** 2, axis=(2, 3)))
    return model(18, [node("LpPool", ["x"], ["y"], kernel_shape=[3, 2], strides=[2, 2], p=2, ceil_mode=1)],
                 {"x": x}, {"y": y})


@case
def lp_pool_dilations_18():
    x = rand(1, 1, 8)
    n_out, ws = windows(8, 3, 1, 2, False)
    y = np.zeros((1, 1, n_out), np.float32)
    for i, taps in enumerate(ws):
        y[0, 0, i] = np.sum(np.abs(x[0, 0, taps].astype(np.float64)) ** 3) ** (1 / 3)
    return model(18, [node("LpPool", ["x"], ["y"], kernel_shape=[3], dilations=[2], p=3)], {"x": x}, {"y": y})


@case
def average_pool_dilations_19():
    x = rand(1, 2, 7, 7)
    hy, wy = windows(7, 2, 1, 2, False), windows(7, 3, 2, 2, True)
    y = np.zeros((1, 2, hy[0], wy[0]), np.float32)
    for i, rows in enumerate(hy[1]):
        for j, cols in enumerate(wy[1]):
            y[:, :, i, j] = np.mean(x[:, :, rows][:, :, :, cols].astype(np.float64), axis=(2, 3))
    return model(19, [node("AveragePool", ["x"], ["y"], kernel_shape=[2, 3], strides=[1, 2], dilations=[2, 2],
                           ceil_mode=1)], {"x": x}, {"y": y})


# ---- Col2Im (18) -------------------------------------------------------------

@case
def col2im_18():
    n, c, image, block, stride, dil, pads = 1, 2, (5, 6), (2, 3), (1, 2), (2, 1), (1, 0, 0, 1)
    blocks = [(image[i] + pads[i] + pads[2 + i] - (dil[i] * (block[i] - 1) + 1)) // stride[i] + 1 for i in range(2)]
    L = blocks[0] * blocks[1]
    x = rand(n, c * block[0] * block[1], L)
    y = np.zeros((n, c) + image, np.float64)
    for ch in range(c):
        for k0 in range(block[0]):
            for k1 in range(block[1]):
                row = x[0, (ch * block[0] + k0) * block[1] + k1]
                for b0 in range(blocks[0]):
                    for b1 in range(blocks[1]):
                        i0 = b0 * stride[0] - pads[0] + k0 * dil[0]
                        i1 = b1 * stride[1] - pads[1] + k1 * dil[1]
                        if 0 <= i0 < image[0] and 0 <= i1 < image[1]:
                            y[0, ch, i0, i1] += row[b0 * blocks[1] + b1]
    return model(18, [node("Col2Im", ["x", "image_shape", "block_shape"], ["y"], strides=list(stride),
                           dilations=list(dil), pads=list(pads))], {"x": x}, {"y": y.astype(np.float32)},
                 {"image_shape": np.array(image, np.int64), "block_shape": np.array(block, np.int64)})


# ---- Bitwise operators (18) -------------------------------------------------

@case
def bitwise_and_18():
    a = RNG.integers(-1000, 1000, (3, 4)).astype(np.int32)
    b = RNG.integers(-1000, 1000, (4,)).astype(np.int32)
    return model(18, [node("BitwiseAnd", ["a", "b"], ["y"])], {"a": a, "b": b}, {"y": np.bitwise_and(a, b)})


@case
def bitwise_or_18():
    a = RNG.integers(0, 255, (2, 5)).astype(np.uint8)
    b = RNG.integers(0, 255, (2, 5)).astype(np.uint8)
    return model(18, [node("BitwiseOr", ["a", "b"], ["y"])], {"a": a, "b": b}, {"y": np.bitwise_or(a, b)})


@case
def bitwise_xor_18():
    a = RNG.integers(-2 ** 40, 2 ** 40, (6,)).astype(np.int64)
    b = RNG.integers(-2 ** 40, 2 ** 40, (6,)).astype(np.int64)
    return model(18, [node("BitwiseXor", ["a", "b"], ["y"])], {"a": a, "b": b}, {"y": np.bitwise_xor(a, b)})


@case
def bitwise_not_18():
    x = RNG.integers(-30000, 30000, (3, 3)).astype(np.int16)
    return model(18, [node("BitwiseNot", ["x"], ["y"])], {"x": x}, {"y": np.invert(x)})


# ---- CenterCropPad (18) -----------------------------------------------------

@case
def center_crop_pad_18():
    x = rand(5, 4, 3)
    # axis 0: 5 -> 2 (crop rows 1..2), axis 2: 3 -> 6 (pad 1 before, 2 after)
    y = np.zeros((2, 4, 6), np.float32)
    y[:, :, 1:4] = x[1:3]
    return model(18, [node("CenterCropPad", ["x", "shape"], ["y"], axes=[0, -1])], {"x": x}, {"y": y},
                 {"shape": np.array([2, 6], np.int64)})


@case
def center_crop_pad_all_axes_18():
    x = rand(4, 7)
    y = np.zeros((5, 4), np.float32)
    y[0:4, :] = x[:, 1:5]  # axis 0: 4 -> 5 pads 0 before, 1 after; axis 1: 7 -> 4 crops from 1
    return model(18, [node("CenterCropPad", ["x", "shape"], ["y"])], {"x": x}, {"y": y},
                 {"shape": np.array([5, 4], np.int64)})


# ---- Mish (18), Gelu (20) ---------------------------------------------------

@case
def mish_18():
    x = rand(4, 5) * 4
    x64 = x.astype(np.float64)
    return model(18, [node("Mish", ["x"], ["y"])], {"x": x}, {"y": (x64 * np.tanh(np.log1p(np.exp(x64)))).astype(np.float32)})


@case
def gelu_20():
    x = rand(3, 7) * 3
    x64 = x.astype(np.float64)
    erf = np.vectorize(math.erf)
    return model(20, [node("Gelu", ["x"], ["y"])], {"x": x}, {"y": (0.5 * x64 * (1 + erf(x64 / math.sqrt(2)))).astype(np.float32)})


@case
def gelu_tanh_20():
    x = rand(3, 7) * 3
    x64 = x.astype(np.float64)
    y = 0.5 * x64 * (1 + np.tanh(math.sqrt(2 / math.pi) * (x64 + 0.044715 * x64 ** 3)))
    return model(20, [node("Gelu", ["x"], ["y"], approximate="tanh")], {"x": x}, {"y": y.astype(np.float32)})


# ---- AffineGrid (20) ----------------------------------------------------------

def base_coords(n, align):
    if align:
        return np.linspace(-1, 1, n) if n > 1 else np.zeros(1)
    return (2 * np.arange(n) + 1) / n - 1


@case
def affine_grid_2d_20():
    theta = rand(2, 2, 3)
    h, w = 3, 4
    ys, xs = np.meshgrid(base_coords(h, False), base_coords(w, False), indexing="ij")
    pts = np.stack([xs, ys, np.ones_like(xs)], axis=-1)  # [H, W, 3]
    y = np.einsum("hwk,nrk->nhwr", pts, theta.astype(np.float64)).astype(np.float32)
    return model(20, [node("AffineGrid", ["theta", "size"], ["y"])], {"theta": theta}, {"y": y},
                 {"size": np.array([2, 3, h, w], np.int64)})


@case
def affine_grid_3d_align_corners_20():
    theta = rand(1, 3, 4)
    d, h, w = 2, 3, 5
    zs, ys, xs = np.meshgrid(base_coords(d, True), base_coords(h, True), base_coords(w, True), indexing="ij")
    pts = np.stack([xs, ys, zs, np.ones_like(xs)], axis=-1)
    y = np.einsum("dhwk,nrk->ndhwr", pts, theta.astype(np.float64)).astype(np.float32)
    return model(20, [node("AffineGrid", ["theta", "size"], ["y"], align_corners=1)], {"theta": theta}, {"y": y},
                 {"size": np.array([1, 1, d, h, w], np.int64)})


# ---- ConstantOfShape, IsInf, IsNaN (20) -------------------------------------

@case
def constant_of_shape_20():
    x = rand(2, 3)
    # The shape comes from Shape(x), so the node runs (not folded from a constant).
    value = helper.make_tensor("value", TensorProto.INT32, [1], [7])
    return model(20, [node("Shape", ["x"], ["s"]), node("ConstantOfShape", ["s"], ["y"], value=value)],
                 {"x": x}, {"y": np.full((2, 3), 7, np.int32)})


@case
def is_inf_20():
    x = np.array([[1.0, np.inf, -np.inf], [np.nan, -2.0, 0.0]], np.float32)
    return model(20, [node("IsInf", ["x"], ["y"], detect_negative=0)], {"x": x}, {"y": np.isposinf(x)})


@case
def is_nan_20():
    x = np.array([1.0, np.nan, np.inf, -0.0], np.float64)
    return model(20, [node("IsNaN", ["x"], ["y"])], {"x": x}, {"y": np.isnan(x)})


# ---- Operators whose new versions only added types (19, 21) ----------------

@case
def cast_21():
    x = rand(2, 3) * 10
    return model(21, [node("Cast", ["x"], ["y"], to=TensorProto.INT32)], {"x": x}, {"y": x.astype(np.int32)})


@case
def cast_like_19():
    x = RNG.integers(-5, 5, (4,)).astype(np.int64)
    like = np.zeros((1,), np.float64)
    return model(19, [node("CastLike", ["x", "like"], ["y"])], {"x": x, "like": like}, {"y": x.astype(np.float64)})


@case
def identity_21():
    x = rand(3)
    # Identity feeding an Add: the converter removes it, the Add is checked at opset 21's Identity.
    return model(21, [node("Identity", ["x"], ["i"]), node("Add", ["i", "x"], ["y"])], {"x": x}, {"y": x + x})


@case
def reshape_21():
    x = rand(2, 3, 4)
    return model(21, [node("Reshape", ["x", "shape"], ["y"])], {"x": x}, {"y": x.reshape(4, 6)},
                 {"shape": np.array([4, -1], np.int64)})


@case
def shape_size_21():
    x = rand(2, 5)
    return model(21, [node("Shape", ["x"], ["s"], start=1), node("Size", ["x"], ["n"])], {"x": x},
                 {"s": np.array([5], np.int64), "n": np.array(10, np.int64)})


@case
def squeeze_unsqueeze_21():
    x = rand(1, 3, 1, 2)
    return model(21, [node("Squeeze", ["x", "a"], ["s"]), node("Unsqueeze", ["s", "b"], ["y"])], {"x": x},
                 {"y": x.reshape(3, 2, 1)}, {"a": np.array([0, 2], np.int64), "b": np.array([-1], np.int64)})


@case
def transpose_21():
    x = rand(2, 3, 4)
    return model(21, [node("Transpose", ["x"], ["y"], perm=[2, 0, 1])], {"x": x}, {"y": x.transpose(2, 0, 1)})


@case
def flatten_21():
    x = rand(2, 3, 4)
    return model(21, [node("Flatten", ["x"], ["y"], axis=2)], {"x": x}, {"y": x.reshape(6, 4)})


@case
def constant_21():
    x = rand(2, 2)
    c = np.array([[1, 2], [3, 4]], np.float32)
    return model(21, [node("Constant", [], ["c"], value=numpy_helper.from_array(c)), node("Mul", ["x", "c"], ["y"])],
                 {"x": x}, {"y": x * c})


@case
def equal_19():
    a = RNG.integers(0, 3, (3, 4)).astype(np.int64)
    b = RNG.integers(0, 3, (4,)).astype(np.int64)
    return model(19, [node("Equal", ["a", "b"], ["y"])], {"a": a, "b": b}, {"y": a == b})


@case
def shape_chain_symbolic_batch_20():
    # A symbolic batch, and a shape computed in the graph (Shape, Gather,
    # Concat into Reshape): without ONNX's inference at opset 20, the types
    # come from the kernels and the nodes are prepared on every run.
    x = rand(2, 3, 4)
    r = x.astype(np.float64).reshape(2, -1).mean(axis=1)
    erf = np.vectorize(math.erf)
    z = (0.5 * r * (1 + erf(r / math.sqrt(2)))).astype(np.float32)
    m, inputs, outputs = model(20, [node("Shape", ["x"], ["s"]), node("Gather", ["s", "i0"], ["b"], axis=0),
                                    node("Concat", ["b", "m1"], ["shape"], axis=0), node("Reshape", ["x", "shape"], ["r"]),
                                    node("ReduceMean", ["r", "ax"], ["y"], keepdims=0), node("Gelu", ["y"], ["z"])],
                               {"x": x}, {"z": z}, {"i0": np.array([0], np.int64), "m1": np.array([-1], np.int64),
                                                     "ax": np.array([1], np.int64)})
    m.graph.input[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    m.graph.output[0].type.tensor_type.ClearField("shape")  # the kernels say
    return m, inputs, outputs


# ---- Old opsets: versions spud runs after ONNX's version converter ---------

@case
def old_upsample_slice_7():
    # Upsample-7 (scales attribute) and Slice-1 (attributes): upgraded to opset 10.
    x = rand(1, 2, 3, 3)
    up = x.repeat(2, axis=2).repeat(2, axis=3)
    return model(7, [node("Upsample", ["x"], ["u"], mode="nearest", scales=[1.0, 1.0, 2.0, 2.0]),
                     node("Slice", ["u"], ["y"], axes=[2, 3], starts=[1, 0], ends=[5, 4])],
                 {"x": x}, {"y": up[:, :, 1:5, 0:4]})


@case
def old_pad_topk_7():
    # Pad-2 (pads attribute) and TopK-1 (k attribute): upgraded to opset 11.
    x = rand(2, 5)
    p = np.pad(x, [(0, 0), (1, 2)], mode="constant", constant_values=-9.0)
    order = np.argsort(-p, axis=1, kind="stable")[:, :3]
    return model(7, [node("Pad", ["x"], ["p"], pads=[0, 1, 0, 2], value=-9.0),
                     node("TopK", ["p"], ["v", "i"], k=3, axis=1)],
                 {"x": x}, {"v": np.take_along_axis(p, order, axis=1), "i": order.astype(np.int64)})


@case
def old_gemm_batchnorm_7():
    # Gemm-7, BatchNormalization-7 (spatial), Dropout-7, Softmax-1, Reshape-5, Concat-4, Add-7.
    x = rand(3, 4)
    w, b = rand(5, 4), rand(5)
    scale, bias, mean, var = rand(5), rand(5), rand(5), np.abs(rand(5)) + 0.5
    g = x.astype(np.float64) @ w.T * 0.5 + b
    bn = (g - mean) / np.sqrt(var + 1e-5) * scale + bias
    cat = np.concatenate([bn, bn[:, :1]], axis=1)
    e = np.exp(cat - cat.max(axis=1, keepdims=True))
    y = (e / e.sum(axis=1, keepdims=True)).reshape(2, 9) + np.float32(0.25)
    nodes = [node("Gemm", ["x", "w", "b"], ["g"], transB=1, alpha=0.5),
             node("BatchNormalization", ["g", "scale", "bias", "mean", "var"], ["bn"], epsilon=1e-5),
             node("Dropout", ["bn"], ["d"], ratio=0.3),
             node("Slice", ["d"], ["first"], axes=[1], starts=[0], ends=[1]),
             node("Concat", ["d", "first"], ["cat"], axis=1),
             node("Softmax", ["cat"], ["sm"], axis=1),
             node("Reshape", ["sm", "shape"], ["r"]),
             node("Add", ["r", "quarter"], ["y"])]
    return model(7, nodes, {"x": x}, {"y": y.astype(np.float32)},
                 {"w": w, "b": b, "scale": scale, "bias": bias, "mean": mean, "var": var,
                  "shape": np.array([2, 9], np.int64), "quarter": np.array([0.25], np.float32)})


@case
def old_clip_squeeze_split_8():
    # Clip-6 (min/max attributes), Squeeze-1/Unsqueeze-1 (axes attributes), Split-2, Max-8, AveragePool-7.
    x = rand(1, 6, 4, 1)
    c = np.clip(x, -0.5, 0.7)
    s = c.reshape(6, 4)
    a, b = s[:2], s[2:]
    m = np.maximum(a[None], b[:2][None])  # Max-8 broadcasts [1,2,4] against [1,2,4]
    pool_in = x.reshape(1, 6, 4)
    pool = np.stack([pool_in[:, :, i:i + 2].mean(axis=2) for i in range(0, 3, 2)], axis=2)
    nodes = [node("Clip", ["x"], ["c"], min=-0.5, max=0.7),
             node("Squeeze", ["c"], ["s"], axes=[0, 3]),
             node("Split", ["s"], ["a", "b"], axis=0, split=[2, 4]),
             node("Slice", ["b"], ["b2"], axes=[0], starts=[0], ends=[2]),
             node("Unsqueeze", ["a"], ["ua"], axes=[0]),
             node("Unsqueeze", ["b2"], ["ub"], axes=[0]),
             node("Max", ["ua", "ub"], ["m"]),
             node("Squeeze", ["x"], ["x3"], axes=[3]),
             node("AveragePool", ["x3"], ["pool"], kernel_shape=[2], strides=[2])]
    return model(8, nodes, {"x": x}, {"m": m.astype(np.float32), "pool": pool.astype(np.float32)})


@case
def old_sum_mean_min_depth_to_space_7():
    # Sum-6, Mean-6 and Min-6 (upgraded to their opset-8 versions), DepthToSpace-1 (to 11).
    a, b = rand(1, 8, 2, 2), rand(1, 8, 2, 2)
    s = a + b + a
    m = (a + b) / 2
    lo = np.minimum(s, m)
    # DepthToSpace, blocksize 2 (DCR): [1, 8, 2, 2] -> [1, 2, 4, 4]
    d = lo.reshape(1, 2, 2, 2, 2, 2).transpose(0, 3, 4, 1, 5, 2).reshape(1, 2, 4, 4)
    return model(7, [node("Sum", ["a", "b", "a"], ["s"]), node("Mean", ["a", "b"], ["m"]),
                     node("Min", ["s", "m"], ["lo"]), node("DepthToSpace", ["lo"], ["y"], blocksize=2)],
                 {"a": a, "b": b}, {"y": d})


@case
def optional_of_plain_tensor_18():
    # Opset 18: OptionalGetElement and OptionalHasElement take a plain tensor.
    x = rand(2, 3)
    return model(18, [node("OptionalGetElement", ["x"], ["e"]), node("OptionalHasElement", ["x"], ["h"]),
                      node("Relu", ["e"], ["y"])],
                 {"x": x}, {"y": np.maximum(x, 0), "h": np.array(True)})


def write(out_dir, name):
    m, inputs, outputs = CASES[name]()
    d = os.path.join(out_dir, name)
    data = os.path.join(d, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    onnx.save(m, os.path.join(d, "model.onnx"))
    for i, (n, a) in enumerate(inputs.items()):
        with open(os.path.join(data, f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())
    for i, (n, a) in enumerate(outputs.items()):
        with open(os.path.join(data, f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(np.asarray(a), n).SerializeToString())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", nargs="?")
    ap.add_argument("--list", action="store_true", help="print the case names, one per line")
    args = ap.parse_args()
    if args.list:
        print("\n".join(CASES))
        return 0
    if not args.out_dir:
        ap.error("OUTDIR is required")
    for name in CASES:
        write(args.out_dir, name)
    print(f"wrote {len(CASES)} models to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
