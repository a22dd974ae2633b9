#!/usr/bin/python3
"""ONNX Runtime's quantized contrib operators (domain com.microsoft), each in
a one-node model with inputs and the outputs numpy computes from the
formulas of ONNX Runtime's ContribOperators.md: dequantize, compute,
quantize, rounding to nearest with ties to even (np.rint) and saturating.
The float arithmetic is float32 in the order each kernel documents (double
for QLinearGlobalAveragePool's mean), so a correct kernel gives the same
integers; QLinearSigmoid's exp may differ from numpy's by an ulp, so its
cases allow one step (quant.cmake). The values are chosen so that some
outputs saturate.

  OUTDIR/<case>/model.onnx
  OUTDIR/<case>/test_data_set_0/input_<i>.pb, output_<i>.pb

usage: make_contrib_models.py OUTDIR | make_contrib_models.py --list
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(1313)
CASES = {}
F32 = np.float32
NP_TO_ONNX = {np.float32: TensorProto.FLOAT, np.int8: TensorProto.INT8, np.uint8: TensorProto.UINT8,
              np.int32: TensorProto.INT32}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def sat(v, dtype):
    """Round to nearest, ties to even, and saturate to dtype's range."""
    info = np.iinfo(dtype)
    return np.clip(np.rint(v), info.min, info.max).astype(dtype)


def qrand(dtype, *shape):
    info = np.iinfo(dtype)
    return RNG.integers(info.min, info.max + 1, size=shape).astype(dtype)


def model(node, inputs, outputs, initializers):
    """inputs/outputs/initializers: {name: array} (outputs: the references)."""
    vi = lambda n, a: helper.make_tensor_value_info(n, NP_TO_ONNX[a.dtype.type], list(a.shape))
    graph = helper.make_graph([node], "g", [vi(n, a) for n, a in inputs.items()],
                              [vi(n, a) for n, a in outputs.items()],
                              [numpy_helper.from_array(a, n) for n, a in initializers.items()])
    m = helper.make_model(graph, producer_name="spud-quant",
                          opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("com.microsoft", 1)])
    m.ir_version = 7
    return m, inputs, outputs


def ms(op, ins, outs, **attrs):
    return helper.make_node(op, ins, outs, domain="com.microsoft", **attrs)


def scalar(v, dtype):
    return np.array(v, dtype=dtype)


# ---- QLinearAdd, QLinearMul ---------------------------------------------------

def binary(op, dtype, a_shape, b_shape, with_zero_points=True):
    a, b = qrand(dtype, *a_shape), qrand(dtype, *b_shape)
    sa, sb, sc = F32(0.037), F32(0.021), F32(0.02 if op == "QLinearAdd" else 0.05)
    info = np.iinfo(dtype)
    za, zb, zc = ((info.min + 100, info.min + 140, info.min + 120) if with_zero_points else (0, 0, 0))
    da = (a.astype(np.int32) - za).astype(F32)
    db = (b.astype(np.int32) - zb).astype(F32)
    if op == "QLinearAdd":
        v = (sa * da + sb * db) / sc + F32(zc)
    else:
        m = sa * sb / sc
        v = (a.astype(np.int32) - za) * (b.astype(np.int32) - zb)
        v = v.astype(F32) * m + F32(zc)
    c = sat(v, dtype)
    inits = {"sa": scalar(sa, F32), "sb": scalar(sb, F32), "sc": scalar(sc, F32)}
    names = ["a", "sa", "", "b", "sb", "", "sc", ""]
    if with_zero_points:
        inits.update({"za": scalar(za, dtype), "zb": scalar(zb, dtype), "zc": scalar(zc, dtype)})
        names = ["a", "sa", "za", "b", "sb", "zb", "sc", "zc"]
    while names[-1] == "":
        names.pop()
    return model(ms(op, names, ["c"]), {"a": a, "b": b}, {"c": c}, inits)


@case
def qlinear_add_uint8_broadcast():
    return binary("QLinearAdd", np.uint8, (2, 3, 4), (3, 1))


