"""`make bench`: synthetic timelines measured against bare baselines, as whole processes only.

The timelines (bench/generate.py): by default 1,000 events, 10,000 events, and 10,000 events whose
narratives are 3-5 KB of Markdown each. For each, side by side:
  (a) the check: `python build_timeline.py --root PROJECT check`, the whole process (interpreter
      start and imports included), against a bare parse as a whole process: `python -c` that
      imports PyYAML, reads every event file, splits off its front matter and parses it with the
      C loader (`yaml.CSafeLoader`), keeping the results. Target: at most 2.0x.
  (b) the full build: `mkdocs build` of the project (our hook) against a bare `mkdocs build`
      (MkDocs + Material, no hook) of the same pages, pre-rendered by
      `python build_timeline.py render --out TREE`; wall time and the peak memory of the largest
      process. Target: at most 1.1x. TREE/mkdocs.yml is built if `render` wrote one (it must list
      no hooks); otherwise the project's mkdocs.yml, its hooks removed, is pointed at TREE.
  (c) from our build's site: the largest HTML page, the search index per event, the whole site;
  (d) for each timeline with short narratives, the time from saving an edited event to the
      preview serving it, as a contributor waits for it: `build_timeline.py serve` (what
      `make serve` runs), MkDocs' file watcher included, polled from outside every 50 ms. Target:
      at most 1 s up to 1,000 events, 2 s up to 10,000. The build log gives the split: our part,
      the rest of MkDocs' rebuild, and the rest (the watcher noticing the save, and the wait).

Only the project's stable doors are used (`build_timeline.py check`, `build_timeline.py render
--out`, `mkdocs build`, `build_timeline.py serve`), each in a fresh process timed from outside: nothing here
imports `timeline` or the tests' helpers, which import it. The in-process measurements of earlier
versions (check + render through `timeline.pipeline.build_site_files`, the check alone through
`timeline.seeds.check_seeds`, on one core and on two) are gone with them.

Every measurement runs BENCH_ROUNDS times (3 by default), ours and the baseline alternating and
swapping which goes first each round; the fastest run of each counts (its CPU time and memory with
it). The machine is noisy: read the ratios, and the CPU times beside them.

    BENCH_SIZES="1000 10000"   sizes of the timelines with short narratives (the default)
    BENCH_LONG_SIZES="10000"   sizes of the timelines with 3-5 KB narratives (default: the largest
                               of BENCH_SIZES; empty for none)
    BENCH_ROUNDS=3             runs of each measurement (and edits under `mkdocs serve`)
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Top-level entries of the repository that a copy of the project leaves out: the bench makes its
# own seeds, and build output, tests and hidden folders (.git, .venv) play no part in a build.
NOT_PROJECT = frozenset({"seeds", "site", "build", "bench", "tests"})

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "1000 10000").split())
_LONG = os.environ.get("BENCH_LONG_SIZES")
LONG_SIZES = tuple(int(n) for n in _LONG.split()) if _LONG is not None else SIZES[-1:]
# Each figure is the best of this many runs, alternating ours and the baseline: on a shared,
# noisy machine the minimum is the figure least disturbed by other work.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CHECK_TARGET = 2.0
BUILD_TARGET = 1.1


def serve_target(events: int) -> float:
    """Return the most seconds from saving an edit to the preview serving it (issue 12)."""
    return 1.0 if events <= 1000 else 2.0


# The bare parse: start, import PyYAML, read every event file, parse its front matter with the C
# loader and keep the results (as any use of them would); print how many files it parsed.
BARE_PARSE = r"""
import glob, sys, yaml
parsed = []
for name in sorted(glob.glob(sys.argv[1] + "/seeds/events/*.md")):
    with open(name, encoding="utf-8") as f:
        text = f.read()
    parsed.append(yaml.load(text.split("---\n", 2)[1], Loader=yaml.CSafeLoader))
