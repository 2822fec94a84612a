# SPDX-License-Identifier: GPL-2.0
#
# smtp25: top-level build. The module is built out of tree against KDIR;
# the userland lives in tools/ and libnft-ext/.

# This machine may run a kernel without modules or headers: fall back to
# the newest installed kernel build tree (Debian's linux-headers-amd64).
KVER ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
	  $(lastword $(sort $(wildcard /lib/modules/*/build))))
PWD := $(CURDIR)
RESULTS := $(PWD)/build/results

.PHONY: all module tools plugin clean install check check-deps \
	check-static check-unit check-ext check-kunit check-vm bench demo \
	style help

all: module tools plugin

help:
	@echo "make             build smtp25.ko (KDIR=$(KDIR)), smtp25ctl and libxt_smtp25.so"
	@echo "make demo        build, boot Debian's kernel in qemu, show smtp25 at work"
	@echo "make check       run every test suite (installs what it needs)"
	@echo "make bench       lookup benchmark (UML), and pool load against ipset and nft (VM)"
	@echo "make install     install the module and the userland"

module:
	@test -n "$(KDIR)" || { echo "no kernel build tree: set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(PWD) modules

tools:
	$(MAKE) -C tools

plugin:
	$(MAKE) -C libnft-ext

install: all
	$(MAKE) -C $(KDIR) M=$(PWD) modules_install
	$(MAKE) -C tools install
	$(MAKE) -C libnft-ext install

clean:
	-$(MAKE) -C $(KDIR) M=$(PWD) clean
	-$(MAKE) -C tools clean
	-$(MAKE) -C libnft-ext clean
	rm -rf build

check-deps:
	@tests/deps.sh

# Every suite runs even when an earlier one failed; the summary line at
# the end counts them all and sets the exit status.
SUITES := static unit libnft-ext kunit vm
check: check-deps
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	-@$(MAKE) --no-print-directory check-static
	-@$(MAKE) --no-print-directory check-unit
	-@$(MAKE) --no-print-directory check-ext
	-@$(MAKE) --no-print-directory check-kunit
	-@$(MAKE) --no-print-directory check-vm
	@tests/summarize.sh $(RESULTS) $(SUITES)

check-static:
	KDIR=$(KDIR) tests/static/run.sh

check-unit:
	$(MAKE) -C tools check

check-ext:
	$(MAKE) -C libnft-ext check

check-kunit:
	tests/kunit/run.sh

# The VM tests drive the freshly built smtp25ctl and iptables plugin.
check-vm: module tools plugin
	tests/vm/run.sh

# Both run even when the first fails; figures only, no pass/fail.
bench: check-deps module tools
	@rc=0; tests/bench/run.sh || rc=1; tests/bench/vm-load.sh || rc=1; exit $$rc

# The demonstration: the MAAWG scenario with real SMTP sessions in
# Debian's kernel under qemu (see tests/vm/tests/40-maawg.sh).
demo: check-deps module tools plugin
	tests/vm/run.sh 01 40

style:
	KDIR=$(KDIR) tests/static/run.sh
