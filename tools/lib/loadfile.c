// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-file loading: encoding checks, format detection, the line loop,
 * and turning values into a checked, duplicate-free prefix array.  The
 * format rules and the all-or-nothing policy are described in loadfile.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bigmem.h"
#include "csv.h"
#include "dedup.h"
#include "formats.h"
#include "loadfile.h"
#include "psort.h"
#include "readall.h"
#include "text.h"

/* Do not preallocate more prefixes than this on the line count alone. */
#define S25_PRESIZE_MAX ((size_t)4 << 20)

/* Longest value we take from a CSV or JSON field: a range with blanks. */
#define VALUE_MAX 256

struct loader {
	struct s25_load *ld;
	unsigned int flags;
	bool has_nul;		/* any NUL in the file: check lines for it */
	bool csv_hint_given;
};

const char *s25_format_name(enum s25_format f)
{
	switch (f) {
	case S25_FMT_PLAIN:
		return "plain list";
	case S25_FMT_CSV:
		return "CSV";
	case S25_FMT_DROP:
		return "Spamhaus DROP text";
	case S25_FMT_JSONL:
		return "Spamhaus DROP JSON lines";
	default:
		return "unknown";
	}
}

static void error(struct loader *L, unsigned long line, const char *msg)
{
	s25_diag_add(&L->ld->errors, line, "%s", msg);
}

/* Keep line_of as long as the prefix array. */
static int track_lines(struct s25_load *ld)
{
	uint32_t *n;

	if (ld->line_of_cap >= ld->prefixes.cap)
		return 0;
	n = realloc(ld->line_of, ld->prefixes.cap * sizeof(*n));
	if (!n)
		return -1;
	s25_hugepage_hint(n, ld->prefixes.cap * sizeof(*n));
	ld->line_of = n;
	ld->line_of_cap = ld->prefixes.cap;
	return 0;
}

/* One value (PREFIX text) found on line: parse and expand it. */
static void add_value(struct loader *L, unsigned long line, const char *val,
		      size_t vlen)
{
	struct s25_load *ld = L->ld;
	struct s25_prefix_vec *vec = &ld->prefixes;
	size_t i = vec->len;
	char err[S25_ERRLEN];

	if (s25_prefix_arg_parse(val, vlen, vec, err, sizeof(err))) {
		/* a header-less CSV lands here: say what would make it work */
		if (ld->format == S25_FMT_PLAIN && !L->csv_hint_given &&
		    memchr(val, ',', vlen)) {
			L->csv_hint_given = true;
			s25_diag_add(&ld->errors, line,
				     "%s (a CSV file needs a header row naming a prefix, cidr or network column)",
				     err);
			return;
		}
		error(L, line, err);
		return;
	}
	if (track_lines(ld)) {
		vec->len = i;
		error(L, line, "out of memory");
		return;
	}
	while (i < vec->len)
		ld->line_of[i++] = (uint32_t)line;
}

/*
 * Repeated prefixes, found once the file is read: report each repeat
 * (as a warning, or an error with S25_LOAD_DUP_ERROR) and keep only the
 * first of each, in file order.
 */
static void drop_repeats(struct loader *L)
{
	struct s25_load *ld = L->ld;
	struct s25_prefix_vec *vec = &ld->prefixes;
	struct s25_diag *d = L->flags & S25_LOAD_DUP_ERROR ?
			     &ld->errors : &ld->warnings;
	char buf[S25_PREFIX_STRLEN];
	uint32_t *first_of;
	size_t i, o = 0;
	long n;

	if (vec->len < 2)
		return;
	first_of = malloc(vec->len * sizeof(*first_of));
	n = first_of ? s25_dedup(vec->v, vec->len, first_of) : -1;
	if (n <= 0) {
		if (n < 0)
			error(L, 0, "out of memory");
		free(first_of);
		return;
	}
	ld->duplicates = (unsigned long)n;
	/* all reported before any is dropped: line_of[] moves then */
	for (i = 0; i < vec->len; i++)
		if (first_of[i] != i)
			s25_diag_add(d, ld->line_of[i],
				     "duplicate %s (first on line %u)%s",
				     s25_prefix_format(&vec->v[i], buf),
				     ld->line_of[first_of[i]],
				     d == &ld->warnings ? " ignored" : "");
	for (i = 0; i < vec->len; i++) {
		if (first_of[i] == i) {
			vec->v[o] = vec->v[i];
			ld->line_of[o++] = ld->line_of[i];
		}
	}
	vec->len = o;
	free(first_of);
}

