# SPDX-License-Identifier: GPL-2.0
"""PASS:/FAIL: lines and the exit code, kernel selftest style."""
import sys
import time

failed = 0


def check(what, ok, detail=""):
    global failed
    if ok:
        print(f"PASS: {what}", flush=True)
    else:
        failed += 1
        print(f"FAIL: {what}{': ' + str(detail) if detail else ''}", flush=True)
    return ok


def expect_error(what, errno, fn, msg_part=None):
    """fn() must fail with errno (and an extack containing msg_part)."""
    from smtp25_genl import Error
    try:
        fn()
    except Error as e:
        ok = e.errno == errno and (msg_part is None or msg_part in e.msg)
        return check(what, ok, f"errno {e.errno}, extack '{e.msg}'") and e
    return check(what, False, "no error")


def wait_for(fn, seconds=5.0):
    """fn() once it is true, polled every 0.1 s for at most `seconds`."""
    end = time.time() + seconds
    while time.time() < end:
        if fn():
            return True
        time.sleep(0.1)
    return fn()


def finish():
    sys.exit(1 if failed else 0)
