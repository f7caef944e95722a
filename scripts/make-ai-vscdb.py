#!/usr/bin/env python3
"""Builds the SQLite `state.vscdb` fixtures of Cursor and VS Code from their JSON descriptions.

    scripts/make-ai-vscdb.py DIR

Every `NAME.vscdb.json` under DIR becomes `NAME.vscdb` beside it (replaced if it is there). The
description maps a table name to {key: value}; values are stored as TEXT, as VS Code and Cursor
store their JSON. Both tables have the schema those editors create:

    CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)
    CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)

The databases are built, not committed: tests copy fixtures/ai/ to a temporary directory and run
this script there, so the repository holds no binary and leakhound never writes into it. Uses
only the standard library (sqlite3); exits 2 with a one-line message on bad input.
"""
import json
import os
import sqlite3
import sys

TABLES = ("ItemTable", "cursorDiskKV")


def build(desc_path):
    out = desc_path[: -len(".json")]
    try:
        with open(desc_path, encoding="utf-8") as f:
            desc = json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit(f"error: {desc_path}: {e}")
    if not isinstance(desc, dict) or not set(desc) <= set(TABLES):
        raise SystemExit(f"error: {desc_path}: expected an object with tables {', '.join(TABLES)}")
    tmp = out + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    db = sqlite3.connect(tmp)
    try:
        for table in TABLES:
            db.execute(f"CREATE TABLE {table} (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)")
            rows = desc.get(table, {})
            if not isinstance(rows, dict) or not all(isinstance(v, str) for v in rows.values()):
                raise SystemExit(f"error: {desc_path}: {table} must map keys to strings")
            db.executemany(f"INSERT INTO {table} (key, value) VALUES (?, ?)", sorted(rows.items()))
        db.commit()
    finally:
        db.close()
    os.replace(tmp, out)
    return out


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print("usage: make-ai-vscdb.py DIR  (DIR: a copy of fixtures/ai/)", file=sys.stderr)
        sys.exit(2)
    built = 0
    for root, _dirs, files in os.walk(sys.argv[1]):
        for name in sorted(files):
            if name.endswith(".vscdb.json"):
                build(os.path.join(root, name))
                built += 1
    print(f"built {built} database(s)")


if __name__ == "__main__":
    main()
