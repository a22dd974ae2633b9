#!/usr/bin/python3
"""Size of a linked spud program by component, from its GNU ld map file.

    tools/size_report.py build/spud_model.map [--json] [--max-core BYTES]

Every input section the linker kept (after --gc-sections) is counted as code
(.text), read-only data (.rodata, unwind tables), data (.data, .got, init
arrays) or bss, and charged to the object file it came from:

  core      the runtime: loader, session, planner, C API, platform port,
            status/tensor helpers and the generated kernel table
  kernel    one row per kernel source file (kernels/reference/<op>.cc)
  model file  the embedded .spud bytes (spud_model_data / spud_model_size)
  app       the program around the runtime (spud_model's main, .pb reader,
            a firmware test's main)
  toolchain C library, compiler runtime and startup code statically linked
  linker    what the linker itself made (PLT, dynamic tables, padding)

With --max-core, exits 1 when core (code + rodata + data) is larger.
"""
import argparse
import json
import os
import re
import sys

CODE = re.compile(r"^\.(text|init|fini|plt|iplt)\b")
RODATA = re.compile(r"^\.(rodata|eh_frame|eh_frame_hdr|gcc_except_table|ARM\.exidx|ARM\.extab)\b")
DATA = re.compile(r"^\.(data|got|init_array|fini_array|preinit_array|ctors|dtors|dynamic|tdata)\b")
BSS = re.compile(r"^(\.bss|\.tbss|\.sbss|COMMON)\b")
# Sections in the image that no object asked for.
LINKER_MADE = re.compile(r"^\.(interp|note|gnu\.hash|hash|dynsym|dynstr|gnu\.version|rela|rel\.)")

CORE_SOURCES = {"memory_planner", "model", "session", "c_api", "status", "tensor", "attributes",
                "registry", "kernel_registry"}
APP_SOURCES = {"spud_model_main", "tensor_pb", "firmware_test"}


def kind_of(section):
    if CODE.match(section):
        return "code"
    if RODATA.match(section):
        return "rodata"
    if DATA.match(section):
        return "data"
    if BSS.match(section):
        return "bss"
    return None


def component_of(path, section):
    """(group, name) for an input file path as the map prints it."""
    if "spud_model_data" in section or "spud_model_size" in section:
        return ("model file", ".spud bytes")
    member = re.search(r"\(([^()]+)\)$", path)
    obj = member.group(1) if member else os.path.basename(path)
    stem = re.sub(r"\.(c|cc|cpp|S|s)?\.(o|obj)$", "", obj)
    stem = re.sub(r"\.o$", "", stem)
    if stem.endswith(".spud") or stem.endswith("embed_model"):
        return ("model file", ".spud bytes")
    if path.startswith("platform_") or stem.startswith("platform_"):
        return ("core", stem)
    if stem in CORE_SOURCES:
        return ("core", stem)
    if stem in APP_SOURCES:
        return ("app", stem)
    if "kernels/reference" in path or re.search(r"libspud\.a\(", path):
        return ("kernel", stem)
    return ("toolchain", os.path.basename(re.sub(r"\(.*\)$", "", path)))


def parse_map(text):
    start = text.find("Linker script and memory map")
    if start < 0:
        raise ValueError("not a GNU ld map file (no 'Linker script and memory map')")
    lines = text[start:].splitlines()[1:]
    sizes = {}  # (group, name) -> {kind: bytes}
    pending = None  # an input section name whose numbers are on the next line
    for line in lines:
        if pending is not None:
            m = re.match(r"^\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*)$", line)
            section, pending = pending, None
            if m:
                add(sizes, section, int(m.group(2), 16), m.group(3).strip())
            continue
        # Input sections are indented by one space; output sections by none.
        m = re.match(r"^ (\.\S+|COMMON)(?:\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*))?$", line)
        if not m:
            continue
        if m.group(2) is None:
            pending = m.group(1)
        else:
            add(sizes, m.group(1), int(m.group(3), 16), m.group(4).strip())
    return sizes


def add(sizes, section, size, path):
    if size == 0 or path.startswith("load address"):
        return
    kind = kind_of(section)
    if kind is None:
        if LINKER_MADE.match(section):
            sizes.setdefault(("linker", "linker"), {}).setdefault("rodata", 0)
            sizes[("linker", "linker")]["rodata"] += size
        return
    key = component_of(path, section)
    entry = sizes.setdefault(key, {})
    entry[kind] = entry.get(kind, 0) + size


GROUPS = ["core", "kernel", "model file", "app", "toolchain", "linker"]
KINDS = ["code", "rodata", "data", "bss"]


def totals(entries):
    t = {k: 0 for k in KINDS}
    for e in entries:
        for k in KINDS:
            t[k] += e.get(k, 0)
    return t


def flash(t):
    """Bytes in the image: everything but bss."""
    return t["code"] + t["rodata"] + t["data"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("map", help="a GNU ld map file (-Wl,-Map=FILE)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--max-core", type=int, metavar="BYTES",
                    help="fail when core code+rodata+data exceeds BYTES")
    ap.add_argument("--title", default=None, help="a heading for the table")
    args = ap.parse_args()
    try:
        with open(args.map, encoding="utf-8", errors="replace") as f:
            sizes = parse_map(f.read())
    except (OSError, ValueError) as e:
        print(f"size_report: {args.map}: {e}", file=sys.stderr)
        return 2

    by_group = {g: sorted(((n, v) for (gg, n), v in sizes.items() if gg == g),
                          key=lambda nv: -flash(totals([nv[1]]))) for g in GROUPS}
    group_totals = {g: totals([v for _, v in by_group[g]]) for g in GROUPS}
    grand = totals([v for v in sizes.values()])

    if args.json:
        out = {"map": args.map,
               "groups": {g: dict(group_totals[g], image=flash(group_totals[g])) for g in GROUPS},
               "kernels": {n: dict(totals([v]), image=flash(totals([v]))) for n, v in by_group["kernel"]},
               "core_files": {n: dict(totals([v]), image=flash(totals([v]))) for n, v in by_group["core"]},
               "total": dict(grand, image=flash(grand))}
        print(json.dumps(out, indent=2))
    else:
        if args.title:
            print(args.title)
        print(f"{'component':<34}{'code':>10}{'rodata':>10}{'data':>8}{'bss':>8}{'image':>10}")
        def row(label, t):
            print(f"{label:<34}{t['code']:>10}{t['rodata']:>10}{t['data']:>8}{t['bss']:>8}{flash(t):>10}")
        for g in GROUPS:
            if not by_group[g]:
                continue
            row(g, group_totals[g])
            if g in ("core", "kernel"):
                for n, v in by_group[g]:
                    row("  " + n, totals([v]))
        row("total", grand)
        print("(image = code + rodata + data: the bytes the program occupies in flash or on disk,"
              " before the ELF headers; bss is RAM only)")

    core = flash(group_totals["core"])
    if args.max_core is not None and core > args.max_core:
        print(f"size_report: core is {core} bytes, over the limit of {args.max_core}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