@case
def qlinear_add_int8_no_zero_points():
    return binary("QLinearAdd", np.int8, (4, 5), (4, 5), with_zero_points=False)


@case
def qlinear_mul_uint8():
    return binary("QLinearMul", np.uint8, (3, 7), (3, 7))


@case
def qlinear_mul_int8_broadcast():
    return binary("QLinearMul", np.int8, (2, 1, 6), (5, 1))


# ---- QLinearSigmoid -------------------------------------------------------------

def sigmoid(dtype):
    info = np.iinfo(dtype)
    x = np.arange(info.min, info.max + 1).astype(dtype).reshape(16, 16)  # every value
    sx, sy = F32(0.05), F32(1 / 256)
    zx, zy = info.min + 128, info.min
    d = sx * (x.astype(np.int32) - zx).astype(F32)
    s = F32(1) / (F32(1) + np.exp(-d))
    y = sat(s / sy + F32(zy), dtype)
    inits = {"sx": scalar(sx, F32), "zx": scalar(zx, dtype), "sy": scalar(sy, F32), "zy": scalar(zy, dtype)}
    return model(ms("QLinearSigmoid", ["x", "sx", "zx", "sy", "zy"], ["y"]), {"x": x}, {"y": y}, inits)


@case
def qlinear_sigmoid_uint8():
    return sigmoid(np.uint8)


@case
def qlinear_sigmoid_int8():
    return sigmoid(np.int8)


# ---- QLinearGlobalAveragePool ---------------------------------------------------

def global_average_pool(dtype, shape, channels_last):
    x = qrand(dtype, *shape)
    info = np.iinfo(dtype)
    sx, sy, zx, zy = F32(0.02), F32(0.013), info.min + 128, info.min + 10
    axes = tuple(range(1, len(shape) - 1)) if channels_last else tuple(range(2, len(shape)))
    total = np.sum(x.astype(np.int64) - zx, axis=axes, keepdims=True)
    count = np.prod([shape[a] for a in axes])
    mean = total.astype(np.float64) / float(count)
    y = sat(np.float64(sx) * mean / np.float64(sy) + float(zy), dtype)
    inits = {"sx": scalar(sx, F32), "zx": scalar(zx, dtype), "sy": scalar(sy, F32), "zy": scalar(zy, dtype)}
    node = ms("QLinearGlobalAveragePool", ["x", "sx", "zx", "sy", "zy"], ["y"], channels_last=int(channels_last))
    return model(node, {"x": x}, {"y": y}, inits)


@case
def qlinear_global_average_pool_uint8_nchw():
    return global_average_pool(np.uint8, (2, 3, 4, 5), False)


@case
def qlinear_global_average_pool_int8_nhwc():
    return global_average_pool(np.int8, (2, 4, 5, 3), True)


# ---- QLinearConcat ----------------------------------------------------------------

def concat(dtype, shapes, axis):
    info = np.iinfo(dtype)
    sy, zy = F32(0.04), info.min + 128
    params = [(F32(0.04), info.min + 128), (F32(0.09), info.min + 100), (F32(0.015), info.min + 200)]
    xs = [qrand(dtype, *s) for s in shapes]
    parts = []
    inits = {"sy": scalar(sy, F32), "zy": scalar(zy, dtype)}
    names = ["sy", "zy"]
    for i, (x, (s, z)) in enumerate(zip(xs, params)):
        same = s == sy and z == zy
        parts.append(x if same else sat(s * (x.astype(np.int32) - z).astype(F32) / sy + F32(zy), dtype))
        inits.update({f"s{i}": scalar(s, F32), f"z{i}": scalar(z, dtype)})
        names += [f"x{i}", f"s{i}", f"z{i}"]
    y = np.concatenate(parts, axis=axis)
    return model(ms("QLinearConcat", names, ["y"], axis=axis), {f"x{i}": x for i, x in enumerate(xs)}, {"y": y},
                 inits)


@case
def qlinear_concat_uint8_axis1():
    return concat(np.uint8, [(2, 3, 4), (2, 1, 4), (2, 5, 4)], 1)


@case
def qlinear_concat_int8_last_axis():
    return concat(np.int8, [(3, 2), (3, 4), (3, 1)], -1)


