/* kapi watch's test load: `violator N [THREADS]` makes, in each of THREADS
 * threads, N deliberate violations (lseek with whence 9, outside
 * range(SEEK_SET, SEEK_MAX)) between N valid lseeks and N valid writes, then
 * prints "pid P violations V". With N = 0 it waits for a line on stdin
 * first, then does one round: a process that another test can start and
 * hold. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long n;

static void *work(void *arg)
{
	int fd = *(int *)arg;
	char c = 'x';
	for (long i = 0; i < n; i++) {
		syscall(SYS_lseek, fd, 0, SEEK_SET);
		syscall(SYS_lseek, fd, 0, 9);
		syscall(SYS_write, fd, &c, 1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int fd = open("/dev/null", O_WRONLY);
	int threads = argc > 2 ? atoi(argv[2]) : 1;
	pthread_t t[64];
	n = argc > 1 ? atol(argv[1]) : 1;
	if (n == 0) {
		char line[16];
		if (!fgets(line, sizeof(line), stdin))
			return 1;
		n = 1;
	}
	if (threads < 1 || threads > 64)
		return 2;
	if (threads == 1) {
		work(&fd); /* in the main thread: the calls' thread id is the pid */
	} else {
		for (int i = 0; i < threads; i++)
			pthread_create(&t[i], NULL, work, &fd);
		for (int i = 0; i < threads; i++)
			pthread_join(t[i], NULL);
	}
	printf("pid %d violations %ld\n", getpid(), n * threads);
	return 0;
}
