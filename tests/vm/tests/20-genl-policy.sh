#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hand-built netlink messages against the smtp25 family: wrong types,
# wrong lengths, missing and unknown attributes are refused with a
# readable extack message, and the state is unchanged afterwards. The
# runner's kernel-log check fails the test on any splat.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
need_cmd python3
# shellcheck disable=SC2119 # no module parameters
smtp25_load
trap 'smtp25_unload >/dev/null || true' EXIT
PYTHONPATH=$(dirname "$0")/../py python3 "$(dirname "$0")/../py/test_genl_policy.py"
