/* Replays system calls for kapi watch's property test: each input line is
 * "NR MASK A0 A1 A2 A3 A4 A5"; argument i is taken as an offset into the
 * program's own region (offsets below 64 KiB, in 128 KiB); when bit i + 8
 * is set, argument i points to a string of A_i 'a's there instead when bit i of MASK is set. Each call is echoed
 * as "NR A0 A1 A2 A3 A4 A5 = RET" with the values really passed. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	char *region = mmap(NULL, 1 << 17, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long nr, mask;
	unsigned long a[6];
	if (region == MAP_FAILED)
		return 1;
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while (scanf("%ld %ld %lu %lu %lu %lu %lu %lu", &nr, &mask, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5]) == 8) {
		for (int i = 0; i < 6; i++) {
			if (mask & (1 << i))
				a[i] = (unsigned long)region + (a[i] & 0xffff);
			if ((mask & (1 << (i + 8))) && a[i] < 16384) {
				char *str = region + (1 << 16);
				memset(str, 'a', a[i]);
				str[a[i]] = 0;
				a[i] = (unsigned long)str;
			}
		}
		long ret = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (ret == -1)
			ret = -errno;
		printf("%ld %lu %lu %lu %lu %lu %lu = %ld\n", nr, a[0], a[1], a[2], a[3], a[4], a[5], ret);
	}
	return 0;
}
