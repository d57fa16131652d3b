"""Reference percentiles for Tests/PreprocessingTests/SlicingPercentileTests.swift.

numpy.percentile (default 'linear' method) of float32 values made by a formula that the
Swift test repeats: v[i] = float32(100 * sin(0.37 * i) + 3 * (i % 7)), i = 0 ..< n, with
some exact duplicates (every 11th value replaced by 5.0). Run once in the venv:

    /work/venv/bin/python Tests/Reference/slicing_percentiles.py > Fixtures/preprocessing/slicing_percentiles.json
"""
import json

import numpy as np


def values(n):
    i = np.arange(n)
    v = (100.0 * np.sin(0.37 * i) + 3.0 * (i % 7)).astype(np.float32)
    v[::11] = np.float32(5.0)
    return v


percentiles = [0, 0.5, 1, 2.5, 25, 33.3, 50, 75, 97.5, 99, 99.5, 100]
cases = []
for n in [1, 2, 7, 100, 1001, 20000]:
    v = values(n)
    cases.append({
        "n": n,
        "percentiles": percentiles,
        "values": [float(x) for x in np.percentile(v.astype(np.float64), percentiles)],
    })
print(json.dumps({"numpy": np.__version__, "formula": "float32(100*sin(0.37*i) + 3*(i%7)); every 11th (i%11==0) = 5",
                  "cases": cases}, indent=1))
