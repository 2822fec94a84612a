// SPDX-License-Identifier: GPL-2.0-or-later
/* Entries of the kernel's per-host accounting table. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include "host.h"
#include "names.h"
#include "quar.h"
#include "textout.h"
#include "timefmt.h"

static const enum mnl_attr_data_type host_types[SMTP25_HOST_A_MAX + 1] = {
	[SMTP25_HOST_A_ADDR] = MNL_TYPE_BINARY,
	[SMTP25_HOST_A_POOL] = MNL_TYPE_NUL_STRING,
	[SMTP25_HOST_A_TYPE] = MNL_TYPE_U8,
	[SMTP25_HOST_A_BLOCKED] = MNL_TYPE_U64,
	[SMTP25_HOST_A_ALLOWED] = MNL_TYPE_U64,
	[SMTP25_HOST_A_OVER_LIMIT] = MNL_TYPE_U64,
	[SMTP25_HOST_A_DESTS] = MNL_TYPE_U32,
	[SMTP25_HOST_A_FIRST_SEEN] = MNL_TYPE_U64,
	[SMTP25_HOST_A_LAST_SEEN] = MNL_TYPE_U64,
	[SMTP25_HOST_A_WINDOW_BLOCKED] = MNL_TYPE_U32,
	[SMTP25_HOST_A_WINDOW_DESTS] = MNL_TYPE_U32,
	[SMTP25_HOST_A_OFFENCES] = MNL_TYPE_U32,
	[SMTP25_HOST_A_QUARANTINED] = MNL_TYPE_FLAG,
	[SMTP25_HOST_A_PLEN] = MNL_TYPE_U8,
};

static int host_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, SMTP25_HOST_A_MAX) < 0)
		return MNL_CB_OK;	/* newer kernel: skip what we do not know */
	if (host_types[type] != MNL_TYPE_UNSPEC &&
	    mnl_attr_validate(attr, host_types[type]) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

static uint64_t u64_or_0(const struct nlattr *a)
{
	return a ? mnl_attr_get_u64(a) : 0;
}

static uint32_t u32_or_0(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

int ctl_host_decode(const struct nlattr *nest, struct ctl_host *h)
{
	const struct nlattr *tb[SMTP25_HOST_A_MAX + 1] = { NULL };
	uint16_t len;

	memset(h, 0, sizeof(*h));
	if (mnl_attr_parse_nested(nest, host_attr_cb, tb) < 0 ||
	    !tb[SMTP25_HOST_A_ADDR])
		return -1;
	len = mnl_attr_get_payload_len(tb[SMTP25_HOST_A_ADDR]);
	if (len != 4 && len != 16)
		return -1;
	h->addr.family = len == 4 ? AF_INET : AF_INET6;
	memcpy(h->addr.addr, mnl_attr_get_payload(tb[SMTP25_HOST_A_ADDR]), len);
	if (tb[SMTP25_HOST_A_PLEN])
		h->addr.plen = mnl_attr_get_u8(tb[SMTP25_HOST_A_PLEN]);
	if (tb[SMTP25_HOST_A_POOL])
		snprintf(h->pool, sizeof(h->pool), "%s",
			 mnl_attr_get_str(tb[SMTP25_HOST_A_POOL]));
	if (tb[SMTP25_HOST_A_TYPE])
		h->type = mnl_attr_get_u8(tb[SMTP25_HOST_A_TYPE]);
	h->quarantined = tb[SMTP25_HOST_A_QUARANTINED] != NULL;
	h->blocked = u64_or_0(tb[SMTP25_HOST_A_BLOCKED]);
	h->allowed = u64_or_0(tb[SMTP25_HOST_A_ALLOWED]);
	h->over_limit = u64_or_0(tb[SMTP25_HOST_A_OVER_LIMIT]);
	h->dests = u32_or_0(tb[SMTP25_HOST_A_DESTS]);
	h->window_blocked = u32_or_0(tb[SMTP25_HOST_A_WINDOW_BLOCKED]);
	h->window_dests = u32_or_0(tb[SMTP25_HOST_A_WINDOW_DESTS]);
	h->offences = u32_or_0(tb[SMTP25_HOST_A_OFFENCES]);
	h->first_seen = u64_or_0(tb[SMTP25_HOST_A_FIRST_SEEN]);
	h->last_seen = u64_or_0(tb[SMTP25_HOST_A_LAST_SEEN]);
	return 0;
}

/* -1, 0, 1 as a is greater than, equal to, less than b: descending. */
static int desc(uint64_t a, uint64_t b)
{
	return (a < b) - (a > b);
}

int ctl_host_cmp_addr(const struct ctl_host *a, const struct ctl_host *b)
{
	return ctl_addr_cmp(&a->addr, &b->addr);
}

int ctl_host_cmp_top(const struct ctl_host *a, const struct ctl_host *b)
{
	int d = desc(a->blocked, b->blocked);

	if (!d)
		d = desc(a->dests, b->dests);
	if (!d)
		d = desc(a->last_seen, b->last_seen);
	return d ? d : ctl_host_cmp_addr(a, b);
}

const char *ctl_host_state(const struct ctl_host *h)
{
	if (h->quarantined)
		return "quarantined";
	return h->offences ? "released" : "-";
}

static void time_json(struct ctl_json *j, const char *key, uint64_t t)
{
	ctl_json_key(j, key);
	ctl_json_u64_or_null(j, t != 0, t);
}

void ctl_host_json(struct ctl_json *j, const struct ctl_host *h, bool open)
{
	char addr[INET6_ADDRSTRLEN];
	const struct {
		const char *key;
		uint64_t v;
	} nums[] = {
		{ "blocked", h->blocked },
		{ "allowed", h->allowed },
		{ "over_limit", h->over_limit },
		{ "dests", h->dests },
		{ "window_blocked", h->window_blocked },
		{ "window_dests", h->window_dests },
		{ "offences", h->offences },
	};
	size_t i;

	ctl_json_begin_object(j);
	ctl_json_key(j, "address");
	ctl_json_string(j, ctl_addr_text(&h->addr, addr, sizeof(addr)));
	ctl_json_key(j, "pool");
	ctl_json_string_or_null(j, h->pool[0] ? h->pool : NULL);
	ctl_json_key(j, "type");
	ctl_json_string_or_null(j, h->pool[0] ? ctl_pool_type_name(h->type) :
						NULL);
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		ctl_json_key(j, nums[i].key);
		ctl_json_u64(j, nums[i].v);
	}
	time_json(j, "first_seen", h->first_seen);
	time_json(j, "last_seen", h->last_seen);
	ctl_json_key(j, "quarantined");
	ctl_json_bool(j, h->quarantined);
	if (!open)
		ctl_json_end_object(j);
}

enum { BLOCKED, ALLOWED, OVER_LIMIT, DESTS, NNUM };

static void numbers(const struct ctl_host *h, uint64_t v[NNUM])
{
	v[BLOCKED] = h->blocked;
	v[ALLOWED] = h->allowed;
	v[OVER_LIMIT] = h->over_limit;
	v[DESTS] = h->dests;
}

static const char *last_seen(const struct ctl_host *h, uint64_t now,
			     char *buf, size_t bufsz)
{
	if (!h->last_seen)
		return "-";
	return ctl_duration(ctl_age(h->last_seen, now), buf, bufsz);
}

void ctl_host_table(FILE *fp, const struct ctl_host *v, size_t n,
		    uint64_t now)
{
	static const char *const heads[NNUM] = {
		"BLOCKED", "ALLOWED", "OVER-LIMIT", "DESTS",
	};
	int waddr = 7, wpool = 4, wseen = 9, w[NNUM];
	char addr[INET6_ADDRSTRLEN], seen[CTL_TIME_STRLEN];
	uint64_t num[NNUM];
	size_t i, k;

	for (k = 0; k < NNUM; k++)
		w[k] = (int)strlen(heads[k]);
	for (i = 0; i < n; i++) {
		ctl_addr_text(&v[i].addr, addr, sizeof(addr));
		waddr = ctl_width(addr, waddr);
		wpool = ctl_width(v[i].pool, wpool);
		wseen = ctl_width(last_seen(&v[i], now, seen, sizeof(seen)),
				  wseen);
		numbers(&v[i], num);
		for (k = 0; k < NNUM; k++)
			w[k] = ctl_width_u64(num[k], w[k]);
	}
	fprintf(fp, "%-*s %-*s", waddr, "ADDRESS", wpool, "POOL");
	for (k = 0; k < NNUM; k++)
		fprintf(fp, " %*s", w[k], heads[k]);
	fprintf(fp, " %*s STATE\n", wseen, "LAST-SEEN");
	for (i = 0; i < n; i++) {
		ctl_addr_text(&v[i].addr, addr, sizeof(addr));
		ctl_print_cell(fp, addr, waddr);
		ctl_print_cell(fp, v[i].pool[0] ? v[i].pool : "-", wpool);
		numbers(&v[i], num);
		for (k = 0; k < NNUM; k++)
			fprintf(fp, "%*" PRIu64 " ", w[k], num[k]);
		fprintf(fp, "%*s %s\n", wseen,
			last_seen(&v[i], now, seen, sizeof(seen)),
			ctl_host_state(&v[i]));
	}
}

/* One "name value" line of host show. */
static void row(FILE *fp, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void row(FILE *fp, const char *name, const char *fmt, ...)
{
	va_list ap;

	fprintf(fp, "%-12s ", name);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
}

static void time_row(FILE *fp, const char *name, uint64_t t, uint64_t now)
{
	char when[CTL_TIME_STRLEN], age[CTL_TIME_STRLEN];

	if (!t) {
		row(fp, name, "-");
		return;
	}
	row(fp, name, "%s (%s ago)", ctl_localtime(t, when, sizeof(when)),
	    ctl_duration(ctl_age(t, now), age, sizeof(age)));
}

void ctl_host_detail(FILE *fp, const struct ctl_host *h,
		     const struct ctl_quar *q, uint64_t now)
{
	char when[CTL_TIME_STRLEN], left[CTL_TIME_STRLEN];
	const char *type = ctl_pool_type_name(h->type);
	char addr[INET6_ADDRSTRLEN];

	row(fp, "address", "%s", ctl_addr_text(&h->addr, addr, sizeof(addr)));
	if (h->pool[0])
		row(fp, "pool", "%s (%s)", h->pool, type ? type : "?");
	else
		row(fp, "pool", "-");
	row(fp, "state", "%s", ctl_host_state(h));
	row(fp, "blocked", "%" PRIu64, h->blocked);
	row(fp, "allowed", "%" PRIu64, h->allowed);
	row(fp, "over-limit", "%" PRIu64, h->over_limit);
	row(fp, "dests", "%" PRIu32, h->dests);
	row(fp, "window", "%" PRIu32 " blocked, %" PRIu32 " dests",
	    h->window_blocked, h->window_dests);
	row(fp, "offences", "%" PRIu32, h->offences);
	time_row(fp, "first-seen", h->first_seen, now);
	time_row(fp, "last-seen", h->last_seen, now);
	if (!q)
		return;
	time_row(fp, "quarantined", q->since, now);
	row(fp, "reason", "%s", ctl_quar_reason(q));
	if (!q->expires)
		row(fp, "expires", "never");
	else
		row(fp, "expires", "%s (in %s)",
		    ctl_localtime(q->expires, when, sizeof(when)),
		    ctl_duration(q->expires > now ? q->expires - now : 0,
				 left, sizeof(left)));
}
