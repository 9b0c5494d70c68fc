# SPDX-License-Identifier: GPL-2.0-or-later
"""Launch modes: the control socket on fd 0 (systemd-socket-activate --inetd,
xinetd, or a socket given as stdin) and on fd 3 with LISTEN_FDS/LISTEN_PID;
IPv4 and IPv6 (::1); processes gone after each session; diagnostics never
reach the client under xinetd."""

import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree()
SMALL = TREE.data('pub/small.bin')


def _session(s, ipv6=False):
    c = s.login()
    if not ipv6:
        eq(c.retr('pub/small.bin'), SMALL, 'RETR over EPSV/PASV')
    eq(c.retr('pub/small.bin', how='epsv'), SMALL, 'RETR over EPSV')
    eq(c.retr('pub/small.bin', how='eprt'), SMALL, 'RETR over EPRT')
    entries = parse_list(c.listing('LIST pub', how='epsv'))
    check(b'random.bin' in entries, 'LIST pub')
    c.cmd('QUIT', 221)
    check(c.at_eof(), 'connection closed after QUIT')
    s.wait_sessions_gone()
    return c


def _need_ipv6():
    if not have_ipv6():
        skip('::1 is not available')


def test_inetd_fd0():
    with Server(TREE, launcher='inetd') as s:
        c = _session(s)
        r = [l for d, l in c.transcript if l.startswith(b'220')]
        check(r, 'greeting')


@sockftpd_only
def test_fd3_listen_fds():
    with Server(TREE, launcher='fd3') as s:
        _session(s)
        f = s.ftp()
        eq(f.retr_bytes('pub/random.bin'), TREE.data('pub/random.bin'),
           'ftplib over fd 3')
        f.quit()


def test_inetd_ipv6():
    _need_ipv6()
    with Server(TREE, launcher='inetd', addr='::1') as s:
        _session(s, ipv6=True)
        f = s.ftp()                      # ftplib uses EPSV on IPv6
        eq(f.retr_bytes('pub/small.bin'), SMALL, 'ftplib over ::1')
        f.set_pasv(False)                # and EPRT
        eq(f.retr_bytes('pub/small.bin'), SMALL, 'ftplib active over ::1')
        f.quit()


@sockftpd_only
def test_fd3_ipv6():
    _need_ipv6()
    with Server(TREE, launcher='fd3', addr='::1') as s:
        _session(s, ipv6=True)


@sockftpd_only
def test_ipv6_pasv():
    # RFC 2428 leaves PASV undefined on IPv6; a server must not advertise
    # a bogus address (vsftpd answers 227 with 0,0,0,0).
    _need_ipv6()
    with Server(TREE, addr='::1') as s:
        c = s.login()
        r = c.cmd('PASV')
        if r.code == 227:
            check('0,0,0,0' not in r.text, 'PASV on IPv6: %s' % r)
        else:
            match_code(r, (500, 501, 502, 522, 550))


def test_ipv6_bounce_refused():
    _need_ipv6()
    with Server(TREE, addr='::1') as s:
        c = s.login()
        c.cmd('EPRT |2|::1|80|', 500, 'Illegal EPRT command.')
        r = c.cmd('EPRT |1|127.0.0.1|%d|' % free_port())
        match_code(r, '5')
        r = c.cmd('PORT 127,0,0,1,200,1')
        match_code(r, '5')
        eq(c.retr('pub/small.bin', how='eprt'), SMALL, 'EPRT to ::1')


def test_curl_ipv6():
    need_tool('curl')
    _need_ipv6()
    with Server(TREE, addr='::1') as s:
        r = run(['curl', '-sS', '--max-time', str(int(T(20))), s.url +
                 '/pub/random.bin'])
        eq(r.rc, 0, 'curl exit: %s' % r.err)
        eq(r.out, TREE.data('pub/random.bin'), 'curl over ::1')


def test_xinetd():
    need_root()
    with Server(TREE, launcher='xinetd') as s:
        _session(s)


def test_xinetd_ipv6():
    need_root()
    _need_ipv6()
    with Server(TREE, launcher='xinetd', addr='::1') as s:
        _session(s, ipv6=True)