print(len(parsed))
"""


@dataclass(frozen=True)
class Timeline:
    """A synthetic timeline the bench measures: its size and the length of its narratives."""

    events: int
    long_narratives: bool

    @property
    def name(self) -> str:
        """Return the column heading, e.g. "10,000 events, 3-5 KB narratives"."""
        return f"{self.events:,} events" + (", 3–5 KB narratives" if self.long_narratives else "")

    @property
    def label(self) -> str:
        """Return the timeline's name for a sentence, e.g. "the 1,000-event timeline"."""
        return (f"the {self.events:,}-event timeline"
                + (" with 3–5 KB narratives" if self.long_narratives else ""))

    @property
    def key(self) -> str:
        """Return a folder name for this timeline, e.g. "10000-long"."""
        return f"{self.events}-{'long' if self.long_narratives else 'short'}"


@dataclass(frozen=True)
class Run:
    """One whole process, timed from outside."""

    seconds: float  # wall time from starting the process to reaping it
    cpu_seconds: float  # user + system time of the process and the children it waited for
    peak_mb: float  # peak resident memory of the largest of those processes
    stdout: str = field(repr=False, compare=False)


@dataclass
class Result:
    """Every figure measured for one timeline."""

    timeline: str
    label: str
    events: int
    narratives: str
    rounds: int
    event_files_mb: float
    check: Run
    bare_parse: Run
    our_build: Run
    bare_build: Run
    bare_config: str  # which configuration the bare build used
    largest_kb: float
    largest: str
    index_per_event_kb: float
    site_mb: float
    html_pages: int
    all_runs: dict[str, list[float]]
    serve: list[dict[str, float]]

    @property
    def check_ratio(self) -> float:
        """Return the check's time over the bare parse's."""
        return self.check.seconds / self.bare_parse.seconds

    @property
    def build_ratio(self) -> float:
        """Return our full build's time over the bare build's."""
        return self.our_build.seconds / self.bare_build.seconds


def timelines() -> list[Timeline]:
    """Return the timelines to measure: BENCH_SIZES with short narratives, then BENCH_LONG_SIZES."""
    return ([Timeline(n, False) for n in SIZES] + [Timeline(n, True) for n in LONG_SIZES])


def environment() -> dict[str, str]:
    """Return the environment of every measured process (no MkDocs 2 banner, a fixed build date)."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")


def run(args: Sequence[str], cwd: Path) -> Run:
    """Return the wall time, CPU time, peak memory and output of `python args` run in `cwd`."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, *args], cwd=cwd, env=environment(),
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        # wait4, not wait: it also returns the process's resource use, its reaped children's
        # included (CPU time summed, memory the largest process's).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if process.returncode != 0:
            raise SystemExit(f"failed ({process.returncode}): python {' '.join(args[:4])} ...\n"
                             + err.read().decode("utf-8", "replace")[-3000:])
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


def alternate(rounds: int, ours: Callable[[], Run], bare: Callable[[], Run]) -> tuple[list[Run],
                                                                                       list[Run]]:
    """Return `rounds` runs of each, alternating, the baseline first in even rounds."""
    our_runs: list[Run] = []
    bare_runs: list[Run] = []
    for number in range(rounds):
        if number % 2 == 0:
            bare_runs.append(bare())
            our_runs.append(ours())
        else:
            our_runs.append(ours())
            bare_runs.append(bare())
    return our_runs, bare_runs


def fastest(runs: list[Run]) -> Run:
    """Return the run with the shortest wall time (its CPU time and memory with it)."""
    return min(runs, key=lambda one: one.seconds)


def make_project(target: Path) -> Path:
    """Return `target`, made a copy of the project without its seeds (nor tests, build output)."""
    target.mkdir(parents=True)
    for source in sorted(REPO.iterdir()):
        if source.name.startswith(".") or source.name in NOT_PROJECT:
            continue
        if source.is_dir():
            shutil.copytree(source, target / source.name,
                            ignore=shutil.ignore_patterns("__pycache__", ".*"))
        else:
            shutil.copy2(source, target / source.name)
    return target


