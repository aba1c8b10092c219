"""The tables of problem_words: each message the library writes (after "path: "), as a pattern,
and the catalogue's sentence that says it, in the order they are tried.

MESSAGES are said everywhere (the upload page, the command line, the API); PAGE_MESSAGES only on
the upload page, which has controls of its own, CLI_MESSAGES only on the command line, which
names its options; HINTS are what explain adds after " — ". The sentences themselves live in
structure_words, check_words, encoding_words and file_words, apart only for their size.
"""

from __future__ import annotations

import re

from bordermap.i18n import N_

from . import check_words, encoding_words, file_words, structure_words

# The named groups that are counts or places in the file (feature 2, line 1, 300 characters),
# written in the reader's digits; the others are the file's own values and names, kept as written.
COUNTS = frozenset({"n", "line", "column", "at", "limit"})


# Each message as the library writes it (after "path: "), and the sentence the catalogue
# translates; the named groups are the figures and names, never translated. A third item
# names the groups of that message that are counts too.
def table(entries: tuple[tuple, ...]) -> tuple[tuple[re.Pattern[str], str, frozenset[str]], ...]:
    """The compiled table of `entries` (pattern, sentence, and any groups that are counts too)."""
    return tuple((re.compile(pattern + r"\Z"), sentence, COUNTS | frozenset(more))
                 for pattern, sentence, *more in entries)


MESSAGES = table(structure_words.BEFORE + check_words.ENTRIES + encoding_words.ENTRIES + file_words.ENTRIES
                 + structure_words.ENTRIES)

