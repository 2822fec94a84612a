// SPDX-License-Identifier: GPL-2.0-or-later
/* A pool's limits and quarantine thresholds: "pool set" words and back. */
#include <inttypes.h>
#include <string.h>

#include <linux/smtp25.h>

#include "args.h"
#include "num.h"
#include "settings.h"

enum kind { RATE, COUNT, WINDOW, EXPIRES, PLEN6 };

static const struct keyword {
	const char *name;
	unsigned int bit;
	enum kind kind;
} keywords[] = {
	{ "limit-host", CTL_SET_LIMIT_HOST, RATE },
	{ "limit-pool", CTL_SET_LIMIT_POOL, RATE },
	{ "quarantine-after", CTL_SET_QUAR_AFTER, COUNT },
	{ "quarantine-dests", CTL_SET_QUAR_DESTS, COUNT },
	{ "window", CTL_SET_WINDOW, WINDOW },
	{ "expires", CTL_SET_EXPIRES, EXPIRES },
	{ "account-prefix6", CTL_SET_ACCOUNT6, PLEN6 },
};

#define NKEYWORDS (sizeof(keywords) / sizeof(keywords[0]))
#define KEYWORD_LIST \
	"limit-host, limit-pool, quarantine-after, quarantine-dests, window, expires or account-prefix6"

int ctl_expires_parse(const char *word, uint32_t *v, char *err,
		      size_t errsz)
{
	uint64_t n;

	if (strcmp(word, "none") == 0 || strcmp(word, "never") == 0) {
		*v = 0;
		return 0;
	}
	if (ctl_num_parse(word, UINT32_MAX, &n)) {
		snprintf(err, errsz,
			 "expires: '%s' is not a number of seconds (or none)",
			 word);
		return -1;
	}
	*v = (uint32_t)n;
	return 0;
}

/* One value into s; CTL_EXIT_REFUSED with err when it cannot be right. */
static int parse_value(const struct keyword *k, const char *word,
		       struct ctl_settings *s, char *err, size_t errsz)
{
	char why[200];
	uint64_t n;

	switch (k->kind) {
	case RATE:
		if (ctl_rate_parse(word, k->bit == CTL_SET_LIMIT_HOST ?
					 &s->limit_host : &s->limit_pool,
				   why, sizeof(why)))
			goto refused;
		return CTL_EXIT_OK;
	case COUNT:
		if (strcmp(word, "none") == 0) {
			n = 0;
		} else if (ctl_num_parse(word, UINT32_MAX, &n)) {
			snprintf(why, sizeof(why),
				 "'%s' is not a count from 0 to 4294967295 (or none)",
				 word);
			goto refused;
		}
		if (k->bit == CTL_SET_QUAR_AFTER)
			s->quar_after = (uint32_t)n;
		else
			s->quar_dests = (uint32_t)n;
		return CTL_EXIT_OK;
	case WINDOW:
		if (ctl_num_parse(word, SMTP25_PERIOD_MAX, &n) || n == 0) {
			snprintf(why, sizeof(why),
				 "'%s': the window is 1 to 86400 seconds",
				 word);
			goto refused;
		}
		s->window = (uint32_t)n;
		return CTL_EXIT_OK;
	case EXPIRES:
		if (ctl_expires_parse(word, &s->expires, err, errsz))
			return CTL_EXIT_REFUSED;
		return CTL_EXIT_OK;
	case PLEN6:
		/* "64" or "/64" */
		if (ctl_num_parse(word + (word[0] == '/'),
				  SMTP25_ACCOUNT_PLEN6_MAX, &n) ||
		    n < SMTP25_ACCOUNT_PLEN6_MIN) {
			snprintf(why, sizeof(why),
				 "'%s': the IPv6 accounting prefix is a length from 32 to 128",
				 word);
			goto refused;
		}
		s->account6 = (uint8_t)n;
		return CTL_EXIT_OK;
	}
	return CTL_EXIT_USAGE;
refused:
	snprintf(err, errsz, "%s: %s", k->name, why);
	return CTL_EXIT_REFUSED;
}