def bare_build_args(project: Path, tree: Path, site: Path) -> tuple[list[str], Path, str]:
    """Return the arguments of the bare `mkdocs build` of `tree`, its folder, and what it builds.

    TREE/mkdocs.yml if `render` wrote one (a complete project: it must list no hooks); otherwise,
    as `render` did before it wrote one, the project's mkdocs.yml without its hooks, pointed at TREE.
    """
    build = ["-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    written = tree / "mkdocs.yml"
    if written.exists():
        if re.search(r"^hooks\s*:", written.read_text(encoding="utf-8"), re.MULTILINE):
            raise SystemExit(f"{written} lists hooks: a build of it would not be bare")
        return [*build, "--config-file", str(written)], tree, "the tree's own mkdocs.yml"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    if re.search(r"^hooks\s*:", config, re.MULTILINE):
        raise SystemExit(f"could not remove the hooks from {project / 'mkdocs.yml'}")
    bare = project / "bare.yml"  # beside mkdocs.yml: theme.custom_dir resolves as it does there
    bare.write_text(config + f"docs_dir: {tree}\n", encoding="utf-8")
    return [*build, "--config-file", str(bare)], project, "the project's mkdocs.yml, no hooks"


def site_figures(site: Path, events: int) -> dict[str, float | str | int]:
    """Return the largest HTML page, the search index per event and the site's size."""
    pages = [(p.stat().st_size, p) for p in site.rglob("*.html")]
    largest, path = max(pages)
    index = (site / "search" / "search_index.json").stat().st_size
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"largest_kb": largest / 1024, "largest": path.relative_to(site).as_posix(),
            "index_per_event_kb": index / 1024 / events, "site_mb": total / 1024 / 1024,
            "html_pages": len(pages)}


