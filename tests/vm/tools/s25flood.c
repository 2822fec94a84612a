// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * s25flood: sends TCP SYNs to port 25 from many distinct, made-up IPv4
 * source addresses through a raw socket, as fast as it can, and prints
 * how long that took. For the VM tests and benchmarks: the packets pass
 * the OUTPUT hook of the namespace it runs in, where the rules under test
 * see them.
 *
 *   s25flood [-n COUNT] [-h HOSTS] [-b BASE] [-d DST] [-p PORT]
 *
 * COUNT packets (default 1000000) from HOSTS distinct sources (default
 * COUNT) in BASE/8 (default 10.0.0.0), round robin, to DST (default
 * 192.0.2.1) port PORT (default 25). Prints "packets N ns M ns/packet X".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 256

struct syn {
	struct iphdr ip;
	struct tcphdr tcp;
};

static unsigned long number(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s) {
		fprintf(stderr, "s25flood: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

static struct in_addr address(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "s25flood: bad address: %s\n", s);
		exit(2);
	}
	return a;
}

/*
 * The i-th source: i scrambled by an odd multiplier, a bijection on the
 * 24 host bits, so sources are distinct and spread over the /8.
 */
static uint32_t source(uint32_t base, unsigned long i)
{
	return base | ((uint32_t)(i * 2654435761UL) & 0xffffff);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long count = 1000000, hosts = 0, sent = 0, i;
	struct in_addr base = address("10.0.0.0"), dst = address("192.0.2.1");
	static struct syn pkt[BATCH];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in to = { .sin_family = AF_INET };
	unsigned int port = 25, n;
	double t0, t1;
	int opt, fd, one = 1;

	while ((opt = getopt(argc, argv, "n:h:b:d:p:")) != -1) {
		switch (opt) {
		case 'n': count = number(optarg, "count"); break;
		case 'h': hosts = number(optarg, "hosts"); break;
		case 'b': base = address(optarg); break;
		case 'd': dst = address(optarg); break;
		case 'p': port = number(optarg, "port"); break;
		default:
			fprintf(stderr, "usage: s25flood [-n COUNT] [-h HOSTS] [-b BASE] [-d DST] [-p PORT]\n");
			return 2;
		}
	}
	if (!hosts || hosts > (1UL << 24))
		hosts = count < (1UL << 24) ? count : 1UL << 24;
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
		perror("s25flood: raw socket");
		return 1;
	}
	to.sin_addr = dst;
	memset(msg, 0, sizeof(msg));
	for (n = 0; n < BATCH; n++) {
		pkt[n].ip.version = 4;
		pkt[n].ip.ihl = 5;
		pkt[n].ip.ttl = 64;
		pkt[n].ip.protocol = IPPROTO_TCP;
		pkt[n].ip.tot_len = htons(sizeof(pkt[n]));
		pkt[n].ip.daddr = dst.s_addr;
		pkt[n].tcp.source = htons(40000 + n);
		pkt[n].tcp.dest = htons(port);
		pkt[n].tcp.doff = 5;
		pkt[n].tcp.syn = 1;
		pkt[n].tcp.window = htons(64240);
		iov[n].iov_base = &pkt[n];
		iov[n].iov_len = sizeof(pkt[n]);
		msg[n].msg_hdr.msg_iov = &iov[n];
		msg[n].msg_hdr.msg_iovlen = 1;
		msg[n].msg_hdr.msg_name = &to;
		msg[n].msg_hdr.msg_namelen = sizeof(to);
	}
	t0 = now_ns();
	for (i = 0; i < count; i += n) {
		unsigned int want = count - i < BATCH ? count - i : BATCH;
		int r;

		for (n = 0; n < want; n++)
			pkt[n].ip.saddr = htonl(source(ntohl(base.s_addr),
						       (i + n) % hosts));
		r = sendmmsg(fd, msg, want, 0);
		/* Rules that drop in OUTPUT make sendmsg fail with EPERM. */
		if (r < 0 && errno != EPERM) {
			perror("s25flood: sendmmsg");
			return 1;
		}
		n = r > 0 ? (unsigned int)r : 1;
		sent += n;
	}
	t1 = now_ns();
	printf("packets %lu ns %.0f ns/packet %.1f\n", sent, t1 - t0,
	       (t1 - t0) / (sent ? sent : 1));
	close(fd);
	return 0;
}
