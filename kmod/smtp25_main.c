// SPDX-License-Identifier: GPL-2.0
/*
 * smtp25: module entry, per network namespace state.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "smtp25_lpm.h"
#include "smtp25_net.h"

unsigned int smtp25_net_id __read_mostly;

static int __net_init smtp25_net_init(struct net *net)
{
	struct smtp25_net *sn = smtp25_pernet(net);

	mutex_init(&sn->lock);
	s25_lpm_init(&sn->v4, 32, &sn->lock);
	s25_lpm_init(&sn->v6, 128, &sn->lock);
	return 0;
}

static void __net_exit smtp25_net_exit(struct net *net)
{
	struct smtp25_net *sn = smtp25_pernet(net);

	mutex_lock(&sn->lock);
	s25_lpm_destroy(&sn->v4);
	s25_lpm_destroy(&sn->v6);
	mutex_unlock(&sn->lock);
	mutex_destroy(&sn->lock);
}

static struct pernet_operations smtp25_net_ops = {
	.init = smtp25_net_init,
	.exit = smtp25_net_exit,
	.id = &smtp25_net_id,
	.size = sizeof(struct smtp25_net),
};

static int __init smtp25_init(void)
{
	int err;

	err = register_pernet_subsys(&smtp25_net_ops);
	if (err)
		return err;
	pr_info("loaded\n");
	return 0;
}

static void __exit smtp25_exit(void)
{
	unregister_pernet_subsys(&smtp25_net_ops);
	/* Nodes go with kvfree_rcu(): wait for them before counting. */
	rcu_barrier();
	pr_info("unloaded, %ld bytes still allocated\n", s25_lpm_allocated());
}

module_init(smtp25_init);
module_exit(smtp25_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("smtp25 developers");
MODULE_DESCRIPTION("Port 25 policy for residential and dynamic IP space");
