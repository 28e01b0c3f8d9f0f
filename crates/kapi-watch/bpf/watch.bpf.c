// SPDX-License-Identifier: GPL-2.0
//
// kapi watch: system calls checked against KAPI spec tables in BPF maps.
//
// One fexit program per specified system call (on its `__x64_sys_*`
// function, through a BPF trampoline, so calls without a spec cost nothing)
// checks the arguments, read from the saved user registers, and the return
// value; calls that replace or end the program are checked by an fentry
// program instead. Only suspect calls cross to user space, through a ring
// buffer; user space re-checks each one with the library `kapi trace` uses,
// so this program only has to be a superset of the violations. The layouts
// below are mirrored in src/tables.rs.

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

// The registers the kernel saved at syscall entry; field offsets are
// relocated against the running kernel's BTF.
struct pt_regs {
	unsigned long r10, r9, r8, dx, si, di, orig_ax;
} __attribute__((preserve_access_index));

#define NARGS 6
#define MAXENUM 32
#define MAXNR 512
#define PATH_MAX 4096
#define TASK_SIZE_MAX ((1ULL << 47) - 4096)
#define AT_FDCWD (-100)

enum { T_NONE, T_FD, T_UPTR, T_PATH };
enum { C_NONE, C_RANGE, C_MASK, C_ENUM, C_ALIGN, C_POW2, C_PAGE, C_NONZERO, C_USTR, C_UPATH, C_UPTR, C_ALWAYS };
enum { S_NONE, S_INTERVAL, S_ANY };
enum { M_ALL, M_PIDS, M_CGROUP, M_COMM };

struct arg_rule {
	__u8 used, bits, is_signed, type, cons, optional, size_param, n_enum;
	__u8 has_lo, has_hi, pad[6];
	__s64 lo, hi;
	__u64 mask, align, size, mult;
	__s64 str_max;
	__s64 enums[MAXENUM];
};

struct sys_rule {
	__u8 used, at_entry, succ_mode, exec, pad[4];
	__s64 succ_lo, succ_hi;
	__u64 errno_ok[8];
	struct arg_rule args[NARGS];
};

struct config {
	__u32 mode, self_tgid;
	__u64 cgroup_id;
	char comm[16];
	__u32 pad, fork_child_off;
};

struct event {
	__u32 nr, tgid, tid, flags;
	__u64 args[NARGS];
	__s64 ret;
	__s32 strlen[NARGS];
	__u32 at_entry, pad;
	char comm[16];
};

struct counts {
	__u64 calls, suspect;
};

#define F_ARGS 1
#define F_ERRNO 2
#define F_SUCCESS 4

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAXNR);
	__type(key, __u32);
	__type(value, struct sys_rule);
} RULES SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct config);
} CONFIG SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} PIDS SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} EVENTS SEC(".maps");

// Per-syscall counts; index MAXNR is the events the ring buffer could not take.
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAXNR + 1);
	__type(key, __u32);
	__type(value, struct counts);
} COUNTS SEC(".maps");

struct scratch {
	char buf[PATH_MAX + 2];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} SCRATCH SEC(".maps");

char LICENSE[] SEC("license") = "GPL";

static __always_inline int wanted(struct config *cfg, __u32 tgid)
{
	if (tgid == cfg->self_tgid)
		return 0;
	switch (cfg->mode) {
	case M_PIDS:
		return bpf_map_lookup_elem(&PIDS, &tgid) != 0;
	case M_CGROUP:
		return bpf_get_current_cgroup_id() == cfg->cgroup_id;
	case M_COMM: {
		char comm[16] = {};
		bpf_get_current_comm(comm, sizeof(comm));
		for (int i = 0; i < 16; i++) {
			if (comm[i] != cfg->comm[i])
				return 0;
			if (!comm[i])
				break;
		}
		return 1;
	}
	default:
		return 1;
	}
}

// The register as the kernel's wrapper sees it: cast to the C type, widened to s64.
static __always_inline __s64 seen(struct arg_rule *a, __u64 raw)
{
	switch (a->bits) {
	case 8:
		return a->is_signed ? (__s64)(__s8)raw : (__s64)(__u8)raw;
	case 16:
		return a->is_signed ? (__s64)(__s16)raw : (__s64)(__u16)raw;
	case 32:
		return a->is_signed ? (__s64)(__s32)raw : (__s64)(__u32)raw;
	default:
		return (__s64)raw;
	}
}

static __always_inline int access_ok(__u64 addr, __u64 size)
{
	__u64 end = addr + size;
	return end >= addr && end <= TASK_SIZE_MAX;
}

// Length of the user string at addr without its NUL; -1 unreadable, PATH_MAX+1 too long to measure.
static __always_inline __s32 ustrlen(__u64 addr)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&SCRATCH, &zero);
	if (!s)
		return -1;
	long n = bpf_probe_read_user_str(s->buf, PATH_MAX + 1, (const void *)addr);
	if (n <= 0)
		return -1;
	return (__s32)(n - 1);
}

