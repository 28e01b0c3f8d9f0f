#!/usr/bin/env bash
# kapi watch (eBPF) against plain runs, kapi trace (ptrace) and strace, in one
# hyperfine run per workload, plus the lost-event check under load.
# Results: BENCHMARKS.md. Needs root.
#
#   bench/watch.sh                 # RUNS=10 fast runs, SLOW_RUNS=2 for ptrace/strace
#
# Environment: RUNS, SLOW_RUNS, WARMUP; KAPI_BENCH_DIR (default /var/tmp/kapi-bench-watch).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${KAPI_BENCH_DIR:-/var/tmp/kapi-bench-watch}
runs=${RUNS:-10}
slow=${SLOW_RUNS:-2}
warmup=${WARMUP:-1}
say() { printf '\n== %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { echo "bench/watch.sh: run as root (BPF)" >&2; exit 2; }

missing=()
for t in hyperfine strace clang bpftool cc; do command -v "$t" >/dev/null || missing+=("$t"); done
[ -f /usr/include/bpf/bpf_helpers.h ] || missing+=(libbpf-dev)
if [ ${#missing[@]} -gt 0 ]; then
    pkgs=("${missing[@]/cc/gcc}")
    say "installing ${pkgs[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi

mkdir -p "$work"
say "building kapi and the workloads"
(cd "$repo" && cargo build --release --locked -q -p kapi)
kapi=$repo/target/release/kapi
cc -O2 -o "$work/untraced" "$repo/crates/kapi-trace/tests/programs/untraced.c"
cc -O2 -pthread -o "$work/violator" "$repo/crates/kapi-watch/tests/programs/violator.c"
traced=$("$kapi" -f json 2>/dev/null | python3 -c 'import json,sys; print(",".join(a["name"][4:] for a in json.load(sys.stdin)["apis"] if a["name"].startswith("sys_")))')

dd_cmd="dd if=/dev/zero of=/dev/null bs=1 count=200000 status=none"

# A background watch for the whole of one hyperfine run.
watch_bg() {
    "$kapi" watch "$@" -o /dev/null 2>"$work/watch.err" &
    bg=$!
    until grep -q '^kapi: watching' "$work/watch.err" 2>/dev/null; do sleep 0.1; done
}
watch_stop() { kill -INT "$bg"; wait "$bg" || true; }

say "dd, 400 000 read/write calls: plain and under kapi watch --all"
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/dd-plain.json" -n plain "$dd_cmd"
watch_bg --all
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/dd-watch.json" -n "under kapi watch --all" "$dd_cmd"
watch_stop
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/dd-bpf.json" \
    -n "kapi trace --bpf" "$kapi trace --bpf -o /dev/null -- $dd_cmd"
hyperfine -N --style basic --runs "$slow" --export-json "$work/dd-slow.json" \
    -n "kapi trace (ptrace)" "$kapi trace -o /dev/null -- $dd_cmd" \
    -n "strace -f" "strace -f -o /dev/null $dd_cmd"

say "no specified call in the workload: 2 000 000 getppid()"
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/idle-plain.json" -n plain "$work/untraced 2000000"
watch_bg --all
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/idle-watch.json" -n "under kapi watch --all" "$work/untraced 2000000"
watch_stop

say "8 parallel violators for about 10 s: lost events"
"$kapi" watch --all -c -o "$work/load.txt" 2>"$work/load.err" &
bg=$!
until grep -q '^kapi: watching' "$work/load.err" 2>/dev/null; do sleep 0.1; done
start=$(date +%s.%N)
for i in 1 2 3 4 5 6 7 8; do "$work/violator" 2500000 >/dev/null & done
wait $(jobs -p | grep -v "^$bg$")
end=$(date +%s.%N)
kill -INT "$bg"; wait "$bg" || true

python3 - "$work" "$start" "$end" <<'PY' | tee "$work/results.md"
import json, sys, os, platform
work, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
def res(name):
    return json.load(open(f"{work}/{name}.json"))["results"]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"Machine: {os.cpu_count()} × {cpu}, Linux {platform.release()}.\n")
rows = res("dd-plain") + res("dd-watch") + res("dd-bpf") + res("dd-slow")
base = rows[0]["mean"]
print("| dd bs=1 count=200000 | mean | σ | × plain |\n|---|---|---|---|")
for r in rows:
    print(f"| {r['command']} | {r['mean']*1000:.1f} ms | {r['stddev']*1000:.1f} ms | {r['mean']/base:.2f} |")
idle = res("idle-plain") + res("idle-watch")
print("\n| 2 000 000 getppid() | mean | σ | × plain |\n|---|---|---|---|")
for r in idle:
    print(f"| {r['command']} | {r['mean']*1000:.1f} ms | {r['stddev']*1000:.1f} ms | {r['mean']/idle[0]['mean']:.2f} |")
table = open(f"{work}/load.txt").read()
print(f"\nLoad: 8 violators for {end-start:.1f} s under `kapi watch --all -c`:\n\n```\n{table}```")
PY
backend=$(grep -m1 'kapi: note: the kernel refuses' "$work/watch.err" || true)
[ -z "$backend" ] || echo "Backend: raw syscall tracepoints ($backend)"
