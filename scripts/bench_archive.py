#!/usr/bin/env python3
"""Archive benchmark: size per report and the time to check 100 new reports against 10,000.

Usage: python scripts/bench_archive.py [--archive PATH_OR_URL] [...]   (options: see --help)

The measurement lives in `nlp_toolkit.archive.bench` so that it runs against the installed
package; this script is the entry point beside the other benchmarks.
"""
from nlp_toolkit.archive.bench import main

if __name__ == "__main__":
    raise SystemExit(main())
