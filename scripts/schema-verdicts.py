#!/usr/bin/env python3
"""Reference verdicts for the real corpus, from an independent validator.

Usage: scripts/schema-verdicts.py [SHARED-DIR] > tests/fixtures/schema-verdicts.json

For every TOML file of SHARED-DIR/corpus/real/*/files that a SchemaStore
catalog entry of schemas/schemastore/catalog.json matches, validates it with
Python's `jsonschema` package (not Andon's engine) against the bundled
schema and records whether it is valid. Needs Python 3.11+ (tomllib) and
`pip install jsonschema` (4.x). `tests/schema_corpus.rs` requires Andon to
reach the same verdict on each file.

Like Andon: standard JSON Schema semantics, `format` is not asserted, TOML
dates and times are strings, and every `$ref` to a SchemaStore URL resolves
to the bundled copy (both of SchemaStore's hosts name the same document).
"""

import datetime
import importlib.metadata
import json
import os
import re
import sys
import tomllib

import jsonschema
import referencing
import referencing.jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
STORE = os.path.join(HERE, "..", "schemas", "schemastore")
HOSTS = ("https://www.schemastore.org/", "https://json.schemastore.org/")


def glob_regex(pattern):
    """SchemaStore's fileMatch: a pattern without `/` names a file in any
    folder; `**/` is any run of folders; `*` stays within one name."""
    if not pattern.startswith("**/"):
        pattern = "**/" + pattern.lstrip("/")
    out, index = "", 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out += "(?:.*/)?"
            index += 3
        elif pattern[index] == "*":
            out += "[^/]*"
            index += 1
        elif pattern[index] == "?":
            out += "[^/]"
            index += 1
        else:
            out += re.escape(pattern[index])
            index += 1
    return re.compile("(?:^|/)" + out.removeprefix("(?:.*/)?") + "$")


def plain(value):
    """TOML values as JSON: dates and times become their text."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return value


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared")
    with open(os.path.join(STORE, "catalog.json"), encoding="utf-8") as f:
        catalog = json.load(f)
    documents = {}
    for name in os.listdir(os.path.join(STORE, "schemas")):
        with open(os.path.join(STORE, "schemas", name), encoding="utf-8") as f:
            documents[name] = json.load(f)
    resources = []
    for name, document in documents.items():
        resource = referencing.Resource.from_contents(
            document, default_specification=referencing.jsonschema.DRAFT7
        )
        uris = {host + name for host in HOSTS}
        own = document.get("$id") or document.get("id")
        if isinstance(own, str) and own.startswith("http"):
            uris.add(own.split("#")[0])
        resources.extend((uri, resource) for uri in uris)
    registry = referencing.Registry().with_resources(resources)
    matchers = [
        (glob_regex(pattern), entry["schema"])
        for entry in catalog["schemas"]
        for pattern in entry["fileMatch"]
    ]
    corpus = os.path.join(shared, "corpus", "real")
    verdicts = {}
    for repository in sorted(os.listdir(corpus)):
        files = os.path.join(corpus, repository, "files")
        if not os.path.isdir(files):
            continue
        for folder, _, names in os.walk(files):
            for file in sorted(names):
                if not file.endswith(".toml"):
                    continue
                path = os.path.join(folder, file)
                relative = os.path.relpath(path, files).replace(os.sep, "/")
                schema_name = next(
                    (schema for regex, schema in matchers if regex.search("/r/" + relative)),
                    None,
                )
                if schema_name is None:
                    continue
                try:
                    with open(path, "rb") as f:
                        instance = plain(tomllib.load(f))
                except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                    continue
                schema = documents[schema_name]
                cls = jsonschema.validators.validator_for(schema)
                validator = cls(schema, registry=registry)
                errors = sorted(
                    validator.iter_errors(instance), key=lambda error: list(error.path)
                )
                verdicts[f"{repository}/{relative}"] = {
                    "schema": schema_name,
                    "valid": not errors,
                    "errors": [
                        "/" + "/".join(str(part) for part in error.absolute_path)
                        + ": " + error.message[:200]
                        for error in errors[:5]
                    ],
                }
    json.dump(
        {
            "validator": f"python-jsonschema {importlib.metadata.version('jsonschema')}",
            "source": catalog.get("source", ""),
            "verdicts": verdicts,
        },
        sys.stdout,
        indent=1,
        ensure_ascii=False,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
