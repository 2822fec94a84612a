// SPDX-License-Identifier: GPL-2.0-or-later
/* The namespace's figures in the Prometheus text exposition format. */
#include <inttypes.h>
#include <string.h>

#include "poolout.h"
#include "prom.h"

static void escape(FILE *fp, const char *s, bool quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", fp);
		else if (*s == '\n')
			fputs("\\n", fp);
		else if (*s == '"' && quote)
			fputs("\\\"", fp);
		else
			fputc(*s, fp);
	}
}

void ctl_prom_label(FILE *fp, const char *s)
{
	escape(fp, s, true);
}

void ctl_prom_help(FILE *fp, const char *s)
{
	escape(fp, s, false);
}

static void header(FILE *fp, const char *name, const char *type,
		   const char *help)
{
	fprintf(fp, "# HELP %s ", name);
	ctl_prom_help(fp, help);
	fprintf(fp, "\n# TYPE %s %s\n", name, type);
}

/* A metric of one sample and no labels. */
static void single(FILE *fp, const char *name, const char *type,
		   const char *help, uint64_t v)
{
	header(fp, name, type, help);
	fprintf(fp, "%s %" PRIu64 "\n", name, v);
}

static void pool_labels(FILE *fp, const struct ctl_pool *p)
{
	fputs("{pool=\"", fp);
	ctl_prom_label(fp, p->name);
	fputs("\",type=\"", fp);
	ctl_prom_label(fp, ctl_pool_type_text(p->type));
	fputc('"', fp);
}

/* The per-pool counters, one metric each. */
enum { PACKETS, BLOCKED, ALLOWED, OVER_LIMIT, QUARANTINES, NCOUNTERS };

static const struct {
	const char *name, *help;
} counters[NCOUNTERS] = {
	[PACKETS] = { "smtp25_pool_packets_total",
		      "Lookups by smtp25 rules that found an address in the pool." },
	[BLOCKED] = { "smtp25_pool_blocked_total",
		      "Port 25 attempts of the pool's hosts recorded as blocked." },
	[ALLOWED] = { "smtp25_pool_allowed_total",
		      "Port 25 attempts of the pool's hosts recorded as allowed." },
	[OVER_LIMIT] = { "smtp25_pool_over_limit_total",
			 "Port 25 attempts of the pool's hosts found over a rate limit." },
	[QUARANTINES] = { "smtp25_pool_quarantines_total",
			  "Hosts of the pool quarantined automatically." },
};

static uint64_t counter(const struct ctl_pool *p, int k)
{
	switch (k) {
	case PACKETS:
		return p->packets;
	case BLOCKED:
		return p->blocked;
	case ALLOWED:
		return p->allowed;
	case OVER_LIMIT:
		return p->over_limit;
	default:
		return p->quarantines;
	}
}

static void pool_metrics(FILE *fp, const struct ctl_pool *v, size_t n)
{
	bool any;
	size_t i;
	int k;

	if (!n)
		return;
	header(fp, "smtp25_pool_prefixes", "gauge",
	       "Prefixes of the pool, by address family.");
	for (i = 0; i < n; i++) {
		fputs("smtp25_pool_prefixes", fp);
		pool_labels(fp, &v[i]);
		fprintf(fp, ",family=\"ipv4\"} %" PRIu64 "\n", v[i].prefixes4);
		fputs("smtp25_pool_prefixes", fp);
		pool_labels(fp, &v[i]);
		fprintf(fp, ",family=\"ipv6\"} %" PRIu64 "\n", v[i].prefixes6);
	}
	for (k = 0; k < NCOUNTERS; k++) {
		/* a family without samples is left out as a whole */
		for (i = 0, any = k == PACKETS; i < n && !any; i++)
			any = v[i].has_counters;
		if (!any)
			continue;
		header(fp, counters[k].name, "counter", counters[k].help);
		for (i = 0; i < n; i++) {
			if (k != PACKETS && !v[i].has_counters)
				continue;
			fputs(counters[k].name, fp);
			pool_labels(fp, &v[i]);
			fprintf(fp, "} %" PRIu64 "\n", counter(&v[i], k));
		}
	}
}

void ctl_prom_write(FILE *fp, const struct ctl_stats *st,
		    const struct ctl_pool *pools, size_t npools)
{
	header(fp, "smtp25_prefixes", "gauge",
	       "Prefixes in all pools, by address family.");
	fprintf(fp, "smtp25_prefixes{family=\"ipv4\"} %" PRIu64 "\n",
		st->prefixes4);
	fprintf(fp, "smtp25_prefixes{family=\"ipv6\"} %" PRIu64 "\n",
		st->prefixes6);
	single(fp, "smtp25_prefixes_max", "gauge",
	       "The most prefixes the namespace may hold (module parameter max_prefixes).",
	       st->max_prefixes);
	single(fp, "smtp25_pools", "gauge", "Pools in the namespace.",
	       st->pools);
	single(fp, "smtp25_memory_bytes", "gauge",
	       "Bytes used by the prefix trees and pools.", st->memory);
	single(fp, "smtp25_generation", "gauge",
	       "A number that grows with every change of the pools.",
	       st->generation);
	pool_metrics(fp, pools, npools);
	if (!st->has_hosts)
		return;
	single(fp, "smtp25_hosts", "gauge", "Entries in the host table.",
	       st->hosts);
	single(fp, "smtp25_hosts_max", "gauge",
	       "The most entries the host table may hold (module parameter max_hosts).",
	       st->max_hosts);
	single(fp, "smtp25_hosts_evicted_total", "counter",
	       "Host table entries pushed out by newer ones.",
	       st->hosts_evicted);
	single(fp, "smtp25_hosts_dropped_total", "counter",
	       "Port 25 attempts not recorded because the host table was full of quarantined hosts.",
	       st->hosts_dropped);
	single(fp, "smtp25_quarantined_hosts", "gauge", "Hosts in quarantine.",
	       st->quarantined);
}
