#!/usr/bin/env python3
"""Prints the figures of a tooling/native/check run from the builder's log; fails if the full run wrote
no object file.

Usage: summary.py <analysis|full> <out-dir>
"""
import re
import sys
from pathlib import Path

PHASE = re.compile(r"^\[(\d+)/(\d+)\] (.+?)\.\.\..*\(([\d.]+)s @ ([\d.]+)GB\)\s*$")
REACHABLE = re.compile(r"([\d,]+) types,\s+([\d,]+) fields, and\s+([\d,]+) methods found reachable")
PEAK_RSS = re.compile(r"Peak RSS: ([\d.]+)GB")
FINISHED = re.compile(r"Finished generating '.*' in (.+)\.")


def main(mode, out_dir):
    out = Path(out_dir)
    log = (out / "builder.log").read_text(errors="replace").splitlines()
    lines = []
    for line in log:
        if m := PHASE.match(line):
            lines.append(f"  phase {m.group(1)}/{m.group(2)} {m.group(3):<24} {float(m.group(4)):7.1f} s")
    for line in log:
        if m := REACHABLE.search(line):
            lines.append(f"  reachable: {m.group(1)} types, {m.group(3)} methods, {m.group(2)} fields")
        if m := PEAK_RSS.search(line):
            lines.append(f"  peak RSS: {m.group(1)} GB")
        if m := FINISHED.search(line):
            lines.append(f"  builder total ({'analysis' if mode == 'analysis' else 'to the object file'}): {m.group(1)}")
    if mode == "full":
        objects = sorted(out.rglob("*.o"))
        if not objects:
            sys.exit(f"summary: the builder wrote no object file under {out}")
        for obj in objects:
            lines.append(f"  object file: {obj.relative_to(out)} ({obj.stat().st_size / 1e6:.1f} MB)")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("analysis", "full"):
        sys.exit(__doc__)
    main(*sys.argv[1:])
