// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The policy's config file: "key = value" lines, '#' comments, blank lines.
 * Keys: outside (interface names, spaces or commas between them), reject
 * (tcp-reset, icmp, drop), account and limits (yes, no). See
 * smtp25-policy.conf(5).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A config file is a few lines: anything this big is not one. */
#define S25_CONF_MAX	(64 * 1024)

struct conf_pos {
	const char *name;
	unsigned int line;
	char *err;
	size_t errlen;
};

static int conf_err(const struct conf_pos *pos, const char *fmt, ...)
{
	size_t n = 0;
	va_list ap;

	if (!pos->errlen)
		return -EINVAL;
	if (pos->line)
		n = snprintf(pos->err, pos->errlen, "%s:%u: ", pos->name,
			     pos->line);
	if (n < pos->errlen) {
		va_start(ap, fmt);
		vsnprintf(pos->err + n, pos->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

void s25_policy_cfg_init(struct s25_policy_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->reject = S25_REJECT_TCP_RESET;
	cfg->account = true;
	cfg->limits = true;
}

/*
 * What the kernel takes as a device name (dev_valid_name), minus the
 * characters that would need quoting in nft's listing, plus one trailing
 * '*' for a prefix match as nft has it ("ppp*").
 */
static bool ifname_valid(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, "..") ||
	    !strcmp(s, "*"))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '*' && i == len - 1)
			continue;
		if (c <= ' ' || c >= 0x7f || strchr("/:\"\\*,#", c))
			return false;
	}
	return true;
}

static int conf_outside(const struct conf_pos *pos, char *val,
			struct s25_policy_cfg *cfg)
{
	char *name, *save = NULL;
	unsigned int i;

	cfg->n_outside = 0;
	for (name = strtok_r(val, " \t,", &save); name;
	     name = strtok_r(NULL, " \t,", &save)) {
		if (!ifname_valid(name, strlen(name)))
			return conf_err(pos, "outside: \"%s\" is not an "
					"interface name (1 to %d characters, "
					"no / : \" \\ , #; \"name*\" for a "
					"prefix)", name, IFNAMSIZ - 1);
		for (i = 0; i < cfg->n_outside; i++)
			if (!strcmp(cfg->outside[i], name))
				return conf_err(pos, "outside: \"%s\" given "
						"twice", name);
		if (cfg->n_outside == S25_POLICY_MAX_OUTSIDE)
			return conf_err(pos, "outside: more than %d "
					"interfaces", S25_POLICY_MAX_OUTSIDE);
		strcpy(cfg->outside[cfg->n_outside++], name);
	}
	return 0;
}

static int conf_reject(const struct conf_pos *pos, const char *val,
		       struct s25_policy_cfg *cfg)
{
	static const char *const names[] = {
		[S25_REJECT_TCP_RESET] = "tcp-reset",
		[S25_REJECT_ICMP] = "icmp",
		[S25_REJECT_DROP] = "drop",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(val, names[i])) {
			cfg->reject = i;
			return 0;
		}
	}
	return conf_err(pos, "reject: \"%s\" is not one of tcp-reset, icmp, "
			"drop", val);
}

static int conf_bool(const struct conf_pos *pos, const char *key,
		     const char *val, bool *out)
{
	if (!strcmp(val, "yes") || !strcmp(val, "no")) {
		*out = val[0] == 'y';
		return 0;
	}
	return conf_err(pos, "%s: \"%s\" is neither yes nor no", key, val);
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* One line, comment already cut; seen: keys met so far (bit per key). */
static int conf_line(const struct conf_pos *pos, char *line,
		     struct s25_policy_cfg *cfg, unsigned int *seen)
{
	enum { K_OUTSIDE, K_REJECT, K_ACCOUNT, K_LIMITS };
	static const char *const keys[] = {
		[K_OUTSIDE] = "outside",
		[K_REJECT] = "reject",
		[K_ACCOUNT] = "account",
		[K_LIMITS] = "limits",
	};
	char *eq = strchr(line, '='), *key, *val;
	unsigned int k;

	line = trim(line);
	if (!*line)
		return 0;
	if (!eq)
		return conf_err(pos, "expected \"key = value\", got \"%s\"",
				line);
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	for (k = 0; k < ARRAY_SIZE(keys); k++)
		if (!strcmp(key, keys[k]))
			break;
	if (k == ARRAY_SIZE(keys))
		return conf_err(pos, "unknown key \"%s\" (known: outside, "
				"reject, account, limits)", key);
	if (*seen & (1u << k))
		return conf_err(pos, "%s given twice", key);
	*seen |= 1u << k;
	switch (k) {
	case K_OUTSIDE:
		return conf_outside(pos, val, cfg);
	case K_REJECT:
		return conf_reject(pos, val, cfg);
	case K_ACCOUNT:
		return conf_bool(pos, key, val, &cfg->account);
	default:
		return conf_bool(pos, key, val, &cfg->limits);
	}
}

int s25_policy_cfg_parse(const char *text, const char *name,
			 struct s25_policy_cfg *cfg, char *err, size_t errlen)
{
	struct conf_pos pos = { name ? name : "config", 0, err, errlen };
	char *copy = strdup(text), *line, *next, *hash;
	struct s25_policy_cfg tmp = *cfg;
	unsigned int seen = 0;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	/* Into a copy: on error, cfg stays as it was. */
	for (line = copy; line && !ret; line = next) {
		pos.line++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		ret = conf_line(&pos, line, &tmp, &seen);
	}
	free(copy);
	if (!ret)
		*cfg = tmp;
	return ret;
}

int s25_policy_cfg_load(const char *path, struct s25_policy_cfg *cfg,
			char *err, size_t errlen)
{
	struct conf_pos pos;
	char *buf;
	size_t len;
	FILE *f;
	int ret;

	path = path ? path : S25_POLICY_CONF;
	pos = (struct conf_pos){ path, 0, err, errlen };
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		conf_err(&pos, "%s: %s", path, strerror(-ret));
		return ret;
	}
	buf = malloc(S25_CONF_MAX + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	len = fread(buf, 1, S25_CONF_MAX + 1, f);
	if (ferror(f)) {
		conf_err(&pos, "%s: read error", path);
		ret = -EIO;
	} else if (len > S25_CONF_MAX) {
		ret = conf_err(&pos, "%s: larger than %d bytes: not a policy "
			       "config", path, S25_CONF_MAX);
	} else if (memchr(buf, '\0', len)) {
		ret = conf_err(&pos, "%s: has NUL bytes: not a text file",
			       path);
	} else {
		buf[len] = '\0';
		ret = s25_policy_cfg_parse(buf, path, cfg, err, errlen);
	}
	free(buf);
	fclose(f);
	return ret;
}
