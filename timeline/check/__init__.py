"""Check: every rule of the seed format, turning parsed seed files into a Timeline or problems.

By concern: `values` (single fields), `narrative` (an event's Markdown), `registries` (sources,
actors, tags), `events` (one event file assembled into an Event) and `seeds` (all files together).
"""

from .seeds import SeedCache, check_seeds, parse_event_file

__all__ = ["SeedCache", "check_seeds", "parse_event_file"]
