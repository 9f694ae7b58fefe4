"""Reads two files of times (one per line, nanoseconds; line i of each from the same pair) and prints: label, both
medians (ms), their ratio, and the median of the pairs' own ratios (less moved by the machine's slow spells, which
hit both sides of a pair alike)."""
import statistics
import sys

if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
    print(__doc__)
    sys.exit(0)

label, ours, peer = sys.argv[1], sys.argv[2], sys.argv[3]
a = [int(line) for line in open(ours)]
b = [int(line) for line in open(peer)]
ma, mb = statistics.median(a) / 1e6, statistics.median(b) / 1e6
pairs = statistics.median(x / y for x, y in zip(a, b))
print(f"{label:<58} ours {ma:9.2f} ms   peer {mb:9.2f} ms   ratio {ma / mb:5.2f}   pair ratio {pairs:5.2f}   (n={len(a)})")
