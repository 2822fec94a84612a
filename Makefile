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
# One version for the module, DKMS and the packages (debian/changelog).
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(CURDIR)/dkms.conf)

.PHONY: all module tools plugin clean install install-userland dkms-source \
	deb check check-deps check-static check-unit check-ext check-pkg \
	check-kunit check-vm check-vm-packaged vm-tools bench demo style help

all: module tools plugin

help:
	@echo "make             build smtp25.ko (KDIR=$(KDIR)), smtp25ctl and libxt_smtp25.so"
	@echo "make demo        build, boot Debian's kernel in qemu, show smtp25 at work"
	@echo "make check       run every test suite (installs what it needs)"
	@echo "make bench       lookup benchmark (UML), and pool load against ipset and nft (VM)"
	@echo "make install     install the module and the userland"
	@echo "make deb         Debian packages smtp25-dkms and smtp25-tools in build/pkg/"

module:
	@test -n "$(KDIR)" || { echo "no kernel build tree: set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(PWD) modules

tools:
	$(MAKE) -C tools

plugin:
	$(MAKE) -C libnft-ext

install: all install-userland
	$(MAKE) -C $(KDIR) M=$(PWD) modules_install

# Everything but the module (debian/rules installs smtp25-tools with it).
install-userland: tools plugin
	$(MAKE) -C tools install
	$(MAKE) -C libnft-ext install
	$(MAKE) -C dist install

# The module's source as DKMS wants it, in $(DESTDIR)/usr/src/smtp25-VERSION;
# then "dkms install smtp25/VERSION" adds, builds and installs it.
DKMS_SRC = $(DESTDIR)/usr/src/smtp25-$(VERSION)
dkms-source:
	install -d $(DKMS_SRC)
	install -m 0644 Kbuild dkms.conf $(DKMS_SRC)/
	find kmod include -name '*.[ch]' -exec install -D -m 0644 {} $(DKMS_SRC)/{} \;

# Debian packages, built in a copy of the tree under build/pkg/.
deb:
	tests/pkg/build.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(PWD) clean
	-$(MAKE) -C tools clean
	-$(MAKE) -C libnft-ext clean
	rm -rf build

check-deps:
	@tests/deps.sh

# Every suite runs even when an earlier one failed; the summary line at
# the end counts them all and sets the exit status. The packages suite
# installs smtp25-dkms, whose DKMS build is the module the VM suite then
# tests (check-vm-packaged).
SUITES := static unit libnft-ext pkg kunit vm
check: check-deps
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	-@$(MAKE) --no-print-directory check-static
	-@$(MAKE) --no-print-directory check-unit
	-@$(MAKE) --no-print-directory check-ext
	-@$(MAKE) --no-print-directory check-pkg
	-@$(MAKE) --no-print-directory check-kunit
	-@$(MAKE) --no-print-directory check-vm-packaged
	@tests/summarize.sh $(RESULTS) $(SUITES)

check-static:
	KDIR=$(KDIR) tests/static/run.sh

check-unit:
	$(MAKE) -C tools check

check-ext:
	$(MAKE) -C libnft-ext check

check-kunit:
	tests/kunit/run.sh

# Debian packages: build, lintian, install here (DKMS builds the module
# for the kernel the VM boots), check what was installed.
check-pkg:
	KDIR=$(KDIR) tests/pkg/run.sh

# The VM tests drive the freshly built smtp25ctl and iptables plugin, and
# helpers of their own (tests/vm/tools: traffic generators).
VM_TOOLS := $(patsubst tests/vm/tools/%.c,build/vm-tools/%,$(wildcard tests/vm/tools/*.c))
vm-tools: $(VM_TOOLS)
build/vm-tools/%: tests/vm/tools/%.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

check-vm: module tools plugin vm-tools
	tests/vm/run.sh

# The same, with the module that check-pkg had DKMS install; the
# packages' own test (6x) must then find them, not skip. Without that
# module (check-pkg failed), the build tree's and a failing 6x test.
check-vm-packaged: module tools plugin vm-tools
	SMTP25_PACKAGES=1 SMTP25_KO="$$(cat build/pkg/installed-ko 2>/dev/null || \
		echo $(PWD)/smtp25.ko)" tests/vm/run.sh

# The lookup bench in UML, then the VM benches: pool load against ipset
# and nft, the cost of accounting. All run even when one fails; figures
# only, no pass/fail.
bench: check-deps module tools plugin vm-tools
	@rc=0; tests/bench/run.sh || rc=1; tests/bench/vm-load.sh || rc=1; \
		tests/bench/vm.sh || rc=1; exit $$rc

# The demonstration: the MAAWG scenario with real SMTP sessions in
# Debian's kernel under qemu, narrated as it happens (tests/vm/demo/).
demo: check-deps module tools plugin
	SMTP25_VM_LIVE=1 tests/vm/run.sh tests/vm/demo/maawg.sh

style:
	KDIR=$(KDIR) tests/static/run.sh
