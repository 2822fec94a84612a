/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_GENL_H
#define _SMTP25_GENL_H

int smtp25_genl_init(void);
void smtp25_genl_exit(void);

#endif /* _SMTP25_GENL_H */
