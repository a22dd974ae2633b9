#!/usr/bin/python3
"""Write kernel test cases whose expected outputs PyTorch (or numpy) computes.

Each case is one ONNX node: its attributes, inputs, and the outputs that
torch.nn.functional (conv3d, conv_transpose3d, max_pool3d, avg_pool3d,
lp_pool1d/2d, ...) or numpy give for the same inputs, in float64 where the
case is float64. ONNX semantics that torch spells differently (asymmetric
pads, auto_pad, Indices over the whole tensor, storage_order) are mapped
onto torch here: explicit padding of the input, cropping of the output,
offsets added to torch's per-plane indices. tests/kernels/torch_reference_test.cc
runs every case through the kernel registry.

Text format, one item a line:
  case GROUP NAME OP OPSET NUM_OUTPUTS
  attr i|f|s|ints NAME VALUE...        (ints: COUNT then the values)
  in DTYPE RANK DIMS... VALUES...      (or "in none" for an omitted input)
  out DTYPE RANK DIMS... VALUES...
  tol ATOL RTOL
  end

usage: torch_reference_cases.py OUTFILE
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(20240611)
torch.manual_seed(0)

DTYPES = {np.float32: "float32", np.float64: "float64", np.int8: "int8", np.int16: "int16",
          np.int32: "int32", np.int64: "int64", np.uint8: "uint8", np.uint16: "uint16",
          np.uint32: "uint32", np.uint64: "uint64"}
TOL = {np.float32: (1e-5, 1e-4), np.float64: (1e-12, 1e-10)}
cases = []


def f32(v):
    """An attribute float as the file stores it (float32), as a Python float."""
    return float(np.float32(v))


def tensor_line(kind, a):
    shape = np.shape(a)  # ascontiguousarray makes a 0-d array 1-d
    a = np.ascontiguousarray(a)
    name = DTYPES[a.dtype.type]
    if a.dtype.kind == "f":
        vals = " ".join(repr(float(v)) for v in a.ravel())
    else:
        vals = " ".join(str(int(v)) for v in a.ravel())
    return f"{kind} {name} {len(shape)} {' '.join(str(d) for d in shape)} {vals}".rstrip()


def add(group, name, op, opset, attrs, inputs, outputs, tol=None):
    lines = [f"case {group} {name} {op} {opset} {len(outputs)}"]
    for k, v in attrs.items():
        if isinstance(v, str):
            lines.append(f"attr s {k} {v}")
        elif isinstance(v, float):
            lines.append(f"attr f {k} {v!r}")
        elif isinstance(v, (list, tuple)):
            lines.append(f"attr ints {k} {len(v)} {' '.join(str(int(x)) for x in v)}")
        else:
            lines.append(f"attr i {k} {int(v)}")
    for a in inputs:
        lines.append("in none" if a is None else tensor_line("in", a))
    for a in outputs:
        lines.append(tensor_line("out", a))
    if tol is None:
        first = next(a for a in inputs if a is not None)
        tol = TOL.get(first.dtype.type, (0, 0))
    lines.append(f"tol {tol[0]!r} {tol[1]!r}")
    lines.append("end")
    cases.append("\n".join(lines))


def rand(shape, dtype, lo=-1.0, hi=1.0):
    return rng.uniform(lo, hi, size=shape).astype(dtype)


def randint(shape, dtype, lo, hi):
    return rng.integers(lo, hi, size=shape).astype(dtype)


def t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


def same_pads(ins, ks, ss, ds, mode):
    """ONNX's SAME_UPPER/SAME_LOWER padding per axis: (begins, ends)."""
    b, e = [], []
    for i, k, s, d in zip(ins, ks, ss, ds):
        out = -(-i // s)
        total = max(0, (out - 1) * s + (k - 1) * d + 1 - i)
        small = total // 2
        b.append(small if mode == "SAME_UPPER" else total - small)
        e.append(total - b[-1])
    return b, e


def torch_pad_arg(begins, ends):
    """F.pad's argument (last axis first) for per-axis begin/end pads."""
    arg = []
    for bb, ee in zip(reversed(begins), reversed(ends)):
        arg += [bb, ee]
    return arg


# ---------------------------------------------------------------- Conv

CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


def conv_case(name, dtype, n, c, m, spatial, ks, strides, dilations, group, pads=None, auto_pad=None, bias=True):
    sp = len(spatial)
    x = rand([n, c] + spatial, dtype)
    w = rand([m, c // group] + ks, dtype)
    b = rand([m], dtype) if bias else None
    attrs = {"kernel_shape": ks, "strides": strides, "dilations": dilations, "group": group}
    if auto_pad is not None:
        attrs["auto_pad"] = auto_pad
        if auto_pad == "VALID":
            begins, ends = [0] * sp, [0] * sp
        else:
            begins, ends = same_pads(spatial, ks, strides, dilations, auto_pad)
    else:
        begins, ends = pads[:sp], pads[sp:]
        attrs["pads"] = pads
    xp = F.pad(t(x), torch_pad_arg(begins, ends))
    y = CONV[sp](xp, t(w), None if b is None else t(b), stride=strides, dilation=dilations, groups=group)
    add("conv", name, "Conv", 11, attrs, [x, w, b] if bias else [x, w], [y.numpy()])


def conv_cases():
    for dtype, tag in ((np.float32, "f32"), (np.float64, "f64")):
        conv_case(f"conv3d_basic_{tag}", dtype, 2, 3, 4, [5, 6, 7], [3, 3, 3], [1, 1, 1], [1, 1, 1], 1, pads=[0] * 6)
        conv_case(f"conv3d_strides_pads_{tag}", dtype, 1, 2, 3, [7, 6, 8], [3, 2, 3], [2, 1, 3], [1, 1, 1], 1,
                  pads=[1, 0, 2, 0, 1, 1])
        conv_case(f"conv3d_dilations_{tag}", dtype, 1, 2, 2, [7, 8, 9], [2, 3, 2], [1, 2, 1], [3, 2, 2], 1,
                  pads=[1, 1, 0, 2, 0, 1])
        conv_case(f"conv3d_groups_{tag}", dtype, 2, 4, 6, [4, 5, 6], [2, 2, 3], [1, 1, 2], [1, 1, 1], 2,
                  pads=[0, 1, 1, 1, 0, 1])
        conv_case(f"conv3d_depthwise_{tag}", dtype, 1, 3, 3, [5, 5, 5], [3, 3, 3], [1, 1, 1], [1, 1, 1], 3,
                  pads=[1] * 6, bias=False)
        conv_case(f"conv3d_same_upper_{tag}", dtype, 1, 2, 3, [6, 7, 5], [3, 4, 2], [2, 2, 1], [1, 1, 1], 1,
                  auto_pad="SAME_UPPER")
        conv_case(f"conv3d_same_lower_{tag}", dtype, 1, 2, 3, [6, 7, 5], [4, 3, 2], [1, 2, 3], [1, 1, 1], 1,
                  auto_pad="SAME_LOWER")
        conv_case(f"conv3d_valid_{tag}", dtype, 1, 3, 2, [6, 7, 8], [3, 3, 3], [2, 3, 2], [1, 1, 1], 1,
                  auto_pad="VALID")
    # The 1-D and 2-D paths of the same loops, in float64.
    conv_case("conv1d_f64", np.float64, 2, 4, 3, [11], [3], [2], [2], 1, pads=[2, 1])
    conv_case("conv2d_groups_f64", np.float64, 1, 4, 4, [7, 8], [3, 3], [2, 1], [1, 2], 2, pads=[1, 0, 1, 2])
    conv_case("conv2d_same_upper_f64", np.float64, 1, 3, 2, [9, 6], [3, 2], [2, 2], [1, 1], 1,
              auto_pad="SAME_UPPER")


# ---------------------------------------------------------------- ConvTranspose

def conv_transpose_case(name, dtype, n, c, m, spatial, ks, strides, dilations, group, pads, out_pad,
                        auto_pad=None, output_shape=None, bias=True):
    sp = len(spatial)
    x = rand([n, c] + spatial, dtype)
    w = rand([c, m // group] + ks, dtype)
    b = rand([m], dtype) if bias else None
    full = F.conv_transpose3d(t(x), t(w), None if b is None else t(b), stride=strides, output_padding=out_pad,
                              groups=group, dilation=dilations)
    attrs = {"kernel_shape": ks, "strides": strides, "dilations": dilations, "group": group,
             "output_padding": out_pad}
    if auto_pad is not None or output_shape is not None:
        # Chosen so that every total padding is even: begin = end.
        outs = output_shape if output_shape is not None else [i * s for i, s in zip(spatial, strides)]
        totals = [f - o for f, o in zip(full.shape[2:], outs)]
        assert all(tt >= 0 and tt % 2 == 0 for tt in totals), totals
        pads = [tt // 2 for tt in totals] * 2
        if auto_pad is not None:
            attrs["auto_pad"] = auto_pad
        if output_shape is not None:
            attrs["output_shape"] = output_shape
    else:
        attrs["pads"] = pads
    y = full[:, :, pads[0]:full.shape[2] - pads[3], pads[1]:full.shape[3] - pads[4], pads[2]:full.shape[4] - pads[5]]
    add("conv_transpose", name, "ConvTranspose", 11, attrs, [x, w, b] if bias else [x, w], [y.numpy()])


def conv_transpose_cases():
    for dtype, tag in ((np.float32, "f32"), (np.float64, "f64")):
        conv_transpose_case(f"convt3d_basic_{tag}", dtype, 2, 3, 2, [3, 4, 3], [3, 3, 3], [1, 1, 1], [1, 1, 1], 1,
                            [0] * 6, [0, 0, 0])
        conv_transpose_case(f"convt3d_strides_pads_{tag}", dtype, 1, 2, 3, [3, 4, 2], [3, 2, 3], [2, 3, 1],
                            [1, 1, 1], 1, [1, 0, 2, 0, 1, 1], [1, 2, 0])
        conv_transpose_case(f"convt3d_dilations_groups_{tag}", dtype, 1, 4, 6, [3, 3, 4], [2, 3, 2], [2, 1, 2],
                            [2, 1, 3], 2, [0, 1, 1, 1, 0, 2], [1, 0, 0], bias=False)
        conv_transpose_case(f"convt3d_same_upper_{tag}", dtype, 1, 2, 2, [3, 2, 4], [4, 4, 2], [2, 2, 2],
                            [1, 1, 1], 1, None, [0, 0, 0], auto_pad="SAME_UPPER")
        conv_transpose_case(f"convt3d_output_shape_{tag}", dtype, 1, 2, 3, [3, 3, 3], [3, 3, 3], [2, 2, 2],
                            [1, 1, 1], 1, None, [0, 0, 0], output_shape=[5, 5, 7])


# ---------------------------------------------------------------- MaxPool / AveragePool

def max_pool_case(name, dtype, shape, ks, strides, dilations, pads, ceil, storage_order=0, indices=True):
    sp = len(ks)
    if np.issubdtype(dtype, np.integer):
        x = randint(shape, dtype, np.iinfo(dtype).min, int(np.iinfo(dtype).max) + 1)
        indices = False  # ties: only the values are well defined
    else:
        x = rand(shape, dtype)
    attrs = {"kernel_shape": ks, "strides": strides, "dilations": dilations, "pads": pads, "ceil_mode": int(ceil)}
    if storage_order:
        attrs["storage_order"] = 1
    begins, ends = pads[:sp], pads[sp:]
    if begins == ends:
        xt = t(x) if x.dtype.kind == "f" else t(x.astype(np.float64))
        y, idx = F.max_pool3d(xt, ks, strides, begins, dilations, ceil_mode=bool(ceil), return_indices=True)
        y = y.numpy().astype(dtype)
        idx = idx.numpy()
    else:
        assert not ceil and not indices
        xp = F.pad(t(x.astype(np.float64)), torch_pad_arg(begins, ends), value=-math.inf)
        y = F.max_pool3d(xp, ks, strides, 0, dilations).numpy().astype(dtype)
    outs = [y]
    if indices:
        plane = int(np.prod(shape[2:]))
        if storage_order:
            zyx = np.unravel_index(idx, shape[2:])
            idx = np.ravel_multi_index(zyx, shape[2:], order="F")
        offsets = np.arange(shape[0] * shape[1]).reshape(shape[0], shape[1], 1, 1, 1) * plane
        outs.append((idx + offsets).astype(np.int64))
    add("max_pool", name, "MaxPool", 12, attrs, [x], outs)


def avg_pool_case(name, dtype, shape, ks, strides, pads, ceil, include_pad, auto_pad=None):
    sp = len(ks)
    x = rand(shape, dtype)
    attrs = {"kernel_shape": ks, "strides": strides, "ceil_mode": int(ceil), "count_include_pad": int(include_pad)}
    if auto_pad is not None:
        attrs["auto_pad"] = auto_pad
        begins, ends = same_pads(shape[2:], ks, strides, [1] * sp, auto_pad)
    else:
        attrs["pads"] = pads
        begins, ends = pads[:sp], pads[sp:]
    if begins == ends:
        y = F.avg_pool3d(t(x), ks, strides, begins, ceil_mode=bool(ceil), count_include_pad=bool(include_pad))
    else:
        # Asymmetric: sum and count over the zero-padded input.
        assert not ceil
        pad = torch_pad_arg(begins, ends)
        vol = float(np.prod(ks))
        total = F.avg_pool3d(F.pad(t(x), pad), ks, strides) * vol
        if include_pad:
            y = total / vol
        else:
            y = total / (F.avg_pool3d(F.pad(torch.ones_like(t(x)), pad), ks, strides) * vol)
    add("avg_pool", name, "AveragePool", 11, attrs, [x], [y.numpy()])


def pool_cases():
    for dtype, tag in ((np.float32, "f32"), (np.float64, "f64")):
        max_pool_case(f"maxpool3d_basic_{tag}", dtype, [2, 3, 5, 6, 7], [2, 2, 2], [2, 2, 2], [1, 1, 1], [0] * 6, False)
        max_pool_case(f"maxpool3d_strides_pads_{tag}", dtype, [1, 2, 7, 6, 9], [3, 2, 3], [2, 1, 3], [1, 1, 1],
                      [1, 1, 1, 1, 1, 1], False)
        max_pool_case(f"maxpool3d_dilations_{tag}", dtype, [1, 2, 8, 7, 9], [2, 3, 2], [1, 2, 2], [3, 1, 2],
                      [1, 1, 0, 1, 1, 0], False)
        max_pool_case(f"maxpool3d_ceil_{tag}", dtype, [1, 3, 6, 7, 8], [3, 2, 3], [2, 2, 2], [1, 1, 1],
                      [1, 0, 1, 1, 0, 1], True)
        max_pool_case(f"maxpool3d_storage_order_{tag}", dtype, [2, 2, 4, 5, 6], [2, 3, 2], [2, 1, 2], [1, 1, 1],
                      [0, 1, 1, 0, 1, 1], True, storage_order=1)
        max_pool_case(f"maxpool3d_asymmetric_pads_{tag}", dtype, [1, 2, 5, 6, 7], [3, 3, 2], [1, 2, 2], [1, 1, 1],
                      [2, 0, 1, 0, 1, 1], False, indices=False)
        avg_pool_case(f"avgpool3d_basic_{tag}", dtype, [2, 3, 6, 5, 7], [2, 2, 3], [2, 1, 2], [0] * 6, False, False)
        avg_pool_case(f"avgpool3d_pads_exclude_{tag}", dtype, [1, 2, 5, 6, 7], [3, 3, 3], [2, 2, 1], [1] * 6,
                      False, False)
        avg_pool_case(f"avgpool3d_pads_include_{tag}", dtype, [1, 2, 5, 6, 7], [3, 2, 3], [1, 2, 2],
                      [1, 1, 1, 1, 1, 1], False, True)
        avg_pool_case(f"avgpool3d_ceil_exclude_{tag}", dtype, [1, 2, 6, 7, 8], [3, 3, 2], [2, 2, 3],
                      [1, 0, 1, 1, 0, 1], True, False)
        avg_pool_case(f"avgpool3d_ceil_include_{tag}", dtype, [1, 2, 6, 7, 8], [3, 2, 3], [2, 3, 2],
                      [1, 1, 0, 1, 1, 0], True, True)
        avg_pool_case(f"avgpool3d_asymmetric_include_{tag}", dtype, [1, 2, 5, 6, 7], [3, 3, 2], [1, 2, 2],
                      [2, 0, 1, 0, 1, 1], False, True)
        avg_pool_case(f"avgpool3d_same_upper_exclude_{tag}", dtype, [1, 2, 5, 6, 7], [2, 3, 4], [2, 2, 3], None,
                      False, False, auto_pad="SAME_UPPER")
        avg_pool_case(f"avgpool3d_same_lower_include_{tag}", dtype, [1, 2, 5, 6, 7], [2, 3, 4], [2, 2, 3], None,
                      False, True, auto_pad="SAME_LOWER")
    for dtype, tag in ((np.int8, "i8"), (np.uint8, "u8")):
        max_pool_case(f"maxpool3d_{tag}", dtype, [1, 2, 5, 6, 7], [2, 3, 2], [1, 2, 2], [1, 1, 1], [1, 1, 0, 1, 1, 0],
                      True)


# ---------------------------------------------------------------- LpPool / GlobalLpPool

AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def lp_pool_case(name, dtype, shape, ks, strides, p, pads=None, auto_pad=None, opset=11):
    sp = len(ks)
    x = rand(shape, dtype, -2.0, 2.0)
    attrs = {"kernel_shape": ks, "strides": strides, "p": float(p) if opset < 2 else int(p)}
    if auto_pad is not None:
        attrs["auto_pad"] = auto_pad
        begins, ends = same_pads(shape[2:], ks, strides, [1] * sp, auto_pad)
    else:
        pads = pads if pads is not None else [0] * (2 * sp)
        attrs["pads"] = pads
        begins, ends = pads[:sp], pads[sp:]
    ax = t(x).abs()
    if not any(begins + ends) and sp < 3:
        # torch's own Lp pool (its sign trick is the identity on |x|).
        if sp == 1:
            y = F.lp_pool1d(ax, p, ks[0], strides[0])
        else:
            y = F.lp_pool2d(ax, p, ks, strides)
    else:
        # sum |x|^p over each window of the zero-padded input, to the 1/p.
        vol = float(np.prod(ks))
        y = (AVG[sp](F.pad(ax.pow(p), torch_pad_arg(begins, ends)), ks, strides) * vol).pow(1.0 / p)
    add("lp_pool", name, "LpPool", opset, attrs, [x], [y.numpy()])


def lp_pool_cases():
    for dtype, tag in ((np.float32, "f32"), (np.float64, "f64")):
        lp_pool_case(f"lppool1d_p2_{tag}", dtype, [2, 3, 11], [3], [2], 2)
        lp_pool_case(f"lppool1d_p3_pads_{tag}", dtype, [1, 2, 9], [4], [3], 3, pads=[2, 1])
        lp_pool_case(f"lppool2d_p1_{tag}", dtype, [1, 3, 7, 8], [3, 2], [2, 2], 1)
        lp_pool_case(f"lppool2d_p2_pads_{tag}", dtype, [2, 2, 6, 7], [3, 3], [1, 2], 2, pads=[1, 0, 1, 2])
        lp_pool_case(f"lppool2d_same_upper_{tag}", dtype, [1, 2, 7, 6], [3, 2], [2, 2], 2, auto_pad="SAME_UPPER")
        lp_pool_case(f"lppool3d_p2_{tag}", dtype, [1, 2, 5, 6, 7], [2, 3, 2], [2, 1, 2], 2)
        lp_pool_case(f"lppool3d_p3_pads_{tag}", dtype, [2, 2, 5, 5, 6], [3, 2, 3], [1, 2, 2], 3,
                     pads=[1, 0, 1, 1, 1, 2])
        lp_pool_case(f"lppool3d_same_lower_{tag}", dtype, [1, 2, 5, 6, 7], [3, 3, 2], [2, 2, 3], 1,
                     auto_pad="SAME_LOWER")
    # Opset 1: p is a float.
    lp_pool_case("lppool2d_opset1_p2_5_f64", np.float64, [1, 2, 6, 6], [2, 3], [1, 2], 2.5, opset=1)
    for dtype, tag in ((np.float32, "f32"), (np.float64, "f64")):
        for shape, p in (([2, 3, 9], 2), ([1, 2, 5, 6], 3), ([2, 2, 3, 4, 5], 1)):
            x = rand(shape, dtype, -2.0, 2.0)
            dims = tuple(range(2, len(shape)))
            y = t(x).abs().pow(p).sum(dim=dims, keepdim=True).pow(1.0 / p)
            add("global_lp_pool", f"globallppool{len(shape) - 2}d_p{p}_{tag}", "GlobalLpPool", 2, {"p": p}, [x],
                [y.numpy()])
    x = rand([1, 2, 4, 5], np.float64)
    y = t(x).abs().pow(1.5).sum(dim=(2, 3), keepdim=True).pow(1 / 1.5)
    add("global_lp_pool", "globallppool_opset1_p1_5_f64", "GlobalLpPool", 1, {"p": 1.5}, [x], [y.numpy()])


# ---------------------------------------------------------------- Gemm / MatMul

INTS = ((np.int32, "i32"), (np.int64, "i64"), (np.uint32, "u32"), (np.uint64, "u64"))


def gemm_cases():
    a = rand([4, 5], np.float64)
    b = rand([6, 5], np.float64)
    c = rand([1, 6], np.float64)
    alpha, beta = f32(0.7), f32(-1.3)
    y = alpha * (t(a) @ t(b).T) + beta * t(c)
    add("gemm", "gemm_transb_alpha_beta_f64", "Gemm", 13, {"transB": 1, "alpha": alpha, "beta": beta}, [a, b, c],
        [y.numpy()])
    a = rand([5, 3], np.float64)
    b = rand([5, 4], np.float64)
    c = rand([3, 4], np.float64)
    add("gemm", "gemm_transa_c_f64", "Gemm", 11, {"transA": 1}, [a, b, c], [(t(a).T @ t(b) + t(c)).numpy()])
    a, b = rand([2, 3], np.float64), rand([3, 2], np.float64)
    add("gemm", "gemm_no_c_f64", "Gemm", 9, {}, [a, b], [(t(a) @ t(b)).numpy()])
    for dtype, tag in INTS:
        lo = 0 if tag.startswith("u") else -20
        a = randint([3, 4], dtype, lo, 20)
        b = randint([4, 5], dtype, lo, 20)
        c = randint([5], dtype, lo, 20)
        add("gemm", f"gemm_{tag}", "Gemm", 13, {}, [a, b, c], [(a @ b + c).astype(dtype)])
        bt = randint([5, 4], dtype, lo, 20)
        c2 = randint([3, 1], dtype, 0, 20)
        y = (2 * (a.astype(np.int64) @ bt.T.astype(np.int64)) + 3 * c2.astype(np.int64)).astype(dtype)
        add("gemm", f"gemm_transb_alpha2_beta3_{tag}", "Gemm", 9, {"transB": 1, "alpha": 2.0, "beta": 3.0},
            [a, bt, c2], [y])


def matmul_cases():
    shapes = (([3, 4], [4, 5]), ([2, 1, 3, 4], [3, 4, 2]), ([4], [2, 4, 3]), ([2, 3, 4], [4]))
    for i, (sa, sb) in enumerate(shapes):
        a, b = rand(sa, np.float64), rand(sb, np.float64)
        add("matmul", f"matmul_{i}_f64", "MatMul", 13, {}, [a, b], [torch.matmul(t(a), t(b)).numpy()])
    for dtype, tag in INTS:
        lo = 0 if tag.startswith("u") else -30
        for i, (sa, sb) in enumerate(shapes[:2]):
            a, b = randint(sa, dtype, lo, 30), randint(sb, dtype, lo, 30)
            add("matmul", f"matmul_{i}_{tag}", "MatMul", 9 if i else 13, {}, [a, b], [np.matmul(a, b).astype(dtype)])


# ---------------------------------------------------------------- activations

def activation_cases():
    x = rand([3, 4, 5], np.float64, -4.0, 4.0)
    tx = t(x)
    alpha = f32(0.1)
    one = {
        "Relu": (14, {}, F.relu(tx)),
        "LeakyRelu": (16, {"alpha": alpha}, F.leaky_relu(tx, alpha)),
        "Elu": (6, {"alpha": f32(0.7)}, F.elu(tx, f32(0.7))),
        "Sigmoid": (13, {}, torch.sigmoid(tx)),
        "Tanh": (13, {}, torch.tanh(tx)),
        "Softplus": (1, {}, F.softplus(tx)),
        "Softsign": (1, {}, F.softsign(tx)),
        "HardSwish": (14, {}, F.hardswish(tx)),
        "Erf": (13, {}, torch.erf(tx)),
        "Exp": (13, {}, torch.exp(tx)),
        "Log": (13, {}, torch.log(tx.abs() + 0.01)),
    }
    for op, (opset, attrs, y) in one.items():
        inp = np.abs(x) + 0.01 if op == "Log" else x
        add("activation", f"{op.lower()}_f64", op, opset, attrs, [inp], [y.numpy()])
    # Selu with ONNX's default alpha and gamma (as float32 attributes).
    sa, sg = f32(1.67326319217681884765625), f32(1.05070102214813232421875)
    add("activation", "selu_f64", "Selu", 6, {"alpha": sa, "gamma": sg}, [x],
        [np.where(x > 0, sg * x, sg * sa * (np.exp(x) - 1))])
    ha, hb = f32(0.3), f32(0.4)
    add("activation", "hardsigmoid_f64", "HardSigmoid", 6, {"alpha": ha, "beta": hb}, [x],
        [np.clip(ha * x + hb, 0, 1)])
    th = f32(0.5)
    add("activation", "thresholdedrelu_f64", "ThresholdedRelu", 10, {"alpha": th}, [x], [np.where(x > th, x, 0.0)])
    slope = rand([4, 1], np.float64)
    add("activation", "prelu_f64", "PRelu", 16, {}, [x, slope],
        [F.prelu(tx, t(slope.ravel())).numpy()])
    for dtype in (np.int8, np.int16, np.int32, np.int64):
        xi = randint([3, 7], dtype, np.iinfo(dtype).min, int(np.iinfo(dtype).max) + 1)
        add("activation", f"relu_{DTYPES[dtype]}", "Relu", 14, {}, [xi], [np.maximum(xi, 0).astype(dtype)])
    for dtype, tag in INTS:
        lo = 0 if tag.startswith("u") else -50
        xi = randint([2, 3, 4], dtype, lo, 50)
        si = randint([3, 1], dtype, 0 if lo == 0 else -5, 6)
        y = np.where(xi < 0, xi * si, xi).astype(dtype)
        add("activation", f"prelu_{tag}", "PRelu", 9, {}, [xi, si], [y])


# ---------------------------------------------------------------- reductions

def reduce_ref(op, x, axes, keepdims):
    ax = tuple(axes) if axes else None
    xd = x.astype(np.float64) if x.dtype.kind == "f" else x.astype(np.int64 if x.dtype.kind == "i" else np.uint64)
    r = {
        "ReduceSum": lambda: np.sum(xd, axis=ax, keepdims=keepdims),
        "ReduceMean": lambda: np.mean(x.astype(np.float64), axis=ax, keepdims=keepdims),
        "ReduceMax": lambda: np.max(xd, axis=ax, keepdims=keepdims),
        "ReduceMin": lambda: np.min(xd, axis=ax, keepdims=keepdims),
        "ReduceProd": lambda: np.prod(xd, axis=ax, keepdims=keepdims),
        "ReduceL1": lambda: np.sum(np.abs(xd), axis=ax, keepdims=keepdims),
        "ReduceL2": lambda: np.sqrt(np.sum(np.square(x.astype(np.float64)), axis=ax, keepdims=keepdims)),
        "ReduceLogSum": lambda: np.log(np.sum(x.astype(np.float64), axis=ax, keepdims=keepdims)),
        "ReduceLogSumExp": lambda: np.log(np.sum(np.exp(x.astype(np.float64)), axis=ax, keepdims=keepdims)),
        "ReduceSumSquare": lambda: np.sum(np.square(xd), axis=ax, keepdims=keepdims),
    }[op]()
    return np.trunc(r).astype(x.dtype) if x.dtype.kind != "f" else r.astype(x.dtype)


def reduce_cases():
    ops = ("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
           "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare")
    int_types = {op: [np.int32, np.int64, np.uint32, np.uint64] for op in ops if op != "ReduceLogSumExp"}
    int_types["ReduceMax"] += [np.int8, np.uint8]
    int_types["ReduceMin"] += [np.int8, np.uint8]
    for op in ops:
        opset = 11 if op == "ReduceSum" else 13
        for axes, keep in (([1], 1), ([0, 2], 0), ([], 1)):
            attrs = {"keepdims": keep}
            if axes:
                attrs["axes"] = axes
            x = rand([3, 4, 2], np.float64, 0.1 if op in ("ReduceLogSum",) else -1.0, 1.0)
            add("reduce", f"{op.lower()}_{len(axes)}axes_f64", op, opset, attrs, [x], [reduce_ref(op, x, axes, keep)])
        for dtype in int_types.get(op, []):
            signed = np.issubdtype(dtype, np.signedinteger)
            if op == "ReduceProd":
                x = randint([2, 3, 2], dtype, -3 if signed else 1, 4)
            elif op == "ReduceLogSum":
                x = randint([2, 3, 4], dtype, 1, 100)
            elif dtype in (np.int8, np.uint8):
                x = randint([2, 3, 4], dtype, np.iinfo(dtype).min, int(np.iinfo(dtype).max) + 1)
            else:
                x = randint([2, 3, 4], dtype, -1000 if signed else 0, 1000)
            add("reduce", f"{op.lower()}_{DTYPES[dtype]}", op, opset, {"axes": [0, 2], "keepdims": 1}, [x],
                [reduce_ref(op, x, [0, 2], 1)])
    # ReduceSum 13: axes as an input.
    x = rand([3, 4, 2], np.float64)
    add("reduce", "reducesum13_axes_input_f64", "ReduceSum", 13, {"keepdims": 0}, [x, np.array([-1, 0], np.int64)],
        [np.sum(x, axis=(0, 2))])
    for dtype in (np.uint32, np.uint64):
        xi = randint([3, 4], dtype, 0, 1 << 20)
        add("reduce", f"reducesum13_{DTYPES[dtype]}", "ReduceSum", 13, {}, [xi, np.array([1], np.int64)],
            [np.sum(xi, axis=1, keepdims=True).astype(dtype)])


# ---------------------------------------------------------------- softmax family

def softmax_cases():
    x = rand([2, 3, 4], np.float64, -3.0, 3.0)
    for axis in (-1, 1):
        add("softmax", f"softmax13_axis{axis}_f64", "Softmax", 13, {"axis": axis}, [x],
            [torch.softmax(t(x), axis).numpy()])
        add("softmax", f"logsoftmax13_axis{axis}_f64", "LogSoftmax", 13, {"axis": axis}, [x],
            [torch.log_softmax(t(x), axis).numpy()])
        hard = np.zeros_like(x)
        np.put_along_axis(hard, np.expand_dims(np.argmax(x, axis=axis), axis), 1.0, axis=axis)
        add("softmax", f"hardmax13_axis{axis}_f64", "Hardmax", 13, {"axis": axis}, [x], [hard])
    # Opset 11: the input is coerced to 2-D at axis.
    flat = t(x).reshape(2, 12)
    add("softmax", "softmax11_axis1_f64", "Softmax", 11, {"axis": 1}, [x],
        [torch.softmax(flat, 1).reshape(2, 3, 4).numpy()])
    add("softmax", "logsoftmax11_axis1_f64", "LogSoftmax", 11, {"axis": 1}, [x],
        [torch.log_softmax(flat, 1).reshape(2, 3, 4).numpy()])


# ---------------------------------------------------------------- normalization

def norm_cases():
    x = rand([2, 3, 4, 5], np.float64, -2.0, 2.0)
    scale, bias = rand([3], np.float64), rand([3], np.float64)
    mean, var = rand([3], np.float64), rand([3], np.float64, 0.5, 2.0)
    eps = f32(1e-5)
    y = F.batch_norm(t(x), t(mean), t(var), t(scale), t(bias), training=False, eps=eps)
    add("norm", "batchnorm15_f64", "BatchNormalization", 15, {"epsilon": eps}, [x, scale, bias, mean, var],
        [y.numpy()])
    y = F.batch_norm(t(x), t(mean), t(var), t(scale), t(bias), training=False, eps=eps)
    add("norm", "batchnorm9_f64", "BatchNormalization", 9, {"epsilon": eps}, [x, scale, bias, mean, var], [y.numpy()])
    y = F.instance_norm(t(x), weight=t(scale), bias=t(bias), eps=eps)
    add("norm", "instancenorm_f64", "InstanceNormalization", 6, {"epsilon": eps}, [x, scale, bias], [y.numpy()])
    for axis in (-1, 1):
        shape = list(x.shape[axis:]) if axis > 0 else [x.shape[-1]]
        g, b = rand(shape, np.float64), rand(shape, np.float64)
        y = F.layer_norm(t(x), shape, t(g), t(b), eps=eps)
        add("norm", f"layernorm_axis{axis}_f64", "LayerNormalization", 17, {"axis": axis, "epsilon": eps}, [x, g, b],
            [y.numpy()])
    for p in (1, 2):
        y = F.normalize(t(x), p=p, dim=1)
        add("norm", f"lpnorm_p{p}_axis1_f64", "LpNormalization", 1, {"p": p, "axis": 1}, [x], [y.numpy()])
    m = x.mean(axis=(0, 2, 3), keepdims=True)
    sd = np.sqrt((x * x).mean(axis=(0, 2, 3), keepdims=True) - m * m)
    add("norm", "mvn_f64", "MeanVarianceNormalization", 13, {}, [x], [(x - m) / (sd + 1e-9)], tol=(1e-10, 1e-9))


# ---------------------------------------------------------------- detection: NMS, RoiAlign

def nms_reference(boxes, scores, max_per_class, iou, score_threshold, center):
    """ONNX NonMaxSuppression through torchvision.ops.nms, per batch and class."""
    import torchvision
    out = []
    for b in range(boxes.shape[0]):
        bx = boxes[b].astype(np.float32)
        if center:
            xc, yc, w, h = bx[:, 0], bx[:, 1], bx[:, 2], bx[:, 3]
            xyxy = np.stack([xc - w / 2, yc - h / 2, xc + w / 2, yc + h / 2], axis=1)
        else:  # [y1, x1, y2, x2], either diagonal
            xyxy = np.stack([np.minimum(bx[:, 1], bx[:, 3]), np.minimum(bx[:, 0], bx[:, 2]),
                             np.maximum(bx[:, 1], bx[:, 3]), np.maximum(bx[:, 0], bx[:, 2])], axis=1)
        for c in range(scores.shape[1]):
            s = scores[b, c]
            keep = np.arange(len(s)) if score_threshold is None else np.nonzero(s > score_threshold)[0]
            sel = torchvision.ops.nms(t(xyxy[keep]), t(s[keep]), float(iou)).numpy()
            for i in keep[sel][:max_per_class]:
                out.append([b, c, int(i)])
    return np.array(out, dtype=np.int64).reshape(-1, 3)


def nms_case(name, batches, classes, n, max_per_class, iou, score_threshold, center=False, flip=False):
    yx = rng.uniform(0, 10, size=(batches, n, 2))
    hw = rng.uniform(0.5, 4, size=(batches, n, 2))
    if center:
        boxes = np.concatenate([yx[..., ::-1], hw[..., ::-1]], axis=2).astype(np.float32)  # x, y, w, h
    else:
        boxes = np.concatenate([yx, yx + hw], axis=2).astype(np.float32)
        if flip:
            boxes[:, ::2] = boxes[:, ::2][..., [2, 3, 0, 1]]
    scores = rng.permutation(batches * classes * n).reshape(batches, classes, n).astype(np.float32) / (batches * classes * n)
    inputs = [boxes, scores, np.array([max_per_class], np.int64), np.array([iou], np.float32),
              None if score_threshold is None else np.array([score_threshold], np.float32)]
    if score_threshold is None:
        inputs = inputs[:4]
    y = nms_reference(boxes, scores, max_per_class, np.float32(iou), score_threshold and np.float32(score_threshold), center)
    add("nms", name, "NonMaxSuppression", 11, {"center_point_box": 1} if center else {}, inputs, [y])


def nms_cases():
    nms_case("two_batches_three_classes", 2, 3, 24, 5, 0.4, 0.2)
    nms_case("score_threshold_high", 2, 2, 30, 100, 0.5, 0.7)
    nms_case("no_score_threshold", 1, 3, 16, 4, 0.3, None)
    nms_case("center_point_box", 3, 2, 20, 6, 0.45, 0.1, center=True)
    nms_case("flipped_corners", 2, 2, 20, 8, 0.3, 0.0, flip=True)
    nms_case("iou_zero", 1, 2, 12, 12, 0.0, 0.0)
    nms_case("max_zero", 2, 2, 8, 0, 0.5, 0.0)


def roi_align_cases():
    import torchvision
    for dtype, tag in ((np.float32, "f32"), (np.float64, "f64")):
        x = rand([2, 3, 10, 12], dtype)
        rois = np.array([[0.5, 1.0, 7.5, 6.0], [-2.0, -1.0, 4.0, 3.5], [6.0, 4.0, 13.0, 11.5],
                         [2.0, 2.0, 2.4, 2.3], [1.0, 0.0, 11.0, 9.0]], dtype)
        batch = np.array([0, 1, 1, 0, 1], np.int64)
        boxes = np.concatenate([batch[:, None].astype(dtype), rois], axis=1)
        for opset, ctm, aligned in ((16, "half_pixel", True), (16, "output_half_pixel", False), (10, None, False)):
            for oh, ow, ratio, scale in ((3, 4, 0, 1.0), (2, 2, 2, 0.5), (5, 3, 1, 0.75)):
                y = torchvision.ops.roi_align(t(x), t(boxes), (oh, ow), spatial_scale=scale, sampling_ratio=ratio,
                                              aligned=aligned).numpy()
                attrs = {"output_height": oh, "output_width": ow, "sampling_ratio": ratio, "spatial_scale": f32(scale)}
                if ctm is not None:
                    attrs["coordinate_transformation_mode"] = ctm
                add("roi_align", f"opset{opset}_{ctm}_{oh}x{ow}_r{ratio}_{tag}", "RoiAlign", opset, attrs, [x, rois, batch], [y],
                    tol=(1e-5, 1e-4) if dtype == np.float32 else (1e-12, 1e-10))


# ---------------------------------------------------------------- GridSample

def grid_sample_cases():
    for dtype, tag in ((np.float32, "f32"), (np.float64, "f64")):
        x = rand([2, 3, 5, 7], dtype)
        grid = rand([2, 4, 6, 2], dtype, -1.6, 1.6)  # some points outside [-1, 1]
        for mode in ("bilinear", "nearest", "bicubic"):
            for pad in ("zeros", "border", "reflection"):
                for align in (0, 1):
                    y = F.grid_sample(t(x), t(grid), mode=mode, padding_mode=pad, align_corners=bool(align)).numpy()
                    add("grid_sample", f"{mode}_{pad}_align{align}_{tag}", "GridSample", 16,
                        {"mode": mode, "padding_mode": pad, "align_corners": align}, [x, grid], [y])


# ---------------------------------------------------------------- Unique

def unique_case(name, x, axis, sorted_):
    y, idx, inv, counts = np.unique(x, return_index=True, return_inverse=True, return_counts=True, axis=axis)
    inv = inv.reshape(-1)
    if not sorted_:  # numpy sorts: reorder by first occurrence
        order = np.argsort(idx, kind="stable")
        place = np.argsort(order, kind="stable")
        y = np.take(y, order, axis=0 if axis is None else axis)
        idx, counts, inv = idx[order], counts[order], place[inv]
    attrs = {"sorted": int(sorted_)}
    if axis is not None:
        attrs["axis"] = axis
    add("unique", name, "Unique", 11, attrs, [x], [y, idx.astype(np.int64), inv.astype(np.int64), counts.astype(np.int64)])


def unique_cases():
    x = randint([30], np.int64, -4, 5)
    unique_case("int64_flat_sorted", x, None, True)
    unique_case("int64_flat_unsorted", x, None, False)
    f = randint([6, 4], np.int32, 0, 2).astype(np.float32)
    f[3] = f[1]
    unique_case("float_rows_axis0", f, 0, True)
    unique_case("float_rows_axis0_unsorted", f, 0, False)
    unique_case("float_cols_axis1", f.T.copy(), 1, True)
    unique_case("float_cols_negative_axis", f.T.copy(), -1, False)
    g = randint([2, 5, 3], np.int32, 0, 2)
    g[:, 4] = g[:, 0]
    unique_case("int32_3d_axis1", g, 1, True)
    unique_case("int32_3d_axis1_unsorted", g, 1, False)
    unique_case("uint8_3d_flat", randint([3, 4, 2], np.uint8, 0, 6), None, True)
    unique_case("float64_flat_unsorted", rng.choice([0.5, -1.25, 3.0, 0.0], size=17).astype(np.float64), None, False)


# ---------------------------------------------------------------- DFT / STFT

def as_pairs(c, dtype):
    return np.stack([c.real, c.imag], axis=-1).astype(dtype)


def dft_cases():
    for dtype, tag in ((np.float32, "f32"), (np.float64, "f64")):
        tol = (2e-4, 1e-4) if dtype == np.float32 else (1e-10, 1e-10)
        real = rand([2, 12, 3], dtype)
        cplx = rand([2, 12, 3], dtype) + 1j * rand([2, 12, 3], dtype)
        for axis in (1, 2, -2):
            ax = axis if axis >= 0 else axis + 4  # ONNX's axis counts the trailing [1 or 2] dimension too
            add("dft", f"real_axis{axis}_{tag}", "DFT", 17, {"axis": axis}, [real[..., None]],
                [as_pairs(np.fft.fft(real, axis=ax), dtype)], tol=tol)
            add("dft", f"complex_axis{axis}_{tag}", "DFT", 17, {"axis": axis}, [as_pairs(cplx, dtype)],
                [as_pairs(np.fft.fft(cplx, axis=ax), dtype)], tol=tol)
            add("dft", f"inverse_axis{axis}_{tag}", "DFT", 17, {"axis": axis, "inverse": 1}, [as_pairs(cplx, dtype)],
                [as_pairs(np.fft.ifft(cplx, axis=ax), dtype)], tol=tol)
        add("dft", f"onesided_{tag}", "DFT", 17, {"axis": 1, "onesided": 1}, [real[..., None]],
            [as_pairs(np.fft.rfft(real, axis=1), dtype)], tol=tol)
        add("dft", f"onesided_odd_length_{tag}", "DFT", 17, {"axis": 1, "onesided": 1}, [real[:, :11, :, None]],
            [as_pairs(np.fft.rfft(real[:, :11], axis=1), dtype)], tol=tol)
        for n in (16, 7):  # zero-padded, truncated
            add("dft", f"dft_length{n}_{tag}", "DFT", 17, {"axis": 1}, [as_pairs(cplx, dtype), np.array(n, np.int64)],
                [as_pairs(np.fft.fft(cplx, n=n, axis=1), dtype)], tol=tol)
        # Inverse of numpy's forward transform gives the signal back.
        add("dft", f"inverse_round_trip_{tag}", "DFT", 17, {"axis": 1, "inverse": 1},
            [as_pairs(np.fft.fft(cplx, axis=1), dtype)], [as_pairs(cplx, dtype)], tol=tol)


def stft_cases():
    for dtype, tag in ((np.float32, "f32"), (np.float64, "f64")):
        tol = (2e-4, 1e-4) if dtype == np.float32 else (1e-10, 1e-10)
        sig = rand([2, 50], dtype)
        window = torch.hann_window(16, dtype=torch.float64).numpy().astype(dtype)
        for step, onesided in ((4, 1), (5, 0)):
            y = torch.stft(t(sig), n_fft=16, hop_length=step, win_length=16, window=t(window), center=False,
                           onesided=bool(onesided), return_complex=True).numpy()
            add("stft", f"window_step{step}_onesided{onesided}_{tag}", "STFT", 17, {"onesided": onesided},
                [sig[..., None], np.array(step, np.int64), window], [as_pairs(np.swapaxes(y, 1, 2), dtype)], tol=tol)
        y = torch.stft(t(sig), n_fft=10, hop_length=3, center=False, onesided=True, return_complex=True,
                       window=torch.ones(10, dtype=t(sig).dtype)).numpy()
        add("stft", f"frame_length_only_{tag}", "STFT", 17, {},
            [sig[..., None], np.array(3, np.int64), None, np.array(10, np.int64)], [as_pairs(np.swapaxes(y, 1, 2), dtype)], tol=tol)
        csig = sig + 1j * rand([2, 50], dtype)
        y = torch.stft(t(csig), n_fft=12, hop_length=6, win_length=12, window=t(window[:12].copy()), center=False,
                       onesided=False, return_complex=True).numpy()
        add("stft", f"complex_signal_{tag}", "STFT", 17, {"onesided": 0},
            [as_pairs(csig, dtype), np.array(6, np.int64), window[:12].copy()], [as_pairs(np.swapaxes(y, 1, 2), dtype)], tol=tol)


# ---------------------------------------------------------------- quantization

QRANGE = {np.uint8: (0, 255), np.int8: (-128, 127)}
TORCH_Q = {np.uint8: torch.quint8, np.int8: torch.qint8}


def quantize_cases():
    # Scales are powers of two, so torch's x * (1 / scale) is x / scale exactly;
    # values include ties (k + 0.5 steps: to even) and values far out of range.
    for qt, tag in ((np.uint8, "u8"), (np.int8, "i8")):
        x = np.concatenate([rand([40], np.float32, -40, 40), np.array([0.125, 0.375, -0.125, -0.625, 1000, -1000], np.float32)])
        x = x.reshape(2, 23)
        zp = 3 if qt == np.uint8 else -2
        y = torch.quantize_per_tensor(t(x), 0.25, zp, TORCH_Q[qt]).int_repr().numpy()
        add("quantize", f"per_tensor_{tag}", "QuantizeLinear", 13, {}, [x, np.array(0.25, np.float32), np.array(zp, qt)], [y])
        add("quantize", f"per_tensor_opset10_{tag}", "QuantizeLinear", 10, {}, [x, np.array(0.25, np.float32), np.array(zp, qt)], [y])
        xs = rand([2, 3, 4], np.float32, -300, 300)
        xs[0, :, 0] = [0.25, 0.75, 2.5]  # ties in each channel's step
        for axis in (1, -2):
            scales = np.array([0.5, 1.0, 2.0], np.float32)
            zps = np.array([0, 5, 100] if qt == np.uint8 else [0, -5, 100], qt)
            y = torch.quantize_per_channel(t(xs), t(scales.astype(np.float64)), t(zps.astype(np.int64)), 1, TORCH_Q[qt]).int_repr().numpy()
            add("quantize", f"per_axis{axis}_{tag}", "QuantizeLinear", 13, {"axis": axis}, [xs, scales, zps], [y])
        q = randint([3, 5], qt, *QRANGE[qt])
        qz = np.array([7, 0, 250] if qt == np.uint8 else [7, 0, -120], qt)
        s = np.array([0.1, 0.02, 3.0], np.float32)
        y = torch._make_per_channel_quantized_tensor(t(q), t(s.astype(np.float64)), t(qz.astype(np.int64)), 0).dequantize().numpy()
        add("quantize", f"dequantize_per_axis0_{tag}", "DequantizeLinear", 13, {"axis": 0}, [q, s, qz], [y.astype(np.float32)])
        y = torch._make_per_tensor_quantized_tensor(t(q), 0.05, int(qz[0])).dequantize().numpy()
        add("quantize", f"dequantize_per_tensor_{tag}", "DequantizeLinear", 10, {}, [q, np.array(0.05, np.float32), qz[:1].reshape(())],
            [y.astype(np.float32)])
    q32 = randint([6], np.int32, -100000, 100000)
    add("quantize", "dequantize_int32", "DequantizeLinear", 13, {}, [q32, np.array(0.5, np.float32)],
        [(q32.astype(np.float64) * 0.5).astype(np.float32)])
    # DynamicQuantizeLinear, as ONNX's formula in numpy (rint: ties to even).
    for name, x in (("mixed", rand([3, 7], np.float32, -3, 5)), ("positive", rand([10], np.float32, 1, 2)),
                    ("negative", rand([2, 4], np.float32, -6, -1)), ("zeros", np.zeros([4], np.float32))):
        lo, hi = min(0.0, float(x.min())), max(0.0, float(x.max()))
        scale = np.float32((np.float32(hi) - np.float32(lo)) / np.float32(255))
        zp = np.uint8(np.clip(np.rint(-np.float32(lo) / scale), 0, 255)) if scale != 0 else np.uint8(0)
        y = np.clip(np.rint(x / scale) + zp, 0, 255).astype(np.uint8) if scale != 0 else np.zeros(x.shape, np.uint8)
        add("quantize", f"dynamic_{name}", "DynamicQuantizeLinear", 11, {}, [x],
            [y, np.array(scale, np.float32), np.array(zp, np.uint8)])


def requantize(acc, multiplier, zp, qt):
    lo, hi = QRANGE[qt]
    return np.clip(np.rint(acc.astype(np.float32) * multiplier) + zp, lo, hi).astype(qt)


def qlinear_cases():
    for at, bt, yt, tag in ((np.uint8, np.uint8, np.uint8, "u8u8u8"), (np.int8, np.int8, np.int8, "i8i8i8"),
                            (np.uint8, np.int8, np.int8, "u8i8i8")):
        a = randint([2, 3, 5], at, *QRANGE[at])
        b = randint([5, 4], bt, *QRANGE[bt])
        az, bz, yz = np.array(QRANGE[at][0] + 11, at), np.array(QRANGE[bt][0] + 120, bt), np.array(QRANGE[yt][0] + 60, yt)
        acc = np.matmul(a.astype(np.int32) - int(az), b.astype(np.int32) - int(bz))
        add("qlinear", f"matmul_integer_{tag}", "MatMulInteger", 10, {}, [a, b, az, bz], [acc.astype(np.int32)])
        # per-row zero point of A and per-column of B
        azr = randint([3], at, *QRANGE[at])
        bzc = randint([4], bt, *QRANGE[bt])
        acc_rc = np.matmul(a.astype(np.int32) - azr.astype(np.int32)[:, None], b.astype(np.int32) - bzc.astype(np.int32)[None, :])
        add("qlinear", f"matmul_integer_per_row_col_{tag}", "MatMulInteger", 10, {}, [a, b, azr, bzc], [acc_rc.astype(np.int32)])
        sa, sb, sy = np.float32(0.02), np.float32(0.05), np.float32(0.3)
        mult = np.float32(sa * sb / sy)
        add("qlinear", f"qlinear_matmul_{tag}", "QLinearMatMul", 10, {},
            [a, np.array(sa), az, b, np.array(sb), bz, np.array(sy), yz], [requantize(acc, mult, int(yz), yt)])
        # Convolutions through torch in float64 (sums of small integers are exact).
        x = randint([1, 4, 6, 5], at, *QRANGE[at])
        w = randint([6, 2, 3, 3], bt, *QRANGE[bt])
        xz = np.array(QRANGE[at][0] + 9, at)
        wz = randint([6], bt, *QRANGE[bt])
        for pads, strides, dil in (((1, 1, 1, 1), (1, 1), (1, 1)), ((0, 1, 2, 0), (2, 1), (1, 2))):
            xp = F.pad(t(x.astype(np.float64) - int(xz)), (pads[1], pads[3], pads[0], pads[2]))
            acc = F.conv2d(xp, t(w.astype(np.float64) - wz.astype(np.float64)[:, None, None, None]), stride=strides,
                           dilation=dil, groups=2).numpy().round().astype(np.int32)
            attrs = {"pads": list(pads), "strides": list(strides), "dilations": list(dil), "group": 2}
            key = f"p{''.join(map(str, pads))}_s{strides[0]}{strides[1]}_d{dil[0]}{dil[1]}_{tag}"
            add("qlinear", f"conv_integer_{key}", "ConvInteger", 10, attrs, [x, w, xz, wz], [acc])
            bias = randint([6], np.int32, -500, 500)
            ws = np.array([0.01, 0.02, 0.04, 0.005, 0.03, 0.06], np.float32)
            sx, sy = np.float32(0.05), np.float32(0.2)
            mult = (sx * ws / sy).astype(np.float32)[None, :, None, None]
            y = np.clip(np.rint((acc + bias[None, :, None, None]).astype(np.float32) * mult) + int(yz), *QRANGE[yt]).astype(yt)
            add("qlinear", f"qlinear_conv_per_channel_{key}", "QLinearConv", 10, attrs,
                [x, np.array(sx), xz, w, ws, wz, np.array(sy), yz, bias], [y])


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    for make in (conv_cases, conv_transpose_cases, pool_cases, lp_pool_cases, gemm_cases, matmul_cases,
                 activation_cases, reduce_cases, softmax_cases, norm_cases, nms_cases, roi_align_cases,
                 grid_sample_cases, unique_cases, dft_cases, stft_cases, quantize_cases, qlinear_cases):
        make()
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write("\n".join(cases) + "\n")
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    print(f"{len(cases)} cases in {sys.argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
