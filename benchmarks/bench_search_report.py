"""What bench_search.py prints: its targets, the timings it records, and the final table.

Plain Python (no Django): the rows recorded while the benchmark runs, then one table of p50/p95
against the targets, the ratios that hold on a busy machine, where Elasticsearch spends the time,
and the indexing rates.
"""
import statistics

TARGET_ES_P95_MS = 30
TARGET_ES_RAW_P95_MS = 15
TARGET_SUGGEST_P95_MS = 20
TARGET_DB_P95_MS = 150
TARGET_REBUILD_DOCS_PER_S = 5000
TARGET_DATABASE_INDEX_PER_S = 2000
TARGET_RUN_MINUTES = 20
TARGET_ES_TO_DB_RATIO = 0.3  # our Elasticsearch service.search p95 / the database backend's, per query
TARGET_RAW_TO_PLAIN_RATIO = 1.5  # our raw query p95 / a plain multi_match over the same index and fields

# (backend, query label, call, p50, p95, runs, target p95 or None, note), in the order measured.
ROWS: list[tuple] = []
# (query label, profile API parts, hydration p50 ms) per Elasticsearch query.
PROFILES: list[tuple[str, dict, float]] = []


def verdict(value: float, target: float, *, at_least: bool = False) -> str:
    met = value >= target if at_least else value <= target
    return "ok" if met else "MISSED"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def record(backend: str, label: str, call: str, timings: list[float], target: float | None, note: str = "") -> None:
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    ROWS.append((backend, label, call, p50, p95, len(timings), target, note))
    result = "" if target is None else verdict(p95, target)
    print(f"  {label:30s} {call:26s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({len(timings)} runs) {result} {note}", flush=True)


def p95_of(backend: str, label: str, call: str) -> float | None:
    return next((row[4] for row in ROWS if row[:3] == (backend, label, call)), None)


def _ratio(numerator: float | None, denominator: float | None, target: float) -> str:
    if not (numerator and denominator):
        return "     -"
    return f"{numerator / denominator:6.2f} {verdict(numerator / denominator, target):>6s}"


def _print_ratios(labels: list[str]) -> None:
    print("ratios of p95 (they hold on a busy machine where absolute times do not):")
    print(f"  {'query':30s} {'ES service / DB service':>24s} {'target':>8s}   {'our raw / plain multi_match':>28s} {'target':>8s}")
    for label in labels:
        first = _ratio(p95_of("elasticsearch", label, "service.search"), p95_of("database", label, "service.search"),
                       TARGET_ES_TO_DB_RATIO)
        second = _ratio(p95_of("elasticsearch", label, "backend.search (raw)"),
                        p95_of("elasticsearch", label, "plain multi_match (raw)"), TARGET_RAW_TO_PLAIN_RATIO)
        print(f"  {label:30s} {first:>24s} {'<= ' + str(TARGET_ES_TO_DB_RATIO):>8s}   {second:>28s}"
              f" {'<= ' + str(TARGET_RAW_TO_PLAIN_RATIO):>8s}")


def _print_profiles() -> None:
    print("where the time goes (Elasticsearch profile API, one run, ms; hydration: p50 of loading the page's hits from the database):")
    print(f"  {'query':30s} {'fuzzy':>5s} {'hits took':>9s} {'clauses':>8s} {'rewrite':>8s} {'fetch':>6s} {'highlight':>9s}"
          f" {'facets took':>11s} {'clauses':>8s} {'aggs':>6s} {'suggester':>9s} {'hydration':>9s}")
    for label, parts, hydration in PROFILES:
        print(f"  {label:30s} {'yes' if parts['fuzzy'] else 'no':>5s} {parts['hits took']:9.0f} {parts['hits clauses']:8.2f}"
              f" {parts['hits rewrite']:8.2f} {parts['hits fetch']:6.2f} {parts['hits highlighting']:9.2f}"
              f" {parts['facets took']:11.0f} {parts['facets clauses']:8.2f} {parts['facets aggregations']:6.2f}"
              f" {parts['suggester took']:9.0f} {hydration:9.1f}")
    print("  (the suggester runs only when nothing matches; its column is a suggester-only request's `took`)")


def _print_rate(what: str, measured: dict | None, unit: str, target: int, missing: str) -> None:
    """One indexing rate against its target: measured = {unit: count, "seconds": wall, "cpu": this process's CPU s}."""
    if not measured:
        print(missing)
        return
    rate = measured[unit] / measured["seconds"]
    print(f"{what}: {measured[unit]:,} {unit} / {measured['seconds']:.1f} s = {rate:,.0f} {unit}/s"
          f"   target >= {target:,}/s  {verdict(rate, target, at_least=True)}"
          f"   ({measured[unit] / measured['cpu']:,.0f} {unit} per CPU second of this process)")


def print_table(labels: list[str], rebuild: dict | None, database_index: dict | None) -> None:
    """The final table of every recorded row, the ratios and profiles (when Elasticsearch ran), the indexing rates."""
    print("\n" + "=" * 118)
    print(f"{'backend':14s} {'query':30s} {'call':27s} {'p50 ms':>8s} {'p95 ms':>8s} {'runs':>5s} {'target p95':>11s}  result")
    print("-" * 118)
    for backend, label, call, p50, p95, runs, target, _note in ROWS:
        target_text = f"<= {target} ms" if target is not None else "-"
        result = "-" if target is None else verdict(p95, target)
        print(f"{backend:14s} {label:30s} {call:27s} {p50:8.1f} {p95:8.1f} {runs:5d} {target_text:>11s}  {result}")
    print("-" * 118)
    if any(row[0] == "elasticsearch" for row in ROWS):
        _print_ratios(labels)
        _print_profiles()
    _print_rate("database index (bulk path)", database_index, "objects", TARGET_DATABASE_INDEX_PER_S,
                "database index: not measured (the generated data was already indexed)")
    _print_rate("elasticsearch rebuild", rebuild, "documents", TARGET_REBUILD_DOCS_PER_S,
                "elasticsearch: not measured (no ELASTICSEARCH_URL)")
    print("=" * 118)