static bool same_prefix(const struct s25_prefix *a, const struct s25_prefix *b)
{
	return a->plen == b->plen && a->family == b->family &&
	       memcmp(a->addr, b->addr, 16) == 0;
}

/*
 * S25_LOAD_SORTED: sort the prefixes, their line numbers along; repeats
 * are then neighbours.  The first of each in the file (the lowest line:
 * one line never gives the same prefix twice) stays.  Reports them as
 * drop_repeats() does.
 */
static void sort_repeats(struct loader *L)
{
	struct s25_load *ld = L->ld;
	struct s25_prefix_vec *vec = &ld->prefixes;
	struct s25_diag *d = L->flags & S25_LOAD_DUP_ERROR ?
			     &ld->errors : &ld->warnings;
	char buf[S25_PREFIX_STRLEN];
	size_t i, j, k, first, o = 0;

	s25_prefix_sort(vec->v, ld->line_of, vec->len);
	for (i = 0; i < vec->len; i = j) {
		first = i;
		for (j = i + 1; j < vec->len && same_prefix(&vec->v[i], &vec->v[j]);
		     j++)
			if (ld->line_of[j] < ld->line_of[first])
				first = j;
		for (k = i; k < j; k++) {
			if (k == first)
				continue;
			ld->duplicates++;
			s25_diag_add(d, ld->line_of[k],
				     "duplicate %s (first on line %u)%s",
				     s25_prefix_format(&vec->v[k], buf),
				     ld->line_of[first],
				     d == &ld->warnings ? " ignored" : "");
		}
		vec->v[o] = vec->v[first];
		ld->line_of[o++] = ld->line_of[first];
	}
	vec->len = o;
}

/* Checks every format makes on a physical line or record. */
static bool sane(struct loader *L, unsigned long line, const char *p,
		 size_t n, const char *what)
{
	char msg[S25_ERRLEN];

	if (n > S25_LINE_MAX) {
		snprintf(msg, sizeof(msg), "%s too long (%zu bytes, limit %d)",
			 what, n, S25_LINE_MAX);
		error(L, line, msg);
		return false;
	}
	if (L->has_nul && memchr(p, '\0', n)) {
		error(L, line, "NUL byte (binary file?)");
		return false;
	}
	return true;
}

/* Cut the next line out of [*p, end): returns its length, CR LF removed. */
static size_t next_line(const char **p, const char *end, const char **line)
{
	const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
	size_t n = (size_t)((nl ? nl : end) - s);

	*line = s;
	*p = nl ? nl + 1 : end;
	if (n && s[n - 1] == '\r')
		n--;
	return n;
}

/*
 * The usual line of a plain list or DROP text at p, at a fraction of the
 * cost of the general path: one prefix, maybe blanks and a comment (from
 * @comment on) after it.  Returns where the next line starts, or NULL to
 * leave the line to the general path, which also reports every error.
 */
static const char *fast_line(struct loader *L, unsigned long lineno,
			     const char *p, const char *end, char comment)
{
	struct s25_prefix_vec *vec = &L->ld->prefixes;
	const char *line = p;
	size_t used;

	if (vec->len == vec->cap || L->has_nul)
		return NULL;
	while (p < end && *p != '\n' && s25_is_blank(*p))
		p++;
	used = s25_cidr_scan_fast(p, (size_t)(end - p), &vec->v[vec->len]);
	if (!used)
		return NULL;
	for (p += used; p < end && *p != '\n'; p++) {
		if (*p == comment) {
			p = memchr(p, '\n', (size_t)(end - p));
			if (!p)
				p = end;
			break;
		}
		if (!s25_is_blank(*p))
			return NULL;
	}
	if (p - line > S25_LINE_MAX)
		return NULL;
	/* line_of is as long as the prefix array (track_lines) */
	L->ld->line_of[vec->len++] = (uint32_t)lineno;
	return p < end ? p + 1 : p;
}

