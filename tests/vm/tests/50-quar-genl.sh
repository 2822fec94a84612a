#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Pool limits, quarantine by hand and the host table over hand-built
# netlink (no traffic): validation, expiry, offences, events. Ends by
# unloading the module with quarantine records present.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
need_cmd python3
smtp25_load max_hosts=1000
trap 'smtp25_loaded && smtp25_unload >/dev/null; true' EXIT
PYTHONPATH=$(dirname "$0")/../py python3 "$(dirname "$0")/../py/test_quar_genl.py"
