#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Quick A/B measurement against Debian's vsftpd, both in inetd mode under
systemd-socket-activate on loopback, alternating 5 rounds: sequential
sessions per second (connect, 220, USER/PASS anonymous, QUIT; 200 per
round), RETR of a 1 GiB file from tmpfs and STOR of 1 GiB to tmpfs.  Prints medians and ratios.

Run as root: python3 bench/quick.py build/default/src/sockftpd
Needs /dev/shm/bench/big.bin (1 GiB, mode 0644, dir 0755), vsftpd
installed, /var/run/vsftpd/empty, and the configs /tmp/b-sf.conf
(listen=NO, anonymous_enable=YES, anon_root=/dev/shm/bench, write_enable=YES,
anon_upload_enable=YES, anon_other_write_enable=YES; /dev/shm/bench/up
owned by ftp) and
/tmp/b-vs.conf (the same plus listen_ipv6=NO and
secure_chroot_dir=/var/run/vsftpd/empty).  The full benchmark is the
subject of the benchmark issue; this is its first step.
"""
import socket, subprocess, sys, time, os, statistics
def free_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p
def start(binary, conf):
    port = free_port()
    p = subprocess.Popen(['systemd-socket-activate', '--inetd', '-l', '127.0.0.1:%d' % port, '-a', binary, conf],
                         stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(100):
        try: socket.create_connection(('127.0.0.1', port), 0.1).close(); break
        except OSError: time.sleep(0.02)
    time.sleep(0.2)
    return p, port
def readreply(f):
    while True:
        l = f.readline()
        if len(l) >= 4 and l[3:4] == b' ': return l
def session(port):
    s = socket.create_connection(('127.0.0.1', port)); f = s.makefile('rb')
    readreply(f); s.sendall(b'USER anonymous\r\n'); readreply(f)
    s.sendall(b'PASS x@y\r\n'); readreply(f); s.sendall(b'QUIT\r\n'); readreply(f)
    f.read(); s.close()
def sessions(port, n):
    t = time.perf_counter()
    for _ in range(n): session(port)
    return n / (time.perf_counter() - t)
def retr(port):
    import ftplib
    f = ftplib.FTP(); f.connect('127.0.0.1', port); f.login(); f.voidcmd('TYPE I')
    c = f.transfercmd('RETR big.bin'); n = 0; t = time.perf_counter()
    buf = bytearray(1 << 20)
    while True:
        k = c.recv_into(buf)
        if not k: break
        n += k
    dt = time.perf_counter() - t; c.close(); f.voidresp(); f.quit()
    assert n == 1 << 30, n
    return n / dt / 1e6
def stor(port):
    import ftplib
    f = ftplib.FTP(); f.connect('127.0.0.1', port); f.login(); f.voidcmd('TYPE I')
    buf = b'\0' * (1 << 20)
    t = time.perf_counter()
    c = f.transfercmd('STOR up/big.bin')
    for _ in range(1024):
        c.sendall(buf)
    c.close(); f.voidresp()
    dt = time.perf_counter() - t
    f.quit()
    return (1 << 30) / dt / 1e6
servers = {'sockftpd': (sys.argv[1], '/tmp/b-sf.conf'), 'vsftpd': ('/usr/sbin/vsftpd', '/tmp/b-vs.conf')}
res = {k: {'sps': [], 'mbs': [], 'stor': []} for k in servers}
procs = {k: start(*v) for k, v in servers.items()}
for k, (p, port) in procs.items(): session(port)
for rnd in range(5):
    for k, (p, port) in procs.items():
        res[k]['sps'].append(sessions(port, 200))
        res[k]['mbs'].append(retr(port))
        res[k]['stor'].append(stor(port))
for k, (p, port) in procs.items(): os.killpg(p.pid, 15)
for k in res:
    print(k, 'sessions/s median %.1f' % statistics.median(res[k]['sps']), 'RETR MB/s median %.0f' % statistics.median(res[k]['mbs']), 'STOR MB/s median %.0f' % statistics.median(res[k]['stor']), [round(x) for x in res[k]['sps']], [round(x) for x in res[k]['mbs']], [round(x) for x in res[k]['stor']])
print('ratio sessions/s sockftpd/vsftpd %.2f' % (statistics.median(res['sockftpd']['sps']) / statistics.median(res['vsftpd']['sps'])))
print('ratio RETR sockftpd/vsftpd %.2f' % (statistics.median(res['sockftpd']['mbs']) / statistics.median(res['vsftpd']['mbs'])))
print('ratio STOR sockftpd/vsftpd %.2f' % (statistics.median(res['sockftpd']['stor']) / statistics.median(res['vsftpd']['stor'])))
