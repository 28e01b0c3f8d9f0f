//! What each spec macro means, as field assignments.
//!
//! Every KAPI macro is shorthand for designated initialisers of
//! `struct kernel_api_spec`. This table says which, in a small notation:
//!
//! - `open F` / `open F[i]`: start the nested initialiser of field `F`;
//! - `close`: end the innermost one; `end`: end the spec;
//! - `F=v`: assign parameter `v`, `#v` (the parameter stringified) or a literal;
//! - `F+=v`: append to a list field;
//! - `M(a, b)`: another macro;
//! - a parameter list ending in `...` takes extra arguments, which the
//!   body names `__VA_ARGS__` (or ignores).
//!
//! It is the one source of truth for both reading macro specs and writing
//! the generated-header form.

/// `(macro, parameters, expansion)`.
pub static MACROS: &[(&str, &str, &str)] = &[
    // Spec openers and closers.
    ("DEFINE_KERNEL_API_SPEC", "fn", "begin; name=#fn"),
    ("DEFINE_SYSFS_API_SPEC", "attr", "begin; name=#attr; api_type=KAPI_API_SYSFS"),
    ("DEFINE_KAPI_IOCTL_SPEC", "n", "begin; name=#n; api_type=KAPI_API_IOCTL"),
    ("DEFINE_IOCTL_API_SPEC", "n, c, cn", "begin; cmd=c; cmd_name=cn; open api_spec; name=#n"),
    ("KAPI_END_SPEC", "", "end"),
    // Top-level fields.
    ("KAPI_DESCRIPTION", "d", "description=d"),
    ("KAPI_LONG_DESC", "d", "long_description=d"),
    ("KAPI_CONTEXT", "f", "context_flags=f"),
    ("KAPI_EXAMPLES", "e", "examples=e"),
    ("KAPI_NOTES", "n", "notes=n"),
    ("KAPI_SINCE_VERSION", "v", "since_version=v"),
    ("KAPI_DEPRECATED", "", "deprecated=true"),
    ("KAPI_REPLACEMENT", "r", "replacement=r"),
    ("KAPI_SUBSYSTEM", "s", "subsystem=s"),
    ("KAPI_DEVICE_TYPE", "t", "device_type=t"),
    ("KAPI_SYSCALL_SLEEPABLE", "", "KAPI_CONTEXT(KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE)"),
    ("KAPI_SYSCALL_ATOMIC", "", "KAPI_CONTEXT(KAPI_CTX_PROCESS | KAPI_CTX_ATOMIC)"),
    // Counts.
    ("KAPI_PARAM_COUNT", "n", "param_count=n"),
    ("KAPI_ERROR_COUNT", "n", "error_count=n"),
    ("KAPI_LOCK_COUNT", "n", "lock_count=n"),
    ("KAPI_CONSTRAINT_COUNT", "n", "constraint_count=n"),
    ("KAPI_SIGNAL_COUNT", "n", "signal_count=n"),
    ("KAPI_SIGNAL_MASK_COUNT", "n", "signal_mask_count=n"),
    ("KAPI_STRUCT_SPEC_COUNT", "n", "struct_spec_count=n"),
    ("KAPI_SIDE_EFFECT_COUNT", "n", "side_effect_count=n"),
    ("KAPI_STATE_TRANS_COUNT", "n", "state_trans_count=n"),
    ("KAPI_CAPABILITY_COUNT", "n", "capability_count=n"),
    // Parameters.
    ("KAPI_PARAM", "i, n, t, d", "open params[i]; name=n; type_name=t; description=d"),
    ("KAPI_PARAM_TYPE", "t", "type=t"),
    ("KAPI_PARAM_FLAGS", "f", "flags=f"),
    ("KAPI_PARAM_SIZE", "s", "size=s"),
    ("KAPI_PARAM_ALIGNMENT", "a", "alignment=a"),
    ("KAPI_PARAM_RANGE", "lo, hi", "min_value=lo; max_value=hi"),
    ("KAPI_PARAM_CONSTRAINT_TYPE", "c", "constraint_type=c"),
    ("KAPI_PARAM_CONSTRAINT", "d", "constraints=d"),
    ("KAPI_PARAM_VALID_MASK", "m", "valid_mask=m"),
    ("KAPI_PARAM_ENUM_VALUES", "...", "enum_values={__VA_ARGS__}"),
    ("KAPI_PARAM_SIZE_PARAM", "i", "size_param=i"),
    ("KAPI_PARAM_SIZE_MULTIPLIER", "m", "size_multiplier=m"),
    ("KAPI_PARAM_END", "", "close"),
    (
        "KAPI_PARAM_FD",
        "i, d",
        "KAPI_PARAM(i, \"fd\", \"int\", d); flags=KAPI_PARAM_IN; type=KAPI_TYPE_FD; constraint_type=KAPI_CONSTRAINT_NONE; close",
    ),
    (
        "KAPI_PARAM_USER_BUF",
        "i, n, d",
        "KAPI_PARAM(i, n, \"void __user *\", d); flags=KAPI_PARAM_USER | KAPI_PARAM_IN; close",
    ),
    (
        "KAPI_PARAM_USER_STRUCT",
        "i, n, st, d",
        "KAPI_PARAM(i, n, #st \" __user *\", d); flags=KAPI_PARAM_USER | KAPI_PARAM_IN; type=KAPI_TYPE_USER_PTR; size=sizeof(st); constraint_type=KAPI_CONSTRAINT_NONE; close",
    ),
    (
        "KAPI_PARAM_SIZE_T",
        "i, n, d",
        "KAPI_PARAM(i, n, \"size_t\", d); flags=KAPI_PARAM_IN; min_value=0; max_value=SIZE_MAX; close",
    ),
    // Return value.
    ("KAPI_RETURN", "t, d", "open return_spec; type_name=t; description=d"),
    ("KAPI_RETURN_TYPE", "t", "type=t"),
    ("KAPI_RETURN_CHECK_TYPE", "c", "check_type=c"),
    ("KAPI_RETURN_SUCCESS", "v, ...", "success_value=v"),
    ("KAPI_RETURN_SUCCESS_RANGE", "lo, hi", "success_min=lo; success_max=hi"),
    ("KAPI_RETURN_ERROR_VALUES", "v", "error_values=v"),
    ("KAPI_RETURN_ERROR_COUNT", "n", "error_count=n"),
    ("KAPI_RETURN_END", "", "close"),
    // Errors.
    ("KAPI_ERROR", "i, c, n, cond, d", "open errors[i]; error_code=c; name=n; condition=cond; description=d; close"),
    (
        "KAPI_ERROR_EBADF",
        "i",
        "KAPI_ERROR(i, -EBADF, \"EBADF\", \"Invalid file descriptor\", \"The file descriptor is not valid or has been closed\")",
    ),
    ("KAPI_ERROR_EINVAL", "i, cond", "KAPI_ERROR(i, -EINVAL, \"EINVAL\", cond, \"Invalid argument provided\")"),
    (
        "KAPI_ERROR_ENOMEM",
        "i",
        "KAPI_ERROR(i, -ENOMEM, \"ENOMEM\", \"Insufficient memory\", \"Cannot allocate memory for the operation\")",
    ),
    (
        "KAPI_ERROR_EPERM",
        "i",
        "KAPI_ERROR(i, -EPERM, \"EPERM\", \"Operation not permitted\", \"The calling process does not have the required permissions\")",
    ),
    (
        "KAPI_ERROR_EFAULT",
        "i",
        "KAPI_ERROR(i, -EFAULT, \"EFAULT\", \"Bad address\", \"Invalid user space address provided\")",
    ),
    // Locks.
    ("KAPI_LOCK", "i, n, t", "open locks[i]; lock_name=n; lock_type=t"),
    ("KAPI_LOCK_ACQUIRED", "", "acquired=true"),
    ("KAPI_LOCK_RELEASED", "", "released=true"),
    ("KAPI_LOCK_HELD_ENTRY", "", "held_on_entry=true"),
    ("KAPI_LOCK_HELD_EXIT", "", "held_on_exit=true"),
    ("KAPI_LOCK_DESC", "d", "description=d"),
    ("KAPI_LOCK_END", "", "close"),
    // Constraints.
    ("KAPI_CONSTRAINT", "i, n, d", "open constraints[i]; name=n; description=d"),
    ("KAPI_CONSTRAINT_EXPR", "e", "expression=e"),
    ("KAPI_CONSTRAINT_END", "", "close"),
    // Signals.
    ("KAPI_SIGNAL", "i, num, n, dir, act", "open signals[i]; signal_num=num; signal_name=n; direction=dir; action=act"),
    ("KAPI_SIGNAL_TARGET", "t", "target=t"),
    ("KAPI_SIGNAL_CONDITION", "c", "condition=c"),
    ("KAPI_SIGNAL_DESC", "d", "description=d"),
    ("KAPI_SIGNAL_RESTARTABLE", "", "restartable=true"),
    ("KAPI_SIGNAL_SA_FLAGS_REQ", "f", "sa_flags_required=f"),
    ("KAPI_SIGNAL_SA_FLAGS_FORBID", "f", "sa_flags_forbidden=f"),
    ("KAPI_SIGNAL_ERROR", "e", "error_on_signal=e"),
    ("KAPI_SIGNAL_TRANSFORM", "s", "transform_to=s"),
    ("KAPI_SIGNAL_TIMING", "w", "timing=w"),
    ("KAPI_SIGNAL_PRIORITY", "p", "priority=p"),
    ("KAPI_SIGNAL_INTERRUPTIBLE", "", "interruptible=true"),
    ("KAPI_SIGNAL_QUEUE", "b", "queue_behavior=b"),
    ("KAPI_SIGNAL_STATE_REQ", "s", "state_required=s"),
    ("KAPI_SIGNAL_STATE_FORBID", "s", "state_forbidden=s"),
    ("KAPI_SIGNAL_END", "", "close"),
    (
        "KAPI_SIGNAL_INTERRUPTIBLE_SLEEP",
        "",
        "KAPI_SIGNAL(0, SIGINT, \"SIGINT\", KAPI_SIGNAL_RECEIVE, KAPI_SIGNAL_ACTION_RETURN); timing=KAPI_SIGNAL_TIME_SLEEPING; error_on_signal=-EINTR; restartable=true; description=\"Interrupts sleep, returns -EINTR\"; close; KAPI_SIGNAL(1, SIGTERM, \"SIGTERM\", KAPI_SIGNAL_RECEIVE, KAPI_SIGNAL_ACTION_RETURN); timing=KAPI_SIGNAL_TIME_SLEEPING; error_on_signal=-EINTR; restartable=true; description=\"Interrupts sleep, returns -EINTR\"; close",
    ),
    (
        "KAPI_SIGNAL_FATAL_DEFAULT",
        "",
        "KAPI_SIGNAL(2, SIGKILL, \"SIGKILL\", KAPI_SIGNAL_RECEIVE, KAPI_SIGNAL_ACTION_TERMINATE); timing=KAPI_SIGNAL_TIME_ANYTIME; priority=0; description=\"Process terminated immediately\"; close",
    ),
    (
        "KAPI_SIGNAL_STOP_CONT",
        "",
        "KAPI_SIGNAL(3, SIGSTOP, \"SIGSTOP\", KAPI_SIGNAL_RECEIVE, KAPI_SIGNAL_ACTION_STOP); timing=KAPI_SIGNAL_TIME_ANYTIME; description=\"Process stopped\"; close; KAPI_SIGNAL(4, SIGCONT, \"SIGCONT\", KAPI_SIGNAL_RECEIVE, KAPI_SIGNAL_ACTION_CONTINUE); timing=KAPI_SIGNAL_TIME_ANYTIME; description=\"Process continued\"; close",
    ),
    // Signal masks.
    ("KAPI_SIGNAL_MASK", "i, n, d", "open signal_masks[i]; mask_name=n; description=d"),
    ("KAPI_SIGNAL_MASK_ADD", "s", "signals+=s"),
    ("KAPI_SIGNAL_MASK_END", "", "close"),
    // Struct specs.
    ("KAPI_STRUCT_SPEC", "i, n, d", "open struct_specs[i]; name=#n; description=d"),
    ("KAPI_STRUCT_SIZE", "s, a", "size=s; alignment=a"),
    ("KAPI_STRUCT_FIELD_COUNT", "n", "field_count=n"),
    ("KAPI_STRUCT_FIELD", "i, n, t, tn, d", "open fields[i]; name=n; type=t; type_name=tn; description=d"),
    ("KAPI_FIELD_OFFSET", "o", "offset=o"),
    ("KAPI_FIELD_SIZE", "s", "size=s"),
    ("KAPI_FIELD_FLAGS", "f", "flags=f"),
    ("KAPI_FIELD_CONSTRAINT_RANGE", "lo, hi", "constraint_type=KAPI_CONSTRAINT_RANGE; min_value=lo; max_value=hi"),
    ("KAPI_FIELD_CONSTRAINT_MASK", "m", "constraint_type=KAPI_CONSTRAINT_MASK; valid_mask=m"),
    ("KAPI_FIELD_CONSTRAINT_ENUM", "v, ...", "constraint_type=KAPI_CONSTRAINT_ENUM; enum_values=v"),
    ("KAPI_STRUCT_FIELD_END", "", "close"),
    ("KAPI_STRUCT_SPEC_END", "", "close"),
    // Side effects and state transitions.
    ("KAPI_SIDE_EFFECT", "i, t, tg, d", "open side_effects[i]; type=t; target=tg; description=d"),
    ("KAPI_EFFECT_CONDITION", "c", "condition=c"),
    ("KAPI_EFFECT_REVERSIBLE", "", "reversible=true"),
    ("KAPI_SIDE_EFFECT_END", "", "close"),
    (
        "KAPI_STATE_TRANS",
        "i, o, f, t, d",
        "open state_transitions[i]; object=o; from_state=f; to_state=t; description=d",
    ),
    ("KAPI_STATE_TRANS_COND", "c", "condition=c"),
    ("KAPI_STATE_TRANS_END", "", "close"),
    // Capabilities.
    ("KAPI_CAPABILITY", "i, c, n, a", "open capabilities[i]; capability=c; cap_name=n; action=a"),
    ("KAPI_CAP_ALLOWS", "d", "allows=d"),
    ("KAPI_CAP_WITHOUT", "d", "without_cap=d"),
    ("KAPI_CAP_CONDITION", "c", "check_condition=c"),
    ("KAPI_CAP_PRIORITY", "p", "priority=p"),
    ("KAPI_CAP_ALTERNATIVE", "caps, n", "alternative=caps; alternative_count=n"),
    ("KAPI_CAPABILITY_END", "", "close"),
    // Sysfs (RFC v2).
    ("KAPI_PATH", "p", "sysfs_path=p"),
    ("KAPI_PERMISSIONS", "p", "sysfs_permissions=p"),
    ("KAPI_DEFAULT", "v", "default_value=v"),
    ("KAPI_UNITS", "u", "units=u"),
    ("KAPI_STEP", "s", "step=s"),
    ("KAPI_ALLOWED_STRINGS", "a, n", "allowed_strings=a; allowed_string_count=n"),
    // Ioctls.
    ("KAPI_IOCTL_CMD", "c", "cmd=c"),
    ("KAPI_IOCTL_CMD_NAME", "n", "cmd_name=n"),
    ("KAPI_IOCTL_INPUT_SIZE", "s", "input_size=s"),
    ("KAPI_IOCTL_OUTPUT_SIZE", "s", "output_size=s"),
    ("KAPI_IOCTL_FILE_OPS_NAME", "n", "file_ops_name=n"),
    ("KAPI_IOCTL_SIZE", "i, o", "close; input_size=i; output_size=o"),
    ("KAPI_IOCTL_FILE_OPS", "o", "file_ops_name=#o"),
    (
        "KAPI_IOCTL_PARAM_SIZE",
        "",
        "KAPI_PARAM(0, \"size\", \"__u32\", \"Size of the structure\"); flags=KAPI_PARAM_IN; type=KAPI_TYPE_UINT; constraint_type=KAPI_CONSTRAINT_CUSTOM; constraints=\"Must match sizeof(struct)\"; close",
    ),
    (
        "KAPI_IOCTL_PARAM_FLAGS",
        "",
        "KAPI_PARAM(1, \"flags\", \"__u32\", \"Feature flags\"); flags=KAPI_PARAM_IN; type=KAPI_TYPE_UINT; constraint_type=KAPI_CONSTRAINT_MASK; valid_mask=0; close",
    ),
    (
        "KAPI_IOCTL_PARAM_USER_BUF",
        "i, n, d, len",
        "KAPI_PARAM(i, n, \"__aligned_u64\", d); flags=KAPI_PARAM_IN | KAPI_PARAM_USER_PTR; type=KAPI_TYPE_USER_PTR; size_param_idx=len; close",
    ),
    (
        "KAPI_IOCTL_PARAM_USER_OUT_BUF",
        "i, n, d, len",
        "KAPI_PARAM(i, n, \"__aligned_u64\", d); flags=KAPI_PARAM_OUT | KAPI_PARAM_USER_PTR; type=KAPI_TYPE_USER_PTR; size_param_idx=len; close",
    ),
    // Network (RFC v2).
    ("KAPI_SOCKET_STATE_REQ", "...", "open socket_state; required_states=__VA_ARGS__"),
    ("KAPI_SOCKET_STATE_FORBID", "...", "forbidden_states=__VA_ARGS__"),
    ("KAPI_SOCKET_STATE_RESULT", "s", "resulting_state=s"),
    ("KAPI_SOCKET_STATE_COND", "c", "state_condition=c"),
    ("KAPI_SOCKET_STATE_PROTOS", "p", "applicable_protocols=p"),
    ("KAPI_SOCKET_STATE_END", "", "close"),
    ("KAPI_PROTOCOL_BEHAVIOR", "i, p, d", "open protocol_behaviors[i]; applicable_protocols=p; behavior=d"),
    ("KAPI_PROTOCOL_FLAGS", "f, d", "protocol_flags=f; flag_description=d"),
    ("KAPI_PROTOCOL_BEHAVIOR_END", "", "close"),
    ("KAPI_PROTOCOL_BEHAVIOR_COUNT", "n", "protocol_behavior_count=n"),
    ("KAPI_ASYNC_SPEC", "m, e", "open async_spec; supported_modes=m; nonblock_errno=e"),
    ("KAPI_ASYNC_POLL", "i, o", "poll_events_in=i; poll_events_out=o"),
    ("KAPI_ASYNC_COMPLETION", "c", "completion_condition=c"),
    ("KAPI_ASYNC_TIMEOUT", "s, d", "supports_timeout=s; timeout_behavior=d"),
    ("KAPI_ASYNC_END", "", "close"),
    ("KAPI_BUFFER_SPEC", "b", "open buffer_spec; buffer_behaviors=b"),
    ("KAPI_BUFFER_SIZE", "lo, hi, opt", "min_buffer_size=lo; max_buffer_size=hi; optimal_buffer_size=opt"),
    ("KAPI_BUFFER_PARTIAL", "a, r", "can_partial_transfer=a; partial_transfer_rules=r"),
    ("KAPI_BUFFER_FRAGMENT", "r", "fragmentation_rules=r"),
    ("KAPI_BUFFER_END", "", "close"),
    (
        "KAPI_ADDR_FAMILY",
        "i, f, n, sz, lo, hi",
        "open addr_families[i]; family=f; family_name=n; addr_struct_size=sz; min_addr_len=lo; max_addr_len=hi",
    ),
    ("KAPI_ADDR_FORMAT", "f", "addr_format=f"),
    ("KAPI_ADDR_FEATURES", "w, m, b", "supports_wildcard=w; supports_multicast=m; supports_broadcast=b"),
    ("KAPI_ADDR_SPECIAL", "a", "special_addresses=a"),
    ("KAPI_ADDR_PORTS", "lo, hi", "port_range_min=lo; port_range_max=hi"),
    ("KAPI_ADDR_FAMILY_END", "", "close"),
    ("KAPI_ADDR_FAMILY_COUNT", "n", "addr_family_count=n"),
    ("KAPI_NET_CONNECTION_ORIENTED", "", "is_connection_oriented=true"),
    ("KAPI_NET_MESSAGE_ORIENTED", "", "is_message_oriented=true"),
    ("KAPI_NET_SUPPORTS_OOB", "", "supports_oob_data=true"),
    ("KAPI_NET_SUPPORTS_PEEK", "", "supports_peek=true"),
    ("KAPI_NET_REENTRANT", "", "is_reentrant=true"),
    ("KAPI_NET_CONN_ESTABLISH", "d", "connection_establishment=d"),
    ("KAPI_NET_CONN_TERMINATE", "d", "connection_termination=d"),
    ("KAPI_NET_DATA_TRANSFER", "d", "data_transfer_semantics=d"),
];

/// Looks a macro up.
pub fn lookup(name: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    MACROS.iter().find(|(n, _, _)| *n == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (n, _, _) in MACROS {
            assert!(seen.insert(*n), "{n} twice");
        }
    }
}
