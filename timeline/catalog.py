"""The catalog of our labels: every English label of the page templates and of the Python that
prints words on pages, extracted with Babel (`make catalog`), and each language's .po kept in step."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .languages import CATALOG_DOMAIN, LOCALE_FOLDER, TRANSLATION_LANGUAGES, catalog_path

REPO = Path(__file__).parent.parent
TEMPLATE_FILE = LOCALE_FOLDER / f"{CATALOG_DOMAIN}.pot"
# What Babel reads: the page templates (Jinja2's own extractor, with the extension the pages are
# rendered with) and our Python; not the theme's overrides, which Material's labels fill.
METHODS = [("templates/pages/**.j2", "jinja2.ext:babel_extract"), ("timeline/**.py", "python")]
OPTIONS = {"templates/pages/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                                     "lstrip_blocks": "True", "newstyle_gettext": "True"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extracted() -> Catalog:
    """Return every label of the templates and the Python, as a template catalog (.pot)."""
    messages = Catalog(domain=CATALOG_DOMAIN, project="timeline", charset="utf-8")
    for path, line, message, comments, _ in extract_from_dir(
            str(REPO), METHODS, OPTIONS, KEYWORDS, strip_comment_tags=True):
        messages.add(message, None, [(path, line)], auto_comments=comments)
    return messages


def _written(messages: Catalog) -> bytes:
    """Return a catalog as .po text, without the dates that would change it at each run."""
    out = io.BytesIO()
    write_po(out, messages, omit_header=False, sort_output=True, width=100, include_lineno=False)
    return b"\n".join(line for line in out.getvalue().split(b"\n")
                      if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date')))


def updated(language: str, template: Catalog) -> Catalog:
    """Return the language's catalog with the template's msgids: translations kept, new ones
    empty, gone ones dropped (no obsolete entries: the history of them is in git)."""
    with catalog_path(language).open("rb") as po:
        messages = read_po(po, locale=language, domain=CATALOG_DOMAIN)
    messages.update(template, no_fuzzy_matching=True)
    messages.obsolete.clear()
    return messages


def main() -> None:
    """Write timeline/locale/timeline.pot and update each language's .po from it."""
    template = extracted()
    TEMPLATE_FILE.write_bytes(_written(template))
    for language in TRANSLATION_LANGUAGES:
        messages = updated(language, template)
        catalog_path(language).write_bytes(_written(messages))
        missing = [m.id for m in messages if m.id and not m.string]
        print(f"{catalog_path(language).relative_to(REPO)}: {len(messages) - 1} labels, "
              f"{len(missing)} to translate")


if __name__ == "__main__":
    main()
