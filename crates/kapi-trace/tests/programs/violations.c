/* Deliberate spec violations for kapi trace's tests, one of each kind,
 * between valid calls. Each line "V <name>" on stdout names a violation the
 * tracer must report exactly once. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static char buf[8192] __attribute__((aligned(4096)));
	int fd = open("/proc/self/status", O_RDONLY);

	/* Valid calls: never reported. */
	read(fd, buf, 64);
	lseek(fd, 0, SEEK_SET);
	syscall(SYS_mlock2, buf, 4096, 0);
	syscall(SYS_munlock, buf, 4096);

	/* mlock2: flags bit 2 is outside mask(MLOCK_ONFAULT). */
	syscall(SYS_mlock2, buf, 4096, 0x4);
	puts("V mlock2 flags");
	/* mlockall: 8 is not one of the listed values. */
	syscall(SYS_mlockall, 8);
	puts("V mlockall flags");
	/* lseek: whence 9 is outside range(SEEK_SET, SEEK_MAX). */
	syscall(SYS_lseek, fd, 0, 9);
	puts("V lseek whence");
	/* munmap: an address that is not page aligned. */
	syscall(SYS_munmap, buf + 1, 4096);
	puts("V munmap addr");
	/* read: a NULL buffer that is not optional. */
	syscall(SYS_read, fd, NULL, 16);
	puts("V read buf");

	close(fd);
	return 0;
}
