// SPDX-License-Identifier: GPL-2.0
/*
 * Loader speed: generate N-line files (default 1,000,000) in each format
 * with unique prefixes (IPv4 and IPv6 mixed, some comments and ranges),
 * write them to a temporary file and time s25_load_file() on each, best
 * of three runs by CPU time.  Not a pass/fail test: "make bench" prints the figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loadfile.h"

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Line i of the list as PREFIX text: mostly IPv4 /24 and /32, IPv6 /48. */
static int value(char *b, size_t sz, unsigned long i)
{
	switch (i % 8) {
	case 0: case 1: case 2:
		return snprintf(b, sz, "%lu.%lu.%lu.0/24", 1 + (i >> 16) % 223,
				(i >> 8) & 255, i & 255);
	case 3:
		return snprintf(b, sz, "%lu.%lu.%lu.%lu", 1 + (i >> 24) % 223,
				(i >> 16) & 255, (i >> 8) & 255, i & 255);
	case 4:	/* a range that splits into a /29 and a /30 */
		return snprintf(b, sz, "10.%lu.%lu.%lu-10.%lu.%lu.%lu",
				(i >> 15) & 255, (i >> 7) & 255, (i >> 3 & 15) * 16,
				(i >> 15) & 255, (i >> 7) & 255, (i >> 3 & 15) * 16 + 11);
	default:
		return snprintf(b, sz, "2001:db8:%lx:%lx::/64", (i >> 16) & 0xffff,
				i & 0xffff);
	}
}

static char *generate(const char *fmt, unsigned long n, size_t *len)
{
	size_t cap = n * 96 + 256, o = 0;
	char *buf = malloc(cap), v[80];
	unsigned long i;

	if (!buf)
		exit(1);
	if (!strcmp(fmt, "csv"))
		o += (size_t)sprintf(buf + o, "id,Prefix,description\r\n");
	if (!strcmp(fmt, "drop"))
		o += (size_t)sprintf(buf + o, "; Spamhaus DROP List (generated)\n");
	for (i = 0; i < n; i++) {
		value(v, sizeof(v), i);
		if (!strcmp(fmt, "plain"))
			o += (size_t)sprintf(buf + o, i % 50 ? "%s\n" :
					     "%s  # customer %lu\n", v, i);
		else if (!strcmp(fmt, "csv"))
			o += (size_t)sprintf(buf + o, "%lu,%s,\"site %lu, rack 4\"\r\n",
					     i, v, i);
		else if (!strcmp(fmt, "drop"))
			o += (size_t)sprintf(buf + o, "%s ; SBL%lu\n", v, i);
		else
			o += (size_t)sprintf(buf + o,
					     "{\"cidr\":\"%s\",\"sblid\":\"SBL%lu\",\"rir\":\"ripencc\"}\n",
					     v, i);
	}
	if (!strcmp(fmt, "json"))
		o += (size_t)sprintf(buf + o,
				     "{\"type\":\"metadata\",\"timestamp\":1712345678,\"size\":%zu,\"records\":%lu}\n",
				     o, n);
	*len = o;
	return buf;
}

int main(int argc, char **argv)
{
	static const char *const fmts[] = { "plain", "csv", "drop", "json" };
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	char path[] = "/tmp/s25benchXXXXXX";
	size_t f, len;
	int fd, run;

	for (f = 0; f < sizeof(fmts) / sizeof(*fmts); f++) {
		if (argc > 2 && strcmp(argv[2], fmts[f]))
			continue;
		char *buf = generate(fmts[f], n, &len);
		double best = 1e9, best_wall = 0, t, w;
		struct s25_load ld;

		fd = mkstemp(path);
		if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
			return 1;
		close(fd);
		for (run = 0; run < 3; run++) {
			/* CPU time counts: the build machines are shared */
			t = clock_s(CLOCK_PROCESS_CPUTIME_ID);
			w = clock_s(CLOCK_MONOTONIC);
			if (s25_load_file(&ld, path, 0)) {
				s25_diag_print(&ld.errors, ld.name, "", stderr);
				return 1;
			}
			t = clock_s(CLOCK_PROCESS_CPUTIME_ID) - t;
			w = clock_s(CLOCK_MONOTONIC) - w;
			if (t < best) {
				best = t;
				best_wall = w;
			}
			if (run == 2)
				printf("bench: %-5s %lu lines, %.1f MB -> %zu prefixes: %.3f s CPU, %.3f s wall (%.0f ns/line)\n",
				       fmts[f], ld.lines, (double)len / 1e6,
				       ld.prefixes.len, best, best_wall,
				       best * 1e9 / (double)n);
			s25_load_free(&ld);
		}
		unlink(path);
		strcpy(path, "/tmp/s25benchXXXXXX");
		free(buf);
	}
	return 0;
}
