#!/usr/bin/env python3
"""Refreshes the bundled SchemaStore schemas from a SchemaStore checkout.

Usage: scripts/refresh-schemas.py PATH-TO-SCHEMASTORE-CHECKOUT [--out DIR]

Takes every catalog entry whose `fileMatch` names a TOML file and whose
schema SchemaStore hosts itself, the schemas those reference (transitively,
by relative or SchemaStore URL), and SchemaStore's TOML test documents for
them, and rewrites `schemas/schemastore/` (catalog.json, schemas/, tests/,
negative_tests/, LICENSE, NOTICE, SOURCE.md with the source commit). The
build compresses what is there into the binary; nothing is fetched at run
time.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

HOSTS = ("https://www.schemastore.org/", "https://json.schemastore.org/")


def local_name(url):
    """The schema file name SchemaStore serves at `url` (from its site, or
    straight from its repository's `src/schemas/json/`), or None."""
    url = url.split("#")[0]
    for prefix in HOSTS:
        if url.startswith(prefix):
            name = url[len(prefix):]
            if "/" not in name and name.endswith(".json"):
                return name
    match = re.search(r"/SchemaStore/schemastore/[^/]+/src/schemas/json/([^/]+\.json)$", url)
    return match.group(1) if match else None


def is_toml_entry(entry):
    return any(
        pattern.lower().endswith(".toml") for pattern in entry.get("fileMatch") or []
    )


def references(schema):
    """The SchemaStore schema files a schema refers to."""
    found = set()

    def walk(value):
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                target = ref.split("#")[0]
                if target:
                    name = local_name(target) or (
                        target if re.fullmatch(r"[\w.-]+\.json", target) else None
                    )
                    if name:
                        found.add(name)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(schema)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument(
        "--out", default=os.path.join(here, "..", "schemas", "schemastore")
    )
    args = parser.parse_args()
    source = os.path.join(args.checkout, "src")
    schema_dir = os.path.join(source, "schemas", "json")
    with open(os.path.join(source, "api", "json", "catalog.json"), encoding="utf-8") as f:
        catalog = json.load(f)

    entries = []
    for entry in catalog["schemas"]:
        name = local_name(entry.get("url", ""))
        if not is_toml_entry(entry) or not name:
            continue
        if not os.path.exists(os.path.join(schema_dir, name)):
            continue
        entries.append(
            {
                "name": entry["name"],
                "description": entry.get("description", ""),
                "fileMatch": entry["fileMatch"],
                "schema": name,
                "url": entry["url"],
            }
        )
    if not entries:
        sys.exit("no TOML entries found: is this a SchemaStore checkout?")

    needed, pending = set(), [entry["schema"] for entry in entries]
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        path = os.path.join(schema_dir, name)
        if not os.path.exists(path):
            print(f"note: {name} is referenced but not in the checkout", file=sys.stderr)
            continue
        needed.add(name)
        with open(path, encoding="utf-8") as f:
            pending.extend(references(json.load(f)))

    commit = subprocess.run(
        ["git", "-C", args.checkout, "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip() or "unknown"

    out = args.out
    for folder in ("schemas", "tests", "negative_tests"):
        shutil.rmtree(os.path.join(out, folder), ignore_errors=True)
        os.makedirs(os.path.join(out, folder))
    rows = []
    for name in sorted(needed, key=lambda name: name[: -len(".json")]):
        with open(os.path.join(schema_dir, name), "rb") as f:
            data = f.read()
        with open(os.path.join(out, "schemas", name), "wb") as f:
            f.write(data)
        rows.append((name, len(data), hashlib.sha256(data).hexdigest()[:16]))
    documents = 0
    for kind, folder in (("test", "tests"), ("negative_test", "negative_tests")):
        for name in sorted(needed):
            stem = name[: -len(".json")]
            tests = os.path.join(source, kind, stem)
            if not os.path.isdir(tests):
                continue
            for file in sorted(os.listdir(tests)):
                if file.endswith(".toml"):
                    os.makedirs(os.path.join(out, folder, stem), exist_ok=True)
                    shutil.copyfile(
                        os.path.join(tests, file), os.path.join(out, folder, stem, file)
                    )
                    documents += 1
    for file in ("LICENSE", "NOTICE"):
        if os.path.exists(os.path.join(args.checkout, file)):
            shutil.copyfile(os.path.join(args.checkout, file), os.path.join(out, file))
    with open(os.path.join(out, "catalog.json"), "w", encoding="utf-8") as f:
        json.dump(
            {"source": f"SchemaStore/schemastore@{commit}", "schemas": entries},
            f,
            indent=1,
            ensure_ascii=False,
        )
        f.write("\n")
    total = sum(size for _, size, _ in rows)
    with open(os.path.join(out, "SOURCE.md"), "w", encoding="utf-8") as f:
        f.write("# SchemaStore schemas for TOML files\n\n")
        f.write(
            "From the SchemaStore repository (github.com/SchemaStore/schemastore), "
            f"commit `{commit}`, Apache-2.0 (see LICENSE, NOTICE).\n\n"
        )
        f.write(
            f"- `catalog.json`: the {len(entries)} catalog entries whose `fileMatch` names a "
            "`.toml` file and whose schema SchemaStore hosts itself (entries hosted "
            "elsewhere are left out).\n"
        )
        f.write(
            f"- `schemas/`: those schemas and every SchemaStore schema they reference "
            f"({len(rows)} files, {total:,} bytes).\n"
        )
        f.write(
            "- `tests/NAME/*.toml`, `negative_tests/NAME/*.toml`: SchemaStore's own test "
            f"documents for those schemas ({documents} files): the positive ones must "
            "validate, the negative ones must not.\n\n"
        )
        f.write("| schema | bytes | sha256 (16) |\n|---|---:|---|\n")
        for name, size, digest in rows:
            f.write(f"| {name} | {size:,} | {digest} |\n")
    print(f"{len(entries)} entries, {len(rows)} schemas, {documents} test documents")


if __name__ == "__main__":
    main()
