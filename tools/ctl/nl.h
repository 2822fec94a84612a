/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The generic netlink socket to the smtp25 family: opening it, and the
 * three ways of talking smtp25ctl uses (one request and its ACK, a dump,
 * a batch of requests with an ACK each).  Errors come back as a struct
 * ctl_nlerr (errno and the kernel's extended ACK).
 */
#ifndef CTL_NL_H
#define CTL_NL_H

#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "nlerr.h"

/* Receive buffer: the kernel fills dump messages up to 32 KiB. */
#define CTL_RX_SIZE (64 * 1024)

struct ctl_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint16_t family;		/* smtp25's generic netlink id */
	uint32_t maxattr;		/* the last attribute it knows */
	uint32_t events_group;		/* its "events" group, 0 if none */
	uint32_t seq;			/* of the last request */
	char *rx;			/* CTL_RX_SIZE bytes */
	char *tx;			/* CTL_MSG_MAX bytes */
};

/*
 * Open the socket (extended and capped ACKs on) and resolve the family.
 * Returns 0, or -1 with e->error: ENOENT when the family does not exist
 * (module not loaded), else what failed.
 */
int ctl_nl_open(struct ctl_nl *nl, struct ctl_nlerr *e);
void ctl_nl_close(struct ctl_nl *nl);

/* Start a request for cmd in nl->tx, with the next sequence number. */
struct nlmsghdr *ctl_nl_request(struct ctl_nl *nl, uint8_t cmd,
				uint16_t flags);

/*
 * Send nlh (with NLM_F_ACK added) and read until its ACK, giving every
 * reply message to cb (may be NULL).  Returns 0, or -1 with e filled.
 * A reply cb refuses (MNL_CB_ERROR) makes the result EPROTO.
 */
int ctl_nl_talk(struct ctl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data, struct ctl_nlerr *e);

/*
 * Send the dump request nlh (NLM_F_DUMP added) and give every message to
 * cb until the dump ends.  Returns 0, -1 with e filled, or 1 when the
 * kernel flagged the dump NLM_F_DUMP_INTR (a change raced it: what cb got
 * may be inconsistent; the dump was read to its end, so it can be redone).
 */
int ctl_nl_dump(struct ctl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data, struct ctl_nlerr *e);

/*
 * Ask for socket buffers of sndbuf and rcvbuf bytes (the FORCE variants
 * first, which root may use past the sysctl limits) and return, through
 * the pointers, what the kernel granted.
 */
void ctl_nl_buffers(struct ctl_nl *nl, size_t *sndbuf, size_t *rcvbuf);

/* Send len bytes (any number of requests) in one sendmsg. */
int ctl_nl_send(struct ctl_nl *nl, const void *buf, size_t len,
		struct ctl_nlerr *e);

/*
 * Read the ACKs of count requests with sequence numbers first,
 * first + 1, ...  All of them are read even after an error; the first
 * error is returned in e (-1).  Returns 0 when every one is an ACK.
 */
int ctl_nl_acks(struct ctl_nl *nl, uint32_t first, uint32_t count,
		struct ctl_nlerr *e);

/* Join the "events" multicast group. */
int ctl_nl_subscribe(struct ctl_nl *nl, struct ctl_nlerr *e);

#endif
