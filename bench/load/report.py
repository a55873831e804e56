"""The load, fault and scale-out figures as Markdown (bench/load_results.md) with verdicts."""

import time

P99_LIMIT_MS = 1000
RECOVERY_LIMIT_S = 5
RSS_GROWTH_LIMIT_MIB = 10


def verdicts(results: dict) -> list[tuple[str, bool]]:
    load, fault, outage = results["load"], results["fault"], results["outage"]
    unexpected = {k: v for k, v in fault["errors"].items() if "503 page" not in k}
    return [
        ("load: zero errors", load["failures"] == 0),
        (f"load: p99 under {P99_LIMIT_MS} ms", load["p99"] < P99_LIMIT_MS),
        (
            f"load: no worker RSS growth over {RSS_GROWTH_LIMIT_MIB} MiB",
            all(row["growth"] <= RSS_GROWTH_LIMIT_MIB for row in results["rss"]),
        ),
        ("fault: outage answers are the 503 page, nothing else", not unexpected),
        ("fault: /healthz said 503 during the outage", 503 in outage["healthz_during_outage"]),
        (
            f"fault: recovered within {RECOVERY_LIMIT_S} s",
            outage["all_workers_seconds"] <= RECOVERY_LIMIT_S,
        ),
        ("fault: every plan consistent afterwards", not results["consistency"]["problems"]),
        ("scale-out: racing saves, one winner per revision", results["scale_out"]["passed"]),
    ]


def _run_table(run: dict) -> str:
    lines = ["| request | count | p50 ms | p99 ms |", "|---|---|---|---|"]
    for name, (count, p50, p99) in sorted(run["by_name"].items()):
        lines.append(f"| {name} | {count} | {p50:.0f} | {p99:.0f} |")
    return "\n".join(lines)


def write_report(results: dict, path) -> str:
    load, fault, outage = results["load"], results["fault"], results["outage"]
    rss = "; ".join(
        f"pid {row['pid']}: {row['warm']:.0f} → {row['end']:.0f} MiB ({row['growth']:+.1f})"
        for row in results["rss"]
    )
    packet = (
        f"packet downloads on `{results['packet']}`"
        if results["packet"]
        else "packet downloads skipped: `plans:document-pdf` does not resolve on this branch "
        "(the locust task switches itself on when it does)"
    )
    checks = "\n".join(f"- {'PASS' if ok else 'FAIL'}: {name}" for name, ok in verdicts(results))
    consistency = results["consistency"]
    text = f"""# Load, fault and scale-out results (`make loadtest`)

Machine: {results["machine"]}.
Run on {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}. The cores are shared with other
work while this runs (see the load average); locust runs on the same machine as gunicorn
and PostgreSQL.

{checks}

## Load: 50 users, 60 s, gunicorn with 4 workers, loopback

{load["requests"]:,} requests, {load["rps"]:.1f} requests/s, errors {load["failures"]},
p50 {load["p50"]:.0f} ms, p95 {load["p95"]:.0f} ms, p99 {load["p99"]:.0f} ms;
builder conflicts answered 409 (expected, not errors): {load["counts"].get("conflict", 0)};
{packet}.

{_run_table(load)}

Worker RSS after warm-up → end of the run: {rss}.

## Fault: PostgreSQL stopped for 10 s in the middle of the same load

{fault["requests"]:,} requests; answered with the 503 page during the outage:
{fault["counts"].get("outage_503", 0)}; other errors:
{sum(v for k, v in fault["errors"].items() if "503 page" not in k)}
{[k for k in fault["errors"] if "503 page" not in k] or ""}.
/healthz during the outage: {outage["healthz_during_outage"]} (None: no answer in 2 s).
First 200 from /healthz {outage["recovery_seconds"]:.1f} s after PostgreSQL was back;
{3 * 4} answers in a row 200 (every worker reconnected) after
{outage["all_workers_seconds"]:.1f} s.
Consistency over {consistency["plans"]:,} plans ({consistency["load_plans"]} load plans,
{consistency["saves_checked"]:,} audited saves checked against their revisions):
{"no problem" if not consistency["problems"] else consistency["problems"][:20]}.

## Scale-out

`tests/processes/test_scale_out.py`: {results["scale_out"]["summary"]}
({results["scale_out"]["seconds"]:.0f} s).
"""
    path.write_text(text)
    return text
