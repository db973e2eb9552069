"""Split an article file into front matter and body, and read the front matter.

The front matter is YAML, read with PyYAML's safe loader (libyaml when present).
Loading a large archive is mostly YAML parsing, so the plain form that the importer
writes and editors keep — `key: value` lines, 'single' or "double" quotes without
escapes, `- item` lists and one-line [flow, lists], nothing nested or spread over
lines — is read by `_fast_yaml`, which
answers only where it is sure to agree with PyYAML (a property test compares the two)
and hands everything else to PyYAML, whose errors name the line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is ~10x faster


class Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit timestamps: dates stay text and are checked by the
    caller, so a bad date is a problem with a message, not a crash."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

_CLOSE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split(text: str) -> tuple[str, str, int] | None:
    """Return (yaml, body, line number where the body starts) or None."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---\n"):
        return None
    end = _CLOSE.search(text, 4)
    if end is None:
        return None
    head = text[4:end.start()]
    body = text[end.end():].lstrip("\n")
    body_line = text[:len(text) - len(body)].count("\n") + 1
    return head, body, body_line


def load(head: str) -> Any:
    """The front matter as Python values (a dict for any sensible file); raises
    yaml.YAMLError, with the line, for text that is not YAML."""
    fast = _fast_yaml(head)
    return fast if fast is not None else yaml.load(head, Loader=Loader)


_LINE = re.compile(r"([a-z_]+):(?: (.*))?|- (.*)")
# Characters PyYAML refuses or reads as line breaks or a byte-order mark.
_ODD_CHARACTER = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")
_QUOTED = re.compile(r"'([^']*)'|\"([^\"\\]*)\"")
_FLOW = re.compile(r"\[ *(?:(?:'[^']*'|\"[^\"\\]*\"|[^\x00-\x7f]+)(?: *, *(?:'[^']*'|\"[^\"\\]*\"|[^\x00-\x7f]+))* *)?\]")
_FLOW_ITEM = re.compile(r"'([^']*)'|\"([^\"\\]*)\"|([^\x00-\x7f]+)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # text: Loader has no timestamp resolver
_NUMBER = re.compile(r"0|[1-9][0-9]*")
_SPECIAL_WORDS = frozenset(("y", "n", "yes", "no", "true", "false", "on", "off", "null"))
# What starts a comment, a mapping, a flow collection, an anchor, an alias, a tag, a
# block scalar, a quoted scalar or a directive, and spaces PyYAML would trim.
_UNSURE = re.compile("[:] |:$| #|^[-?:,\\[\\]{}#&*!|>'\"%@` ]| $")


def _scalar(text: str) -> Any:
    """A value PyYAML would read the same way, or Ellipsis when unsure."""
    quoted = _QUOTED.fullmatch(text)
    if quoted is not None:
        return quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    if text[:1] == "[" and _FLOW.fullmatch(text):
        return [next(part for part in item.groups() if part is not None)
                for item in _FLOW_ITEM.finditer(text)]
    if not text or _UNSURE.search(text):
        return ...
    if text.isascii():
        if _NUMBER.fullmatch(text):
            return int(text)
        if text in ("true", "false"):  # as YAML reads them (title_supplied: true)
            return text == "true"
        if (_WORD.fullmatch(text) and text.lower() not in _SPECIAL_WORDS) or _DATE.fullmatch(text):
            return text
        return ...
    return text  # a plain scalar with a non-ASCII character is never resolved to a non-string


def _fast_yaml(head: str) -> dict[str, Any] | None:
    """`key: value` and `- item` lines read without PyYAML; None when unsure."""
    if not head.endswith("\n") or _ODD_CHARACTER.search(head):
        return None
    result: dict[str, Any] = {}
    current: list[Any] | None = None
    opened: set[str] = set()  # 'key:' lines, which hold the '- item' lines after them
    for line in head[:-1].split("\n"):
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, value, item = match.groups()
        if key is not None:
            if key in _SPECIAL_WORDS:
                return None
            if value is None:  # 'key:' alone: a list follows, or it is null
                current = result[key] = []
                opened.add(key)
                continue
            parsed = _scalar(value)
            if parsed is ...:
                return None
            result[key] = parsed
            opened.discard(key)
            current = None
        else:
            if current is None:
                return None
            parsed = _scalar(item)
            if parsed is ...:
                return None
            current.append(parsed)
    for key in opened:
        if result[key] == []:
            result[key] = None  # 'key:' with no items is null in YAML
    return result or None
