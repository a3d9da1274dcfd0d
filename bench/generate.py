"""Generate a deterministic synthetic timeline of N events (for `make bench`).

    python -m bench.generate N DIR   writes DIR/seeds/ (events, sources, actors, tags)

Realistic on purpose: day, month and year precision, approximate and uncertain dates, intervals,
ongoing events, statuses, 1-3 tags from 30 (a few common, many rare), 0-3 actors from 200, 1-2
sources with quotes, links to earlier events, and narratives of a few paragraphs.
"""

from __future__ import annotations

import calendar
import random
import sys
from pathlib import Path

WORDS = ("tariff trade deal minister talks investment pledge shipbuilding autos lumber "
         "pharmaceuticals assembly vote bill reciprocal duties negotiation envoy washington seoul "
         "commerce secretary agreement memorandum cash instalments cooperation legislation "
         "opposition ruling party president announcement social media surprise reassure committed "
         "meeting morning extensive inconclusive conclusion prevented increase export import "
         "economy market currency steel semiconductor battery supply chain subsidy review").split()
PLACES = ("Washington, D.C.", "Seoul", "Geneva", "Tokyo", "Busan", "New York", "Brussels", "")


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def date_for(rng: random.Random, year: int) -> str:
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    roll = rng.random()
    if roll < 0.70:
        return f"{year}-{month:02d}-{day:02d}"
    if roll < 0.82:
        return f"{year}-{month:02d}"
    if roll < 0.85:
        return f"{year}"
    if roll < 0.88:
        return f"{year}-{month:02d}~"
    if roll < 0.90:
        return f"{year}-{month:02d}-{day:02d}?"
    if roll < 0.97:
        end = min(day + rng.randint(1, 5), calendar.monthrange(year, month)[1])
        if end == day:
            return f"{year}-{month:02d}-{day:02d}"
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{end:02d}"
    return f"{year}-{month:02d}/.."


def generate(count: int, root: Path) -> None:
    """Write `count` events and their registries under root/seeds."""
    rng = random.Random(count)
    seeds = root / "seeds"
    (seeds / "events").mkdir(parents=True, exist_ok=True)
    tags = [f"tag-{i:02d}" for i in range(30)]
    actors = [f"actor-{i:03d}" for i in range(200)]
    sources = [f"source-{i:05d}" for i in range(max(count // 4, 10))]
    years = max(count // 500, 10)
    first_year = 2026 - years
    (seeds / "tags.yml").write_text("".join(
        f"{t}:\n  name: Theme {t[4:]}\n  description: {sentence(rng, 5, 10)}\n" for t in tags),
        encoding="utf-8")
    (seeds / "actors.yml").write_text("".join(
        f"{a}:\n  name: Person {a[6:]} {rng.choice(WORDS).capitalize()}\n  role: "
        f"{rng.choice(WORDS).capitalize()} minister\n  country: {rng.choice(['KR', 'US', 'JP'])}\n"
        for a in actors), encoding="utf-8")
    (seeds / "sources.yml").write_text("".join(
        f"{s}:\n  title: \"{sentence(rng, 6, 12)}\"\n  publisher: {rng.choice(WORDS).capitalize()} "
        f"News\n  published: {rng.randint(first_year, 2025)}-{rng.randint(1, 12):02d}-"
        f"{rng.randint(1, 28):02d}\n  url: https://news.example.org/{s}\n  language: en\n"
        for s in sources), encoding="utf-8")
    ids: list[str] = []
    for number in range(count):
        year = first_year + number * years // count
        date = date_for(rng, year)
        slug = "-".join(rng.choice(WORDS) for _ in range(4))
        event_id = f"{date.split('/')[0].rstrip('?~%')}-{slug}-{number}"
        title = sentence(rng, 5, 9)[:-1]
        tag_list = sorted(set(rng.choices(tags, weights=[1 / (i + 1) for i in range(30)],
                                          k=rng.randint(1, 3))))
        actor_list = sorted(set(rng.sample(actors, rng.randint(0, 3))))
        cited = rng.sample(sources, rng.randint(1, 2))
        related = rng.sample(ids[-50:], min(len(ids[-50:]), rng.randint(0, 2)))
        status = rng.choices(["occurred", "scheduled", "postponed", "cancelled"],
                             [0.9, 0.04, 0.03, 0.03])[0]
        importance = rng.choices([1, 2, 3], [0.2, 0.7, 0.1])[0]
        place = rng.choice(PLACES)
        lines = ["---", f"title: {title}", f"date: {date}", f"summary: {sentence(rng, 12, 24)}"]
        if status != "occurred":
            lines.append(f"status: {status}")
        lines.append(f"tags: [{', '.join(tag_list)}]")
        if actor_list:
            lines.append(f"actors: [{', '.join(actor_list)}]")
        if place:
            lines.append(f"place: {place}")
        lines.append(f"importance: {importance}")
        lines.append("sources:")
        for source in cited:
            lines += [f"  - source: {source}", f'    quote: "{sentence(rng, 6, 14)}"']
        if related:
            lines.append(f"related: [{', '.join(related)}]")
        lines.append("---")
        body = "\n\n".join(" ".join(sentence(rng, 8, 16) for _ in range(rng.randint(2, 4)))
                           for _ in range(rng.randint(1, 3)))
        (seeds / "events" / f"{event_id}.md").write_text("\n".join(lines) + "\n" + body + "\n",
                                                         encoding="utf-8")
        ids.append(event_id)


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