/* Plain, DROP text and JSON lines: one value per line at most. */
static void load_lines(struct loader *L, const char *p, const char *end,
		       unsigned long lineno)
{
	char val[VALUE_MAX], err[S25_ERRLEN];
	const char *line, *v = NULL;
	char comment = L->ld->format == S25_FMT_PLAIN ? '#' :
		       L->ld->format == S25_FMT_DROP ? ';' : 0;
	size_t n, vlen = 0;
	int rc;

	for (; p < end; lineno++) {
		if (comment && (line = fast_line(L, lineno, p, end, comment))) {
			p = line;
			continue;
		}
		n = next_line(&p, end, &line);
		if (!sane(L, lineno, line, n, "line"))
			continue;
		switch (L->ld->format) {
		case S25_FMT_DROP:
			rc = s25_drop_line(line, n, &v, &vlen);
			break;
		case S25_FMT_JSONL:
			rc = s25_jsonl_line(line, n, val, sizeof(val), &vlen,
					    err, sizeof(err));
			v = val;
			break;
		default:
			rc = s25_plain_line(line, n, &v, &vlen);
			break;
		}
		if (rc == S25_LINE_ERROR)
			error(L, lineno, err);
		else if (rc == S25_LINE_VALUE)
			add_value(L, lineno, v, vlen);
	}
}

/* CSV from the header record on: values come from column col. */
static void load_csv(struct loader *L, const char *p, const char *end,
		     unsigned long lineno, char delim, size_t col)
{
	struct s25_csv c = { .p = p, .end = end, .line = lineno,
			     .delim = delim };
	char val[VALUE_MAX], err[S25_ERRLEN], msg[S25_ERRLEN];
	size_t flen, got, field, vlen;
	const char *rec, *v;
	unsigned long rec_line;
	int rc;

	/* the header was checked during detection: just step over it */
	while (s25_csv_field(&c, NULL, 0, &flen, NULL, 0) == 1)
		;
	while (c.p < end) {
		rec = c.p;
		rec_line = c.line;
		c.nonblank = false;
		got = 0;
		field = 0;
		do {
			rc = s25_csv_field(&c, field == col ? val : NULL,
					   sizeof(val), &flen, err, sizeof(err));
			if (rc >= 0 && field == col) {
				got = 1;
				vlen = flen;
			}
			field++;
		} while (rc == 1);
		if (rc < 0) {
			error(L, c.err_line, err);
			continue;
		}
		if (!sane(L, rec_line, rec, (size_t)(c.p - rec), "record"))
			continue;
		if (!c.nonblank)	/* blank line, or ",,," from a spreadsheet */
			continue;
		if (!got) {
			snprintf(msg, sizeof(msg),
				 "record has %zu field%s, the address is in column %zu",
				 field, field == 1 ? "" : "s", col + 1);
			error(L, rec_line, msg);
			continue;
		}
		if (vlen >= sizeof(val)) {
			error(L, rec_line, "address field too long");
			continue;
		}
		v = val;
		s25_trim(&v, &vlen);
		add_value(L, rec_line, v, vlen);
	}
}

/*
 * Decide the format from the first data line (starting at p; the line
 * itself is line[0..n)).  For CSV also the delimiter and address column.
 * Returns -1 (error recorded) for a CSV header that names two columns.
 */
static int detect(struct loader *L, unsigned long lineno, const char *p,
		  const char *end, const char *line, size_t n, char *delim,
		  size_t *col)
{
	static const char delims[] = { ',', ';', '\t' };
	char err[S25_ERRLEN];
	size_t i;
	int rc;

	s25_trim(&line, &n);
	if (line[0] == '{') {
		L->ld->format = S25_FMT_JSONL;
		return 0;
	}
	if (line[0] == ';') {
		L->ld->format = S25_FMT_DROP;
		return 0;
	}
	for (i = 0; i < sizeof(delims); i++) {
		struct s25_csv c = { .p = p, .end = end, .line = lineno,
				     .delim = delims[i] };

		rc = s25_csv_header(&c, col, err, sizeof(err));
		if (rc == 0)
			continue;
		L->ld->format = S25_FMT_CSV;
		*delim = delims[i];
		if (rc < 0) {
			error(L, lineno, err);
			return -1;
		}
		return 0;
	}
	L->ld->format = memchr(line, ';', n) ? S25_FMT_DROP : S25_FMT_PLAIN;
	return 0;
}

/*
 * Lines in [p, end), the last one with or without its LF.  Eight bytes
 * at a time: a byte of w ^ LFs is zero where w has a LF, and adding 0x7f
 * to each byte's low 7 bits sets its top bit unless the byte is zero.
 */
static size_t count_lines(const char *p, const char *end)
{
	const uint64_t lf = 0x0a0a0a0a0a0a0a0aULL, low = 0x7f7f7f7f7f7f7f7fULL;
	const char *s = p;
	size_t n = 0;
	uint64_t w;

	for (; end - p >= 8; p += 8) {
		memcpy(&w, p, 8);
		w ^= lf;
		w = ~(((w & low) + low) | w) & ~low;
		n += (size_t)((w >> 7) * 0x0101010101010101ULL >> 56);
	}
	for (; p < end; p++)
		n += *p == '\n';
	return n + (end > s && end[-1] != '\n');
}

