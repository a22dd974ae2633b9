#!/usr/bin/python3
"""make bench: spud and ONNX Runtime side by side on the seven torchvision models.

For each model and thread count, `spud run` and ort_run.js (onnxruntime-node,
CPU execution provider) each run the same input in a process of their own,
taking turns for --rounds rounds (the machines are shared: a neighbour busy
during one runtime's turn and not the other's skews a single pair).
The table gives their latencies, the time from file to ready session, each
process's peak RSS and the largest difference between the two outputs. Writes
docs/benchmarks.md and the bar chart docs/benchmarks.png, but only when every
model ran in both runtimes; otherwise the failed cells say "failed", the
errors are printed and the exit code is 1.

Models come from tests/e2e/export_torchvision.py: BUILD/e2e-data/<model> when
the tests made it, else exported to BUILD/bench-data/<model>. Converted models,
inputs and outputs go to BUILD/bench-out/<model>/.

Run with Debian's interpreter: /usr/bin/python3.
"""
import argparse
import datetime
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from google.protobuf.message import DecodeError
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODELS = ["mobilenet_v2", "resnet18", "squeezenet1_1", "shufflenet_v2_x1_0", "efficientnet_b0",
          "mnasnet1_0", "googlenet"]
DEFAULT_RUNS = 20
DEFAULT_ROUNDS = 5
WARMUP = 3
FAILED, NA = "failed", "n/a"
NUMBER = r"([0-9.]+(?:[eE][+-]?[0-9]+)?)"
READY_RE = re.compile(r"^ready:\s*" + NUMBER + r" ms", re.M)
LATENCY_RE = re.compile(r"^latency: min " + NUMBER + r" ms, median " + NUMBER + r" ms over (\d+) run", re.M)
COLUMNS = ["model", "spud median ms", "spud min ms", "ORT median ms", "ORT min ms", "spud/ORT",
           "spud ready ms", "ORT session ms", "ready ratio", "spud ready ms, not pre-packed", "spud peak RSS MB",
           "ORT peak RSS MB", "max abs diff"]


class Failure(Exception):
    """One step of one model that did not work; the message says which and why."""


def die(message):
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(1)


# Starts a command from a fresh small interpreter and writes "<ru_maxrss KiB> <exit code>" to
# argv[1]. Linux carries a process's peak RSS across exec, so a child of bench.py itself would
# report at least bench.py's own ~40 MB; a child forked from this one starts from ~8 MB.
SPAWN = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    except OSError as e:
        sys.stderr.write(f"cannot start {sys.argv[2]}: {e}\\n")
    os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run(argv, what):
    """Runs argv as a process of its own; returns (stdout, peak RSS in MB) or raises Failure."""
    with tempfile.NamedTemporaryFile("r") as rusage:
        p = subprocess.run([sys.executable, "-S", "-I", "-c", SPAWN, rusage.name] + argv,
                           capture_output=True, text=True, errors="replace")
        fields = rusage.read().split()
    code = int(fields[1]) if len(fields) == 2 else p.returncode
    if code != 0:
        how = f"exit code {code}" if code > 0 else f"killed by signal {-code}"
        tail = "\n".join("    " + line for line in p.stderr.strip().splitlines()[-10:])
        raise Failure(f"{what} failed ({how}): {' '.join(argv)}\n{tail}")
    return p.stdout, int(fields[0]) / 1024


def model_dirs(build, names):
    """Each model's export directory; exports the ones the e2e tests have not made."""
    def exported(d):  # the export script's own test: output_0.pb is written last
        return all(os.path.exists(os.path.join(d, f)) for f in ("model.onnx", "test_data_set_0/output_0.pb"))
    dirs, missing = {}, []
    for m in names:
        found = [d for d in (os.path.join(build, sub, m) for sub in ("e2e-data", "bench-data")) if exported(d)]
        if found:
            dirs[m] = found[0]
        else:
            missing.append(m)
    if missing:
        outdir = os.path.join(build, "bench-data")
        print(f"exporting {', '.join(missing)} to {outdir} (10-60 s each)", flush=True)
        cmd = [sys.executable, os.path.join(ROOT, "tests/e2e/export_torchvision.py"), outdir,
               "--models", ",".join(missing)]
        if subprocess.run(cmd).returncode != 0:
            die("exporting the models failed: " + " ".join(cmd))
        dirs.update((m, os.path.join(outdir, m)) for m in missing)
    return dirs


