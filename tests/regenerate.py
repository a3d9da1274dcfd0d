"""Regenerate every golden file: `make golden`, then review `git diff` before committing."""

from __future__ import annotations

import shutil

from tests.support import (CASES, GOLDEN, GOLDEN_KO, REPO, case_output, render_korean,
                           render_small, schema_files)


def main() -> None:
    """Rewrite the golden pages (English and Korean), the committed JSON Schemas and the expected output of every case."""
    for folder, pages in ((GOLDEN, render_small()), (GOLDEN_KO, render_korean())):
        shutil.rmtree(folder, ignore_errors=True)
        for uri, markdown in pages.items():
            target = folder / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, encoding="utf-8")
    for name, content in schema_files().items():
        (REPO / name).write_bytes(content)
    cases = sorted(p for p in CASES.iterdir() if p.is_dir())
    for case in cases:
        (case / "expected.txt").write_text(case_output(case), encoding="utf-8")
    print(f"Wrote the golden pages to {GOLDEN} and the expected output of {len(cases)} cases.")


if __name__ == "__main__":
    main()