# The same file again into the layer it went into (review rv19, M1): sentences of the upload
# page, which has a box to tick for it; the command line keeps the library's words, which name
# its option.
PAGE_MESSAGES = table((
    # Another editor's save of the commitment since this form was read: the page shows what is
    # stored now above the form, which a second Save replaces (review 31a, #5: the page said both
    # "open it again" and "save again").
    (r"commitment '(?P<id>[^']+)' was changed by revision (?P<n>\d+) after you opened it, so nothing was saved: "
     r"open it again to see that change, then make yours",
     N_("commitment %(id)s was changed by revision %(n)s after you opened it, so nothing was saved: what is stored "
        "now is shown above the form")),
    # The layer chosen, deleted by another editor between the check and the import (review rv21e, F3).
    (r"no layer with id '(?P<id>[^']+)'; to create it, give a title for the new layer",
     N_("the layer %(id)s is no longer there (another editor may have deleted it since the check): choose "
        "another layer of yours, or “A new layer”, and check the file again")),
    # A new layer whose id an import of the same file took (review rv21b, M5): the page names its
    # own controls, where the library names the API's parameter.
    (r"this file was already imported into a new layer '(?P<id>[^']+)' as revision (?P<n>\d+); to add it again, "
     r"import it into that layer with allow_duplicate",
     N_("this file was already imported as revision %(n)s, into the layer %(id)s it made: to add its features a "
        "second time, choose %(id)s under “A layer of yours”, check the file again and tick “Import it again”")),
    (r"this file was already imported into (?P<id>[^ ;]+) as revision (?P<n>\d+); importing it again needs "
     r"allow_duplicate",
     N_("this file was already imported into %(id)s as revision %(n)s: tick “Import it again” beside the button to "
        "add its features a second time")),
    (r"this file \(SHA-256 [0-9a-f]+…\) was already imported into layer '(?P<id>[^']+)' as revision (?P<n>\d+) "
     r"\(.+\); importing it again would add its features twice\. To import it again anyway, ask for a duplicate "
     r"import \(allow_duplicate\)",
     N_("this file was already imported into layer %(id)s as revision %(n)s; importing it again would add its "
        "features twice: tick “Import it again” beside the button to do so anyway")),
))
# The same, on the command line, where the library's parameter is its option (cli._as_options).
CLI_MESSAGES = table((
    # `bordermap db copy --from` given a file that is no store it copies (bordermap.store.transfer; review 33a, #9).
    (r"(?P<file>.+) is not a SQLite database \((?P<error>.+)\): give --from the store's own file \(bordermap\.sqlite "
     r"in the instance folder\) as the server wrote it, not a compressed or partial copy",
     N_("%(file)s is not a SQLite database (%(error)s): give --from the store's own file (bordermap.sqlite in the "
        "instance folder) as the server wrote it, not a compressed or partial copy")),
    (r"(?P<file>.+) is not a bordermap store: it has no bordermap schema \(an empty file, or another program's "
     r"database\); nothing was copied",
     N_("%(file)s is not a bordermap store: it has no bordermap schema (an empty file, or another program's "
        "database); nothing was copied")),
    # `bordermap export` refusing to replace a file (bordermap.mapview.export.write_export; review 31b, #7).
    (r"the file (?P<file>.+) exists already; choose another name or pass --force to replace it",
     N_("%(file)s exists already: choose another name, or add --force to replace it")),
    # The library's words with the options that give what it asks for (import_cli._as_options):
    # the upload page's sentences name its own controls instead.
    (r"the file holds (?P<n>\d+) layers: (?P<names>.+); choose one \(--source-layer\)",
     N_("the file holds %(n)s layers: %(names)s; choose one with --source-layer")),
    (r"the Shapefile does not say how its text is encoded \(it has no \.cpg file\); its letters read as Vietnamese "
     r"in Windows-1258 and were read so: if they look wrong, choose the file's encoding with --encoding",
     N_("the Shapefile does not say how its text is encoded (it has no .cpg file); its letters read as Vietnamese "
        "in Windows-1258 and were read so: if they look wrong, give the file's encoding with --encoding")),
    (r"the Shapefile does not say how its text is encoded \(it has no \.cpg file\); it was read as "
     r"(?P<encoding>[\w-]+): if letters look wrong, choose the file's encoding with --encoding",
     N_("the Shapefile does not say how its text is encoded (it has no .cpg file); it was read as %(encoding)s: "
        "if letters look wrong, give the file's encoding with --encoding")),
    (r"the CSV file is not (?P<encoding>[\w-]+) text \(line (?P<line>[\d,]+) is not\): choose the encoding it was "
     r"written in",
     N_("the CSV file is not %(encoding)s text (line %(line)s is not): give the encoding it was written in with "
        "--encoding")),
    (r"the Shapefile's text is not (?P<encoding>[\w-]+) \(byte (?P<byte>0x[0-9A-F]{2}) in (?P<name>“.*”), feature "
     r"(?P<n>\d+)\): choose the encoding the file was written in",
     N_("the Shapefile's text is not %(encoding)s (byte %(byte)s in %(name)s, feature %(n)s): give the encoding the "
        "file was written in with --encoding")),
    (r"the Shapefile's text is not (?P<encoding>[\w-]+) \(byte (?P<byte>0x[0-9A-F]{2}) in the field name "
     r"(?P<name>“.*”)\): choose the encoding the file was written in",
     N_("the Shapefile's text is not %(encoding)s (byte %(byte)s in the field name %(name)s): give the encoding the "
        "file was written in with --encoding")),
    (r"the Shapefile's text is (?P<plainly>[\w-]+), not the (?P<given>[\w-]+) chosen: choose [\w-]+",
     N_("the Shapefile's text is %(plainly)s, not the %(given)s given: give --encoding %(plainly)s")),
    (r"the Shapefile says its text is (?P<declared>[\w-]+), but it reads as (?P<found>[\w-]+) and was read so: if "
     r"letters look wrong, choose the file's encoding with --encoding",
     N_("the Shapefile says its text is %(declared)s, but it reads as %(found)s and was read so: if letters look "
        "wrong, give the file's encoding with --encoding")),
    (r"give --layer with the id of a layer of yours, or --new-layer-title with a title for a new layer",
     N_("give --layer with the id of a layer of yours, or --new-layer-title with a title for a new layer")),
    (r"no layer with id '(?P<id>[^']+)'; to create it, give --new-layer-title",
     N_("there is no layer %(id)s; to make it, give --new-layer-title")),
    (r"invalid (?P<kind>\w+): Self-intersection at (?P<at>\[.*\]); ask for a repair to fix it "
     r"\(--repair, or the repair box\)",
     N_("invalid %(kind)s: its outline crosses itself at %(at)s; add --repair to repair it, or correct the outline "
        "in a GIS")),
    (r"invalid (?P<kind>\w+): (?P<reason>.+); ask for a repair to fix it \(--repair, or the repair box\)",
     N_("invalid %(kind)s: %(reason)s; add --repair to repair it, or correct it in a GIS")),
    (r"this file was already imported into a new layer '(?P<id>[^']+)' as revision (?P<n>\d+); to add it again, "
     r"import it into that layer with --allow-duplicate",
     N_("this file was already imported as revision %(n)s, into the layer %(id)s it made: to add its features a "
        "second time, import it with --layer %(id)s (no new layer) and --allow-duplicate")),
    (r"this file \(SHA-256 [0-9a-f]+…\) was already imported into layer '(?P<id>[^']+)' as revision (?P<n>\d+) "
     r"\(.+\); importing it again would add its features twice\. To import it again anyway, ask for a duplicate "
     r"import \(--allow-duplicate\)",
     N_("this file was already imported into layer %(id)s as revision %(n)s; importing it again would add its "
        "features twice: add --allow-duplicate to do so anyway")),
))
ON_THE_PAGE = PAGE_MESSAGES + MESSAGES
ON_THE_COMMAND_LINE = CLI_MESSAGES + MESSAGES


# The hints explain adds after " — ".
HINTS = table((
    (r"`(?P<key>\w+)` is a property bordermap reserves \(it means the same on every layer\), so its values are "
     r"fixed\. To keep your own value, rename the property in the file \(for example `\w+_source` or `site_\w+`\) "
     r"and upload it again\.",
     N_("`%(key)s` is a property bordermap reserves (it means the same on every layer), so its values are "
        "fixed. To keep your own value, rename the property in the file (for example `%(key)s_source` or "
        "`site_%(key)s`) and upload it again.")),
    (r"tick “Repair invalid geometries” to close it \(its first position is repeated at its end\)\.",
     N_("tick “Repair invalid geometries” to close it (its first position is repeated at its end).")),
    (r"tick “Repair invalid geometries”, or correct the outline in a GIS\.",
     N_("tick “Repair invalid geometries”, or correct the outline in a GIS.")),
))
