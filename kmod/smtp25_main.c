// SPDX-License-Identifier: GPL-2.0
/*
 * smtp25: module entry and per network namespace state.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <uapi/linux/smtp25.h>

#include "smtp25_genl.h"
#include "smtp25_host.h"
#include "smtp25_lpm.h"
#include "smtp25_match.h"
#include "smtp25_net.h"
#include "smtp25_pool.h"
#include "smtp25_quar.h"
#include "smtp25_replace.h"

unsigned int smtp25_net_id __read_mostly;

unsigned long smtp25_max_prefixes __read_mostly = 4UL << 20;
module_param_named(max_prefixes, smtp25_max_prefixes, ulong, 0644);
MODULE_PARM_DESC(max_prefixes, "Most prefixes one network namespace may hold (default 4194304)");

unsigned int smtp25_replace_timeout __read_mostly = 60;
module_param_named(replace_timeout, smtp25_replace_timeout, uint, 0644);
MODULE_PARM_DESC(replace_timeout, "Seconds an idle pool replace is kept before it is dropped (default 60)");

unsigned int smtp25_max_hosts __read_mostly = 65536;
module_param_named(max_hosts, smtp25_max_hosts, uint, 0644);
MODULE_PARM_DESC(max_hosts, "Most source hosts one network namespace accounts for (default 65536)");

unsigned int smtp25_host_timeout __read_mostly = 3600;
module_param_named(host_timeout, smtp25_host_timeout, uint, 0644);
MODULE_PARM_DESC(host_timeout, "Seconds after which an idle host's accounting entry goes (default 3600)");

unsigned int smtp25_quarantine_memory __read_mostly = 7 * 86400;
module_param_named(quarantine_memory, smtp25_quarantine_memory, uint, 0644);
MODULE_PARM_DESC(quarantine_memory, "Seconds a released host's offences are remembered (default 604800)");

static int __net_init smtp25_net_init(struct net *net)
{
	struct smtp25_net *sn = smtp25_pernet(net);

	mutex_init(&sn->lock);
	s25_lpm_init(&sn->v4, 32, &sn->lock);
	s25_lpm_init(&sn->v6, 128, &sn->lock);
	idr_init(&sn->pools);
	sn->nr_pools = 0;
	sn->generation = 0;
	smtp25_staging_net_init(sn);
	RCU_INIT_POINTER(sn->hosts, NULL);
	smtp25_quar_net_init(sn, net);
	return 0;
}

static void __net_exit smtp25_net_exit(struct net *net)
{
	struct smtp25_net *sn = smtp25_pernet(net);

	smtp25_staging_net_exit(sn);
	smtp25_quar_net_exit(sn);
	mutex_lock(&sn->lock);
	smtp25_hosts_destroy(sn);
	s25_lpm_destroy(&sn->v4);
	s25_lpm_destroy(&sn->v6);
	smtp25_pools_flush(sn);
	mutex_unlock(&sn->lock);
	idr_destroy(&sn->pools);
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

	err = smtp25_host_cache_init();
	if (err)
		return err;
	err = register_pernet_subsys(&smtp25_net_ops);
	if (err)
		goto err_cache;
	err = smtp25_staging_init();
	if (err)
		goto err_pernet;
	err = smtp25_genl_init();
	if (err)
		goto err_staging;
	err = smtp25_match_init();
	if (err)
		goto err_genl;
	pr_info("loaded\n");
	return 0;

err_genl:
	smtp25_genl_exit();
err_staging:
	smtp25_staging_exit();
err_pernet:
	unregister_pernet_subsys(&smtp25_net_ops);
err_cache:
	rcu_barrier();
	smtp25_host_cache_exit();
	return err;
}

static void __exit smtp25_exit(void)
{
	smtp25_match_exit();
	smtp25_genl_exit();
	smtp25_staging_exit();
	unregister_pernet_subsys(&smtp25_net_ops);
	/* Nodes, pools and hosts are freed after grace periods: wait. */
	rcu_barrier();
	smtp25_host_cache_exit();
	pr_info("unloaded, %ld bytes still allocated\n",
		s25_lpm_allocated() + smtp25_host_allocated() +
		smtp25_quar_allocated());
}

module_init(smtp25_init);
module_exit(smtp25_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("smtp25 developers");
MODULE_DESCRIPTION("Port 25 policy for residential and dynamic IP space");
MODULE_ALIAS_GENL_FAMILY(SMTP25_GENL_NAME);
