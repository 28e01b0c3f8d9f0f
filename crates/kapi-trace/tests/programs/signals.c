/* Signals pass through the tracer unchanged: a handled SIGUSR1, a stop and
 * continue of the process, then a chosen exit status. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int s)
{
	(void)s;
	got = 1;
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	kill(getpid(), SIGUSR1);
	printf("usr1 %d\n", (int)got);
	fflush(stdout);
	return 7;
}