def prepare(args, m, src, errors):
    """Writes the input as raw float32 and converts the model; returns what both runtimes need
    (job["spud"] is None when the conversion failed)."""
    out = os.path.join(args.build, "bench-out", m)
    os.makedirs(out, exist_ok=True)
    # The file measured is converted with --prepack; the one without it only
    # for its ready time (the latencies are the same kernels').
    spud_model, plain_model = os.path.join(out, "model.spud"), os.path.join(out, "model-not-prepacked.spud")
    try:
        text = ""
        for target, extra in ((spud_model, ["--prepack"]), (plain_model, [])):
            stdout, _ = run([args.spud, "convert", os.path.join(src, "model.onnx"), "-o", target] + extra,
                            f"{m}: spud convert {' '.join(extra)}")
            text += stdout
        with open(os.path.join(out, "convert.txt"), "w") as f:
            f.write(text)
    except Failure as e:
        errors.append(str(e))
        spud_model = None
    pb = os.path.join(src, "test_data_set_0", "input_0.pb")
    tensor = onnx.load_tensor(pb)
    x = numpy_helper.to_array(tensor)
    if x.dtype != np.float32:
        raise Failure(f"{m}: {pb} holds {x.dtype}, not float32")
    raw = os.path.join(out, "input.bin")
    x.astype("<f4").tofile(raw)
    return {"model": m, "out": out, "onnx": os.path.join(src, "model.onnx"), "spud": spud_model,
            "plain": plain_model, "pb": pb, "raw": raw, "name": tensor.name or "input", "shape": x.shape}


def run_spud(args, job, threads):
    """spud run: min and median over --repeat N runs after WARMUP uncounted ones."""
    if job["spud"] is None:
        return FAILED  # the conversion failed, and said so
    out_dir = os.path.join(job["out"], f"spud-t{threads}")
    result_pb = os.path.join(out_dir, "output_0.pb")
    if os.path.exists(result_pb):
        os.remove(result_pb)
    argv = [args.spud, "run", job["spud"], "--input", f"{job['name']}={job['pb']}", "--repeat", str(args.runs),
            "--warmup", str(WARMUP), "--threads", str(threads), "--output-dir", out_dir,
            "--output-names", "index"]
    what = f"{job['model']}: spud run ({count(threads, 'thread')})"
    stdout, rss = run(argv, what)
    latency, ready = LATENCY_RE.search(stdout), READY_RE.search(stdout)
    if not latency or not os.path.exists(result_pb):
        raise Failure(f"{what}: no 'latency:' line or no {result_pb}: {' '.join(argv)}")
    # The file without pre-packed weights: one run, for its ready time.
    plain_argv = [args.spud, "run", job["plain"], "--input", f"{job['name']}={job['pb']}", "--threads", str(threads)]
    plain_ready = READY_RE.search(run(plain_argv, f"{what}, not pre-packed")[0])
    return {"median": float(latency.group(2)), "min": float(latency.group(1)),
            "ready": float(ready.group(1)) if ready else None,
            "ready_plain": float(plain_ready.group(1)) if plain_ready else None, "rss": rss,
            "out": numpy_helper.to_array(onnx.load_tensor(result_pb))}