# ---- QGemm -------------------------------------------------------------------------

def qgemm(a_type, b_type, y_type, trans_a, trans_b, per_column, with_c, alpha=1.0):
    m, k, n = 4, 9, 5
    a, b = qrand(a_type, *((k, m) if trans_a else (m, k))), qrand(b_type, *((n, k) if trans_b else (k, n)))
    sa = F32(0.03)
    za = np.iinfo(a_type).min + 128
    sb = (RNG.uniform(0.01, 0.05, n).astype(F32) if per_column else F32(0.02))
    zb = (RNG.integers(-5, 6, n) + (0 if b_type == np.int8 else 128)).astype(b_type) if per_column else \
        b_type(0 if b_type == np.int8 else 128)
    c = RNG.integers(-2000, 2000, size=(n,)).astype(np.int32) if with_c else None
    am = a.T if trans_a else a
    bm = b.T if trans_b else b
    acc = (am.astype(np.int64) - za) @ (bm.astype(np.int64) - zb.astype(np.int64))
    if with_c:
        acc = acc + c.astype(np.int64)
    scale = F32(alpha) * sa * sb
    inits = {"sa": scalar(sa, F32), "za": scalar(za, a_type), "sb": np.asarray(sb, F32),
             "zb": np.asarray(zb, b_type)}
    names = ["a", "sa", "za", "b", "sb", "zb", "c" if with_c else ""]
    if with_c:
        inits["c"] = c
    if y_type == np.float32:
        y = acc.astype(F32) * scale
    else:
        sy, zy = F32(0.04), np.iinfo(y_type).min + 128
        y = sat(acc.astype(F32) * (scale / sy) + F32(zy), y_type)
        inits.update({"sy": scalar(sy, F32), "zy": scalar(zy, y_type)})
        names += ["sy", "zy"]
    while names[-1] == "":
        names.pop()
    node = ms("QGemm", names, ["y"], alpha=alpha, transA=int(trans_a), transB=int(trans_b))
    return model(node, {"a": a, "b": b}, {"y": y}, inits)


@case
def qgemm_uint8_float_output():
    return qgemm(np.uint8, np.uint8, np.float32, False, False, False, False)


@case
def qgemm_int8_per_column_trans_b_bias():
    return qgemm(np.int8, np.int8, np.int8, False, True, True, True, alpha=0.5)


@case
def qgemm_uint8_a_int8_b_trans_a_uint8_output():
    return qgemm(np.uint8, np.int8, np.uint8, True, False, False, True)


# ---- DynamicQuantizeMatMul ------------------------------------------------------

def dynamic_quantize_matmul(b_type, a_shape, per_column, with_bias):
    a = RNG.standard_normal(a_shape).astype(F32) * F32(1.7) + F32(0.4)
    k, n = a_shape[-1], 6
    b = qrand(b_type, k, n)
    sb = RNG.uniform(0.01, 0.04, n).astype(F32) if per_column else F32(0.025)
    zb = np.asarray(RNG.integers(-3, 4, n) + (0 if b_type == np.int8 else 128), b_type) if per_column else \
        np.asarray(0 if b_type == np.int8 else 128, b_type)
    bias = RNG.standard_normal(n).astype(F32) if with_bias else None
    lo, hi = min(F32(a.min()), F32(0)), max(F32(a.max()), F32(0))
    sa = (hi - lo) / F32(255)
    za = sat(-lo / sa, np.uint8)
    aq = sat(np.rint(a / sa) + F32(za), np.uint8)
    acc = (aq.astype(np.int64) - int(za)) @ (b.astype(np.int64) - zb.astype(np.int64))
    y = acc.astype(F32) * (sa * sb)
    if with_bias:
        y = y + bias
    inits = {"b": b, "sb": np.asarray(sb, F32), "zb": zb}
    names = ["a", "b", "sb", "zb"]
    if with_bias:
        inits["bias"] = bias
        names.append("bias")
    return model(ms("DynamicQuantizeMatMul", names, ["y"]), {"a": a}, {"y": y.astype(F32)}, inits)


