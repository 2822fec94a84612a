/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_MATCH_H
#define _SMTP25_MATCH_H

int smtp25_match_init(void);
void smtp25_match_exit(void);

#endif /* _SMTP25_MATCH_H */