def run_ort(args, job, threads):
    """ort_run.js: min and median over N runs after WARMUP uncounted ones."""
    out_bin = os.path.join(job["out"], f"ort-t{threads}.bin")
    argv = ["node", os.path.join(HERE, "ort_run.js"), "--model", job["onnx"], "--input", job["raw"],
            "--shape", ",".join(map(str, job["shape"])), "--input-name", job["name"], "--threads", str(threads),
            "--runs", str(args.runs), "--warmup", str(WARMUP), "--output", out_bin]
    what = f"{job['model']}: ONNX Runtime ({count(threads, 'thread')})"
    stdout, rss = run(argv, what)
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise Failure(f"{what}: no JSON line in its output: {' '.join(argv)}")
    r = json.loads(lines[-1])
    return {"median": r["median_ms"], "min": r["min_ms"], "ready": r["session_ms"], "ready_plain": None, "rss": rss,
            "out": np.fromfile(out_bin, dtype="<f4").reshape(r["output_shape"])}


def bench_model(args, m, src, errors):
    """{threads: (spud result, ORT result)}; a result is a dict, FAILED or NA."""
    def attempt(what, step):
        try:
            return step()
        except Failure as e:
            errors.append(str(e))
        except (OSError, ValueError, KeyError, DecodeError) as e:  # files that are missing or not what they should be
            errors.append(f"{m}: {what}: {type(e).__name__}: {e}")
        return FAILED

    job = attempt("reading the input", lambda: prepare(args, m, src, errors))
    if job == FAILED:
        return {t: (FAILED, FAILED) for t in args.threads}
    results, with_ms = {}, lambda v: ms(v) + " ms"
    for t in args.threads:
        spud_rounds, ort_rounds = [], []
        for r in range(args.rounds):  # turns alternate who goes first
            order = [(spud_rounds, "spud run's results", run_spud), (ort_rounds, "ONNX Runtime's results", run_ort)]
            for rounds, what, step in order if r % 2 == 0 else order[::-1]:
                rounds.append(attempt(what, lambda: step(args, job, t)))
        s, o = combine(spud_rounds), combine(ort_rounds)
        results[t] = (s, o)
        print(f"  {m}, {count(t, 'thread')}: spud {cell(s, 'median', with_ms)}, ORT {cell(o, 'median', with_ms)}",
              flush=True)
    return results


def combine(rounds):
    """One result from a runtime's rounds: the median of their medians and of
    their ready times, the least min, the largest RSS, the last output."""
    if any(not isinstance(r, dict) for r in rounds):
        return FAILED
    def median_of(key):
        values = [r[key] for r in rounds if r[key] is not None]
        return statistics.median(values) if values else None
    return {"median": statistics.median(r["median"] for r in rounds), "min": min(r["min"] for r in rounds),
            "ready": median_of("ready"), "ready_plain": median_of("ready_plain"), "rss": max(r["rss"] for r in rounds),
            "out": rounds[-1]["out"]}


def count(n, word):
    return f"{n} {word}{'s' if n != 1 else ''}"


def ms(v):
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def cell(r, key, fmt=ms):
    """One value of a result, or why there is none."""
    if not isinstance(r, dict):
        return r
    return NA if r[key] is None else fmt(r[key])


def ratio(s, o, key):
    if FAILED in (s, o):
        return FAILED
    if not isinstance(s, dict) or not isinstance(o, dict) or s[key] is None or not o[key]:
        return NA
    return f"{s[key] / o[key]:.2f}"


def difference(s, o, errors, m):
    if FAILED in (s, o):
        return FAILED
    if not isinstance(s, dict):
        return NA
    if s["out"].shape != o["out"].shape:
        errors.append(f"{m}: spud's output is {list(s['out'].shape)}, ORT's {list(o['out'].shape)}")
        return FAILED
    d = float(np.max(np.abs(s["out"].astype(np.float64) - o["out"])))
    scale = float(np.max(np.abs(o["out"])))
    return f"{d:.1e} ({d / scale:.1e} rel)" if scale > 0 else f"{d:.1e}"


def row(m, s, o, errors):
    one = "{:.1f}".format
    return [m, cell(s, "median"), cell(s, "min"), cell(o, "median"), cell(o, "min"), ratio(s, o, "median"),
            cell(s, "ready", one), cell(o, "ready", one), ratio(s, o, "ready"), cell(s, "ready_plain", one),
            cell(s, "rss", one),
            cell(o, "rss", one), difference(s, o, errors, m)]


