#!/usr/bin/env python3
"""Turns the raw results of scripts/bench.sh into a table of medians and
ratios: prints it, and (with --write 1) replaces the generated section of
docs/benchmarks.md and writes docs/benchmarks.json. Standard library only."""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
from pathlib import Path

BEGIN = "<!-- scripts/bench.sh: generated section, begin -->"
END = "<!-- scripts/bench.sh: generated section, end -->"

INPUTS = [
    ("small", "one small file (startup)"),
    ("large", "3.7 MB config"),
    ("tree", "10,000-file tree"),
]
TOOLS = ["andon", "taplo", "tombi"]
TOOL_COMMANDS = {
    "andon": "andon check",
    "taplo": "taplo check",
    "tombi": "tombi lint --offline",
}


def ms(seconds):
    return seconds * 1e3


def fmt_ms(value):
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def fmt_mib(kib):
    if kib is None:
        return "–"
    return f"{kib / 1024:,.1f} MiB"


def ratio(other, ours):
    if other is None or ours is None or ours == 0:
        return "–"
    return f"{other / ours:,.1f}×"


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--andon", required=True)
    parser.add_argument("--write", default="1")
    parser.add_argument("--command", default="scripts/bench.sh")
    parser.add_argument("--versions", default="")
    args = parser.parse_args()
    work = Path(args.work)
    root = Path(__file__).resolve().parent.parent

    # Every round's hyperfine export, pooled per tool.
    check = {}
    for name, _ in INPUTS:
        times, codes = {}, {}
        for path in sorted(work.glob(f"check-{name}-*.json")):
            for result in json.loads(path.read_text())["results"]:
                times.setdefault(result["command"], []).extend(result["times"])
                codes.setdefault(result["command"], set()).update(result.get("exit_codes") or [])
        check[name] = {
            tool: {
                "median_ms": ms(statistics.median(samples)),
                "mean_ms": ms(statistics.mean(samples)),
                "stddev_ms": ms(statistics.stdev(samples)) if len(samples) > 1 else 0.0,
                "min_ms": ms(min(samples)),
                "max_ms": ms(max(samples)),
                "runs": len(samples),
                "exit_codes": sorted(codes[tool]),
            }
            for tool, samples in times.items()
        }

    rss_samples = {}
    for line in (work / "rss.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            rss_samples.setdefault((parts[0], parts[1]), []).append(int(parts[2]))
    rss = {
        name: {
            tool: statistics.median(rss_samples[(name, tool)])
            for tool in TOOLS
            if (name, tool) in rss_samples
        }
        for name, _ in INPUTS
    }

    lsp = json.loads((work / "lsp.json").read_text())
    sizes = {"andon": os.path.getsize(args.andon)}
    for tool in ("tombi", "taplo"):
        path = work / "venv" / "bin" / tool
        if path.exists():
            sizes[tool] = os.path.getsize(path)

    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()
        # Uncommitted changes other than this report's own output.
        dirty = [
            line[3:]
            for line in subprocess.run(
                ["git", "status", "--porcelain"],
                cwd=root, capture_output=True, text=True, check=True,
            ).stdout.splitlines()
            if not line[3:].startswith("docs/benchmarks.")
        ]
        if dirty:
            commit += " with uncommitted changes"
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    machine = f"{os.cpu_count()} cores, {cpu_model()}"

    lines = [
        BEGIN,
        "## Side by side with taplo and tombi (`scripts/bench.sh`)",
        "",
        f"Command: `{args.command}` — builds the release binary, generates the",
        "corpora with `benches/support/generate.rs` (`config(5000)`, `config(200)`,",
        "`small_config(0)`, and `small_config(0..10000)` as `gNN/crate-I/Cargo.toml`),",
        "installs the peers from PyPI into a throwaway venv, measures everything in",
        "the same run, and rewrites this section and `docs/benchmarks.json`.",
        "",
        f"Run of {date} at commit `{commit}` on {machine} (shared with",
        f"other builds); {args.versions}. Medians; ratios are peer ÷ andon",
        "(higher means andon is faster or smaller).",
        "",
        "### `check` wall time",
        "",
        "hyperfine without a shell (`-N`), in rounds that each time all three tools",
        "in turn (the runs are pooled); files named on the command line, the tree",
        "walked from its root (`andon check .`, `taplo check`, `tombi lint`).",
        "",
        "| input | andon check | taplo check | tombi lint --offline | taplo ÷ andon | tombi ÷ andon |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, label in INPUTS:
        row = {tool: check[name].get(tool, {}).get("median_ms") for tool in TOOLS}
        runs = check[name].get("andon", {}).get("runs", 0)
        lines.append(
            f"| {label} ({runs} runs) | {fmt_ms(row['andon'])} | {fmt_ms(row['taplo'])} "
            f"| {fmt_ms(row['tombi'])} | {ratio(row['taplo'], row['andon'])} "
            f"| {ratio(row['tombi'], row['andon'])} |"
        )
    lines += [
        "",
        "### `check` peak resident memory",
        "",
        "`/usr/bin/time -f %M` (maximum RSS), median of the runs.",
        "",
        "| input | andon | taplo | tombi | taplo ÷ andon | tombi ÷ andon |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, label in INPUTS:
        row = {tool: rss[name].get(tool) for tool in TOOLS}
        lines.append(
            f"| {label} | {fmt_mib(row['andon'])} | {fmt_mib(row['taplo'])} "
            f"| {fmt_mib(row['tombi'])} | {ratio(row['taplo'], row['andon'])} "
            f"| {ratio(row['tombi'], row['andon'])} |"
        )
    lines += [
        "",
        "### Language server",
        "",
        "`cargo bench --bench lsp_latency` driving each server over stdio",
        "(`andon lsp`, `tombi lsp --offline`): open→diagnostics is `didOpen` to",
        "the first `publishDiagnostics` (fresh URI each time); a keystroke is a",
        "digit typed into a port number mid-file (then deleted), timed from",
        "`didChange` to the `publishDiagnostics` of that version. RSS from",
        "`/proc`: idle after `initialize`, peak (`VmHWM`) at the end.",
        "",
        "| server | config | open p50 | keystroke p50 | keystroke p99 | idle RSS | peak RSS |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    by_key = {(r["server"], r["config"]): r for r in lsp}
    for record in lsp:
        lines.append(
            f"| {record['server']} | {record['config']} "
            f"| {fmt_ms(record['open']['p50_ms'])} "
            f"| {fmt_ms(record['keystroke']['p50_ms'])} "
            f"| {fmt_ms(record['keystroke']['p99_ms'])} "
            f"({record['keystroke']['samples']}) "
            f"| {fmt_mib(record['idle_rss_kib'])} | {fmt_mib(record['peak_rss_kib'])} |"
        )
    peers = sorted({r["server"] for r in lsp} - {"andon"})
    for peer in peers:
        lines += ["", f"{peer} ÷ andon:", ""]
        lines.append("| config | open p50 | keystroke p50 | keystroke p99 | peak RSS |")
        lines.append("|---|---:|---:|---:|---:|")
        for config in ("142 KB", "3.7 MB"):
            ours, theirs = by_key.get(("andon", config)), by_key.get((peer, config))
            if not ours or not theirs:
                continue
            lines.append(
                f"| {config} | {ratio(theirs['open']['p50_ms'], ours['open']['p50_ms'])} "
                f"| {ratio(theirs['keystroke']['p50_ms'], ours['keystroke']['p50_ms'])} "
                f"| {ratio(theirs['keystroke']['p99_ms'], ours['keystroke']['p99_ms'])} "
                f"| {ratio(theirs['peak_rss_kib'], ours['peak_rss_kib'])} |"
            )
    lines += [
        "",
        "### Binary size",
        "",
        "| andon | tombi (PyPI wheel) | taplo (PyPI wheel) |",
        "|---:|---:|---:|",
        "| {} | {} | {} |".format(
            *(
                f"{sizes[tool] / 1e6:.2f} MB ({sizes[tool]:,} bytes)" if tool in sizes else "–"
                for tool in ("andon", "tombi", "taplo")
            )
        ),
    ]

    small = check["small"]["andon"]["median_ms"]
    large = check["large"]["andon"]["median_ms"]
    tree = check["tree"]["andon"]["median_ms"]
    lsp_small = by_key.get(("andon", "142 KB"))
    lsp_large = by_key.get(("andon", "3.7 MB"))
    idle = max(r["idle_rss_kib"] or 0 for r in lsp if r["server"] == "andon")
    targets = [
        ("binary size", "≤ 5 MB", sizes["andon"] / 1e6, f"{sizes['andon'] / 1e6:.2f} MB", 5.0),
        ("`andon check` one small file", "≤ 2 ms", small, fmt_ms(small), 2.0),
        ("`andon check` 3.7 MB config", "≤ 60 ms", large, fmt_ms(large), 60.0),
        ("`andon check` 10,000-file tree", "≤ 500 ms", tree, fmt_ms(tree), 500.0),
        ("`andon check` tree, peak RSS", "≤ 100 MiB", rss["tree"].get("andon", 0) / 1024,
         fmt_mib(rss["tree"].get("andon")), 100.0),
        ("server idle RSS", "≤ 10 MiB", idle / 1024, fmt_mib(idle), 10.0),
    ]
    if lsp_large:
        targets.append(("server peak RSS, 3.7 MB open", "≤ 40 MiB",
                        lsp_large["peak_rss_kib"] / 1024,
                        fmt_mib(lsp_large["peak_rss_kib"]), 40.0))
        targets.append(("keystroke p99, 3.7 MB", "≤ 80 ms", lsp_large["keystroke"]["p99_ms"],
                        fmt_ms(lsp_large["keystroke"]["p99_ms"]), 80.0))
    if lsp_small:
        targets.append(("keystroke p99, 142 KB", "≤ 5 ms", lsp_small["keystroke"]["p99_ms"],
                        fmt_ms(lsp_small["keystroke"]["p99_ms"]), 5.0))
    lines += [
        "",
        "### Against the targets",
        "",
        "| target | bound | this run | |",
        "|---|---:|---:|---|",
    ]
    for name, bound, value, shown, limit in targets:
        verdict = "met" if value <= limit else f"**missed** ({value / limit:.1f}× the bound)"
        lines.append(f"| {name} | {bound} | {shown} | {verdict} |")
    lines.append(END)
    section = "\n".join(lines) + "\n"
    print(section)

    if args.write == "1":
        doc = root / "docs" / "benchmarks.md"
        text = doc.read_text()
        if BEGIN in text and END in text:
            before = text[: text.index(BEGIN)]
            after = text[text.index(END) + len(END):].lstrip("\n")
            text = before + section + ("\n" + after if after else "")
        else:
            text = text.rstrip("\n") + "\n\n" + section
        doc.write_text(text)
        raw = {
            "command": args.command,
            "date": date,
            "commit": commit,
            "machine": machine,
            "versions": args.versions,
            "check": check,
            "check_peak_rss_kib": rss,
            "lsp": lsp,
            "binary_bytes": sizes,
        }
        (root / "docs" / "benchmarks.json").write_text(json.dumps(raw, indent=2) + "\n")
        print(f"wrote {doc} and docs/benchmarks.json")


if __name__ == "__main__":
    main()
