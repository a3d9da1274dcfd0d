"""`make bench`: synthetic timelines of 1,000 and 10,000 events, measured against bare baselines.

For each size, side by side:
  (a) our check + render (the whole pipeline: every page and data file), on two cores and on
      one, against a bare parse of the same files' front matter with PyYAML's C loader (results
      kept, as any use of them would), one core; and the check alone (reading, parsing and
      checking every seed file into the timeline), the part that does the same work as that parse;
  (b) the full `mkdocs build` (our hook) against a bare MkDocs + Material build of the same pages,
      written out by `build_timeline.py render` and built without the hook; time and peak memory;
  (c) the largest HTML page, the search index per event, and the whole site;
  (d) for the smallest size, the time from saving an edited event to `mkdocs serve --dirty`
      serving it, split into our part and MkDocs' rebuild.

Every measurement runs in a fresh Python process, BENCH_ROUNDS times (3 by default), ours and the
baseline alternating; the best run of each counts. The machine is noisy: read the ratios.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.support import REPO, make_project

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "1000 10000").split())
# Each figure is the best of this many runs, alternating ours and the baseline: on a shared,
# noisy machine the minimum is the figure least disturbed by other work.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))

BARE_PARSE = r"""
import glob, sys, time, yaml
files = sorted(glob.glob(sys.argv[1] + "/seeds/events/*.md"))
start = time.perf_counter()
parsed = []
for name in files:
    with open(name, encoding="utf-8") as f:
        text = f.read()
    parsed.append(yaml.load(text.split("---\n", 2)[1], Loader=yaml.CSafeLoader))
print(time.perf_counter() - start)
"""

OUR_PIPELINE = r"""
import datetime as dt, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from timeline.export import Publication
from timeline.pipeline import build_site_files
publication = Publication("Bench", None, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
start = time.perf_counter()
built = build_site_files(Path(sys.argv[1]), Path(sys.argv[2]) / "templates" / "pages",
                         dt.date(2026, 1, 1), publication, workers=int(sys.argv[3]))
print(time.perf_counter() - start)
"""

OUR_CHECK = r"""
import datetime as dt, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from timeline.parallel import collection_paused
from timeline.seeds import check_seeds, read_seeds
start = time.perf_counter()
with collection_paused():
    timeline, problems = check_seeds(read_seeds(Path(sys.argv[1])), dt.date(2026, 1, 1),
                                     workers=int(sys.argv[3]))
assert timeline is not None
print(time.perf_counter() - start)
"""

MKDOCS = r"""
import json, resource, runpy, sys, time
sys.argv = ["mkdocs", "build", "--strict", "--quiet", "-f", sys.argv[1]]
start = time.perf_counter()
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit as exit:
    if exit.code:
        raise
# Child processes count too: the largest (a forked worker, or git run by the hook) is reported
# beside this process; a forked worker's figure includes the pages it shares with this one.
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def python(*args: str, cwd: Path | None = None) -> str:
    """Return the standard output of the project's Python running `args`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    result = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args[:2])}\n{result.stderr[-3000:]}")
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def best(runs: list[dict]) -> dict:
    """Return the run with the shortest time (its memory figures with it)."""
    return min(runs, key=lambda run: run["seconds"])


def site_figures(site: Path, events: int) -> dict[str, float | str]:
    """Return the largest HTML page, the search index per event and the site's size."""
    pages = [(p.stat().st_size, p) for p in site.rglob("*.html")]
    largest, path = max(pages)
    index = (site / "search" / "search_index.json").stat().st_size
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"largest_kb": largest / 1024, "largest": path.relative_to(site).as_posix(),
            "index_per_event_kb": index / 1024 / events, "site_mb": total / 1024 / 1024,
            "html_pages": len(pages)}


