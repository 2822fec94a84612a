// SPDX-License-Identifier: GPL-2.0-or-later
/* The lines of "save". */
#include <arpa/inet.h>
#include <inttypes.h>

#include "names.h"
#include "saveout.h"
#include "words.h"

void ctl_save_pool(FILE *fp, const struct ctl_pool *p)
{
	const char *type = ctl_pool_type_name(p->type);

	fprintf(fp, "pool add %s type %s", p->name, type ? type : "?");
	if (p->comment[0]) {
		fputs(" comment ", fp);
		ctl_quote_word(fp, p->comment);
	}
	fputc('\n', fp);
}

void ctl_save_settings(FILE *fp, const struct ctl_pool *p)
{
	if (!ctl_settings_any(&p->settings))
		return;
	fprintf(fp, "pool set %s ", p->name);
	ctl_settings_write(fp, &p->settings);
	fputc('\n', fp);
}

void ctl_save_quarantined(FILE *fp, const struct save_quars *sq,
			  uint64_t now)
{
	char addr[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < sq->n; i++) {
		const struct ctl_quar *q = &sq->v[i];

		if (!sq->held[i])
			continue;
		/* a /64 host: its pool's length makes the /64 again */
		fprintf(fp, "quarantine add %s",
			ctl_addr_base_text(&q->addr, addr, sizeof(addr)));
		if (q->expires)
			fprintf(fp, " expires %" PRIu64,
				q->expires > now ? q->expires - now : 1);
		/* older modules counted on; newer ones stop at the max */
		if (q->offences)
			fprintf(fp, " offences %" PRIu32,
				q->offences < SMTP25_QUAR_OFFENCES_MAX ?
				q->offences : SMTP25_QUAR_OFFENCES_MAX);
		fputc('\n', fp);
	}
}

/* A record worth a "quarantine remember" line: released, with a count. */
static bool remembered(const struct ctl_quar *q)
{
	return q->released && q->offences;
}

size_t ctl_save_nremembered(const struct save_quars *sq)
{
	size_t i, n = 0;

	for (i = 0; i < sq->n; i++)
		n += remembered(&sq->v[i]);
	return n;
}

void ctl_save_remembered(FILE *fp, const struct save_quars *sq,
			 uint64_t now)
{
	char addr[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < sq->n; i++) {
		const struct ctl_quar *q = &sq->v[i];

		if (!remembered(q))
			continue;
		fprintf(fp, "quarantine remember %s offences %" PRIu32
			" released %" PRIu64 "\n",
			ctl_addr_base_text(&q->addr, addr, sizeof(addr)),
			q->offences < SMTP25_QUAR_OFFENCES_MAX ?
			q->offences : SMTP25_QUAR_OFFENCES_MAX,
			q->released < now ? now - q->released : 0);
	}
}