def test_xinetd_bad_config_nothing_leaks():
    # Under xinetd fd 2 is the client socket: the client must get one reply
    # line and nothing of the diagnostic.
    need_root()
    with Server(TREE, launcher='xinetd',
                conf={'anon_rot': TREE.path}) as s:
        c = s.ctrl(greet=False)
        data = recv_all(c.sock, T(10))
        c.transcript.append(('<', data))
        lines = data.split(b'\r\n')
        eq(lines[-1], b'', 'reply ends with CRLF: %r' % data)
        eq(len(lines), 2, 'exactly one line reaches the client: %r' % data)
        if IS_VSFTPD:
            check(data.startswith(b'500 OOPS'), 'vsftpd OOPS: %r' % data)
        else:
            check(data.startswith(b'421'), 'a 421 line: %r' % data)
            not_contains(data, s.conf_path.encode(), 'the reply')
        not_contains(data, b'220', 'the reply')


def test_socket_on_stdin_directly():
    # No launcher at all: a connected TCP socket as fd 0 (and 1).
    if IS_VSFTPD:
        need_root()
    conf = tempdir()
    cpath = write_file(os.path.join(conf, 'ftp.conf'), conf_text(
        Server(TREE).options), 0o600)
    ls = socket.socket()
    ls.bind(('127.0.0.1', 0))
    ls.listen(1)
    track(ls)
    client = connect('127.0.0.1', ls.getsockname()[1])
    server_side, _ = ls.accept()
    track(server_side)
    proc = subprocess.Popen([SERVER, cpath], stdin=server_side.fileno(),
                            stdout=server_side.fileno(),
                            stderr=subprocess.PIPE, start_new_session=True)
    server_side.close()
    try:
        c = Ctrl.from_socket(client)
        c.expect(220)
        c.login()
        c.cmd('SYST', 215)
        c.cmd('QUIT', 221)
        check(c.at_eof(), 'closed after QUIT')
        rc = proc.wait(T(10))
        eq(rc, 0, 'exit status after QUIT (stderr: %r)' %
           proc.stderr.read()[-2000:])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _fd3_run(listen_pid_expr, timeout_s=10):
    """Start sockftpd with a connected socket on fd 3 and LISTEN_FDS=1;
    listen_pid_expr is shell text for LISTEN_PID ($$ is the server's pid
    after exec).  Returns (proc, client socket)."""
    conf = tempdir()
    cpath = write_file(os.path.join(conf, 'ftp.conf'), conf_text(
        Server(TREE).options), 0o600)
    ls = socket.socket()
    ls.bind(('127.0.0.1', 0))
    ls.listen(1)
    track(ls)
    client = connect('127.0.0.1', ls.getsockname()[1])
    track(client)
    server_side, _ = ls.accept()
    fd = server_side.fileno()
    script = 'exec 3>&%d %d>&-; LISTEN_FDS=1 LISTEN_PID=%s exec "$0" "$1"' % (
        fd, fd, listen_pid_expr)
    proc = subprocess.Popen(['sh', '-c', script, SOCKFTPD, cpath],
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            pass_fds=(fd,), start_new_session=True)
    server_side.close()
    return proc, client


@sockftpd_only
def test_fd3_listen_pid_checked():
    proc, client = _fd3_run('$$')
    try:
        client.settimeout(T(10))
        greeting = client.recv(1000)
        check(greeting.startswith(b'220'), 'greeting on fd 3: %r' % greeting)
        client.sendall(b'QUIT\r\n')
        eq(proc.wait(T(10)), 0, 'exit status after QUIT')
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # LISTEN_PID names another process: the fds are not ours; stdin is not a
    # socket either, so this is the usage error (exit 3).
    proc, client = _fd3_run('1')
    try:
        rc = proc.wait(T(10))
        err = proc.stderr.read()
        eq(rc, 3, 'exit status with a foreign LISTEN_PID (stderr %r)' % err)
        check(err.strip(), 'no message on stderr')
        client.settimeout(T(5))
        try:
            data = client.recv(1000)
        except ConnectionResetError:
            data = b''
        eq(data, b'', 'bytes sent on a socket that was not ours')
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_sequential_sessions():
    n = 60
    with Server(TREE) as s:
        t0 = time.monotonic()
        for i in range(n):
            c = s.ctrl()
            c.login()
            c.cmd('QUIT', 221)
            check(c.at_eof(), 'session %d closed' % i)
            c.close()
        elapsed = time.monotonic() - t0
        print('    %d sequential sessions in %.2fs (%.0f/s)' % (
            n, elapsed, n / elapsed))
        s.wait_sessions_gone()
        check(elapsed < T(30), '%d sessions took %.1fs' % (n, elapsed))


def test_session_processes_exit_on_disconnect():
    with Server(TREE) as s:
        c = s.login()
        wait_for(lambda: s.session_pids(), 5, 'a session process')
        c.close()                       # no QUIT
        s.wait_sessions_gone()
        c = s.ctrl()                    # before login
        c.close()
        s.wait_sessions_gone()


main()
