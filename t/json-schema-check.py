#!/usr/bin/python3
"""Validates sla-report JSON files against reports/sla-report.schema.json.

Usage: json-schema-check.py SCHEMA FILE...   Exit 0 when every file is valid UTF-8, valid
JSON and valid under the schema (Draft 2020-12); 1 with one line per problem otherwise.
Uses Debian's python3-jsonschema.
"""
import json
import sys

from jsonschema import Draft202012Validator


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    bad = 0
    for path in argv[2:]:
        try:
            with open(path, "rb") as f:
                doc = json.loads(f.read().decode("utf-8", errors="strict"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            print(f"{path}: {e}")
            bad += 1
            continue
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
            where = "/".join(str(p) for p in err.path) or "(root)"
            print(f"{path}: {where}: {err.message}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
