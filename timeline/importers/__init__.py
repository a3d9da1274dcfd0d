"""Importers: a TimelineJS timeline (its JSON, or the CSV of Knight Lab's Google Sheets template)
turned into event files and registry entries, in pipeline order: reading (the two formats, into
slides), dating (their dates in EDTF), text (HTML into Markdown), planning (the files, checked by
the real checker), writing (all of them, or none).

Pure but for writing: bytes in, files to write out (`Plan`); the command line reads the input,
checks the plan with the checker and writes it through `write_plan`, which writes nothing if any
file would be replaced. Every step is bounded (fields.py): the input's size (IMPORT_MAX_BYTES), its rows
(IMPORT_MAX_ROWS), its JSON nesting (IMPORT_MAX_DEPTH), and each text by the limits of the field
it becomes.
"""

from .dating import YEAR_FIX, Point, edtf_date, edtf_point, restored_date
from .planning import Existing, NewEventFile, Options, Plan, checked_plan, plan_import
from .reading import CSV_COLUMNS, ImportRefused, Slide, Timeline, read_sheet_csv, read_timelinejs
from .text import cut_at_word, first_sentence, html_to_markdown, plain_text
from .writing import counts_line, files_of, write_plan

__all__ = ["CSV_COLUMNS", "YEAR_FIX", "Existing", "ImportRefused", "NewEventFile", "Options",
           "Plan", "Point", "Slide", "Timeline", "checked_plan", "counts_line", "cut_at_word",
           "edtf_date", "edtf_point", "files_of", "first_sentence", "html_to_markdown",
           "plain_text", "plan_import", "read_sheet_csv", "read_timelinejs", "restored_date",
           "write_plan"]
