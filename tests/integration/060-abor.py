# SPDX-License-Identifier: GPL-2.0-or-later
"""ABOR during a transfer: with the data connection still open (python
ftplib's abort(), which sends ABOR as urgent data) and after the client closed
it (curl, lftp); a client that just drops the data connection; the session is
usable afterwards.  RFC 959: 426 for the aborted transfer, then 226."""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree(big=True)
BIG = 'pub/zeros-64m.bin'
BIG_SIZE = 64 * 1024 * 1024
SMALL = TREE.data('pub/small.bin')


def _start_big(c, how='pasv'):
    c.cmd('TYPE I', 200)
    d = c.open_passive(how)
    d.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    c.cmd('RETR ' + BIG, 150)
    got = d.recv(4096)
    check(got, 'no data before ABOR')
    return d


def _sync_abor(c):
    # Telnet IP, Telnet DM as urgent data, ABOR: the RFC 959 way, and what
    # vsftpd's async_abor_enable=YES needs to notice ABOR (SIGURG).
    c.sendraw(b'\xff\xf4\xff')
    c.sendraw(b'\xf2', oob=True)
    c.sendraw(b'ABOR\r\n')


def _after(c):
    c.cmd('NOOP', 200)
    eq(c.retr('pub/small.bin'), SMALL, 'RETR after ABOR')
    eq(c.retr('pub/small.bin', how='port'), SMALL, 'RETR over PORT after ABOR')


def test_abor_without_transfer():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('ABOR', 225, 'No transfer to ABOR.')
        c.cmd('NOOP', 200)


@sockftpd_only
def test_ftplib_abort_data_open():
    # ftplib.abort() sends "ABOR\r\n" with MSG_OOB and does not close the
    # data connection.  vsftpd hangs (default) or answers 500 (with
    # async_abor_enable); sockftpd honours ABOR during a transfer.
    with Server(TREE) as s:
        f = s.ftp()
        f.voidcmd('TYPE I')
        conn = f.transfercmd('RETR ' + BIG)
        track(conn)
        check(conn.recv(65536), 'no data before abort()')
        t0 = time.monotonic()
        resp = f.abort()
        check(resp[:3] in ('426', '225', '226'), 'abort() reply %r' % resp)
        if resp.startswith('426'):
            resp2 = f.getresp()
            check(resp2.startswith('226') or resp2.startswith('225'),
                  'reply after 426: %r' % resp2)
        check(time.monotonic() - t0 < T(5), 'ABOR took %.1fs' %
              (time.monotonic() - t0))
        # The data connection ends: EOF (or reset) well before 64 MiB.
        total = 0
        conn.settimeout(T(10))
        try:
            while True:
                chunk = conn.recv(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
        except ConnectionResetError:
            pass
        check(total < BIG_SIZE - 65536, 'the whole file arrived after ABOR')
        conn.close()
        eq(f.voidcmd('NOOP')[:3], '200', 'NOOP after abort()')
        eq(f.retr_bytes('pub/small.bin'), SMALL, 'RETR after abort()')


def test_ftplib_abort_data_closed():
    # The same through ftplib, closing the data connection before abort().
    with Server(TREE) as s:
        f = s.ftp()
        f.voidcmd('TYPE I')
        conn = f.transfercmd('RETR ' + BIG)
        check(conn.recv(65536), 'no data before abort()')
        conn.close()
        resp = f.abort()
        eq(resp[:3], '426', 'abort() reply')
        resp2 = f.getresp()
        check(resp2[:3] in ('225', '226'), 'reply after 426: %r' % resp2)
        eq(f.voidcmd('NOOP')[:3], '200', 'NOOP after abort()')
        eq(f.retr_bytes('pub/small.bin'), SMALL, 'RETR after abort()')


@sockftpd_only
def test_abor_data_open_plain():
    # ABOR as an ordinary line (no urgent data) while the data connection is
    # still open.  vsftpd never notices it (even with async_abor_enable,
    # which needs SIGURG); sockftpd always honours it.
    with Server(TREE) as s:
        c = s.login()
        d = _start_big(c)
        c.send('ABOR')
        c.expect(426, timeout_s=5)
        c.expect(226)
        d.close()
        _after(c)


def test_abor_with_telnet_sync():
    # tnftp / inetutils ftp: IAC IP, IAC DM as urgent data, then ABOR.
    with Server(TREE, conf={'async_abor_enable': True}) as s:
        c = s.login()
        d = _start_big(c, how='epsv')
        _sync_abor(c)
        c.expect(426)
        c.expect(226)
        d.close()
        _after(c)


def test_abor_after_closing_data():
    # curl and lftp close the data connection first, then send ABOR.
    with Server(TREE) as s:
        c = s.login()
        d = _start_big(c)
        d.close()
        c.send('ABOR')
        c.expect(426)
        r = c.reply()
        match_code(r, (225, 226))
        _after(c)


def test_abor_active_mode():
    with Server(TREE, conf={'async_abor_enable': True}) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        ls = c.listen_active('port')
        c.cmd('RETR ' + BIG, 150)
        d, _ = ls.accept()
        track(d)
        d.settimeout(T(10))
        check(d.recv(4096), 'no data before ABOR')
        _sync_abor(c)
        c.expect(426)
        c.expect(226)
        d.close()
        _after(c)


def test_client_closes_data_without_abor():
    with Server(TREE) as s:
        c = s.login()
        d = _start_big(c)
        d.close()
        c.expect(426)
        _after(c)


def test_client_resets_data_without_abor():
    with Server(TREE) as s:
        c = s.login()
        d = _start_big(c)
        d.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     b'\x01\x00\x00\x00\x00\x00\x00\x00')   # RST on close
        d.close()
        c.expect(426)
        _after(c)


