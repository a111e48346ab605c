#!/usr/bin/env python3
"""Copies golden captures into README.md: every `<!-- capture: PATH -->` line is followed by a
```text block holding PATH's text. tests/golden.rs checks that they are equal.
Run after `OPSCONSOLE_ACCEPT_GOLDEN=1 cargo test --test golden`."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
readme = root / "README.md"
text = readme.read_text()
pattern = re.compile(r"(<!-- capture: (\S+) -->\n```text\n)(.*?)(```\n)", re.S)
text = pattern.sub(
    lambda m: m.group(1) + (root / m.group(2)).read_text().rstrip("\n") + "\n" + m.group(4),
    text,
)
readme.write_text(text)