@case
def dynamic_quantize_matmul_uint8_per_column_bias():
    return dynamic_quantize_matmul(np.uint8, (5, 8), True, True)


@case
def dynamic_quantize_matmul_int8_batched():
    return dynamic_quantize_matmul(np.int8, (2, 3, 8), False, False)


# ---- QDQ groups the converter fuses (tools/converter/qdq.cc) -------------------
# DequantizeLinear -> float operator -> QuantizeLinear, as ONNX Runtime's
# quantization tools write them. The reference is ONNX's meaning of the
# unfused graph, in float64: the fused operator computes the sum exactly in
# integers and scales it in float32, so the two may differ by one step where
# the sum lies within rounding of a tie (quant.cmake allows one step).
# check_fusion.py checks which groups became which operators.

def dq(name, out, scale, zp=None, axis=None):
    ins = [name, scale] + ([zp] if zp is not None else [])
    return helper.make_node("DequantizeLinear", ins, [out], **({} if axis is None else {"axis": axis}))


def q(name, out, scale, zp):
    return helper.make_node("QuantizeLinear", [name, scale, zp], [out])


def graph_model(nodes, inputs, outputs, inits):
    vi = lambda n, a: helper.make_tensor_value_info(n, NP_TO_ONNX[a.dtype.type], list(a.shape))
    graph = helper.make_graph(nodes, "g", [vi(n, a) for n, a in inputs.items()], [vi(n, a) for n, a in outputs.items()],
                              [numpy_helper.from_array(a, n) for n, a in inits.items()])
    m = helper.make_model(graph, producer_name="spud-quant", opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    return m, inputs, outputs


def conv2d(x, w, b, pad):
    n, c, h, wd = x.shape
    m, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = h + 2 * pad - kh + 1, wd + 2 * pad - kw + 1
    y = np.zeros((n, m, oh, ow))
    for i in range(oh):
        for j in range(ow):
            y[:, :, i, j] = np.einsum("nchw,mchw->nm", xp[:, :, i:i + kh, j:j + kw], w)
    return y + b.reshape(1, m, 1, 1)


def qdq_conv(bias_scale_factor=1.0):
    x = qrand(np.uint8, 1, 3, 6, 6)
    w = qrand(np.int8, 4, 3, 3, 3)
    xs, xz = F32(0.02), np.uint8(128)
    ws = RNG.uniform(0.002, 0.01, 4).astype(F32)
    b = RNG.integers(-3000, 3000, 4).astype(np.int32)
    bs = (xs * ws * F32(bias_scale_factor)).astype(F32)
    ys, yz = F32(0.06), np.uint8(100)
    xf = (x.astype(np.float64) - float(xz)) * float(xs)
    wf = w.astype(np.float64) * ws.astype(np.float64).reshape(4, 1, 1, 1)
    bf = b.astype(np.float64) * bs.astype(np.float64)
    y = sat(conv2d(xf, wf, bf, 1) / float(ys) + float(yz), np.uint8)
    inits = {"xs": scalar(xs, F32), "xz": scalar(xz, np.uint8), "w": w, "ws": ws, "wz": np.zeros(4, np.int8),
             "b": b, "bs": bs, "bz": np.zeros(4, np.int32), "ys": scalar(ys, F32), "yz": scalar(yz, np.uint8)}
    nodes = [dq("x", "xf", "xs", "xz"), dq("w", "wf", "ws", "wz", axis=0), dq("b", "bf", "bs", "bz", axis=0),
             helper.make_node("Conv", ["xf", "wf", "bf"], ["yf"], pads=[1, 1, 1, 1]), q("yf", "y", "ys", "yz")]
    return graph_model(nodes, {"x": x}, {"y": y}, inits)


@case
def qdq_conv_uint8_per_channel_bias():
    return qdq_conv()


def qdq_conv_activation(op, ys):
    # Conv -> Relu or Clip(0, 6) -> QuantizeLinear of zero point 0 whose
    # largest value (255 * ys) the activation does not clip below: the
    # activation is QLinearConv's saturation.
    x = qrand(np.uint8, 1, 2, 5, 5)
    w = qrand(np.int8, 3, 2, 3, 3)
    xs, xz = F32(0.02), np.uint8(128)
    ws = RNG.uniform(0.004, 0.01, 3).astype(F32)
    yz = np.uint8(0)
    xf = (x.astype(np.float64) - float(xz)) * float(xs)
    wf = w.astype(np.float64) * ws.astype(np.float64).reshape(3, 1, 1, 1)
    c = conv2d(xf, wf, np.zeros(3), 1)
    y = sat((np.maximum(c, 0) if op == "Relu" else np.clip(c, 0, 6)) / float(ys) + float(yz), np.uint8)
    inits = {"xs": scalar(xs, F32), "xz": scalar(xz, np.uint8), "w": w, "ws": ws, "wz": np.zeros(3, np.int8),
             "ys": scalar(ys, F32), "yz": scalar(yz, np.uint8)}
    act_inputs = ["cf"]
    if op == "Clip":
        inits.update({"lo": scalar(0, F32), "hi": scalar(6, F32)})
        act_inputs += ["lo", "hi"]
    nodes = [dq("x", "xf", "xs", "xz"), dq("w", "wf", "ws", "wz", axis=0),
             helper.make_node("Conv", ["xf", "wf"], ["cf"], pads=[1, 1, 1, 1]), helper.make_node(op, act_inputs, ["rf"]),
             q("rf", "y", "ys", "yz")]
    return graph_model(nodes, {"x": x}, {"y": y}, inits)


@case
def qdq_conv_relu_uint8():
    return qdq_conv_activation("Relu", F32(0.03))


@case
def qdq_conv_relu6_uint8():
    return qdq_conv_activation("Clip", F32(0.02))  # 255 * 0.02 = 5.1, under 6


@case
def qdq_conv_bias_scale_not_fused():
    # A bias scale that is not x_scale * w_scale: the group stays in float.
    return qdq_conv(bias_scale_factor=1.5)


@case
def qdq_matmul_int8_per_column():
    a = qrand(np.int8, 3, 5)
    b = qrand(np.int8, 5, 4)
    as_, az = F32(0.03), np.int8(-5)
    bs = RNG.uniform(0.01, 0.03, 4).astype(F32)
    ys, yz = F32(0.08), np.int8(3)
    af = (a.astype(np.float64) - float(az)) * float(as_)
    bf = b.astype(np.float64) * bs.astype(np.float64)
    y = sat((af @ bf) / float(ys) + float(yz), np.int8)
    inits = {"as": scalar(as_, F32), "az": scalar(az, np.int8), "b": b, "bs": bs, "bz": np.zeros(4, np.int8),
             "ys": scalar(ys, F32), "yz": scalar(yz, np.int8)}
    nodes = [dq("a", "af", "as", "az"), dq("b", "bf", "bs", "bz", axis=1),
             helper.make_node("MatMul", ["af", "bf"], ["yf"]), q("yf", "y", "ys", "yz")]
    return graph_model(nodes, {"a": a}, {"y": y}, inits)


def qdq_binary(op, dtype):
    a, b = qrand(dtype, 2, 3, 4), qrand(dtype, 3, 4)
    info = np.iinfo(dtype)
    as_, bs, ys = F32(0.04), F32(0.025), F32(0.05 if op == "Add" else 0.4)
    az, bz, yz = dtype(info.min + 120), dtype(info.min + 135), dtype(info.min + 128)
    af = (a.astype(np.float64) - float(az)) * float(as_)
    bf = (b.astype(np.float64) - float(bz)) * float(bs)
    v = af + bf if op == "Add" else af * bf
    y = sat(v / float(ys) + float(yz), dtype)
    inits = {"as": scalar(as_, F32), "az": scalar(az, dtype), "bs": scalar(bs, F32), "bz": scalar(bz, dtype),
             "ys": scalar(ys, F32), "yz": scalar(yz, dtype)}
    nodes = [dq("a", "af", "as", "az"), dq("b", "bf", "bs", "bz"), helper.make_node(op, ["af", "bf"], ["yf"]),
             q("yf", "y", "ys", "yz")]
    return graph_model(nodes, {"a": a, "b": b}, {"y": y}, inits)


@case
def qdq_add_uint8():
    return qdq_binary("Add", np.uint8)


@case
def qdq_mul_int8():
    return qdq_binary("Mul", np.int8)


@case
def qdq_gemm_uint8_trans_b_bias():
    a = qrand(np.uint8, 3, 6)
    b = qrand(np.int8, 4, 6)  # (N, K): transB
    as_, az = F32(0.02), np.uint8(120)
    bs = RNG.uniform(0.005, 0.02, 4).astype(F32)
    alpha = 0.5
    c = RNG.integers(-4000, 4000, 4).astype(np.int32)
    cs = (F32(alpha) * as_ * bs).astype(F32)
    ys, yz = F32(0.05), np.uint8(128)
    af = (a.astype(np.float64) - float(az)) * float(as_)
    bf = b.astype(np.float64) * bs.astype(np.float64).reshape(4, 1)
    cf = c.astype(np.float64) * cs.astype(np.float64)
    y = sat((alpha * (af @ bf.T) + cf) / float(ys) + float(yz), np.uint8)
    inits = {"as": scalar(as_, F32), "az": scalar(az, np.uint8), "b": b, "bs": bs, "bz": np.zeros(4, np.int8),
             "c": c, "cs": cs, "cz": np.zeros(4, np.int32), "ys": scalar(ys, F32), "yz": scalar(yz, np.uint8)}
    nodes = [dq("a", "af", "as", "az"), dq("b", "bf", "bs", "bz", axis=0), dq("c", "cf", "cs", "cz", axis=0),
             helper.make_node("Gemm", ["af", "bf", "cf"], ["yf"], alpha=alpha, transB=1), q("yf", "y", "ys", "yz")]
    return graph_model(nodes, {"a": a}, {"y": y}, inits)


def qdq_concat(same):
    xs_ = [qrand(np.uint8, 2, k, 3) for k in (2, 3)]
    params = [(F32(0.05), np.uint8(128)), (F32(0.05), np.uint8(128))] if same else \
        [(F32(0.05), np.uint8(128)), (F32(0.02), np.uint8(90))]
    ys, yz = F32(0.05), np.uint8(128)
    parts = [(x.astype(np.float64) - float(z)) * float(s_) for x, (s_, z) in zip(xs_, params)]
    y = sat(np.concatenate(parts, axis=1) / float(ys) + float(yz), np.uint8)
    inits = {"ys": scalar(ys, F32), "yz": scalar(yz, np.uint8)}
    nodes = []
    for i, (s_, z) in enumerate(params):
        inits.update({f"s{i}": scalar(s_, F32), f"z{i}": scalar(z, np.uint8)})
        nodes.append(dq(f"x{i}", f"f{i}", f"s{i}", f"z{i}"))
    nodes += [helper.make_node("Concat", ["f0", "f1"], ["yf"], axis=1), q("yf", "y", "ys", "yz")]
    return graph_model(nodes, {f"x{i}": x for i, x in enumerate(xs_)}, {"y": y}, inits)


@case
def qdq_concat_uint8_requantized():
    return qdq_concat(False)


@case
def qdq_concat_uint8_same_parameters():
    return qdq_concat(True)


def qdq_unary(op):
    x = qrand(np.int8, 1, 3, 4, 5)
    xs_, xz = F32(0.04), np.int8(-10)
    ys, yz = (F32(0.01), np.int8(-20)) if op == "GlobalAveragePool" else (F32(1 / 256), np.int8(-128))
    xf = (x.astype(np.float64) - float(xz)) * float(xs_)
    v = xf.mean(axis=(2, 3), keepdims=True) if op == "GlobalAveragePool" else 1 / (1 + np.exp(-xf))
    y = sat(v / float(ys) + float(yz), np.int8)
    inits = {"xs": scalar(xs_, F32), "xz": scalar(xz, np.int8), "ys": scalar(ys, F32), "yz": scalar(yz, np.int8)}
    nodes = [dq("x", "xf", "xs", "xz"), helper.make_node(op, ["xf"], ["yf"]), q("yf", "y", "ys", "yz")]
    return graph_model(nodes, {"x": x}, {"y": y}, inits)


@case
def qdq_global_average_pool_int8():
    return qdq_unary("GlobalAveragePool")


@case
def qdq_sigmoid_int8():
    return qdq_unary("Sigmoid")


@case
def qdq_small_cnn_uint8():
    # Conv -> MaxPool -> Reshape -> Gemm, each between DequantizeLinear and
    # QuantizeLinear; the pool and the reshape keep their input's parameters.
    x = qrand(np.uint8, 1, 2, 6, 6)
    w = qrand(np.int8, 3, 2, 3, 3)
    xs_, xz = F32(0.02), np.uint8(128)
    ws = RNG.uniform(0.004, 0.01, 3).astype(F32)
    s1, z1 = F32(0.03), np.uint8(110)
    g = qrand(np.int8, 4, 27)
    gs = F32(0.01)
    ys, yz = F32(0.05), np.uint8(128)
    xf = (x.astype(np.float64) - float(xz)) * float(xs_)
    wf = w.astype(np.float64) * ws.astype(np.float64).reshape(3, 1, 1, 1)
    c = sat(conv2d(xf, wf, np.zeros(3), 1) / float(s1) + float(z1), np.uint8)        # [1,3,6,6]
    p = c.reshape(1, 3, 3, 2, 3, 2).max(axis=(3, 5))                                   # MaxPool 2x2, same params
    r = p.reshape(1, 27)                                                                # Reshape, same params
    rf = (r.astype(np.float64) - float(z1)) * float(s1)
    y = sat((rf @ (g.astype(np.float64) * float(gs)).T) / float(ys) + float(yz), np.uint8)
    inits = {"xs": scalar(xs_, F32), "xz": scalar(xz, np.uint8), "w": w, "ws": ws, "wz": np.zeros(3, np.int8),
             "s1": scalar(s1, F32), "z1": scalar(z1, np.uint8), "g": g, "gs": scalar(gs, F32),
             "gz": scalar(0, np.int8), "shape": np.array([1, 27], np.int64), "ys": scalar(ys, F32),
             "yz": scalar(yz, np.uint8)}
    nodes = [dq("x", "xf", "xs", "xz"), dq("w", "wf", "ws", "wz", axis=0),
             helper.make_node("Conv", ["xf", "wf"], ["cf"], pads=[1, 1, 1, 1]), q("cf", "c", "s1", "z1"),
             dq("c", "cd", "s1", "z1"), helper.make_node("MaxPool", ["cd"], ["pf"], kernel_shape=[2, 2], strides=[2, 2]),
             q("pf", "p", "s1", "z1"), dq("p", "pd", "s1", "z1"), helper.make_node("Reshape", ["pd", "shape"], ["rf"]),
             q("rf", "r", "s1", "z1"), dq("r", "rd", "s1", "z1"), dq("g", "gf", "gs", "gz"),
             helper.make_node("Gemm", ["rd", "gf"], ["yf"], transB=1), q("yf", "y", "ys", "yz")]
    return graph_model(nodes, {"x": x}, {"y": y}, inits)


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(sorted(CASES)))
        return 0
    out = sys.argv[1]
    for name, fn in sorted(CASES.items()):
        m, inputs, outputs = fn()
        d = os.path.join(out, name)
        data = os.path.join(d, "test_data_set_0")
        os.makedirs(data, exist_ok=True)
        onnx.save(m, os.path.join(d, "model.onnx"))
        for i, (n, a) in enumerate(inputs.items()):
            with open(os.path.join(data, f"input_{i}.pb"), "wb") as f:
                f.write(numpy_helper.from_array(a, n).SerializeToString())
        for i, (n, a) in enumerate(outputs.items()):
            with open(os.path.join(data, f"output_{i}.pb"), "wb") as f:
                f.write(numpy_helper.from_array(a, n).SerializeToString())
    print(f"make_contrib_models: {len(CASES)} models in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
