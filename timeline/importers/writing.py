"""Importers, writing: a plan's files written, or nothing if any would be replaced or a registry
changed since it was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..vocabulary import counted
from .planning import Plan


def files_of(plan: Plan) -> Iterator[tuple[str, bytes]]:
    """Return every new file of a plan (events, images): path under the project, and bytes."""
    for event in plan.events:
        yield event.path, event.text.encode("utf-8")
        if event.image is not None:
            yield event.image


def write_plan(root: Path, plan: Plan) -> list[str]:
    """Write a plan's files under `root` and return nothing; or, if any new file exists already or
    a registry changed since it was read, write nothing and return why."""
    refused: list[str] = []
    new = list(files_of(plan))
    for path, _ in new:
        target = root / path
        if target.exists() or target.is_symlink():
            refused.append(f"{path} already exists, and an import never replaces a file — move it "
                           "away or import into another folder with --into")
        for parent in Path(path).parents:
            if (root / parent).is_symlink():
                refused.append(f"{parent.as_posix()}/ is a symbolic link, which an import never "
                               "writes through — make it a real folder")
                break
    for path, (before, _) in plan.appended.items():
        target = root / path
        now = target.read_bytes() if target.is_file() and not target.is_symlink() else None
        if now != before or (before is None and (target.exists() or target.is_symlink())):
            refused.append(f"{path} changed while the import ran — run the import again")
    if refused:
        return sorted(set(refused))
    for path, data in new:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as file:  # "x": never replace a file made meanwhile
            file.write(data)
    for path, (_, added) in plan.appended.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("ab") as file:  # appended: what the registry holds stays byte for byte
            file.write(added.encode("utf-8"))
    return []


def counts_line(plan: Plan, name: str) -> str:
    """Return the report's last line: what was imported, and how many rows were not carried."""
    images = sum(e.image is not None for e in plan.events)
    carried = [counted(len(plan.events), "event"), counted(plan.tags, "new tag"),
               counted(plan.eras, "era"), counted(images, "image")]
    source = f"new source {plan.source}" if plan.source_is_new else f"source {plan.source}"
    return (f"Imported {', '.join(carried)} from {name}, citing {source}; "
            f"{counted(plan.not_carried, 'slide')} not carried.")
