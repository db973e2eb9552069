"""Measure encoding detection (baoku/importer/decode.py) on the sample issues.

Each sample issue is encoded as GB18030, GBK and Big5 (simplified text: the
characters Big5 lacks are dropped, as `iconv -c -t BIG5` does; and, when the
`opencc` package is installed, converted to traditional characters first),
then cut at line ends into pieces of 10 to 1,000 bytes.  For each piece:
whether chardet and charset-normalizer name the right family, and chardet's
confidence lead of the right family over the other (decode.MARGIN must stay
below the smallest lead on realistic pieces).

    python bench/bench_encoding.py
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import chardet

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from baoku.importer.decode import _DETECTED, MARGIN

SOURCES = [Path(__file__).resolve().parents[1] / "content" / "sources"]


def samples() -> list[str]:
    for folder in SOURCES:
        files = sorted(folder.glob("*.txt"))
        if files:
            return [f.read_text(encoding="utf-8-sig") for f in files]
    raise SystemExit("no sample issues found")


def variants(texts: list[str]) -> dict[str, list[bytes]]:
    out = {"gb18030": [t.encode("gb18030") for t in texts], "gbk": [t.encode("gbk", "ignore") for t in texts],
           "big5 (simplified, -c)": [t.encode("big5", "ignore") for t in texts]}
    try:
        import opencc

        convert = opencc.OpenCC("s2t").convert
        out["big5 (traditional)"] = [convert(t).encode("big5", "ignore") for t in texts]
    except ImportError:
        print("(opencc not installed: no traditional-character variant)")
    return out


def pieces(data: bytes, size: int) -> list[bytes]:
    out, current = [], b""
    for line in data.split(b"\n"):
        if line.strip():
            current += line + b"\n"
            if len(current) >= size:
                out.append(current)
                current = b""
    return out[:30]


def family(name: str | None) -> str:
    return _DETECTED.get((name or "").lower().replace("_", ""), (name or "").lower())


def main() -> None:
    import charset_normalizer

    print(f"decode.MARGIN = {MARGIN}")
    for name, datas in variants(samples()).items():
        expected = "big5" if name.startswith("big5") else "gb18030"
        other = "gb18030" if expected == "big5" else "big5"
        for size in (10, 20, 40, 100, 1000):
            leads, right_cd, right_cn, total = [], 0, 0, 0
            for data in datas:
                for piece in pieces(data, size):
                    total += 1
                    conf: dict[str, float] = {}
                    for r in chardet.detect_all(piece, ignore_threshold=True):
                        conf.setdefault(family(r["encoding"]), r["confidence"])
                    leads.append(conf.get(expected, 0.0) - conf.get(other, 0.0))
                    right_cd += leads[-1] > 0
                    best = charset_normalizer.from_bytes(piece).best()
                    right_cn += family(best.encoding if best else None) == expected
            print(f"{name:22s} {size:5d} B  pieces {total:3d}  chardet right {right_cd / total:.2f}  "
                  f"charset-normalizer right {right_cn / total:.2f}  chardet lead min {min(leads):.3f} "
                  f"median {statistics.median(leads):.3f}")


if __name__ == "__main__":
    main()