def table(rows):
    """A Markdown table, padded so that it also reads as plain text."""
    widths = [max(len(r[i]) for r in [COLUMNS] + rows) for i in range(len(COLUMNS))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    return "\n".join([line(COLUMNS), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def geomean(pairs):
    """Geometric mean of the median ratios, or None when a model has none."""
    if not all(isinstance(s, dict) and isinstance(o, dict) for s, o in pairs):
        return None
    return math.exp(sum(math.log(s["median"] / o["median"]) for s, o in pairs) / len(pairs))


def section(args, t, rows):
    """One thread count's heading line(s) and table."""
    return f"## {count(t, 'thread')}\n\n{table(rows)}\n"


def machine(args):
    """What the doc says about how it was made."""
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), cpu)
    git = lambda *a: subprocess.run(["git", "-C", ROOT] + list(a), capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)docs"):
        commit += " with uncommitted changes"
    version = subprocess.run([args.spud, "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)), "ort": args.ort_version,
            "spud": f"{version or 'unknown'} (commit {commit})", "date": datetime.date.today().isoformat()}


def make_command(args):
    cmd = "make bench"
    if args.runs != DEFAULT_RUNS:
        cmd += f" BENCH_RUNS={args.runs}"
    if args.rounds != DEFAULT_ROUNDS:
        cmd += f" BENCH_ROUNDS={args.rounds}"
    if args.models != MODELS:
        cmd += " BENCH_MODELS=" + ",".join(args.models)
    if args.threads != [1, 2]:
        cmd += " BENCH_THREADS=" + ",".join(map(str, args.threads))
    return cmd


def write_doc(args, info, tables, results, notes):
    chart = os.path.relpath(args.chart, os.path.dirname(os.path.abspath(args.out)))
    means = [(t, geomean([results[m][t] for m in args.models])) for t in args.threads]
    lines = [
        "# Benchmarks: spud and ONNX Runtime",
        "",
        f"Made by `{make_command(args)}` on {info['date']}: {info['cpu']}, {info['cores']} cores; "
        f"ONNX Runtime {info['ort']} (onnxruntime-node, CPU execution provider, graph optimization "
        f"'all'); spud {info['spud']}.",
        "",
        "- The models are the e2e tests' torchvision exports (random weights, opset 13, input "
        "[1,3,224,224]); both runtimes get the same input, each in its own process.",
        f"- Latency: min and median over {args.runs} runs, after {WARMUP} uncounted warm-up runs "
        f"in both (`spud run --warmup {WARMUP} --repeat {args.runs} --threads T`; ORT's "
        f"`intraOpNumThreads` T). The two take turns for {count(args.rounds, 'round')}, a process "
        f"each; a cell is the median of the rounds' medians (the least min; the median ready time).",
        "- Ready: spud's `ready:` line (file to session); ORT: `InferenceSession.create`. The spud files "
        "are converted with `spud convert --prepack`, which stores the weights also packed as the AVX-512 "
        "kernels read them, used in place; the column 'not pre-packed' is the ready time of the file "
        "converted without it (the session packs them), from one more `spud run` per round.",
        "- Peak RSS: the process's `ru_maxrss` (MB = 2^20 bytes); for ORT that includes Node.js.",
        "- Max abs diff: the largest |spud - ORT| over the output, then relative to max |ORT output|.",
    ] + [f"- {n}" for n in notes] + [""]
    lines += [section(args, t, rows) for t, rows in tables]
    lines += [f"Geometric mean of the spud/ORT median ratios over the {count(len(args.models), 'model')}: " +
              ", ".join(f"{count(t, 'thread')} {NA if g is None else f'{g:.2f}'}" for t, g in means) + ".", "",
              f"![Median latency per model]({chart})", ""]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out + ".tmp", "w") as f:
        f.write("\n".join(lines))
    os.replace(args.out + ".tmp", args.out)


def write_chart(args, info, results):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    # One bar per runtime and thread count: blue for spud, orange for ORT, a lighter shade for 2 threads.
    colors = [["#1f77b4", "#ff7f0e"], ["#9ecae1", "#fdbe85"], ["#08519c", "#a63603"]]
    series = [(f"{name} {count(t, 'thread')}", colors[j % len(colors)][i],
               [results[m][t][i]["median"] if isinstance(results[m][t][i], dict) else np.nan for m in args.models])
              for j, t in enumerate(args.threads) for i, name in enumerate(("spud", "ONNX Runtime"))]
    series = [s for s in series if not all(np.isnan(s[2]))]  # n/a throughout: no legend entry
    x = np.arange(len(args.models))
    width = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=(max(8, 1.6 * len(args.models)), 5))
    for k, (label, color, values) in enumerate(series):
        ax.bar(x + (k - (len(series) - 1) / 2) * width, values, width, label=label, color=color)
    ax.set_yscale("log")
    ax.set_xticks(x, args.models, rotation=20)
    ax.set_ylabel("median latency, ms (log scale)")
    ax.set_xlabel("model")
    ax.set_title(f"spud and ONNX Runtime {info['ort']}: median latency\n{info['cpu']}, {info['date']}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.chart, dpi=100)
    plt.close(fig)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spud", default=os.path.join(ROOT, "build/bin/spud"), help="the spud binary")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="the build directory (data goes below it)")
    ap.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs per model and runtime")
    ap.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS,
                    help="turns each runtime takes per model and thread count (default 5)")
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    ap.add_argument("--models", default=",".join(MODELS), help="comma-separated subset of: " + ", ".join(MODELS))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs/benchmarks.md"), help="the Markdown report")
    ap.add_argument("--chart", default=os.path.join(ROOT, "docs/benchmarks.png"), help="the PNG chart")
    args = ap.parse_args()
    args.models = [m for m in args.models.split(",") if m]
    unknown = [m for m in args.models if m not in MODELS]
    if unknown or not args.models:
        ap.error("unknown model(s): " + ", ".join(unknown) if unknown else "--models is empty")
    try:
        args.threads = [int(t) for t in args.threads.split(",") if t]
    except ValueError:
        ap.error(f"--threads takes numbers like 1,2, not '{args.threads}'")
    if not args.threads or min(args.threads) < 1 or args.runs < 1 or args.rounds < 1:
        ap.error("--threads, --runs and --rounds must be at least 1")
    if not (os.path.isfile(args.spud) and os.access(args.spud, os.X_OK)):
        ap.error(f"no spud binary at {args.spud} (make build)")
    if not shutil.which("node"):
        ap.error("no node on PATH (bash scripts/bench/install.sh)")
    try:
        with open(os.path.join(HERE, "node_modules/onnxruntime-node/package.json")) as f:
            args.ort_version = json.load(f)["version"]
    except OSError:
        ap.error("onnxruntime-node is not installed (bash scripts/bench/install.sh)")
    return args


def main():
    args = parse_args()
    dirs = model_dirs(args.build, args.models)
    print(f"benchmarking {count(len(args.models), 'model')}, {count(args.rounds, 'round')} of "
          f"{count(args.runs, 'run')} each, threads "
          + ",".join(map(str, args.threads)), flush=True)
    errors = []
    results = {m: bench_model(args, m, dirs[m], errors) for m in args.models}
    tables = [(t, [row(m, *results[m][t], errors) for m in args.models]) for t in args.threads]
    for t, rows in tables:
        print("\n" + section(args, t, rows).rstrip())
    notes = []
    if any(isinstance(s, dict) and s["ready"] is None for r in results.values() for s, _ in r.values()):
        notes.append("This `spud run` prints no `ready:` line yet: spud ready and the ready ratio are n/a.")
    for n in notes:
        print("note: " + n)
    if errors:
        print("\n" + "\n".join(errors), file=sys.stderr)
        die(f"{len(errors)} failure(s); {args.out} and {args.chart} not written")
    info = machine(args)
    write_chart(args, info, results)
    write_doc(args, info, tables, results, notes)
    print(f"\nwrote {args.out} and {args.chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
