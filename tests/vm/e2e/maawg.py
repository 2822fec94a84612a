# SPDX-License-Identifier: GPL-2.0
"""Mail servers, a spoofer and sniffers for tests/vm/tests/40-maawg.sh.

One process serves the whole test, reading commands on stdin and writing
one answer line per command (a python start costs seconds in the emulated
VM). It moves between network namespaces with setns(); a socket stays in
the namespace it was created in, and so does a thread, so the servers keep
running in their own namespaces whatever the main thread does next.

    netns NAME               later commands run in /run/netns/NAME
    smtp NAME ADDR PORT [RELAY]
                             an SMTP server NAME on ADDR:PORT, in the
                             current namespace; with RELAY, every message
                             is relayed to RELAY:25 (from this namespace)
                             before the server answers the final dot, and
                             refused (451) if that fails
    log NAME                 what server NAME saw since the last "log":
                             "conn:PEER" per connection, "mail:PEER:FROM"
                             per message accepted, sorted, one line
    tcp SRC DST PORT         connect (from the current namespace), wait for
                             an SMTP banner: ok, refused, timeout, error:...
    sniff NAME IFACE         capture on IFACE of the current namespace
    raw                      raw TCP sockets (IPv4, IPv6) in the current
                             namespace, for probe
    probe SNIFF SRC DST      send, through the raw sockets, a SYN-ACK from
                             SRC port 25 to DST port 2526, then the same
                             from port 2525 (the control), and watch
                             sniffer SNIFF: "arrived" or "dropped" (the
                             control came, the probe did not), "lost" (not
                             even the control came)
    packets POOL             the pool's lookup counter (SMTP25_A_PACKETS),
                             over generic netlink, in the current namespace
"""
import ctypes
import os
import select
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "py"))

TIMEOUT = 20.0          # per SMTP socket operation: TCG is slow
PROBE_DPORT = 2526      # outside the ephemeral range: no client uses it
CONTROL_SPORT = 2525


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def netns(name):
    """Moves this thread into /run/netns/NAME (python 3.11 has no os.setns)."""
    libc = ctypes.CDLL(None, use_errno=True)
    with open(f"/run/netns/{name}") as f:
        if libc.setns(f.fileno(), 0x40000000):  # CLONE_NEWNET
            raise OSError(ctypes.get_errno(), f"setns {name}")
    return "ok"


# --- SMTP ----------------------------------------------------------------------

