#!/usr/bin/env python3
"""Writes N MiB (default 1024) of log lines to standard output, two planted test secrets (not
real) every 41 lines: the input of the `leakhound redact` memory measurement in
docs/ai-assistants.md.

    scripts/make-redact-stream.py [MIB] | /usr/bin/time -v leakhound redact > /dev/null
"""
import sys

pat = "ghp_" + "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK"
aws = "AKIA" + "QX4Z7T2MNB5RWKE6"
line = "INFO 2026-11-20T10:15:41Z request served in 3 ms from cache node eu-west-1a path=/api/v1/items\n"
block = (line * 40 + f"export GITHUB_TOKEN={pat} AWS_ACCESS_KEY_ID={aws}\n")
chunk = (block * ((1 << 20) // len(block) + 1)).encode()[: 1 << 20]
out = sys.stdout.buffer
mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
for _ in range(mib):
    out.write(chunk)
