#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Memory of one idle logged-in session, sockftpd against vsftpd.

For each server in turn (ROUNDS times, alternating), start it in inetd
mode under systemd-socket-activate on a free loopback port, log in with
USER/PASS, wait, and sum Private_Dirty (and Pss_Dirty) from
/proc/PID/smaps_rollup over every process of the session (the launcher's
descendants).  As root:

    python3 bench/idle_memory.py --user NAME --password PW \\
        SOCKFTPD_BINARY SOCKFTPD_CONF VSFTPD_CONF

The configurations must allow that login (for local users: local_enable=
YES and a pam_service_name; vsftpd also needs listen=NO, listen_ipv6=NO,
seccomp_sandbox=NO and an existing secure_chroot_dir).  Run `sync` after
building: pages of a freshly written binary count as dirty until they
are written back.
"""

import argparse
import socket
import statistics
import subprocess
import time

from bench import descendants, free_port, smaps_kib


def dirty(pid):
    """Private_Dirty and Pss_Dirty of pid in KiB (0 where missing)."""
    return (smaps_kib(pid, 'Private_Dirty') or 0,
            smaps_kib(pid, 'Pss_Dirty') or 0)


def measure(binary, conf, user, password, settle):
    port = free_port()
    launcher = subprocess.Popen(
        ['systemd-socket-activate', '--inetd', '-l', '127.0.0.1:%d' % port,
         '-a', binary, conf], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while True:
            try:
                c = socket.create_connection(('127.0.0.1', port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        f = c.makefile('rb')
        f.readline()
        c.sendall(('USER %s\r\n' % user).encode())
        f.readline()
        c.sendall(('PASS %s\r\n' % password).encode())
        reply = f.readline().decode().strip()
        if not reply.startswith('230'):
            raise SystemExit('%s: login failed: %s' % (binary, reply))
        time.sleep(settle)
        procs = descendants(launcher.pid)
        per = [dirty(p) for p in procs]
        c.close()
        return (len(procs), sum(p for p, _ in per), sum(q for _, q in per))
    finally:
        launcher.terminate()
        launcher.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--user', default='anonymous')
    ap.add_argument('--password', default='bench@example.org')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--settle', type=float, default=0.5)
    ap.add_argument('--vsftpd', default='/usr/sbin/vsftpd')
    ap.add_argument('sockftpd')
    ap.add_argument('sockftpd_conf')
    ap.add_argument('vsftpd_conf')
    a = ap.parse_args()
    res = {'sockftpd': [], 'vsftpd': []}
    for _ in range(a.rounds):
        res['sockftpd'].append(measure(a.sockftpd, a.sockftpd_conf, a.user,
                                       a.password, a.settle))
        res['vsftpd'].append(measure(a.vsftpd, a.vsftpd_conf, a.user,
                                     a.password, a.settle))
    med = {}
    for name, rows in res.items():
        med[name] = (rows[0][0], statistics.median(r[1] for r in rows),
                     statistics.median(r[2] for r in rows))
        print('%-9s processes %d  private dirty %6.0f KiB  pss dirty '
              '%6.0f KiB  (%d rounds)' % ((name,) + med[name] + (a.rounds,)))
    print('ratio sockftpd/vsftpd: private dirty %.2f, pss dirty %.2f' % (
        med['sockftpd'][1] / med['vsftpd'][1],
        med['sockftpd'][2] / med['vsftpd'][2]))


if __name__ == '__main__':
    main()
