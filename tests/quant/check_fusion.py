#!/usr/bin/python3
"""Converts tests/quant's QDQ models and checks which operators the files
hold: each fusable group became its quantized operator (no DequantizeLinear,
QuantizeLinear or float operator left), and the one that must not fuse kept
its float form.

usage: check_fusion.py SPUD MODELS_DIR OUT_DIR
"""
import json
import os
import subprocess
import sys

EXPECT = {
    "qdq_conv_uint8_per_channel_bias": ({"QLinearConv": 1}, {"Conv", "DequantizeLinear", "QuantizeLinear"}),
    "qdq_matmul_int8_per_column": ({"QLinearMatMul": 1}, {"MatMul", "DequantizeLinear", "QuantizeLinear"}),
    "qdq_add_uint8": ({"com.microsoft.QLinearAdd": 1}, {"Add", "DequantizeLinear", "QuantizeLinear"}),
    "qdq_mul_int8": ({"com.microsoft.QLinearMul": 1}, {"Mul", "DequantizeLinear", "QuantizeLinear"}),
    "qdq_conv_bias_scale_not_fused": ({"QuantizeLinear": 1}, {"QLinearConv"}),
    "qdq_conv_relu_uint8": ({"QLinearConv": 1}, {"Conv", "Relu", "DequantizeLinear", "QuantizeLinear"}),
    "qdq_conv_relu6_uint8": ({"QLinearConv": 1}, {"Conv", "Clip", "DequantizeLinear", "QuantizeLinear"}),
    "qdq_gemm_uint8_trans_b_bias": ({"com.microsoft.QGemm": 1}, {"Gemm", "DequantizeLinear", "QuantizeLinear"}),
    "qdq_concat_uint8_requantized": ({"com.microsoft.QLinearConcat": 1}, {"DequantizeLinear", "QuantizeLinear"}),
    "qdq_concat_uint8_same_parameters": ({"Concat": 1}, {"DequantizeLinear", "QuantizeLinear"}),
    "qdq_global_average_pool_int8": ({"com.microsoft.QLinearGlobalAveragePool": 1}, {"DequantizeLinear"}),
    "qdq_sigmoid_int8": ({"com.microsoft.QLinearSigmoid": 1}, {"DequantizeLinear", "Sigmoid"}),
    "qdq_small_cnn_uint8": ({"QLinearConv": 1, "MaxPool": 1, "Reshape": 1, "com.microsoft.QGemm": 1},
                            {"DequantizeLinear", "QuantizeLinear", "Conv", "Gemm"}),
}


def main():
    spud, models, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    failed = 0
    for name, (want, absent) in sorted(EXPECT.items()):
        target = os.path.join(out, name + ".spud")
        subprocess.run([spud, "convert", os.path.join(models, name, "model.onnx"), "-o", target, "--overwrite-config"],
                       check=True, stdout=subprocess.DEVNULL)
        ops = json.loads(subprocess.run([spud, "check", target, "--json"], capture_output=True, text=True).stdout)["operators"]
        bad = [f"{op} x{n} expected, found {ops.get(op, 0)}" for op, n in want.items() if ops.get(op, 0) != n]
        bad += [f"{op} should be gone" for op in absent if op in ops]
        print(f"{name}: {ops} {'ok' if not bad else 'FAIL: ' + '; '.join(bad)}")
        failed += bool(bad)
    # --no-qdq-fusion keeps the group in float, and the file says it was asked for.
    target = os.path.join(out, "no_fusion.spud")
    subprocess.run([spud, "convert", os.path.join(models, "qdq_add_uint8", "model.onnx"), "-o", target,
                    "--no-qdq-fusion", "--overwrite-config"], check=True, stdout=subprocess.DEVNULL)
    j = json.loads(subprocess.run([spud, "check", target, "--json"], capture_output=True, text=True).stdout)
    kept = "Add" in j["operators"] and "com.microsoft.QLinearAdd" not in j["operators"]
    recorded = {"key": "no_qdq_fusion", "value": "yes"} in j["conversion"]
    print(f"--no-qdq-fusion: {j['operators']}, recorded: {recorded} {'ok' if kept and recorded else 'FAIL'}")
    failed += not (kept and recorded)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