def measure_serve(project: Path, rounds: int) -> list[dict[str, float]]:
    """Return, for `rounds` edits of one event under `mkdocs serve --dirty`, the seconds from
    saving to the edited page being served, our part of the rebuild and MkDocs' whole rebuild."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    event = sorted((project / "seeds" / "events").glob("*.md"))[7]
    url = base + f"events/{event.stem}/"
    log_path = project / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(  # as `make serve` runs it
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
             "--livereload", "--dirty"], cwd=project, env=env, stdout=log,
            stderr=subprocess.STDOUT)
        try:
            served = lambda text: text in (fetch(url) or "")  # noqa: E731
            poll(lambda: fetch(url) is not None, 600)
            runs = []
            for number in range(rounds):
                title = f"Edited title number {number} for the benchmark"
                text = event.read_text(encoding="utf-8")
                event.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1,
                                        flags=re.MULTILINE), encoding="utf-8")
                saved = time.perf_counter()
                poll(lambda: served(title), 120)
                runs.append({"seconds": time.perf_counter() - saved})
                time.sleep(2)  # let the rebuild's log lines arrive
        finally:
            server.terminate()
            server.wait(timeout=60)
    ours = [float(m) for m in re.findall(r"Timeline: .* made in ([0-9.]+) s", log_path.read_text())]
    built = [float(m) for m in re.findall(r"Documentation built in ([0-9.]+) seconds",
                                          log_path.read_text())]
    # One build to start, then one per edit: split the time only if the log shows exactly that.
    if len(ours) == len(built) == rounds + 1:
        for run, our_part, whole in zip(runs, ours[1:], built[1:], strict=True):
            run.update(ours=our_part, mkdocs=whole - our_part)
    return runs


def fetch(url: str) -> str | None:
    """Return the page at `url`, or None if the server does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(condition: Callable[[], bool], limit: float) -> None:
    """Wait until `condition` holds, checking every 50 ms; give up after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up after {limit:.0f} s")
        time.sleep(0.05)


def measure(events: int, work: Path) -> dict[str, object]:
    """Return every figure for a timeline of `events` events."""
    seeds_root = work / f"seeds-{events}"
    python("-m", "bench.generate", str(events), str(seeds_root), cwd=REPO)
    project = work / f"project-{events}"
    make_project(project, seeds_root / "seeds")
    # The same pages as plain Markdown, built by MkDocs + Material without our hook.
    tree = work / f"tree-{events}"
    python("build_timeline.py", "--root", str(seeds_root), "render", "--out", str(tree),
           cwd=project)
    # The tree is a project of its own, with no hook; built into a folder beside it.
    bare_config = tree / "bare.yml"
    bare_config.write_text((tree / "mkdocs.yml").read_text(encoding="utf-8")
                           + f"site_dir: {work / f'bare-{events}'}\n", encoding="utf-8")

    bare_parse, ours_one, ours, check_one, check = [], [], [], [], []
    our_builds, bare_builds = [], []
    for _ in range(ROUNDS):
        bare_parse.append(float(python("-c", BARE_PARSE, str(seeds_root))))
        ours_one.append(float(python("-c", OUR_PIPELINE, str(seeds_root), str(REPO), "1")))
        ours.append(float(python("-c", OUR_PIPELINE, str(seeds_root), str(REPO), "2")))
        check_one.append(float(python("-c", OUR_CHECK, str(seeds_root), str(REPO), "1")))
        check.append(float(python("-c", OUR_CHECK, str(seeds_root), str(REPO), "2")))
    for _ in range(ROUNDS):
        our_builds.append(json.loads(python("-c", MKDOCS, str(project / "mkdocs.yml"),
                                            cwd=project)))
        bare_builds.append(json.loads(python("-c", MKDOCS, str(bare_config), cwd=project)))
    figures = site_figures(project / "site", events)
    serve = measure_serve(project, ROUNDS) if events == SIZES[0] else []
    return {"events": events, "rounds": ROUNDS, "serve": serve, "bare_parse": min(bare_parse),
            "ours_one_core": min(ours_one), "ours": min(ours), "check_one_core": min(check_one),
            "check": min(check), "our_build": best(our_builds),
            "bare_build": best(bare_builds), "all_runs": {
                "bare_parse": bare_parse, "ours_one_core": ours_one, "ours": ours,
                "check_one_core": check_one, "check": check,
                "our_build": [r["seconds"] for r in our_builds],
                "bare_build": [r["seconds"] for r in bare_builds]}, **figures}


def table(results: list[dict]) -> str:
    """Return the results as a Markdown table."""
    rows = [
        ("check + render, ours on 2 cores (s)", lambda r: f"{r['ours']:.2f}"),
        ("check + render, ours on 1 core (s)", lambda r: f"{r['ours_one_core']:.2f}"),
        ("bare C-loader parse of the front matter, 1 core (s)",
         lambda r: f"{r['bare_parse']:.2f}"),
        ("ratio ours / bare parse, 2 cores / 1 core", lambda r:
         f"{r['ours'] / r['bare_parse']:.1f}× / {r['ours_one_core'] / r['bare_parse']:.1f}×"),
        ("of which the check alone (read, parse, check), 2 cores / 1 core (s)", lambda r:
         f"{r['check']:.2f} / {r['check_one_core']:.2f}"),
        ("ratio check alone / bare parse, 2 cores / 1 core", lambda r:
         f"{r['check'] / r['bare_parse']:.2f}× / {r['check_one_core'] / r['bare_parse']:.2f}×"),
        ("full `mkdocs build` (ours, s)", lambda r: f"{r['our_build']['seconds']:.1f}"),
        ("bare MkDocs + Material build of the same pages (s)",
         lambda r: f"{r['bare_build']['seconds']:.1f}"),
        ("ratio ours / bare build", lambda r:
         f"{r['our_build']['seconds'] / r['bare_build']['seconds']:.2f}×"),
        ("peak memory, ours (largest child process) / bare (MB)", lambda r:
         f"{r['our_build']['peak_mb']:.0f} ({r['our_build']['worker_mb']:.0f}) / "
         f"{r['bare_build']['peak_mb']:.0f}"),
        ("largest HTML page (KB)", lambda r: f"{r['largest_kb']:.0f} ({r['largest']})"),
        ("search index per event (KB)", lambda r: f"{r['index_per_event_kb']:.2f}"),
        ("whole site (MB), HTML pages", lambda r: f"{r['site_mb']:.1f}, {r['html_pages']}"),
    ]
    head = "| | " + " | ".join(f"{r['events']:,} events" for r in results) + " |"
    lines = [head, "| --- |" + " --- |" * len(results)]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    first = results[0]
    if first["serve"]:
        best_edit = min(first["serve"], key=lambda run: run["seconds"])
        lines.append("")
        split = (f"; in the fastest, our check and render took {best_edit['ours']:.2f} s and "
                 f"the rest of MkDocs' rebuild {best_edit['mkdocs']:.2f} s"
                 if "ours" in best_edit else "")
        lines.append(f"Editing one event of the {first['events']:,}-event timeline under "
                     "`mkdocs serve --dirty`: served "
                     + ", ".join(f"{run['seconds']:.2f}" for run in first["serve"])
                     + f" s after saving{split}.")
    if len(results) >= 2:
        first, last = results[0], results[-1]
        scale = last["events"] / first["events"]
        lines.append("")
        lines.append(f"Growth from {first['events']:,} to {last['events']:,} events (×{scale:g}): "
                     f"check + render ×{last['ours'] / first['ours']:.1f}, full build "
                     f"×{last['our_build']['seconds'] / first['our_build']['seconds']:.1f}.")
    return "\n".join(lines)


def main() -> None:
    """Measure every size and print the table (also written to build/bench/results.md)."""
    out = REPO / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as work:
        results = []
        for events in SIZES:
            print(f"measuring {events:,} events ...", file=sys.stderr, flush=True)
            results.append(measure(events, Path(work)))
    text = table(results)
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
