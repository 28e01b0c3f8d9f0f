/* RFC v1/v2 macro specs: what the macro reader reports. */
DEFINE_KERNEL_API_SPEC(sys_macros)
	KAPI_DESCRIPTION("Macro spec with mistakes")
	KAPI_LONG_DESC("One of each macro-reader finding")
	KAPI_CONTEXT(KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE)

	KAPI_PARAM(0, "fd", "int", "File descriptor")
		KAPI_PARAM_FLAGS(KAPI_PARAM_IN)
		.type = KAPI_TYPE_FD,
		.constraint_type = KAPI_CONSTRAINT_NONE,
	KAPI_PARAM_END

	KAPI_PARAM(1, "len", "size_t", "Length")
		KAPI_PARAM_FLAGS(KAPI_PARAM_IN)
		.tpye = KAPI_TYPE_UINT, //~ unknown-field
	KAPI_PARAM_END

	KAPI_RETURN("long", "0 on success")
		.type = KAPI_TYPE_INT,
		.check_type = KAPI_RETURN_ERROR_CHECK,
	KAPI_RETURN_END

	KAPI_ERROR(0, -EBADF, "EBADF", "Bad file descriptor", "fd is not open")
	KAPI_ERROR(1, -EINVAL, "EINVAL", "Bad length", "len is too large")
	KAPI_ERRROR(2, -ENOMEM, "ENOMEM", "No memory", "Allocation failed") //~ unknown-macro

	.error_count = 3, //~ count-mismatch
	.param_count = 2,
	KAPI_SIGNAL(0, 0, "FATAL", KAPI_SIGNAL_RECEIVE, KAPI_SIGNAL_ACTION_RETURN) //~ signal-not-signal
		KAPI_SIGNAL_CONDITION("Fatal signal pending")
		KAPI_SIGNAL_DESC(("Unbalanced") //~ macro-syntax
	KAPI_SIGNAL_END
KAPI_END_SPEC;

SYSCALL_DEFINE2(macros, int, fd, size_t, len)
{
	return 0;
}