def measure_serve(project: Path, rounds: int) -> list[dict[str, float]]:
    """Return, for `rounds` edits of one event under the preview, the seconds from saving to the
    edited page being served, and (if the log says) our part and MkDocs' rest."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    event = sorted((project / "seeds" / "events").glob("*.md"))[7]
    url = base + f"events/{event.stem}/"
    log_path = project / "serve.log"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(  # as `make serve` runs it
            [sys.executable, "build_timeline.py", "serve", "--port", str(port)], cwd=project,
            env=environment(), stdout=log, stderr=subprocess.STDOUT)
        try:
            poll(lambda: fetch(url) is not None, 1800)
            time.sleep(2)  # let the first build's last log lines arrive
            runs: list[dict[str, float]] = []
            for number in range(rounds):
                title = f"Edited title number {number} for the benchmark"
                text = event.read_text(encoding="utf-8")
                event.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1,
                                        flags=re.MULTILINE), encoding="utf-8")
                saved = time.perf_counter()
                poll(lambda: title in (fetch(url) or ""), 300)
                runs.append({"seconds": time.perf_counter() - saved})
                time.sleep(2)  # let the rebuild's log lines arrive
        finally:
            server.terminate()
            server.wait(timeout=60)
    logged = log_path.read_text(encoding="utf-8")
    ours = [float(m) for m in re.findall(r"Timeline: .* made in ([0-9.]+) s", logged)]
    built = [float(m) for m in re.findall(r"Documentation built in ([0-9.]+) seconds", logged)]
    # One build to start, then one per edit: split the time only if the log shows exactly that.
    if len(ours) == len(built) == rounds + 1:
        for one, our_part, whole in zip(runs, ours[1:], built[1:], strict=True):
            one.update(ours=our_part, mkdocs=whole - our_part, rest=one["seconds"] - whole)
    return runs


def fetch(url: str) -> str | None:
    """Return the page at `url`, or None if the server does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(condition: Callable[[], bool], limit: float) -> None:
    """Return once `condition` holds, checking every 50 ms; exit after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up after {limit:.0f} s")
        time.sleep(0.05)


def measure(timeline: Timeline, work: Path, serve: bool) -> Result:
    """Return every figure for `timeline`, built in a folder of its own under `work`."""
    folder = work / timeline.key
    project = make_project(folder / "project")
    run(["-m", "bench.generate", str(timeline.events), str(project), "--narratives",
         "long" if timeline.long_narratives else "short"], cwd=REPO)
    events = sorted((project / "seeds" / "events").glob("*.md"))
    assert len(events) == timeline.events, len(events)
    event_bytes = sum(path.stat().st_size for path in events)

    # The same pages as plain Markdown, for the bare build (this also warms the caches: the
    # project's bytecode, the seed files in the page cache).
    tree = folder / "tree"
    script = str(project / "build_timeline.py")
    run([script, "--root", str(project), "render", "--out", str(tree)], cwd=project)
    bare_args, bare_cwd, bare_config = bare_build_args(project, tree, folder / "bare-site")

    def bare_parse() -> Run:
        """Return a run of the bare parse, checked to have parsed every event file."""
        done = run(["-c", BARE_PARSE, str(project)], cwd=project)
        assert int(done.stdout.split()[-1]) == timeline.events, done.stdout
        return done

    checks, parses = alternate(
        ROUNDS, lambda: run([script, "--root", str(project), "check"], cwd=project), bare_parse)
    our_builds, bare_builds = alternate(
        ROUNDS, lambda: run(["-m", "mkdocs", "build", "--strict", "--quiet"], cwd=project),
        lambda: run(bare_args, cwd=bare_cwd))
    figures = site_figures(project / "site", timeline.events)
    return Result(
        timeline=timeline.name, label=timeline.label, events=timeline.events,
        narratives="3-5 KB" if timeline.long_narratives else "short", rounds=ROUNDS,
        event_files_mb=event_bytes / 1024 / 1024, check=fastest(checks),
        bare_parse=fastest(parses), our_build=fastest(our_builds), bare_build=fastest(bare_builds),
        bare_config=bare_config, largest_kb=float(figures["largest_kb"]),
        largest=str(figures["largest"]), index_per_event_kb=float(figures["index_per_event_kb"]),
        site_mb=float(figures["site_mb"]), html_pages=int(figures["html_pages"]),
        all_runs={"check": [r.seconds for r in checks], "bare_parse": [r.seconds for r in parses],
                  "our_build": [r.seconds for r in our_builds],
                  "bare_build": [r.seconds for r in bare_builds]},
        serve=measure_serve(project, max(ROUNDS, 3)) if serve else [])


def against(ratio: float, target: float) -> str:
    """Return a ratio with whether it meets its target, e.g. "1.53× (target ≤ 2.0×: met)"."""
    shown = f"{ratio:.2f}"
    if float(shown) == target:  # say 1.104, not 1.10, when that is what misses 1.1
        shown = f"{ratio:.3f}"
    return f"{shown}× (target ≤ {target:.1f}×: {'met' if ratio <= target else 'missed'})"


ROWS: tuple[tuple[str, Callable[[Result], str]], ...] = (
    ("check, whole process (s)", lambda r: f"{r.check.seconds:.2f}"),
    ("bare C-loader parse, whole process (s)", lambda r: f"{r.bare_parse.seconds:.2f}"),
    ("ratio check / bare parse", lambda r: against(r.check_ratio, CHECK_TARGET)),
    ("full `mkdocs build`, ours (s)", lambda r: f"{r.our_build.seconds:.1f}"),
    ("bare MkDocs + Material build of the same pages (s)",
     lambda r: f"{r.bare_build.seconds:.1f}"),
    ("ratio ours / bare build", lambda r: against(r.build_ratio, BUILD_TARGET)),
    ("peak memory of the largest process, ours / bare build (MB)",
     lambda r: f"{r.our_build.peak_mb:.0f} / {r.bare_build.peak_mb:.0f}"),
    ("largest HTML page (KB)", lambda r: f"{r.largest_kb:.0f} ({r.largest})"),
    ("search index per event (KB)", lambda r: f"{r.index_per_event_kb:.2f}"),
    ("CPU time, check / bare parse (s)",
     lambda r: f"{r.check.cpu_seconds:.2f} / {r.bare_parse.cpu_seconds:.2f}"),
    ("CPU time, our build / bare build (s)",
     lambda r: f"{r.our_build.cpu_seconds:.1f} / {r.bare_build.cpu_seconds:.1f}"),
    ("event files (MB); whole site (MB), HTML pages",
     lambda r: f"{r.event_files_mb:.1f}; {r.site_mb:.1f}, {r.html_pages:,}"),
    ("an edit under `make serve`: saved → page served, fastest (s)", lambda r: _served(r)),
    ("… each edit (s)",
     lambda r: ", ".join(f"{one['seconds']:.2f}" for one in r.serve) if r.serve else "—"),
    ("… in the fastest: our part / the rest of MkDocs' rebuild / the watcher and the wait (s)",
     lambda r: _split(r)),
)


def _fastest_edit(result: Result) -> dict[str, float] | None:
    """Return the quickest edit under the preview, or None if none was measured."""
    return min(result.serve, key=lambda one: one["seconds"]) if result.serve else None


def _served(result: Result) -> str:
    """Return the quickest edit's time against its target, e.g. "0.81 (target ≤ 1 s: met)"."""
    quickest = _fastest_edit(result)
    if quickest is None:
        return "—"
    target = serve_target(result.events)
    return (f"{quickest['seconds']:.2f} (target ≤ {target:g} s: "
            f"{'met' if quickest['seconds'] <= target else 'missed'})")


