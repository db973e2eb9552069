"""search/service.py: replies of the Pagefind service read whole, however the pipe splits them."""

from __future__ import annotations

import base64
import json
import os
import stat
import sys
from pathlib import Path

from baoku.search.service import Service

FAKE = '''\
import base64, json, os, sys
files = json.load(open(sys.argv[1], encoding="utf-8"))
buffer = b""
while True:
    data = os.read(0, 65536)
    if not data:
        break
    buffer += data
    while b"," in buffer:
        message, buffer = buffer.split(b",", 1)
        request = json.loads(base64.b64decode(message))
        kind = request["payload"]["type"]
        payload = {"type": "NewIndex", "index_id": 7} if kind == "NewIndex" else {
            "type": "GetFiles", "files": [{"path": path, "content": content} for path, content in files]}
        reply = base64.b64encode(json.dumps({"message_id": request["message_id"], "payload": payload}).encode())
        for start in range(0, len(reply), 777_777):  # uneven pieces, the last with the separator
            os.write(1, reply[start:start + 777_777])
        os.write(1, b",")
'''


def fake_pagefind(tmp_path: Path, files: list[tuple[str, bytes]]) -> Path:
    """An executable that answers NewIndex and GetFiles like `pagefind --service`."""
    encoded = json.dumps([(path, base64.b64encode(data).decode()) for path, data in files])
    (tmp_path / "fake.py").write_text(FAKE, encoding="utf-8")
    (tmp_path / "files.json").write_text(encoded, encoding="utf-8")
    binary = tmp_path / "pagefind"
    binary.write_text(f'#!/bin/sh\nexec {sys.executable} {tmp_path / "fake.py"} {tmp_path / "files.json"}\n',
                      encoding="utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def test_a_bundle_larger_than_one_read_of_the_pipe_comes_back_whole_and_in_order(tmp_path: Path) -> None:
    wasm = os.urandom(6_000_000)  # the reply spans several 4 MiB reads
    files = [("pagefind-entry.json", b'{"version":"1.5.2"}'), ("wasm.unknown.pagefind", wasm),
             ("index/zh_0.pf_index", "青岛 地铁".encode())]
    with Service(fake_pagefind(tmp_path, files)) as service:
        index = service.new_index(None)
        got = service.get_files(index)
        again = service.get_files(index)
    assert index == 7
    assert list(got.items()) == files
    assert again == got