// Whether one argument may break its rule (a superset of the library's
// checks). A global function, so that the verifier checks it once.
__attribute__((noinline)) int suspect_arg(struct arg_rule *a, __s64 v, __s64 count, __s32 *slen)
{
	if (!a || !slen)
		return 0;
	__u64 u = (__u64)v;
	// An absent optional pointer skips every check, as upstream does.
	if (a->type == T_UPTR && a->optional && u == 0)
		return 0;
	switch (a->type) {
	case T_FD:
		if (!a->optional && (v != (__s32)v || ((__s32)v < 0 && (__s32)v != AT_FDCWD)))
			return 1;
		break;
	case T_UPTR: {
		__u64 size = a->size;
		if (a->size_param < NARGS) {
			if (count < 0)
				return 1;
			if (count == 0)
				break;
			__u64 mult = a->mult ? a->mult : 1;
			// Products that might overflow are left to user space.
			if ((__u64)count >> 32 || mult >> 32)
				return 1;
			size = (__u64)count * mult;
		}
		if (u == 0 || !access_ok(u, size))
			return 1;
		break;
	}
	case T_PATH:
		if (u == 0) {
			if (!a->optional)
				return 1;
			break;
		}
		if (!access_ok(u, 1))
			return 1;
		*slen = ustrlen(u);
		if (*slen < 0 || *slen >= PATH_MAX)
			return 1;
		break;
	}
	switch (a->cons) {
	case C_RANGE:
		if (a->has_lo && v < a->lo)
			return 1;
		if (a->has_hi && v > a->hi)
			return 1;
		break;
	case C_MASK:
		if (u & ~a->mask)
			return 1;
		break;
	case C_ENUM: {
		int n = a->n_enum;
		for (int i = 0; i < MAXENUM; i++) {
			if (i >= n)
				return 1;
			if (a->enums[i] == v)
				return 0;
		}
		return 1;
	}
	case C_ALIGN:
		if (a->align == 0 || (u & (a->align - 1)))
			return 1;
		break;
	case C_POW2:
		if (v == 0 || (v & (v - 1)))
			return 1;
		break;
	case C_PAGE:
		if (u & 4095)
			return 1;
		break;
	case C_NONZERO:
		if (v == 0)
			return 1;
		break;
	case C_USTR:
		if (u == 0)
			return !a->optional;
		if (!access_ok(u, 1) || a->str_max > PATH_MAX)
			return 1;
		*slen = ustrlen(u);
		if (*slen < 0 || *slen >= PATH_MAX || *slen > a->str_max || (a->has_lo && *slen < a->lo))
			return 1;
		break;
	case C_UPATH:
		if (u == 0)
			return !a->optional;
		if (!access_ok(u, 1))
			return 1;
		*slen = ustrlen(u);
		if (*slen < 0 || *slen >= PATH_MAX)
			return 1;
		break;
	case C_UPTR:
		if (u == 0)
			return !a->optional;
		if (a->size == 0 || !access_ok(u, a->size))
			return 1;
		break;
	case C_ALWAYS:
		return 1;
	}
	return 0;
}

static __always_inline void count(__u32 nr, int suspect)
{
	struct counts *c = bpf_map_lookup_elem(&COUNTS, &nr);
	if (c) {
		c->calls++;
		c->suspect += suspect;
	}
}

struct call {
	__u64 args[NARGS];
	__u64 nr;
};

// The checks of one call; global, so that the verifier checks it once and
// the many attach-point programs stay small.
__attribute__((noinline)) int check_call(struct call *c, __s64 ret, int at_entry)
{
	if (!c)
		return 0;
	__u32 nr = (__u32)c->nr;
	struct sys_rule *r = bpf_map_lookup_elem(&RULES, &nr);
	if (!r || !r->used || r->at_entry != at_entry)
		return 0;
	__u32 zero = 0;
	struct config *cfg = bpf_map_lookup_elem(&CONFIG, &zero);
	__u64 id = bpf_get_current_pid_tgid();
	if (!cfg || !wanted(cfg, id >> 32))
		return 0;

	// A successful exec replaced the registers: only its failures can be checked.
	if (r->exec && ret == 0) {
		count(nr, 0);
		return 0;
	}
	__u64 *args = c->args;
	__s64 vals[8] = {};
	__s32 slen[NARGS];
	for (int i = 0; i < NARGS; i++) {
		vals[i] = seen(&r->args[i], args[i]);
		slen[i] = -2;
	}
	__u32 flags = 0;
	for (int i = 0; i < NARGS; i++) {
		struct arg_rule *a = &r->args[i];
		__u32 sp = a->size_param;
		__s64 count = 0;
		if (sp < NARGS)
			count = vals[sp & 7];
		if (a->used && suspect_arg(a, vals[i], count, &slen[i]))
			flags |= F_ARGS;
	}
	if (!at_entry) {
		if (ret >= -4095 && ret <= -1) {
			__u64 e = (__u64)(-ret);
			if (e < 512 && !(r->errno_ok[(e >> 6) & 7] & (1ULL << (e & 63))))
				flags |= F_ERRNO;
		} else if (r->succ_mode == S_ANY ||
			   (r->succ_mode == S_INTERVAL && (ret < r->succ_lo || ret > r->succ_hi))) {
			flags |= F_SUCCESS;
		}
	}
	count(nr, flags != 0);
	if (!flags)
		return 0;

	struct event *ev = bpf_ringbuf_reserve(&EVENTS, sizeof(*ev), 0);
	if (!ev) {
		__u32 lost = MAXNR;
		count(lost, 1);
		return 0;
	}
	ev->nr = nr;
	ev->tgid = id >> 32;
	ev->tid = (__u32)id;
	ev->flags = flags;
	ev->ret = ret;
	ev->at_entry = at_entry;
	ev->pad = 0;
	for (int i = 0; i < NARGS; i++) {
		ev->args[i] = args[i];
		ev->strlen[i] = slen[i];
	}
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
	bpf_ringbuf_submit(ev, 0);
	return 0;
}