def _split(result: Result) -> str:
    """Return where the quickest edit's time went, from the preview's log."""
    quickest = _fastest_edit(result)
    if quickest is None or "ours" not in quickest:
        return "—"
    return f"{quickest['ours']:.2f} / {quickest['mkdocs']:.2f} / {quickest['rest']:.2f}"


def table(results: list[Result]) -> str:
    """Return the results as Markdown: a table with a column per timeline, then notes."""
    lines = ["| | " + " | ".join(r.timeline for r in results) + " |",
             "| --- |" + " --- |" * len(results)]
    for label, cell in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    runs = f"Best of {ROUNDS} alternating runs each" if ROUNDS > 1 else "One run each"
    lines += ["", f"{runs}, every one a whole process timed from outside; Python {platform.python_version()}, MkDocs "
              f"{metadata.version('mkdocs')}, Material {metadata.version('mkdocs-material')}, "
              f"{os.cpu_count()} cores. The bare build used {results[0].bare_config}."]
    short = [r for r in results if r.narratives == "short"]
    if len(short) >= 2 and short[-1].events != short[0].events:
        first, last = short[0], short[-1]
        lines += ["", f"From {first.events:,} to {last.events:,} events "
                  f"(×{last.events / first.events:g}): check ×"
                  f"{last.check.seconds / first.check.seconds:.1f}, full build ×"
                  f"{last.our_build.seconds / first.our_build.seconds:.1f}."]
    return "\n".join(lines)


def main() -> None:
    """Measure every timeline, print the table and write it to build/bench/ (returns nothing)."""
    out = REPO / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    chosen = timelines()
    if not chosen:
        raise SystemExit("nothing to measure: BENCH_SIZES and BENCH_LONG_SIZES are both empty")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as work:
        for timeline in chosen:
            print(f"measuring {timeline.name} ...", file=sys.stderr, flush=True)
            results.append(measure(timeline, Path(work), serve=not timeline.long_narratives))
    text = table(results)
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    rows = [{**asdict(r), "check_ratio": r.check_ratio, "build_ratio": r.build_ratio}
            for r in results]
    for row in rows:
        for name in ("check", "bare_parse", "our_build", "bare_build"):
            del row[name]["stdout"]
    (out / "results.json").write_text(json.dumps(
        {"targets": {"check_over_bare_parse": CHECK_TARGET, "build_over_bare_build": BUILD_TARGET},
         "timelines": rows}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
