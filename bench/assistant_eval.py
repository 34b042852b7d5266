"""Evaluate the digital assistant's matcher on a question set (the format of ../shared/assistant/dev.jsonl).

    .venv/bin/python bench/assistant_eval.py ../shared/assistant/dev.jsonl
    .venv/bin/python bench/assistant_eval.py openjobcenter/assistant/tests/heldout.jsonl --errors

Per language and overall: top-1 accuracy on in-scope questions, abstention on out-of-scope questions
(``topic: null``), the confident-and-wrong rate (answered with a wrong topic, over all questions), and
p50/p95 milliseconds per answer. A naive baseline (word overlap with the example questions, answering
the best topic whenever any word overlaps) runs on the same questions, and the ratios are printed.

No database and no server: the matcher runs in-process on an index built from the shipped knowledge
files (openjobcenter/assistant/knowledge/*.json), exactly the index the API builds from the published
versions of the same files. Bounded by --max-seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openjobcenter.assistant.services.knowledge import read_files_leniently  # noqa: E402
from openjobcenter.assistant.services.matching import Index, classes_from_topics, normalise  # noqa: E402

TARGETS = {"top1": 0.90, "abstention": 0.90, "confident_wrong": 0.03, "p95_ms": 50.0}


class Baseline:
    """The simplest retrieval: the topic sharing the most lowercase words with one example question."""

    def __init__(self, topics: list[dict]) -> None:
        self.examples = [
            (topic["id"], set(re.findall(r"\w+", q.lower())))
            for topic in topics
            for questions in topic["examples"].values()
            for q in questions
        ]

    def answer(self, question: str) -> str | None:
        words = set(re.findall(r"\w+", question.lower()))
        best, best_overlap = None, 0
        for key, example in self.examples:
            overlap = len(words & example)
            if overlap > best_overlap:
                best, best_overlap = key, overlap
        return best


def evaluate(items: list[dict], predict, max_seconds: float) -> tuple[dict, list]:
    rows = defaultdict(lambda: {"in": 0, "right": 0, "out": 0, "abstained": 0, "wrong": 0, "n": 0, "ms": [], "cpu": []})
    mistakes = []
    started = time.monotonic()
    for item in items:
        if time.monotonic() - started > max_seconds:
            print(f"stopped after {max_seconds:.0f} s", file=sys.stderr)
            break
        t0, c0 = time.perf_counter(), time.process_time()
        topic = predict(item["q"])
        ms = (time.perf_counter() - t0) * 1000
        cpu_ms = (time.process_time() - c0) * 1000
        for lang in (item.get("lang", "?"), "all"):
            row = rows[lang]
            row["n"] += 1
            row["ms"].append(ms)
            row["cpu"].append(cpu_ms)
            if item["topic"] is None:
                row["out"] += 1
                row["abstained"] += topic is None
            else:
                row["in"] += 1
                row["right"] += topic == item["topic"]
            if topic is not None and topic != item["topic"]:
                row["wrong"] += 1
        if topic != item["topic"]:
            mistakes.append((item, topic))
    return rows, mistakes


def figures(row: dict) -> dict:
    ms = sorted(row["ms"]) or [0.0]
    return {
        "top1": row["right"] / row["in"] if row["in"] else None,
        "abstention": row["abstained"] / row["out"] if row["out"] else None,
        "confident_wrong": row["wrong"] / row["n"] if row["n"] else 0.0,
        "p50_ms": statistics.median(ms),
        "p95_ms": ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))],
        "n": row["n"],
        "cpu_p50_ms": statistics.median(row["cpu"] or [0.0]),
        "cpu_p95_ms": sorted(row["cpu"] or [0.0])[
            min(len(row["cpu"] or [0]) - 1, round(0.95 * (len(row["cpu"] or [0]) - 1)))
        ],
    }


def pct(value: float | None) -> str:
    return "   –  " if value is None else f"{100 * value:5.1f}%"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--errors", action="store_true", help="print every wrong decision")
    parser.add_argument("--max-seconds", type=float, default=120.0)
    args = parser.parse_args()
    items = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]

    cpu0 = os.times()
    t0 = time.perf_counter()
    topics, out_of_scope = read_files_leniently()
    index = Index(classes_from_topics(topics, out_of_scope))
    build_s = time.perf_counter() - t0
    examples = sum(len(q) for t in topics for q in t["examples"].values())
    print(f"knowledge: {len(topics)} topics, {examples} example questions; index built in {build_s:.2f} s")
    print(f"questions: {len(items)} from {args.file}")

    index.match("Aufwärmen")  # warm the stemmers' caches like a running server
    rows, mistakes = evaluate(items, lambda q: index.match(q).topic, args.max_seconds)
    baseline = Baseline(topics)
    base_rows, _ = evaluate(items, baseline.answer, args.max_seconds)

    print()
    print(
        f"{'lang':5} {'n':>4}  {'top-1':>6} {'abstain':>7} {'conf.wrong':>10} {'p50 ms':>7} {'p95 ms':>7}   baseline top-1/abstain/conf.wrong"
    )
    order = ["de", "en", "tr", "ar", "uk", "ru"]
    for lang in sorted(rows, key=lambda lang: (lang == "all", order.index(lang) if lang in order else 9)):
        f, b = figures(rows[lang]), figures(base_rows[lang])
        print(
            f"{lang:5} {f['n']:4d}  {pct(f['top1'])} {pct(f['abstention']):>7} {pct(f['confident_wrong']):>10} "
            f"{f['p50_ms']:7.2f} {f['p95_ms']:7.2f}   {pct(b['top1'])} {pct(b['abstention'])} {pct(b['confident_wrong'])}"
        )
    f, b = figures(rows["all"]), figures(base_rows["all"])
    print()
    print(
        "targets: top-1 ≥ 90 %, abstention ≥ 90 %, confident-and-wrong ≤ 3 %, p95 < 50 ms  →  "
        + ", ".join(
            f"{name} {'ok' if ok else 'MISSED'}"
            for name, ok in (
                ("top-1", (f["top1"] or 0) >= TARGETS["top1"]),
                ("abstention", f["abstention"] is None or f["abstention"] >= TARGETS["abstention"]),
                ("confident-and-wrong", f["confident_wrong"] <= TARGETS["confident_wrong"]),
                ("p95", f["p95_ms"] < TARGETS["p95_ms"]),
            )
        )
    )
    if b["top1"]:
        print(
            f"vs baseline: top-1 ×{(f['top1'] or 0) / b['top1']:.2f}; confident-and-wrong "
            f"{100 * f['confident_wrong']:.1f} % vs {100 * b['confident_wrong']:.1f} %; "
            f"time ×{f['p50_ms'] / max(b['p50_ms'], 1e-6):.1f} (p50)"
        )
    # A question that is also one of the knowledge base's example questions (after normalisation) is not
    # unseen: it is found by itself. Report the figures without such questions beside the others.
    known = {
        normalise(q)
        for per_class in classes_from_topics(topics, out_of_scope).values()
        for questions in per_class.values()
        for q in questions
    }
    unseen = [item for item in items if normalise(item["q"]) not in known]
    if len(unseen) < len(items):
        unseen_rows, _ = evaluate(unseen, lambda q: index.match(q).topic, args.max_seconds)
        u = figures(unseen_rows["all"])
        print(
            f"{len(items) - len(unseen)} of {len(items)} questions are also example questions of the knowledge base; "
            f"without them ({u['n']}): top-1 {pct(u['top1']).strip()}, abstention {pct(u['abstention']).strip()}, "
            f"confident-and-wrong {pct(u['confident_wrong']).strip()}"
        )
    print(
        f"CPU time per answer (independent of other processes): p50 {f['cpu_p50_ms']:.2f} ms, p95 {f['cpu_p95_ms']:.2f} ms"
    )
    cpu1 = os.times()
    print(
        f"CPU of this process: {cpu1.user - cpu0.user + cpu1.system - cpu0.system:.1f} s; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other processes change the timings)"
    )
    if args.errors:
        print()
        for item, topic in mistakes:
            print(f"  [{item.get('lang')}] {item['q']!r}: expected {item['topic']}, got {topic}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