int ctl_settings_parse(int argc, char *const argv[], struct ctl_settings *s,
		       char *err, size_t errsz)
{
	const struct keyword *k;
	size_t i;
	int a, rc;

	memset(s, 0, sizeof(*s));
	if (argc == 0) {
		snprintf(err, errsz,
			 "pool set: nothing to set (" KEYWORD_LIST ")");
		return CTL_EXIT_USAGE;
	}
	for (a = 0; a < argc; a += 2) {
		for (i = 0, k = NULL; i < NKEYWORDS && !k; i++)
			if (strcmp(argv[a], keywords[i].name) == 0)
				k = &keywords[i];
		if (!k) {
			snprintf(err, errsz,
				 "pool set: unexpected '%s' (" KEYWORD_LIST ")",
				 argv[a]);
			return CTL_EXIT_USAGE;
		}
		if (s->given & k->bit) {
			snprintf(err, errsz, "pool set: '%s' given twice",
				 k->name);
			return CTL_EXIT_USAGE;
		}
		if (a + 1 >= argc) {
			snprintf(err, errsz, "pool set: '%s' needs a value",
				 k->name);
			return CTL_EXIT_USAGE;
		}
		rc = parse_value(k, argv[a + 1], s, err, errsz);
		if (rc)
			return rc;
		s->given |= k->bit;
	}
	return CTL_EXIT_OK;
}

static bool on(const struct ctl_settings *s, unsigned int bit)
{
	if (!(s->given & bit))
		return false;
	switch (bit) {
	case CTL_SET_LIMIT_HOST:
		return s->limit_host.count != 0;
	case CTL_SET_LIMIT_POOL:
		return s->limit_pool.count != 0;
	case CTL_SET_QUAR_AFTER:
		return s->quar_after != 0;
	case CTL_SET_QUAR_DESTS:
		return s->quar_dests != 0;
	case CTL_SET_WINDOW:
		return s->window != CTL_WINDOW_DEFAULT;
	case CTL_SET_EXPIRES:
		return s->expires != CTL_EXPIRES_DEFAULT;
	case CTL_SET_ACCOUNT6:
		return s->account6 != (s->account6_default ?
				       s->account6_default :
				       CTL_ACCOUNT6_DEFAULT);
	}
	return false;
}

uint8_t ctl_account6_default(unsigned int type)
{
	return type == SMTP25_POOL_DYNAMIC ? SMTP25_ACCOUNT_PLEN6_DEFAULT :
					     SMTP25_ACCOUNT_PLEN6_LISTED;
}

bool ctl_settings_any(const struct ctl_settings *s)
{
	size_t i;

	for (i = 0; i < NKEYWORDS; i++)
		if (on(s, keywords[i].bit))
			return true;
	return false;
}

void ctl_settings_write(FILE *fp, const struct ctl_settings *s)
{
	bool thresholds = on(s, CTL_SET_QUAR_AFTER) ||
			  on(s, CTL_SET_QUAR_DESTS);
	const char *sep = "";
	char rate[CTL_RATE_STRLEN];
	size_t i;

	for (i = 0; i < NKEYWORDS; i++) {
		const struct keyword *k = &keywords[i];

		if (!on(s, k->bit) &&
		    !(thresholds && (s->given & k->bit) &&
		      (k->kind == WINDOW || k->kind == EXPIRES)))
			continue;
		fprintf(fp, "%s%s ", sep, k->name);
		sep = " ";
		switch (k->bit) {
		case CTL_SET_LIMIT_HOST:
			ctl_rate_format(&s->limit_host, rate, sizeof(rate));
			fputs(rate, fp);
			break;
		case CTL_SET_LIMIT_POOL:
			ctl_rate_format(&s->limit_pool, rate, sizeof(rate));
			fputs(rate, fp);
			break;
		case CTL_SET_QUAR_AFTER:
			fprintf(fp, "%" PRIu32, s->quar_after);
			break;
		case CTL_SET_QUAR_DESTS:
			fprintf(fp, "%" PRIu32, s->quar_dests);
			break;
		case CTL_SET_WINDOW:
			fprintf(fp, "%" PRIu32, s->window);
			break;
		case CTL_SET_EXPIRES:
			if (s->expires)
				fprintf(fp, "%" PRIu32, s->expires);
			else
				fputs("never", fp);
			break;
		case CTL_SET_ACCOUNT6:
			fprintf(fp, "%u", (unsigned int)s->account6);
			break;
		}
	}
}
