#!/usr/bin/env python3
"""The polars side of the CSV → totals comparison.

    python3 polars_sum.py observations.csv

Reads the CSV and computes what a township total needs: per (metric,
period) the sum of `value`, the units that gave a number and the units
that left it blank. Prints the seconds from opening the file to the
totals (time.perf_counter, in-process), then the number of totals.
"""

import sys
import time

import polars as pl


def main() -> None:
    path = sys.argv[1]
    start = time.perf_counter()
    frame = pl.read_csv(path, schema_overrides={"value": pl.Int64, "note": pl.Utf8})
    totals = frame.group_by(["metric", "period"]).agg(
        pl.col("value").sum().alias("sum"),
        pl.col("value").count().alias("reported"),
        pl.col("value").null_count().alias("unknown"),
    )
    seconds = time.perf_counter() - start
    print(f"{seconds:.4f}")
    first = totals.filter(pl.col("metric") == totals["metric"].min()).row(0, named=True)
    print(
        f"{frame.height} rows, {totals.height} totals; {first['metric']} {first['period']}: {first['sum']} ({first['reported']} reported)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
