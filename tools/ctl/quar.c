// SPDX-License-Identifier: GPL-2.0-or-later
/* Quarantine records. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "names.h"
#include "quar.h"
#include "textout.h"
#include "timefmt.h"

static const enum mnl_attr_data_type quar_types[SMTP25_QUAR_A_MAX + 1] = {
	[SMTP25_QUAR_A_ADDR] = MNL_TYPE_BINARY,
	[SMTP25_QUAR_A_REASON] = MNL_TYPE_U8,
	[SMTP25_QUAR_A_POOL] = MNL_TYPE_NUL_STRING,
	[SMTP25_QUAR_A_SINCE] = MNL_TYPE_U64,
	[SMTP25_QUAR_A_EXPIRES] = MNL_TYPE_U64,
	[SMTP25_QUAR_A_OFFENCES] = MNL_TYPE_U32,
	[SMTP25_QUAR_A_PLEN] = MNL_TYPE_U8,
	[SMTP25_QUAR_A_RELEASED] = MNL_TYPE_U64,
};

static int quar_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, SMTP25_QUAR_A_MAX) < 0)
		return MNL_CB_OK;	/* newer kernel: skip what we do not know */
	if (quar_types[type] != MNL_TYPE_UNSPEC &&
	    mnl_attr_validate(attr, quar_types[type]) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

int ctl_quar_decode(const struct nlattr *nest, struct ctl_quar *q)
{
	const struct nlattr *tb[SMTP25_QUAR_A_MAX + 1] = { NULL };
	uint16_t len;

	memset(q, 0, sizeof(*q));
	q->reason = CTL_QUAR_NO_REASON;
	if (mnl_attr_parse_nested(nest, quar_attr_cb, tb) < 0 ||
	    !tb[SMTP25_QUAR_A_ADDR])
		return -1;
	len = mnl_attr_get_payload_len(tb[SMTP25_QUAR_A_ADDR]);
	if (len != 4 && len != 16)
		return -1;
	q->addr.family = len == 4 ? AF_INET : AF_INET6;
	memcpy(q->addr.addr, mnl_attr_get_payload(tb[SMTP25_QUAR_A_ADDR]), len);
	if (tb[SMTP25_QUAR_A_PLEN])
		q->addr.plen = mnl_attr_get_u8(tb[SMTP25_QUAR_A_PLEN]);
	if (tb[SMTP25_QUAR_A_REASON])
		q->reason = mnl_attr_get_u8(tb[SMTP25_QUAR_A_REASON]);
	if (tb[SMTP25_QUAR_A_POOL])
		snprintf(q->pool, sizeof(q->pool), "%s",
			 mnl_attr_get_str(tb[SMTP25_QUAR_A_POOL]));
	if (tb[SMTP25_QUAR_A_SINCE])
		q->since = mnl_attr_get_u64(tb[SMTP25_QUAR_A_SINCE]);
	if (tb[SMTP25_QUAR_A_EXPIRES])
		q->expires = mnl_attr_get_u64(tb[SMTP25_QUAR_A_EXPIRES]);
	if (tb[SMTP25_QUAR_A_OFFENCES])
		q->offences = mnl_attr_get_u32(tb[SMTP25_QUAR_A_OFFENCES]);
	if (tb[SMTP25_QUAR_A_RELEASED])
		q->released = mnl_attr_get_u64(tb[SMTP25_QUAR_A_RELEASED]);
	return 0;
}

int ctl_quar_cmp(const void *a, const void *b)
{
	const struct ctl_quar *x = a, *y = b;

	return ctl_addr_cmp(&x->addr, &y->addr);
}

const char *ctl_quar_reason(const struct ctl_quar *q)
{
	const char *name = ctl_quar_reason_name(q->reason);

	return name ? name : "?";
}

static void quar_json(struct ctl_json *j, const struct ctl_quar *q,
		      bool all)
{
	char addr[INET6_ADDRSTRLEN];

	ctl_json_begin_object(j);
	ctl_json_key(j, "address");
	ctl_json_string(j, ctl_addr_text(&q->addr, addr, sizeof(addr)));
	ctl_json_key(j, "since");
	ctl_json_u64_or_null(j, q->since != 0, q->since);
	ctl_json_key(j, "expires");
	ctl_json_u64_or_null(j, q->expires != 0, q->expires);
	if (all) {
		ctl_json_key(j, "released");
		ctl_json_u64_or_null(j, q->released != 0, q->released);
	}
	ctl_json_key(j, "offences");
	ctl_json_u64(j, q->offences);
	ctl_json_key(j, "reason");
	ctl_json_string_or_null(j, ctl_quar_reason_name(q->reason));
	ctl_json_key(j, "pool");
	ctl_json_string_or_null(j, q->pool[0] ? q->pool : NULL);
	ctl_json_end_object(j);
}

void ctl_quar_json(struct ctl_json *j, const struct ctl_quar *q)
{
	quar_json(j, q, false);
}

void ctl_quar_json_all(struct ctl_json *j, const struct ctl_quar *q)
{
	quar_json(j, q, true);
}

static const char *since(const struct ctl_quar *q, uint64_t now, char *buf,
			 size_t bufsz)
{
	if (!q->since)
		return "-";
	return ctl_duration(ctl_age(q->since, now), buf, bufsz);
}

static const char *expires(const struct ctl_quar *q, uint64_t now, char *buf,
			   size_t bufsz)
{
	if (q->released)
		return "-";	/* out of quarantine */
	if (!q->expires)
		return "never";
	if (q->expires <= now)
		return "now";	/* its release is due */
	return ctl_duration(q->expires - now, buf, bufsz);
}

static const char *released(const struct ctl_quar *q, uint64_t now,
			    char *buf, size_t bufsz)
{
	if (!q->released)
		return "-";
	return ctl_duration(ctl_age(q->released, now), buf, bufsz);
}

static void quar_table(FILE *fp, const struct ctl_quar *v, size_t n,
		       uint64_t now, bool all)
{
	int waddr = 7, wsince = 5, wexp = 7, wrel = 8, woff = 8, wreason = 6;
	char addr[INET6_ADDRSTRLEN], t1[CTL_TIME_STRLEN], t2[CTL_TIME_STRLEN];
	char t3[CTL_TIME_STRLEN];
	size_t i;

	for (i = 0; i < n; i++) {
		ctl_addr_text(&v[i].addr, addr, sizeof(addr));
		waddr = ctl_width(addr, waddr);
		wsince = ctl_width(since(&v[i], now, t1, sizeof(t1)), wsince);
		wexp = ctl_width(expires(&v[i], now, t2, sizeof(t2)), wexp);
		wrel = ctl_width(released(&v[i], now, t3, sizeof(t3)), wrel);
		woff = ctl_width_u64(v[i].offences, woff);
		wreason = ctl_width(ctl_quar_reason(&v[i]), wreason);
	}
	fprintf(fp, "%-*s %*s %*s ", waddr, "ADDRESS", wsince, "SINCE", wexp,
		"EXPIRES");
	if (all)
		fprintf(fp, "%*s ", wrel, "RELEASED");
	fprintf(fp, "%*s %-*s POOL\n", woff, "OFFENCES", wreason, "REASON");
	for (i = 0; i < n; i++) {
		ctl_addr_text(&v[i].addr, addr, sizeof(addr));
		ctl_print_cell(fp, addr, waddr);
		fprintf(fp, "%*s %*s ", wsince,
			since(&v[i], now, t1, sizeof(t1)), wexp,
			expires(&v[i], now, t2, sizeof(t2)));
		if (all)
			fprintf(fp, "%*s ", wrel,
				released(&v[i], now, t3, sizeof(t3)));
		fprintf(fp, "%*" PRIu32 " ", woff, v[i].offences);
		ctl_print_cell(fp, ctl_quar_reason(&v[i]), wreason);
		ctl_print_safe(fp, v[i].pool[0] ? v[i].pool : "-");
		fputc('\n', fp);
	}
}

void ctl_quar_table(FILE *fp, const struct ctl_quar *v, size_t n,
		    uint64_t now)
{
	quar_table(fp, v, n, now, false);
}

void ctl_quar_table_all(FILE *fp, const struct ctl_quar *v, size_t n,
			uint64_t now)
{
	quar_table(fp, v, n, now, true);
}
