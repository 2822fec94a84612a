// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * smtp25ctl: control the smtp25 module's port 25 pools over generic
 * netlink.  See smtp25ctl(8).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

#ifndef SMTP25_VERSION
#define SMTP25_VERSION "0.1"
#endif

static void usage(FILE *fp)
{
	fputs("Usage: " CTL_PROG " [-j] COMMAND\n"
	      "       " CTL_PROG " [-j] -b FILE|-\n"
	      "\n"
	      "Commands:\n"
	      "  pool add NAME type dynamic|relay|quarantine [comment TEXT]\n"
	      "  pool del NAME\n"
	      "  pool list\n"
	      "  pool show NAME\n"
	      "  pool load NAME FILE|-      replace the pool's prefixes with a file's\n"
	      "  pool set NAME SETTING VALUE...\n"
	      "                             limit-host RATE, limit-pool RATE,\n"
	      "                             quarantine-after N, quarantine-dests N,\n"
	      "                             window SECONDS, expires SECONDS,\n"
	      "                             account-prefix6 LENGTH (32-128)\n"
	      "  prefix add NAME PREFIX...\n"
	      "  prefix del NAME PREFIX...\n"
	      "  prefix list [NAME]\n"
	      "  lookup ADDR...             the most specific match of each address\n"
	      "  stats [--prometheus]       counters (--prometheus: node_exporter format)\n"
	      "  monitor                    print changes and quarantines as they happen\n"
	      "  save                       print a batch that restores everything\n"
	      "  top [-n N|all] [pool NAME]\n"
	      "                             the worst offenders of the host table\n"
	      "  host show ADDR             one host of the accounting table\n"
	      "  host list [pool NAME]\n"
	      "  host flush [ADDR]          forget one host, or all but quarantined ones\n"
	      "  quarantine add ADDR [expires SECONDS] [offences N]\n"
	      "  quarantine remember ADDR offences N [released SECONDS]\n"
	      "                             a host released SECONDS ago (restore)\n"
	      "  quarantine del ADDR\n"
	      "  quarantine forget ADDR     release the host if quarantined and forget\n"
	      "                             its offences: the next is a first one\n"
	      "  quarantine list [--all]    --all: released hosts still remembered too\n"
	      "  policy apply [FILE]        install the MAAWG nft table (FILE: its\n"
	      "                             config, default /etc/smtp25/policy.conf)\n"
	      "  policy remove              delete that table\n"
	      "\n"
	      "PREFIX: 192.0.2.0/24, 2001:db8::/32, 192.0.2.7 (one address) or\n"
	      "        192.0.2.10-192.0.2.20 (a range)\n"
	      "RATE:   N/s, N/min, N/hour, N/day (new port-25 connections), or none\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json         JSON output\n"
	      "  -b, --batch FILE   run the commands in FILE (- for standard input)\n"
	      "  -h, --help         this help\n"
	      "  -V, --version      the version\n"
	      "\n"
	      "Exit status: 0 ok, 1 refused by the kernel or bad input, 2 usage,\n"
	      "3 smtp25 module not loaded, 4 permission denied.\n", fp);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, CTL_PROG ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '" CTL_PROG " --help'.\n");
	return CTL_EXIT_USAGE;
}

int main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "batch", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c = { .json = false };
	const char *batch = NULL;
	char err[512];
	struct ctl_cmd cmd;
	int opt, rc;

	opterr = 0;
	/* '+': options end at the command, as with ip(8) */
	while ((opt = getopt_long(argc, argv, "+jb:hV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			c.json = true;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'h':
			usage(stdout);
			return CTL_EXIT_OK;
		case 'V':
			printf(CTL_PROG " " SMTP25_VERSION "\n");
			return CTL_EXIT_OK;
		default:
			if (optopt == 'b')
				return usage_error("option '%s' needs a file",
						   "-b");
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (batch) {
		if (optind < argc)
			return usage_error("a command and -b do not go together ('%s')",
					   argv[optind]);
		rc = ctl_run_batch(&c, batch);
	} else if (optind == argc) {
		usage(stderr);
		return CTL_EXIT_USAGE;
	} else if (strcmp(argv[optind], "help") == 0) {
		usage(stdout);
		return CTL_EXIT_OK;
	} else {
		rc = ctl_cmd_parse(argc - optind, argv + optind, &cmd, err,
				   sizeof(err));
		if (rc == CTL_EXIT_USAGE)
			return usage_error("%s", err);
		if (rc) {
			fprintf(stderr, CTL_PROG ": %s\n", err);
			return rc;
		}
		rc = ctl_run(&c, &cmd);
		ctl_cmd_free(&cmd);
	}
	ctl_disconnect(&c);
	/* output that never arrived (full disk, closed pipe) is a failure */
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, CTL_PROG ": cannot write the output\n");
		if (rc == CTL_EXIT_OK)
			rc = CTL_EXIT_REFUSED;
	}
	return rc;
}