// Copies of one program, one per attach point (a tracing program is bound
// to its target when it is loaded).
static __always_inline int from_regs(struct pt_regs *regs, __s64 ret, int at_entry)
{
	struct call c = { { regs->di, regs->si, regs->dx, regs->r10, regs->r8, regs->r9 }, regs->orig_ax };
	return check_call(&c, ret, at_entry);
}

#define EXIT_PROG(n)                                                    \
	SEC("fexit") int kapi_exit_##n(unsigned long long *ctx)         \
	{                                                               \
		return from_regs((struct pt_regs *)ctx[0], (__s64)ctx[1], 0); \
	}
#define ENTRY_PROG(n)                                                   \
	SEC("fentry") int kapi_entry_##n(unsigned long long *ctx)       \
	{                                                               \
		return from_regs((struct pt_regs *)ctx[0], 0, 1);       \
	}
#define X8(M, n) M(n##0) M(n##1) M(n##2) M(n##3) M(n##4) M(n##5) M(n##6) M(n##7)

X8(EXIT_PROG, 0) X8(EXIT_PROG, 1) X8(EXIT_PROG, 2) X8(EXIT_PROG, 3)
X8(EXIT_PROG, 4) X8(EXIT_PROG, 5) X8(EXIT_PROG, 6) X8(EXIT_PROG, 7)
X8(EXIT_PROG, 8) X8(EXIT_PROG, 9) X8(EXIT_PROG, 10) X8(EXIT_PROG, 11)
X8(ENTRY_PROG, 0)

// The fallback where the kernel refuses tracing programs: the raw syscall
// tracepoints, which every system call passes. x86_64 struct pt_regs is
// ABI: r10 is word 7, then r9, r8, ax, cx, dx, si, di and orig_ax (word 15).
struct raw_regs {
	__u64 r10, r9, r8, ax, cx, dx, si, di, orig_ax;
};

// Reads the saved registers once and checks the call if it has a rule.
static __always_inline int from_raw(void *regs, __s64 ret, int at_entry)
{
	struct raw_regs rr;
	if (bpf_probe_read_kernel(&rr, sizeof(rr), (char *)regs + 7 * 8))
		return 0;
	if (rr.orig_ax >= MAXNR)
		return 0;
	__u32 key = rr.orig_ax;
	struct sys_rule *r = bpf_map_lookup_elem(&RULES, &key);
	if (!r || !r->used || r->at_entry != at_entry)
		return 0;
	struct call c = { { rr.di, rr.si, rr.dx, rr.r10, rr.r8, rr.r9 }, rr.orig_ax };
	return check_call(&c, ret, at_entry);
}

SEC("raw_tracepoint/sys_enter")
int kapi_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	return from_raw((void *)ctx->args[0], 0, 1);
}

SEC("raw_tracepoint/sys_exit")
int kapi_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	return from_raw((void *)ctx->args[0], (__s64)ctx->args[1], 0);
}

// Follow the watched processes' children (--pid).
SEC("tracepoint/sched/sched_process_fork")
int kapi_fork(void *ctx)
{
	__u32 zero = 0;
	struct config *cfg = bpf_map_lookup_elem(&CONFIG, &zero);
	if (!cfg || cfg->mode != M_PIDS)
		return 0;
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (!bpf_map_lookup_elem(&PIDS, &tgid))
		return 0;
	// The record's layout differs between kernels: user space found the
	// child_pid offset in the event's format file.
	__u8 rec[64];
	if (bpf_probe_read_kernel(rec, sizeof(rec), ctx))
		return 0;
	__u32 off = cfg->fork_child_off;
	if (off > sizeof(rec) - 4)
		return 0;
	__s32 child = 0;
	if (bpf_probe_read_kernel(&child, sizeof(child), rec + off))
		return 0;
	__u32 c = child;
	__u8 one = 1;
	bpf_map_update_elem(&PIDS, &c, &one, BPF_ANY);
	return 0;
}
