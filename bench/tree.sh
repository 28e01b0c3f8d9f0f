#!/usr/bin/env bash
# Whole-tree scan benchmark: kapi against rg, scripts/kernel-doc and itself
# on 1, 2 and 4 copies of Debian's linux-source-6.12. Results: BENCHMARKS.md.
#
#   bench/tree.sh            # everything, 5 timed runs per command
#   RUNS=10 bench/tree.sh    # more runs
#
# Environment:
#   KAPI_BENCH_DIR   work directory (default /var/tmp/kapi-bench; needs ~2 GB)
#   KAPI_BENCH_TREE  an unpacked linux-source-6.12 to use instead of unpacking one
#   KAPI_CORPUS      the spec corpus (default ../shared/corpus)
#   RUNS, WARMUP     hyperfine runs and warm-up runs per command (default 5, 1)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${KAPI_BENCH_DIR:-/var/tmp/kapi-bench}
corpus=${KAPI_CORPUS:-$repo/../shared/corpus}
runs=${RUNS:-5}
warmup=${WARMUP:-1}
say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench/tree.sh: %s\n' "$*" >&2; exit 2; }

# --- tools --------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v rg >/dev/null || missing+=(ripgrep)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
command -v perl >/dev/null || missing+=(perl)
[ -n "${KAPI_BENCH_TREE:-}" ] || [ -f /usr/src/linux-source-6.12.tar.xz ] || missing+=(linux-source-6.12)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -d "$corpus" ] || die "no spec corpus at $corpus (set KAPI_CORPUS)"

# --- trees --------------------------------------------------------------------
mkdir -p "$work"
if [ -n "${KAPI_BENCH_TREE:-}" ]; then
    plain=$(cd "$KAPI_BENCH_TREE" && pwd)
else
    plain=$work/linux-source-6.12
    if [ ! -f "$plain/.kapi-unpacked" ]; then
        say "unpacking /usr/src/linux-source-6.12.tar.xz"
        rm -rf "$plain"
        tar -C "$work" -xf /usr/src/linux-source-6.12.tar.xz
        touch "$plain/.kapi-unpacked"
    fi
fi
[ -f "$plain/scripts/kernel-doc" ] || die "$plain is not a kernel tree"

say "copy with the corpus specs inserted"
specs=$work/with-specs/linux-source-6.12
rm -rf "$work/with-specs"
mkdir -p "$work/with-specs"
cp -al "$plain" "$specs"
python3 "$repo/bench/insert-specs.py" "$corpus" "$specs" "$work/manifest.tsv"

say "1, 2 and 4 hard-linked copies"
for n in 1 2 4; do
    d=$work/copies/$n
    if [ ! -f "$d/.done" ]; then
        rm -rf "$d"
        mkdir -p "$d"
        for i in $(seq 1 "$n"); do cp -al "$plain" "$d/tree$i"; done
        touch "$d/.done"
    fi
done

say "building kapi"
(cd "$repo" && cargo build --release --locked -q -p kapi)
kapi=$repo/target/release/kapi

# --- correctness --------------------------------------------------------------
say "checking results"
out=$("$kapi" --source "$plain" 2>"$work/plain.stderr") || die "kapi --source on the plain tree failed"
[ "$(tail -n 1 <<<"$out")" = "Total specifications found: 0" ] || die "plain tree: specs found: $out"
[ ! -s "$work/plain.stderr" ] || die "plain tree: diagnostics: $(head "$work/plain.stderr")"
"$kapi" lint "$plain" >/dev/null || die "plain tree: kapi lint reported findings"
"$kapi" convert --to json "$specs" >"$work/found.json" 2>"$work/specs.stderr" ||
    die "kapi convert on the spec tree failed: $(head "$work/specs.stderr")"
python3 - "$work/manifest.tsv" "$work/found.json" "$specs" <<'PY'
import json, sys
manifest, found, root = sys.argv[1:]
want = {}
for line in open(manifest):
    name, path, start, define, _ = line.rstrip("\n").split("\t")
    want[name] = (f"{root}/{path}", int(start), int(define))
got = {}
for item in json.load(open(found)):
    a = item["api_details"]
    d = a.get("definition") or {}
    got[a["name"]] = (a["location"]["file"], a["location"]["line"], (d.get("location") or {}).get("line"))
