# SPDX-License-Identifier: GPL-2.0-or-later
"""Bandwidth limits: anon_max_rate=4 MiB/s makes a 64 MiB download take
16 s within 5% as the client measures it (the issue's one timing
requirement), without the session burning CPU while it waits, and the logs
report that duration and rate; a 16 MiB upload takes 4 s within 10%;
trans_chunk_size=65536 is accepted and the rate still holds.  About 27 s."""

import os
import re
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

MIB = 1024 * 1024
RATE = 4 * MIB


def _tree():
    t = upload_tree('up')
    t.mkdir('pub')
    for name, size in (('zeros-64m.bin', 64 * MIB), ('zeros-16m.bin',
                                                     16 * MIB)):
        full = t.local('pub/' + name)
        with open(full, 'wb') as f:
            f.truncate(size)
        os.chmod(full, 0o644)
    return t


TREE = _tree()
UP = {'write_enable': True, 'anon_upload_enable': True}


def _within(got, want, tolerance, what):
    lo, hi = want * (1 - tolerance), want * (1 + tolerance)
    check(lo <= got <= hi, '%s: %.2f s, want %.2f s within %d%% '
          '(%.2f..%.2f)' % (what, got, want, tolerance * 100, lo, hi))


def _timed_download(s, c, path, size, cpu_probe=False):
    """RETR path; returns (seconds from RETR to EOF, session CPU share
    while the transfer ran or None)."""
    c.cmd('TYPE I', 200)
    d = c.open_passive()
    d.settimeout(T(60))
    t0 = time.monotonic()
    c.cmd('RETR ' + path, 150)
    total = 0
    cpu = None
    probe_start = None
    while True:
        chunk = d.recv(1 << 20)
        if not chunk:
            break
        total += len(chunk)
        if cpu_probe and probe_start is None and total >= 2 * MIB:
            pids = s.session_pids()
            probe_start = (time.monotonic(), cpu_seconds(pids), pids)
        if cpu_probe and probe_start and cpu is None and \
                total >= size - 4 * MIB:
            t_start, cpu_start, pids = probe_start
            cpu = (cpu_seconds(pids) - cpu_start) / (time.monotonic() -
                                                     t_start)
    elapsed = time.monotonic() - t0
    d.close()
    c.expect(226)
    eq(total, size, 'bytes received')
    return elapsed, cpu


@timeout(60)
def test_anon_max_rate_download_64m():
    logs = log_dir()
    vlog = show_log(os.path.join(logs, 'vsftpd.log'))
    xlog = show_log(os.path.join(logs, 'xferlog'))
    conf = {'anon_max_rate': RATE, 'xferlog_enable': True,
            'xferlog_std_format': True, 'dual_log_enable': True,
            'vsftpd_log_file': vlog, 'xferlog_file': xlog}
    with Server(TREE, conf=conf) as s:
        c = s.login()
        elapsed, cpu = _timed_download(s, c, 'pub/zeros-64m.bin', 64 * MIB,
                                       cpu_probe=True)
        note('64 MiB at 4 MiB/s: %.2f s, session CPU %.1f%%' % (
            elapsed, 100 * cpu))
        _within(elapsed, 16.0, 0.05, '64 MiB at anon_max_rate=4 MiB/s')
        # A limiter that polls or writes tiny pieces burns CPU while it
        # waits; a sleeping one does not.
        limit = 0.5 if SANITIZERS else 0.25
        check(cpu < limit, 'session processes used %.0f%% of a CPU during '
              'a rate-limited transfer (limit %.0f%%)' % (100 * cpu,
                                                          100 * limit))
        c.cmd('QUIT', 221)
    # The logs report what the client saw.
    xfer = [l for l in log_lines(xlog)]
    eq(len(xfer), 1, 'xferlog lines')
    fields = xfer[0][25:].split(b' ')
    check(15 <= int(fields[0]) <= 17, 'xferlog transfer time %r' % xfer[0])
    eq(int(fields[2]), 64 * MIB, 'xferlog bytes')
    ok = [l for l in log_lines(vlog) if b'OK DOWNLOAD: ' in l]
    eq(len(ok), 1, 'OK DOWNLOAD lines')
    m = re.search(rb', (\d+\.\d\d)Kbyte/sec$', ok[0])
    check(m, 'no rate in %r' % ok[0])
    rate = float(m.group(1))
    check(4096 * 0.95 <= rate <= 4096 * 1.05,
          'logged rate %.2f Kbyte/sec, want 4096 within 5%%' % rate)


@timeout(30)
def test_anon_max_rate_upload_16m():
    # The client's sendall() returns once the data is in socket buffers,
    # so the clock stops at the 226, when the server has read it all.
    t = upload_tree('up')
    data = random_bytes(16 * MIB, b'rate-up')
    with Server(t, conf=dict(UP, anon_max_rate=RATE)) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/rated.bin')
        t0 = time.monotonic()
        view = memoryview(data)
        for i in range(0, len(data), 256 * 1024):
            sock.sendall(view[i:i + 256 * 1024])
        sock.close()
        c.expect(226, timeout_s=30)
        elapsed = time.monotonic() - t0
        note('16 MiB upload at 4 MiB/s: %.2f s' % elapsed)
        _within(elapsed, 4.0, 0.10, '16 MiB upload at anon_max_rate=4 MiB/s')
        eq(read_bytes(t.local('up/rated.bin')), data, 'uploaded file')


@timeout(30)
def test_trans_chunk_size():
    conf = {'anon_max_rate': RATE, 'trans_chunk_size': 65536}
    with Server(TREE, conf=conf) as s:
        c = s.login()
        elapsed, _ = _timed_download(s, c, 'pub/zeros-16m.bin', 16 * MIB)
        note('16 MiB at 4 MiB/s, trans_chunk_size=65536: %.2f s' % elapsed)
        _within(elapsed, 4.0, 0.05,
                '16 MiB at anon_max_rate=4 MiB/s, trans_chunk_size=65536')


main()
