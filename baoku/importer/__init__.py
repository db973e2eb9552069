"""The importer: raw text dumps of printed issues -> one Markdown file per story.

Library API (the `build.py import` command is a thin layer over it, cli.py):

- `import_files(paths, content=..., date=..., catalog=..., overwrite_edited=...,
  restore_deleted=...)` reads,
  segments and writes issues (api.py);
- `segment_issue(text, profile=None)` is the pure core: decoded issue text
  -> article drafts and remainder pieces (issue.py); the layout profile
  (profile.py) is detected from the text unless content/importer.toml pins it;
- `decode(data, name)` turns raw bytes into text or refuses them (decode.py).

The pipeline, one module per concern: decode -> profile (the layout's
habits) -> lines (typed units, broken paragraphs rejoined) -> segment (first
pass: stories in reading order, headline runs weighed by cues) ->
resolve (second pass: headlines, continuations, banners, group credits) ->
kinds (kind, guessed titles) -> issue (pages, column tags) -> duplicates
(repeated stories) -> markdown/api (files) -> reimport + match (which story
is which article) -> writer (manifest, editor protection) -> report (review
and remainder).

What the importer writes under content/ (all deterministic: importing the
same file again changes no byte):

- articles/YYYY/MM/DD/NN.md: front matter then the body.  NN is the print
  order at the first import, and never changes after.  Every printed character of the story stays in the
  file: headline lines in title/kicker/subtitle/column (a subtitle keeps
  its printed leading dash, '——访…'; letter-spaced labels lose their
  spaces), everything else in the body, bylines and photo credits included
  (a byline printed above the body is written as its last paragraph).
  Markdown-significant characters are backslash-escaped; in-article
  subheads are written as '### ' headings.  `source` is
  'sources/<date>_<raw file name>' (the date is not repeated when the name
  already starts with it).
- sources/: the raw files, byte for byte.
- remainders/YYYY-MM-DD.md: text that belongs to no story (banners,
  slogans, page headers, stray labels), each piece after a comment naming
  its source line and why it is there.  Kept, never published.
- review/YYYY-MM-DD.md: articles by kind and the decisions an editor should
  check (guessed titles, rejoined paragraphs, continuations, headlines
  printed after their story, group credits, remainder pieces).
- .import-manifest.json: {'files': {path: {sha256, source, guessed_title,
  sketch}}, 'sources': {path: {date, sha256, encoding, articles: [NN…]}}},
  sorted keys ('' in `articles` for a story not written).  A file whose
  bytes differ from its recorded hash was changed by an editor and is never
  overwritten without --overwrite-edited (old name --force); a file in the
  manifest but gone was deleted by an editor and is not written again
  without --restore-deleted.  A re-import pairs stories with the day's
  articles by content (match.py: 3-grams, and the recorded `sketch` for
  deleted files), never by number (reimport.py has the rules).
"""

from .api import ImportFailed, import_files
from .decode import UnreadableInput, decode
from .issue import Draft, Segmentation, segment_issue

__all__ = ["Draft", "ImportFailed", "Segmentation", "UnreadableInput", "decode", "import_files", "segment_issue"]
