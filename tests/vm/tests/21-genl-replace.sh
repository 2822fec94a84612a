#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Atomic replace over hand-built netlink: commit, abort, conflicts, socket
# close, idle timeout, events and multi-message dumps. Ends by unloading
# the module with pools present (the runner checks nothing leaks).
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
need_cmd python3
smtp25_load replace_timeout=2
trap 'smtp25_loaded && smtp25_unload >/dev/null; true' EXIT
PYTHONPATH=$(dirname "$0")/../py python3 "$(dirname "$0")/../py/test_genl_replace.py"