def test_abor_then_quit():
    with Server(TREE, conf={'async_abor_enable': True}) as s:
        c = s.login()
        d = _start_big(c)
        _sync_abor(c)
        c.expect(426)
        c.expect(226)
        d.close()
        c.cmd('QUIT', 221)
        check(c.at_eof(), 'closed after QUIT')
        s.wait_sessions_gone()


def test_quit_during_transfer():
    # QUIT mid-transfer: the session ends (RFC 959 lets the transfer finish
    # or abort it); the processes must go away either way.
    with Server(TREE) as s:
        c = s.login()
        d = _start_big(c)
        d.close()
        c.send('QUIT')
        check(c.at_eof(10), 'session did not end after QUIT')
        codes = [l for _, l in c.transcript if l.startswith(b'221')]
        check(codes, 'no 221 after QUIT')
        s.wait_sessions_gone()


def test_client_vanishes_mid_transfer():
    with Server(TREE) as s:
        c = s.login()
        d = _start_big(c)
        c.close()
        d.close()
        s.wait_sessions_gone(10)



@sockftpd_only
def test_abor_while_awaiting_passive_connection():
    # The client asks for a transfer but never connects to the PASV port,
    # then sends ABOR: the answer comes at once, not after accept_timeout.
    with Server(TREE, conf={'accept_timeout': 30}) as s:
        c = s.login()
        c.cmd('PASV', 227)
        c.send('RETR pub/small.bin')
        t = time.monotonic()
        c.send('ABOR')
        c.expect(425)
        c.expect(226)
        check(time.monotonic() - t < 10, 'ABOR waited for accept_timeout')
        c.cmd('NOOP', 200)


@sockftpd_only
def test_client_leaves_while_awaiting_passive_connection():
    # A client that disappears during the wait must not leave a session
    # process behind for accept_timeout.
    with Server(TREE, conf={'accept_timeout': 60}) as s:
        c = s.login()
        c.cmd('PASV', 227)
        c.send('LIST')
        c.close()
        s.wait_sessions_gone(10)

main()