class Lines:
    """CRLF lines from a socket."""

    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def get(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(4096)
            if not data:
                raise EOFError("connection closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r").decode("utf-8", "replace")


def reply(lines):
    """Reads one (multi-line) SMTP reply: its code."""
    while True:
        line = lines.get()
        if len(line) < 4 or line[3] != "-":
            return int(line[:3])


def relay(dst, mail_from, rcpts, body, helo):
    """Sends one message to dst:25; returns None or what went wrong."""
    s = socket.socket(family(dst), socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    try:
        s.connect((dst, 25))
        lines = Lines(s)
        steps = [(None, 220), (f"EHLO {helo}", 250),
                 (f"MAIL FROM:<{mail_from}>", 250)]
        steps += [(f"RCPT TO:<{r}>", 250) for r in rcpts]
        steps += [("DATA", 354), ("\r\n".join(body + ["."]), 250),
                  ("QUIT", 221)]
        for cmd, want in steps:
            if cmd is not None:
                s.sendall(cmd.encode() + b"\r\n")
            got = reply(lines)
            if got != want:
                return f"{cmd or 'banner'}: {got}"
        return None
    except (OSError, EOFError) as e:
        return str(e)
    finally:
        s.close()


class Server:
    def __init__(self, name, addr, port, relay_to=None):
        self.name, self.relay_to = name, relay_to
        self.events, self.lock = [], threading.Lock()
        self.sock = socket.socket(family(addr), socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((addr, int(port)))
        self.sock.listen(64)
        threading.Thread(target=self.accept, daemon=True).start()

    def log(self, event):
        with self.lock:
            self.events.append(event)

    def accept(self):
        while True:
            c, peer = self.sock.accept()
            self.log(f"conn:{peer[0]}")
            threading.Thread(target=self.session, args=(c, peer[0]),
                             daemon=True).start()

    def session(self, c, peer):
        c.settimeout(TIMEOUT)
        try:
            self.dialogue(c, Lines(c), peer)
        except (OSError, EOFError):
            pass
        finally:
            c.close()

    def dialogue(self, c, lines, peer):
        def say(text):
            c.sendall(text.encode() + b"\r\n")

        say(f"220 {self.name}.example ESMTP smtp25 e2e test")
        mail_from, rcpts = None, []
        while True:
            line = lines.get()
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                say(f"250 {self.name}.example")
            elif verb == "MAIL":
                mail_from, rcpts = line.split(":", 1)[1].strip().strip("<>"), []
                say("250 sender ok")
            elif verb == "RCPT" and mail_from is not None:
                rcpts.append(line.split(":", 1)[1].strip().strip("<>"))
                say("250 recipient ok")
            elif verb == "DATA" and rcpts:
                say("354 end with a dot")
                body = []
                while (line := lines.get()) != ".":
                    body.append(line)
                err = None
                if self.relay_to:
                    err = relay(self.relay_to, mail_from, rcpts, body,
                                f"{self.name}.example")
                if err:
                    say(f"451 relay to {self.relay_to} failed: {err}")
                else:
                    self.log(f"mail:{peer}:{mail_from}")
                    say("250 queued")
                mail_from, rcpts = None, []
            elif verb in ("RSET", "NOOP"):
                if verb == "RSET":
                    mail_from, rcpts = None, []
                say("250 ok")
            elif verb == "QUIT":
                say("221 bye")
                return
            else:
                say("503 bad sequence of commands")

    def take(self):
        with self.lock:
            ev, self.events = self.events, []
        return ev


servers = {}


def smtp(name, addr, port, relay_to=None):
    if name in servers:
        servers[name].append(Server(name, addr, port, relay_to))
    else:
        servers[name] = [Server(name, addr, port, relay_to)]
    return "ok"


def log(name):
    return " ".join(sorted(e for s in servers[name] for e in s.take())) or "-"


def tcp(src, dst, port):
    s = socket.socket(family(dst), socket.SOCK_STREAM)
    s.settimeout(1.0)
    try:
        s.bind((src, 0))
        s.connect((dst, int(port)))
        line = Lines(s).get()
        s.sendall(b"QUIT\r\n")
        return "ok" if line.startswith("220 ") else "nobanner"
    except socket.timeout:
        return "timeout"
    except ConnectionRefusedError:
        return "refused"
    except (OSError, EOFError) as e:
        return f"error:{e}"
    finally:
        s.close()


# --- practice 6: a spoofer and sniffers ------------------------------------------

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def synack(src, dst, sport, dport, seq):
    fam = family(src)
    s, d = socket.inet_pton(fam, src), socket.inet_pton(fam, dst)
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, 1, 5 << 4, 0x12,
                      65535, 0, 0)
    if fam == socket.AF_INET:
        pseudo = s + d + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(hdr))
    else:
        pseudo = s + d + struct.pack("!I3xB", len(hdr), socket.IPPROTO_TCP)
    return hdr[:16] + struct.pack("!H", csum(pseudo + hdr)) + hdr[18:]


raws = {}
sniffers = {}
seq = [0x25000000]


def raw():
    for fam in (socket.AF_INET, socket.AF_INET6):
        raws[fam] = socket.socket(fam, socket.SOCK_RAW, socket.IPPROTO_TCP)
        # it sees every TCP segment of the namespace: read none of them
        raws[fam].setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
    return "ok"


def sniff(name, iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                      socket.htons(0x0003))  # ETH_P_ALL
    s.bind((iface, 0x0003))
    s.setblocking(False)
    sniffers[name] = s
    return "ok"


def tcp_of(data, proto):
    """(src, dst, sport, dport, seq) of an IPv4/IPv6 TCP packet, or None."""
    if proto == 0x0800 and len(data) >= 20 and data[9] == socket.IPPROTO_TCP:
        off = (data[0] & 15) * 4
        src, dst = (socket.inet_ntop(socket.AF_INET, data[i:i + 4]) for i in (12, 16))
    elif proto == 0x86DD and len(data) >= 40 and data[6] == socket.IPPROTO_TCP:
        off = 40
        src, dst = (socket.inet_ntop(socket.AF_INET6, data[i:i + 16]) for i in (8, 24))
    else:
        return None
    if len(data) < off + 8:
        return None
    sport, dport, sq = struct.unpack("!HHI", data[off:off + 8])
    return src, dst, sport, dport, sq


def probe(name, src, dst):
    sn = sniffers[name]
    while True:  # forget what came before
        try:
            sn.recv(65536)
        except BlockingIOError:
            break
    seq[0] += 2
    want = {(src, dst, 25, PROBE_DPORT, seq[0]): "probe",
            (src, dst, CONTROL_SPORT, PROBE_DPORT, seq[0] + 1): "control"}
    rs = raws[family(src)]
    rs.sendto(synack(src, dst, 25, PROBE_DPORT, seq[0]), (dst, 0))
    rs.sendto(synack(src, dst, CONTROL_SPORT, PROBE_DPORT, seq[0] + 1), (dst, 0))
    seen = set()
    end = time.monotonic() + 10.0
    while time.monotonic() < end:
        if not select.select([sn], [], [], end - time.monotonic())[0]:
            break
        try:
            data, addr = sn.recvfrom(65536)
        except BlockingIOError:
            continue
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        what = want.get(tcp_of(data, addr[1]))
        if what:
            seen.add(what)
        if what == "control":
            # the probe went first on the same path: a little slack anyway
            end = min(end, time.monotonic() + 0.2)
    if "probe" in seen:
        return "arrived"
    return "dropped" if "control" in seen else "lost"


def packets(pool):
    from smtp25_genl import A, Genl, string  # noqa: E402
    r = Genl().cmd("POOL_GET", string(A["POOL_NAME"], pool))[0]
    return struct.unpack("=Q", r[14][0])[0]  # SMTP25_A_PACKETS


CMDS = {"netns": netns, "smtp": smtp, "log": log, "tcp": tcp, "sniff": sniff,
        "raw": raw, "probe": probe, "packets": packets}


def main():
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        try:
            out = CMDS[words[0]](*words[1:])
        except Exception as e:  # one bad command must not end the session
            out = f"error:{type(e).__name__}:{e}"
        print("" if out is None else out, flush=True)


if __name__ == "__main__":
    main()
