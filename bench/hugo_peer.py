"""The peer: Hugo (Debian's `hugo`) building the same articles as a comparable site.

    python bench/hugo_peer.py --articles 20000 --runs 3

Issue 15 asks for baoku's build times as ratios to Hugo's on the same articles in the
same run. The Hugo site has what baoku's has, as far as Hugo can make it without
plugins: a page per article (kicker, title, subtitle, date, byline, body, topics), a
paginated home,
day/month/year archives (as taxonomies), section/column/topic/author/place pages
(paginated 200 to a page, as baoku's older pages of a subject hold archive_per_page = 200;
baoku's first page also shows the newest 30 as cards), the home page's RSS feed and the sitemap (Hugo gets fewer feeds than
baoku writes, which has one per section: if anything, the comparison favours Hugo). Sections, topics
and places are baoku's own analysis of the articles (read from a baoku build's
analysis, `pipeline.load`), so both sites have the same pages to write. Hugo does no
analysis, no related articles and no search index: that is baoku's extra work, counted
against it. (A first version also listed five related articles through Hugo's `related`
index; its 20,000-article build had used 7 CPU-minutes when it was stopped. The issue's
own Hugo site had no related articles either.)

Each run is cold: Hugo's resources/ cache and the output folder are removed first.
Peak memory is the largest resident set of Hugo's process (Hugo is one process).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HUGO = shutil.which("hugo") or "/usr/bin/hugo"

_CONFIG = """baseURL = "https://example.org/archive/"
languageCode = "zh-cn"
title = "报库 · Hugo"
disableHugoGeneratorInject = true
enableRobotsTXT = true
[pagination]
  pagerSize = 30
paginate = 30
[taxonomies]
  day = "days"
  month = "months"
  year = "years"
  section = "sections"
  column = "columns"
  topic = "topics"
  author = "authors"
  place = "places"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
"""

_LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head><body>
<header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a> <nav>{{ range $name, $_ := .Site.Taxonomies }}<a href="{{ $name | relURL }}/">{{ $name }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>""",
    "_default/single.html": """{{ define "main" }}<article>
{{ with .Params.kicker }}<p class="kicker">{{ . }}</p>{{ end }}<h1>{{ .Title }}</h1>
{{ with .Params.subtitle }}<p class="subtitle">{{ . }}</p>{{ end }}
<p><time>{{ .Date.Format "2006年1月2日" }}</time> {{ range .Params.authors }}<a href="{{ "authors/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
{{ .Content }}
<p>{{ range .Params.topics }}<a href="{{ "topics/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
</article>{{ end }}""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ol>
{{ range (.Paginate .Pages 200).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time> {{ .Summary | plainify | truncate 80 }}</li>{{ end }}
</ol>{{ template "_internal/pagination.html" . }}{{ end }}""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}
</ul>{{ end }}""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1><ol>
{{ range (.Paginate .Site.RegularPages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}
</ol>{{ template "_internal/pagination.html" . }}{{ end }}""",
}


def write_site(content_dir: Path, hugo_dir: Path) -> int:
    """Write a Hugo site for baoku's content folder (analysed by baoku); its article count."""
    from baoku import pipeline

    loaded = pipeline.load(content_dir)
    site = loaded.site
    (hugo_dir / "content" / "articles").mkdir(parents=True, exist_ok=True)
    (hugo_dir / "config.toml").write_text(_CONFIG, encoding="utf-8")
    for rel, text in _LAYOUTS.items():
        (hugo_dir / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (hugo_dir / "layouts" / rel).write_text(text, encoding="utf-8")
    static = ROOT / "templates" / "static" / "style.css"
    (hugo_dir / "static").mkdir(exist_ok=True)
    shutil.copyfile(static, hugo_dir / "static" / "style.css")
    made: set[Path] = set()
    for article in site.articles.values():
        analysis = site.subjects.by_article[article.id]
        day = article.date.isoformat()
        front = {"title": article.title, "kicker": article.kicker, "subtitle": article.subtitle,
                 "date": day, "days": [day], "months": [day[:7]], "years": [day[:4]],
                 "sections": [analysis.section], "columns": [article.column] if article.column else [],
                 "topics": list(analysis.topics), "authors": list(article.authors),
                 "places": list(analysis.places), "weight": article.order}
        file = hugo_dir / "content" / "articles" / f"{article.id}.md"
        if file.parent not in made:
            file.parent.mkdir(parents=True, exist_ok=True)
            made.add(file.parent)
        file.write_text(json.dumps(front, ensure_ascii=False) + "\n\n" + article.body, encoding="utf-8")
    return len(site.articles)


def build(hugo_dir: Path) -> dict[str, float]:
    """One cold Hugo build: wall seconds, CPU seconds, peak memory (MB), files written."""
    public = hugo_dir / "public"
    for folder in (public, hugo_dir / "resources"):
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([HUGO, "--quiet", "--source", str(hugo_dir), "--destination", str(public)],
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    files = sum(len(names) for _, _, names in os.walk(public))
    return {"total": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "peak_mb": after.ru_maxrss / 1024, "files": files}


def measure(content_dir: Path, runs: int) -> dict[str, float]:
    """Median of `runs` cold Hugo builds of the content folder's articles."""
    with tempfile.TemporaryDirectory(prefix="baoku-hugo-") as tmp:
        write_site(content_dir, Path(tmp))
        results = [build(Path(tmp)) for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from bench.synthetic import write_content

    with tempfile.TemporaryDirectory(prefix="baoku-hugo-content-") as tmp:
        write_content(Path(tmp) / "content", args.articles)
        result = measure(Path(tmp) / "content", args.runs)
    print(f"hugo {args.articles} articles, median of {args.runs} cold builds: {result['total']:.2f} s "
          f"(CPU {result['cpu']:.1f} s), peak {result['peak_mb']:.0f} MB, {result['files']:.0f} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
