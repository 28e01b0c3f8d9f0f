/* Eight threads each write to /dev/null N times; kapi trace must see all
 * 8 * N writes, and no more. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define THREADS 8

static int n;

static void *work(void *arg)
{
	int fd = *(int *)arg;
	char c = 'x';
	for (int i = 0; i < n; i++)
		write(fd, &c, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[THREADS];
	int fd = open("/dev/null", O_WRONLY);
	n = argc > 1 ? atoi(argv[1]) : 1000;
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, work, &fd);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	return 0;
}
