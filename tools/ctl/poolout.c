// SPDX-License-Identifier: GPL-2.0-or-later
/* Pools as "pool list" and "pool show" print them. */
#include <inttypes.h>
#include <string.h>

#include "names.h"
#include "poolout.h"
#include "textout.h"

const char *ctl_pool_type_text(unsigned int type)
{
	const char *n = ctl_pool_type_name(type);

	return n ? n : "?";
}

/* A rate as { "count": N, "period": SECONDS }, null when there is none. */
static void rate_json(struct ctl_json *j, const char *key, bool given,
		      const struct ctl_rate *r)
{
	ctl_json_key(j, key);
	if (!given || !r->count) {
		ctl_json_null(j);
		return;
	}
	ctl_json_begin_object(j);
	ctl_json_key(j, "count");
	ctl_json_u64(j, r->count);
	ctl_json_key(j, "period");
	ctl_json_u64(j, r->period);
	ctl_json_end_object(j);
}

void ctl_pool_json(struct ctl_json *j, const struct ctl_pool *p)
{
	const struct ctl_settings *s = &p->settings;
	const struct {
		const char *key;
		uint64_t v;
	} counters[] = {
		{ "blocked", p->blocked },
		{ "allowed", p->allowed },
		{ "over_limit", p->over_limit },
		{ "quarantines", p->quarantines },
	};
	size_t i;

	ctl_json_begin_object(j);
	ctl_json_key(j, "name");
	ctl_json_string(j, p->name);
	ctl_json_key(j, "type");
	ctl_json_string(j, ctl_pool_type_text(p->type));
	ctl_json_key(j, "comment");
	ctl_json_string_or_null(j, p->comment[0] ? p->comment : NULL);
	ctl_json_key(j, "prefixes4");
	ctl_json_u64(j, p->prefixes4);
	ctl_json_key(j, "prefixes6");
	ctl_json_u64(j, p->prefixes6);
	ctl_json_key(j, "packets");
	ctl_json_u64(j, p->packets);
	/* off and unknown alike are null: "is there a limit?" is one test */
	rate_json(j, "limit_host", s->given & CTL_SET_LIMIT_HOST,
		  &s->limit_host);
	rate_json(j, "limit_pool", s->given & CTL_SET_LIMIT_POOL,
		  &s->limit_pool);
	ctl_json_key(j, "quarantine_after");
	ctl_json_u64_or_null(j, (s->given & CTL_SET_QUAR_AFTER) &&
			     s->quar_after, s->quar_after);
	ctl_json_key(j, "quarantine_dests");
	ctl_json_u64_or_null(j, (s->given & CTL_SET_QUAR_DESTS) &&
			     s->quar_dests, s->quar_dests);
	ctl_json_key(j, "window");
	ctl_json_u64_or_null(j, s->given & CTL_SET_WINDOW, s->window);
	/* 0 is a value here: until released by hand */
	ctl_json_key(j, "expires");
	ctl_json_u64_or_null(j, s->given & CTL_SET_EXPIRES, s->expires);
	ctl_json_key(j, "account_prefix6");
	ctl_json_u64_or_null(j, s->given & CTL_SET_ACCOUNT6, s->account6);
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		ctl_json_key(j, counters[i].key);
		ctl_json_u64_or_null(j, p->has_counters, counters[i].v);
	}
	ctl_json_end_object(j);
}

/* The numeric columns, in order. */
enum { P4, P6, BLOCKED, ALLOWED, OVER_LIMIT, QUARANTINES, NCOLS };

static const char *const heads[NCOLS] = {
	"PREFIXES4", "PREFIXES6", "BLOCKED", "ALLOWED", "OVER-LIMIT",
	"QUARANTINES",
};

static void columns(const struct ctl_pool *p, uint64_t col[NCOLS])
{
	col[P4] = p->prefixes4;
	col[P6] = p->prefixes6;
	col[BLOCKED] = p->blocked;
	col[ALLOWED] = p->allowed;
	col[OVER_LIMIT] = p->over_limit;
	col[QUARANTINES] = p->quarantines;
}

void ctl_pool_table(FILE *fp, const struct ctl_pool *v, size_t n)
{
	int wname = 4, wtype = 4, w[NCOLS];
	uint64_t col[NCOLS];
	size_t i, k;

	for (k = 0; k < NCOLS; k++)
		w[k] = (int)strlen(heads[k]);
	for (i = 0; i < n; i++) {
		wname = ctl_width(v[i].name, wname);
		wtype = ctl_width(ctl_pool_type_text(v[i].type), wtype);
		columns(&v[i], col);
		for (k = 0; k < NCOLS; k++)
			w[k] = ctl_width_u64(col[k], w[k]);
	}
	fprintf(fp, "%-*s %-*s", wname, "NAME", wtype, "TYPE");
	for (k = 0; k < NCOLS; k++)
		fprintf(fp, " %*s", w[k], heads[k]);
	fputs(" COMMENT\n", fp);
	for (i = 0; i < n; i++) {
		ctl_print_cell(fp, v[i].name, wname);
		ctl_print_cell(fp, ctl_pool_type_text(v[i].type), wtype);
		columns(&v[i], col);
		for (k = 0; k < NCOLS; k++) {
			if (k > 0)
				fputc(' ', fp);
			/* a kernel without accounting: nothing to show */
			if (k >= BLOCKED && !v[i].has_counters)
				fprintf(fp, "%*s", w[k], "-");
			else
				fprintf(fp, "%*" PRIu64, w[k], col[k]);
		}
		if (v[i].comment[0]) {	/* no blank at the end of a line */
			fputc(' ', fp);
			ctl_print_safe(fp, v[i].comment);
		}
		fputc('\n', fp);
		if (ctl_settings_any(&v[i].settings)) {
			fprintf(fp, "%*s", wname + 1, "");
			ctl_settings_write(fp, &v[i].settings);
			fputc('\n', fp);
		}
	}
}
