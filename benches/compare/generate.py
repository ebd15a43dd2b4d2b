#!/usr/bin/env python3
"""Writes a CSV of observations for the CSV → totals comparison, with the
catalog and org tree our side needs.

    python3 generate.py OUT_DIR [--rows N]

OUT_DIR/observations-N.csv: columns unit,period,metric,value,uom,note, one
row per (unit, metric) for period 2020, unit by unit as units file them.
There are 1,000 metrics (m0000 … m0999) and N / 1,000 units (u000000 …);
values are plain integers 1–50 (polars must sum them too), uom 次, note
blank. OUT_DIR/catalog-N.json and OUT_DIR/units-N.json: the metrics (flow,
次) and a root `township` over the units. Deterministic: the same N gives
the same bytes.
"""

import argparse
import json
import os

METRICS = 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows to write, a multiple of 1,000 (default 1,000,000)")
    args = ap.parse_args()
    if args.rows <= 0 or args.rows % METRICS:
        ap.error(f"--rows must be a positive multiple of {METRICS}")
    units = args.rows // METRICS
    os.makedirs(args.out_dir, exist_ok=True)
    keys = [f"m{m:04}" for m in range(METRICS)]
    ids = [f"u{u:06}" for u in range(units)]

    catalog = {"metrics": [{"key": k, "label": {"zh": f"指标{k}"}, "unit": "次", "kind": "flow"} for k in keys]}
    with open(os.path.join(args.out_dir, f"catalog-{args.rows}.json"), "w", encoding="utf-8") as f:
        json.dump(catalog, f, ensure_ascii=False)
    tree = {"id": "township", "name": "X 镇", "children": [{"id": i, "name": f"{i} 居委会"} for i in ids]}
    with open(os.path.join(args.out_dir, f"units-{args.rows}.json"), "w", encoding="utf-8") as f:
        json.dump(tree, f, ensure_ascii=False)

    path = os.path.join(args.out_dir, f"observations-{args.rows}.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("unit,period,metric,value,uom,note\n")
        for u, org in enumerate(ids):
            f.write("".join(f"{org},2020,{k},{(u * 31 + m * 7) % 50 + 1},次,\n" for m, k in enumerate(keys)))
    print(path)


if __name__ == "__main__":
    main()