static int load(struct loader *L, const char *buf, size_t len)
{
	struct s25_load *ld = L->ld;
	const char *p = buf, *end = buf + len, *start, *line, *t;
	unsigned long lineno = 0;
	size_t n, tn, col = 0;
	char delim = ',';

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		p += 3;	/* UTF-8 BOM, as Excel writes it */
	} else if (len >= 2 && (memcmp(buf, "\xff\xfe", 2) == 0 ||
				memcmp(buf, "\xfe\xff", 2) == 0)) {
		error(L, 0, "UTF-16 text; convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)");
		return -1;
	}
	L->has_nul = memchr(p, '\0', (size_t)(end - p)) != NULL;
	/* size the array once from the line count: no regrowth later */
	n = count_lines(p, end);
	ld->lines = n;
	if (s25_prefix_vec_reserve(&ld->prefixes,
				   n < S25_PRESIZE_MAX ? n : S25_PRESIZE_MAX) ||
	    track_lines(ld)) {
		error(L, 0, "out of memory");
		return -1;
	}

	/* the preamble: blank and '#' lines before the first data line */
	for (;;) {
		if (p == end) {
			ld->format = S25_FMT_PLAIN;
			goto done;
		}
		start = p;
		lineno++;
		n = next_line(&p, end, &line);
		if (!sane(L, lineno, line, n, "line"))
			continue;
		t = line;
		tn = n;
		s25_trim(&t, &tn);
		if (tn && t[0] != '#')
			break;
	}
	if (detect(L, lineno, start, end, line, n, &delim, &col))
		return -1;
	if (ld->format == S25_FMT_CSV)
		load_csv(L, start, end, lineno, delim, col);
	else
		load_lines(L, start, end, lineno);
	if (L->flags & S25_LOAD_SORTED)
		sort_repeats(L);
	else
		drop_repeats(L);
done:
	if (!ld->errors.count && !ld->prefixes.len &&
	    !(L->flags & S25_LOAD_ALLOW_EMPTY))
		error(L, 0, "no prefixes found; refusing to load an empty list");
	return ld->errors.count ? -1 : 0;
}

static int init(struct s25_load *ld, const char *name)
{
	memset(ld, 0, sizeof(*ld));
	ld->name = strdup(name);
	if (!ld->name) {
		s25_diag_add(&ld->errors, 0, "out of memory");
		return -1;
	}
	return 0;
}

int s25_load_buffer(struct s25_load *ld, const char *name, const char *buf,
		    size_t len, unsigned int flags)
{
	struct loader L = { .ld = ld, .flags = flags };

	if (init(ld, name))
		return -1;
	return load(&L, buf, len);
}

int s25_load_file(struct s25_load *ld, const char *path, unsigned int flags)
{
	bool std_in = strcmp(path, "-") == 0;
	const char *name = std_in ? "<stdin>" : path, *mapped;
	char *buf = NULL;
	size_t len;
	int fd, rc, e;

	fd = std_in ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	rc = fd < 0 ? -1 : s25_map_file(fd, S25_FILE_MAX, &mapped, &len);
	if (rc > 0)
		rc = s25_read_all(fd, S25_FILE_MAX, &buf, &len);
	if (rc) {
		e = errno;
		if (fd >= 0 && !std_in)
			close(fd);
		if (init(ld, name))
			return -1;
		if (e == EFBIG)
			s25_diag_add(&ld->errors, 0,
				     "larger than %zu MiB; refusing to load it",
				     S25_FILE_MAX >> 20);
		else
			s25_diag_add(&ld->errors, 0, "%s", strerror(e));
		return -1;
	}
	if (!std_in)
		close(fd);
	rc = s25_load_buffer(ld, name, buf ? buf : mapped, len, flags);
	if (buf)
		free(buf);
	else
		s25_unmap(mapped, len);
	return rc;
}

unsigned long s25_load_line_of(const struct s25_load *ld,
			       const struct s25_prefix *p)
{
	size_t i;

	for (i = 0; i < ld->prefixes.len; i++)
		if (s25_prefix_cmp(&ld->prefixes.v[i], p) == 0)
			return ld->line_of[i];
	return 0;
}

void s25_load_free(struct s25_load *ld)
{
	free(ld->name);
	free(ld->line_of);
	s25_prefix_vec_free(&ld->prefixes);
	memset(ld, 0, sizeof(*ld));
}
