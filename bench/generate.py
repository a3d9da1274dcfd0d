"""Generate a deterministic synthetic timeline of N events (for `make bench`).

    python -m bench.generate N DIR                      writes DIR/seeds/ (events, sources, actors,
                                                        tags), narratives of a few paragraphs
    python -m bench.generate N DIR --narratives long    the same timeline, each narrative 3-5 KB
    python -m bench.generate N DIR --seed S             another timeline (the seed is N by default)

Realistic on purpose: day, month and year precision, approximate and uncertain dates, intervals,
ongoing events, statuses, 1-3 tags from 30 (a few common, many rare), 0-3 actors from 200, 1-2
sources with quotes, links to earlier events, and narratives of a few paragraphs. A long narrative
(3,072 to 5,120 bytes) is Markdown as a contributor writes it: paragraphs with emphasis and
figures, a bulleted list, a link to a cited report, sometimes a `## ` subheading.

Everything follows from the seed alone (no clock, no hash randomisation): the same arguments write
the same bytes. The front matter of a long-narrative timeline is that of the short one with the
same size and seed; only the narratives differ, drawn from a second generator.
"""

from __future__ import annotations

import argparse
import calendar
import random
from pathlib import Path

WORDS = ("tariff trade deal minister talks investment pledge shipbuilding autos lumber "
         "pharmaceuticals assembly vote bill reciprocal duties negotiation envoy washington seoul "
         "commerce secretary agreement memorandum cash instalments cooperation legislation "
         "opposition ruling party president announcement social media surprise reassure committed "
         "meeting morning extensive inconclusive conclusion prevented increase export import "
         "economy market currency steel semiconductor battery supply chain subsidy review").split()
PLACES = ("Washington, D.C.", "Seoul", "Geneva", "Tokyo", "Busan", "New York", "Brussels", "")
HEADINGS = ("Background", "What was agreed", "Reactions", "What happens next", "The numbers")
# A long narrative's size in bytes (it is ASCII): 3 KB to 5 KB.
LONG_MIN, LONG_MAX = 3 * 1024, 5 * 1024


def sentence(rng: random.Random, low: int, high: int) -> str:
    """Return a sentence of `low` to `high` words, capitalised, ending with a full stop."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def date_for(rng: random.Random, year: int) -> str:
    """Return an event date in `year`: mostly a day, else a month, a year, approximate,
    uncertain, an interval or ongoing."""
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


def prose(rng: random.Random, low: int, high: int) -> str:
    """Return a sentence of `low` to `high` words with what prose has: now and then a comma, a
    figure, or a phrase in *emphasis* or **strong emphasis**."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if len(words) > 6 and rng.random() < 0.5:
        at = rng.randint(2, len(words) - 3)
        words[at] += ","
    if rng.random() < 0.25:
        words.insert(rng.randint(1, len(words) - 1),
                     rng.choice([f"{rng.randint(2, 50)}%", f"${rng.randint(1, 350)} billion",
                                 f"{rng.randint(1, 28)} {calendar.month_name[rng.randint(1, 12)]}"]))
    if rng.random() < 0.3:
        at = rng.randint(1, len(words) - 2)
        mark = rng.choice(["*", "*", "**"])
        words[at] = mark + words[at]
        words[at + 1] = words[at + 1].rstrip(",") + mark
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    """Return a paragraph of three to six sentences of prose, one line."""
    return " ".join(prose(rng, 8, 18) for _ in range(rng.randint(3, 6)))


def long_narrative(rng: random.Random, urls: list[str]) -> str:
    """Return a narrative of LONG_MIN to LONG_MAX bytes of Markdown: paragraphs, one bulleted
    list, a link to one of `urls` (the event's reports), and sometimes a `## ` subheading."""
    target = rng.randint(LONG_MIN + 100, LONG_MAX - 900)  # the last block adds at most ~800
    linked = rng.randint(0, 2)  # the paragraph that holds the link
    listed = rng.randint(1, 3)  # the list follows this paragraph
    heading = rng.randint(2, 4) if rng.random() < 0.4 else -1
    blocks: list[str] = []
    size, number = 0, 0
    while size < target:
        if number == heading:
            blocks.append(f"## {rng.choice(HEADINGS)}")
        text = paragraph(rng)
        if number == linked:
            words = rng.choice(["the report", "the statement", "a published account",
                                "the full text"])
            text += f" The details are in [{words}]({rng.choice(urls)})."
        blocks.append(text)
        if number == listed:
            blocks.append("\n".join(f"- {prose(rng, 5, 12)}" for _ in range(rng.randint(3, 5))))
        size = len("\n\n".join(blocks))
        number += 1
    body = "\n\n".join(blocks)
    while len(body) > LONG_MAX:  # never so far; a guard that keeps the promise
        body = body[:body.rindex(" ")] + "."
    assert LONG_MIN <= len(body.encode("utf-8")) <= LONG_MAX, len(body)
    return body


def generate(count: int, root: Path, long_narratives: bool = False, seed: int | None = None) -> None:
    """Write `count` events and their registries under root/seeds (returns nothing); with
    `long_narratives`, every narrative is 3-5 KB of Markdown."""
    seed = count if seed is None else seed
    rng = random.Random(seed)
    # A second stream, so that long narratives leave the front matter as it is in the short ones.
    narrative_rng = random.Random(f"long narratives {seed}")
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
        if long_narratives:
            body = long_narrative(narrative_rng,
                                  [f"https://news.example.org/{source}" for source in cited])
        (seeds / "events" / f"{event_id}.md").write_text("\n".join(lines) + "\n" + body + "\n",
                                                         encoding="utf-8")
        ids.append(event_id)


def main() -> None:
    """Read the command line and write the timeline it asks for (returns nothing)."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate",
                                     description="Write a synthetic timeline to DIR/seeds/.")
    parser.add_argument("events", type=int, metavar="N", help="number of events")
    parser.add_argument("root", type=Path, metavar="DIR", help="folder to write seeds/ into")
    parser.add_argument("--narratives", choices=["short", "long"], default="short",
                        help="short: a few sentences (default); long: 3-5 KB of Markdown each")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: N)")
    args = parser.parse_args()
    generate(args.events, args.root, args.narratives == "long", args.seed)


if __name__ == "__main__":
    main()