if got != want:
    for k in sorted(set(got) | set(want)):
        if got.get(k) != want.get(k):
            print(f"  {k}: expected {want.get(k)}, found {got.get(k)}", file=sys.stderr)
    sys.exit("bench/tree.sh: the spec tree's specs are not exactly the inserted ones")
print(f"ok: plain tree 0 specs, no diagnostics; spec tree exactly the {len(want)} inserted specs, "
      "each at its block and bound to its SYSCALL_DEFINE line", file=sys.stderr)
PY

# --- timings ------------------------------------------------------------------
cd "$work"
files=$(find "$plain" -name '*.[ch]' -xtype f | wc -l)
bytes=$(find "$plain" -name '*.[ch]' -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
say "timing ($runs runs, $warmup warm-up) on $files *.c/*.h files"
# -i: lint exits 1 on the spec tree's findings and rg exits 1 when nothing matches.
hyperfine -N -i --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/scan.json" \
    -n "kapi --source (plain)" "$kapi -q --source $plain" \
    -n "kapi lint (plain)" "$kapi lint $plain" \
    -n "kapi --source (specs)" "$kapi -q --source $specs" \
    -n "kapi lint (specs)" "$kapi lint $specs" \
    -n "rg -c literal (floor)" "rg -c -F -g *.{c,h} long-desc: $plain" \
    -n "kernel-doc -none, 2 jobs" "$repo/bench/kernel-doc-all.sh $plain 2"

say "peak RSS"
rss() { /usr/bin/time -f %M "$@" >/dev/null 2>"$work/rss.txt" || true; tail -n 1 "$work/rss.txt"; }
{
    echo "kapi --source (plain)	$(rss "$kapi" -q --source "$plain")"
    echo "kapi lint (plain)	$(rss "$kapi" lint "$plain")"
    echo "kapi --source (specs)	$(rss "$kapi" -q --source "$specs")"
    echo "kapi lint (specs)	$(rss "$kapi" lint "$specs")"
    echo "rg -c literal (floor)	$(rss rg -c -F -g '*.{c,h}' long-desc: "$plain")"
    echo "kernel-doc -none, 2 jobs	$(rss "$repo/bench/kernel-doc-all.sh" "$plain" 2)"
} >"$work/rss.tsv"

say "linearity"
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/copies.json" \
    -n "1 copy" "$kapi -q --source $work/copies/1" \
    -n "2 copies" "$kapi -q --source $work/copies/2" \
    -n "4 copies" "$kapi -q --source $work/copies/4"

# --- report -------------------------------------------------------------------
python3 - "$work" "$files" "$bytes" <<'PY' | tee "$work/results.md"
import json, platform, os, sys
work, files, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 2**20
print(f"Machine: {os.cpu_count()} × {cpu}, {mem:.0f} GiB RAM, Linux {platform.release()}, warm page cache.")
print(f"Tree: linux-source-6.12, {files} *.c/*.h files, {size / 2**30:.2f} GiB.\n")
rss = dict(l.rstrip("\n").split("\t") for l in open(f"{work}/rss.tsv"))
res = {r["command"]: r for r in json.load(open(f"{work}/scan.json"))["results"]}
floor = res["rg -c literal (floor)"]["mean"]
print("| command | mean | σ | × rg floor | peak RSS |")
print("|---|---|---|---|---|")
for name, r in res.items():
    print(f"| {name} | {r['mean'] * 1000:.0f} ms | {r['stddev'] * 1000:.0f} ms | {r['mean'] / floor:.2f} | "
          f"{int(rss.get(name, 0)) / 1024:.0f} MB |")
kd = res["kernel-doc -none, 2 jobs"]["mean"]
ks = res["kapi --source (plain)"]["mean"]
print(f"\nkernel-doc takes {kd / ks:.0f}× as long as `kapi --source`.\n")
cop = {r["command"]: r for r in json.load(open(f"{work}/copies.json"))["results"]}
one = cop["1 copy"]["mean"]
print("| copies | mean | σ | per copy | vs linear |")
print("|---|---|---|---|---|")
for n, name in [(1, "1 copy"), (2, "2 copies"), (4, "4 copies")]:
    r = cop[name]
    print(f"| {n} | {r['mean'] * 1000:.0f} ms | {r['stddev'] * 1000:.0f} ms | {r['mean'] / n * 1000:.0f} ms | "
          f"{r['mean'] / (n * one) - 1:+.1%} |")
PY
