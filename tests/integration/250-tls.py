#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""FTPS (RFC 4217) driven by Python's ssl module: FEAT, AUTH TLS/SSL and the
STARTTLS injection (CVE-2011-1575), PBSZ/PROT/CCC replies, the login and
data rules (allow_anon_ssl, force_{local,anon}_{logins,data}_ssl), ABOR
during a TLS download, a paced TLS download (its xferlog size and its
close_notify), require_ssl_reuse (fresh sessions, another connection's
session, stock ftplib.FTP_TLS, resuming clients over PASV/EPSV/PORT/EPRT),
truncated TLS uploads and TLS 1.3 uploads closed without reading, a
plaintext client on a PROT P data connection, implicit_ssl, the fd3 and
xinetd launchers and ::1, ALPN and SNI (ALPACA), TLS versions
(ssl_tlsv12, ssl_tlsv13), certificate forms, a missing certificate, and
local users over TLS 1.2 (ticket and session ID) and 1.3 (root: real
PAM, temporary users).  A self-signed certificate is made once per
run."""

import io
import os
import ssl
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

try:
    CERT, KEY = tls_cert()
except Skip as e:
    skip_file(str(e))

TREE = make_tree()
ANON = dict(allow_anon_ssl=True)        # anonymous sessions may use TLS
PW = 'Pw-tls-1'

REUSE_522 = 'SSL connection failed: session reuse required'

# How clients resume: TLS 1.2 with a session ticket (Python's default),
# TLS 1.2 by session ID from the server's cache (curl sets OP_NO_TICKET),
# TLS 1.3 with a ticket sent after the handshake.
RESUMPTIONS = (('1.2', True), ('1.2', False), ('1.3', True))


def resumption(version, tickets):
    return 'TLS %s %s' % (version, 'ticket' if tickets else 'session ID')
DATA_522 = 'Data connections must be encrypted.'


def tls_server(tree=TREE, **conf):
    return Server(tree, conf=tls_conf(**conf))


def feat_lines(c):
    r = c.cmd('FEAT', 211)
    return [l.strip() for l in r.lines[1:-1]]


def tls_login(s, version=None, prot=True, **kw):
    """AUTH TLS, anonymous login, PBSZ 0 and (prot) PROT P."""
    c = s.ctrl()
    c.auth_tls(tls_context(version, **kw))
    c.login()
    c.cmd('PBSZ 0', 200)
    if prot:
        c.cmd('PROT P', 200, 'PROT now Private.')
    return c


def refused_login(c, user, text, password='ftptest@example.org'):
    """530 with this text, to USER or (after 331) to PASS; the session is
    not logged in afterwards (vsftpd closes the connection)."""
    r = c.cmd('USER %s' % user)
    if r.code != 530:
        match_code(r, 331)
        r = c.cmd('PASS %s' % password)
    match_code(r, 530)
    eq(r.text, text, 'refusal of %s' % user)
    if not c.at_eof(0.3):
        c.cmd('PWD', 530)


def refused_data(c, command, text=DATA_522):
    """A data command on an open PASV connection is refused with 522."""
    sock = c.open_passive()
    c.cmd(command, 522, text)
    sock.close()


def reuse_refused(c, command, how='pasv', **kw):
    """The data connection does a full handshake (a fresh session, or the
    session given): the client reads nothing and the server says 522."""
    sock, _ = c.start_transfer(command, how=how, binary=None)
    got = b''
    try:
        if 'session' in kw:
            tsock = track(c.tls_context.wrap_socket(sock, **kw))
        else:
            tsock = c.tls_data(sock, reuse=False)
        check(not tsock.session_reused, 'the server resumed a session it '
              'should not know')
        got = recv_all(tsock, T(5))
    except (ssl.SSLError, OSError) as e:
        note('data handshake: %r' % e)
    eq(got, b'', 'data read over a connection without session reuse')
    c.expect(522, REUSE_522)


def goes_on(c):
    """After a data connection was refused the session goes on (sockftpd;
    vsftpd 3.0.3 ends it).  Returns True if it does."""
    if IS_VSFTPD:
        return False
    c.cmd('NOOP', 200)
    return True


def handshake_refused(c, ctx, server_hostname=None, implicit_server=None):
    """The TLS handshake fails (or the server drops the connection right
    after it, before answering a command)."""
    try:
        if implicit_server is not None:
            c = implicit_ctrl(implicit_server, ctx,
                              server_hostname=server_hostname)
        else:
            c.auth_tls(ctx, server_hostname=server_hostname)
        c.cmd('FEAT')
    except (ssl.SSLError, OSError, ConnectionClosed) as e:
        note('refused as wanted: %r' % e)
        return e
    raise AssertionError('the TLS session was accepted: %s %s' % (
        c.sock.version(), c.transcript[-3:]))


def handshake_ok(c, ctx, server_hostname=None):
    c.auth_tls(ctx, server_hostname=server_hostname)
    c.cmd('FEAT', 211)
    return c


# --- AUTH, FEAT, PBSZ, PROT, CCC -----------------------------------------------

def test_feat_lists_tls_only_with_ssl_enable():
    with tls_server() as s:
        c = s.ctrl()
        feats = feat_lines(c)
        for f in ('AUTH TLS', 'PBSZ', 'PROT'):
            check(f in feats, 'FEAT lacks %r: %r' % (f, feats))
        if IS_SOCKFTPD:
            # vsftpd 3.0.3 lists AUTH SSL only with ssl_sslv2/ssl_sslv3.
            check('AUTH SSL' in feats, 'FEAT lacks AUTH SSL: %r' % feats)
        # The same inside TLS.
        c.auth_tls()
        eq(feat_lines(c), feats, 'FEAT after AUTH TLS')
    with Server(TREE) as s:
        feats = feat_lines(s.ctrl())
        for f in feats:
            check(not f.startswith(('AUTH', 'PBSZ', 'PROT')),
                  'FEAT offers %r without ssl_enable' % f)


def test_auth_tls_and_auth_ssl():
    with tls_server(**ANON) as s:
        for mech in ('TLS', 'SSL', 'tls'):
            c = s.ctrl()
            r = c.auth_tls(mech=mech)
            eq(r.text, 'Proceed with negotiation.', 'AUTH %s' % mech)
            c.login()
            c.cmd('PWD', 257)
            c.cmd('QUIT', 221)
        c = s.ctrl()
        c.cmd('AUTH X', 504, 'Unknown AUTH type.')
        c.cmd('AUTH TLS-X', 504, 'Unknown AUTH type.')
        c.login()       # still a plaintext session that works


def test_auth_inside_tls_is_refused():
    # A second AUTH on a TLS control connection starts no second handshake.
    with tls_server(**ANON) as s:
        c = s.ctrl()
        c.auth_tls()
        r = c.cmd('AUTH TLS')
        check(r.code != 234, 'a second AUTH TLS was accepted: %s' % r)
        c.login()
        c.cmd('FEAT', 211)


def test_starttls_injection_discarded():
    # CVE-2011-1575: a line pipelined after AUTH TLS in the same packet
    # (plaintext a man in the middle could add) is never executed.
    with tls_server(**ANON) as s:
        for tail in (b'USER evil\r\n', b'USER e'):
            c = s.ctrl()
            c.sendraw(b'AUTH TLS\r\n' + tail)
            c.expect(234, 'Proceed with negotiation.')
            c.tls_context = tls_context()
            try:
                c.sock = c.tls_context.wrap_socket(c.sock)
                c.cmd('FEAT', 211)
            except (ssl.SSLError, OSError, ConnectionClosed) as e:
                # vsftpd reads line by line: the bytes reach the TLS layer
                # and break the handshake (nothing was executed either).
                if IS_SOCKFTPD:
                    raise
                note('vsftpd: handshake failed: %r' % e)
                continue
            # Had "USER evil" (or "USER e" + "PASS...") been kept, PASS
            # would be accepted for it.
            c.cmd('PASS x@y', 503, 'Login with USER first.')
            c.login()


def test_pbsz_prot_before_auth():
    with tls_server(**ANON) as s:
        c = s.ctrl()
        c.cmd('PBSZ 0', 503, 'PBSZ needs a secure connection.')
        c.cmd('PROT P', 503, 'PROT needs a secure connection.')
        c.login()
        c.cmd('PBSZ 0', 503, 'PBSZ needs a secure connection.')
        c.cmd('PROT P', 503, 'PROT needs a secure connection.')
        # Still plaintext data.
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'RETR')


def test_pbsz_prot_replies():
    with tls_server(**ANON) as s:
        c = s.ctrl()
        c.auth_tls()
        c.cmd('PBSZ 0', 200, 'PBSZ set to 0.')
        c.cmd('PROT P', 200, 'PROT now Private.')
        c.cmd('PROT C', 200, 'PROT now Clear.')
        c.cmd('prot p', 200, 'PROT now Private.')
        for level in ('S', 'E'):
            r = c.cmd('PROT %s' % level, 536)
            if IS_SOCKFTPD:
                eq(r.text, 'PROT not supported.', 'PROT %s' % level)
        c.cmd('PROT X', 504)
        c.cmd('PROT', (501, 504))
        # PROT S/E/X left PROT P in effect: the data connection needs TLS.
        c.login()
        data, _ = c.tls_transfer('RETR pub/small.bin')
        eq(data, TREE.data('pub/small.bin'), 'RETR after refused PROT levels')


@sockftpd_only
def test_ccc_refused():
    # Clearing the control channel would let a middlebox rewrite commands.
    with tls_server(**ANON) as s:
        c = s.ctrl()
        c.auth_tls()
        c.cmd('CCC', 534)
        c.login()
        c.cmd('CCC', 534)
        c.cmd('FEAT', 211)        # still inside TLS
        c.cmd('QUIT', 221)


# --- who may (or must) use TLS ---------------------------------------------------

def test_anonymous_plaintext_by_default():
    # ssl_enable=YES alone: anonymous sessions stay plaintext, data too.
    with tls_server() as s:
        c = s.login()
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'RETR')
        check(b'README.txt' in c.listing(), 'LIST')


def test_anonymous_refused_over_tls_by_default():
    # allow_anon_ssl=NO (default).
    with tls_server(delay_failed_login=0) as s:
        for user in ('anonymous', 'ftp'):
            c = s.ctrl()
            c.auth_tls()
            refused_login(c, user,
                          'Anonymous sessions may not use encryption.')


def test_anonymous_over_tls():
    with tls_server(**ANON) as s:
        c = tls_login(s)
        data, r = c.tls_transfer('LIST', binary=None)
        check(c.data_resumed, 'data session not resumed')
        check(b'README.txt' in data, 'LIST over TLS: %r' % data[:200])
        data, r = c.tls_transfer('RETR pub/random.bin')
        eq(data, TREE.data('pub/random.bin'), 'RETR over TLS')
        # PROT C: anonymous data may go in the clear (force_anon_data_ssl=NO).
        c.cmd('PROT C', 200, 'PROT now Clear.')
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'PROT C')
        c.cmd('QUIT', 221)


def test_force_anon_logins_ssl():
    with tls_server(force_anon_logins_ssl=True, delay_failed_login=0,
                    **ANON) as s:
        refused_login(s.ctrl(), 'anonymous',
                      'Anonymous sessions must use encryption.')
        c = tls_login(s)
        data, _ = c.tls_transfer('RETR pub/small.bin')
        eq(data, TREE.data('pub/small.bin'), 'RETR over TLS')


def test_force_anon_data_ssl():
    with tls_server(force_anon_data_ssl=True, **ANON) as s:
        c = s.login()               # plaintext login is still allowed
        refused_data(c, 'LIST')
        c = tls_login(s, prot=False)
        refused_data(c, 'RETR pub/small.bin')
        c.cmd('PROT C', 200)
        refused_data(c, 'NLST')
        c.cmd('PROT P', 200)
        data, _ = c.tls_transfer('RETR pub/small.bin')
        eq(data, TREE.data('pub/small.bin'), 'RETR with PROT P')


def test_prot_p_plaintext_data_client_gets_nothing():
    # A data client that skips the handshake must not get the file in the
    # clear; the transfer fails.
    with tls_server(**ANON) as s:
        c = tls_login(s)
        sock, _ = c.start_transfer('RETR pub/small.bin')
        sock.settimeout(T(0.5))
        got = b''
        try:
            got = sock.recv(4096)
        except (socket.timeout, OSError):
            pass
        not_contains(got, TREE.data('pub/small.bin')[:64],
                     'plaintext data connection')
        sock.close()
        try:
            r = c.reply()
        except (ssl.SSLError, OSError, ConnectionClosed) as e:
            # vsftpd writes "500 OOPS" in the clear on the TLS control
            # connection and exits.
            if IS_SOCKFTPD:
                raise
            note('vsftpd: %r' % e)
            return
        check(r.code // 100 in (4, 5), 'reply after a plaintext data '
              'client: %s' % r)
        c.cmd('NOOP', 200)


@sockftpd_only
def test_abor_during_tls_download():
    # ABOR over the TLS control connection while a TLS download waits for
    # the client to read: noticed, and what the server had encrypted but
    # not yet sent goes out before its close_notify (the client reads to
    # the end of the TLS stream), then 426 and 226.  vsftpd notices a
    # plain ABOR only with async_abor_enable (urgent data).
    big = make_tree(big=True)
    with tls_server(tree=big, **ANON) as s:
        c = tls_login(s)
        c.cmd('TYPE I', 200)
        d = c.open_passive()
        d.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        c.cmd('RETR pub/zeros-64m.bin', 150)
        t = c.tls_data(d)
        check(t.recv(4096), 'no data before ABOR')
        time.sleep(T(0.3))
        c.send('ABOR')
        got = recv_all(t, T(10))
        check(len(got) < 60 * 1024 * 1024, 'the download went on after '
              'ABOR: %d bytes' % len(got))
        c.expect(426, timeout_s=T(5))
        c.expect(226)
        c.cmd('NOOP', 200)
        data, _ = c.tls_transfer('RETR pub/small.bin')
        eq(data, big.data('pub/small.bin'), 'RETR over TLS after ABOR')


@timeout(60)
def test_tls_download_paced_and_logged():
    # anon_max_rate over TLS: the records that sockftpd gathers for fewer
    # sends are flushed at every paced step, so the file takes its time
    # and the transfer log has its size; the last of them goes before
    # close_notify (a TCP end without it would raise here).
    logs = log_dir()
    xlog = show_log(os.path.join(logs, 'xferlog'))
    want = TREE.data('pub/random.bin')
    rate = 1024 * 1024
    with tls_server(anon_max_rate=rate, xferlog_enable=True,
                    xferlog_std_format=True, xferlog_file=xlog,
                    **ANON) as s:
        c = tls_login(s)
        t0 = time.monotonic()
        sock, _ = c.start_transfer('RETR pub/random.bin')
        t = track(c.tls_context.wrap_socket(sock, session=c.sock.session,
                                            suppress_ragged_eofs=False))
        data = recv_all(t, T(30))
        c.expect(226)
        elapsed = time.monotonic() - t0
        eq(data, want, 'paced RETR over TLS')
        due = len(want) / rate
        note('%d bytes at %d bytes/s over TLS: %.2f s' % (len(want), rate,
                                                          elapsed))
        check(0.9 * due <= elapsed <= 1.5 * due + T(2), 'paced TLS '
              'download took %.2f s, due %.2f s' % (elapsed, due))
        c.cmd('QUIT', 221)
    lines = log_lines(xlog)
    eq(len(lines), 1, 'xferlog lines')
    eq(int(lines[0][25:].split(b' ')[2]), len(want), 'xferlog bytes')


def test_truncated_tls_upload_fails():
    # strict_ssl_read_eof (default YES): a TLS upload that ends without
    # close_notify may be truncated, so it is not reported as complete.
    t = upload_tree()
    with tls_server(t, write_enable=True, anon_upload_enable=True,
                    **ANON) as s:
        c = tls_login(s)
        payload = random_bytes(100000)
        sock, _ = c.start_upload('STOR up/cut.bin')
        tsock = c.tls_data(sock)
        tsock.sendall(payload)
        tsock.close()                # TCP FIN without close_notify
        r = c.reply()
        match_code(r, 426)
        # The same upload with close_notify is complete.
        c.tls_transfer('STOR up/ok.bin', data=payload)
        eq(read_bytes(t.local('up/ok.bin')), payload, 'uploaded file')


@sockftpd_only
def test_tls13_upload_closed_without_reading_ticket():
    # What curl and lftp do at the end of a TLS 1.3 upload: close_notify,
    # then close without reading anything.  If the server sent a session
    # ticket on the data connection, the client's kernel closes with unread
    # data: it sends a RST and drops the end of the upload still queued.
    # vsftpd 3.0.3 answers about one upload in five "426 Failure reading
    # network stream."; a server that sends no tickets on data connections
    # gets every upload whole.
    t = upload_tree()
    with tls_server(t, write_enable=True, anon_upload_enable=True,
                    **ANON) as s:
        c = tls_login(s, '1.3')
        for i in range(16):
            payload = random_bytes(300000 + i, b'cn%d' % i)
            name = 'up/cn%d.bin' % i
            sock, _ = c.start_upload('STOR %s' % name)
            tsock = c.tls_data(sock)
            tsock.sendall(payload)
            tsock.setblocking(False)
            try:
                tsock.unwrap()          # sends close_notify, reads nothing
            except (ssl.SSLWantReadError, OSError):
                pass
            tsock.close()
            r = c.reply()
            match_code(r, 226)
            eq(read_bytes(t.local(name)), payload, 'upload %d' % i)


# --- require_ssl_reuse --------------------------------------------------------------

def test_session_reuse_required():
    with tls_server(**ANON) as s:
        for version, tickets in RESUMPTIONS:
            what = resumption(version, tickets)
            c = tls_login(s, version, tickets=tickets)
            # Resuming works, several times in a row with the control
            # connection's session, in every data mode.
            for how in ('pasv', 'epsv', 'port', 'eprt', 'pasv'):
                data, _ = c.tls_transfer('RETR pub/small.bin', how=how)
                check(c.data_resumed, '%s %s: not resumed' % (what, how))
                eq(data, TREE.data('pub/small.bin'), 'RETR (%s, %s)' % (
                    how, what))
            data, _ = c.tls_transfer('RETR pub/random.bin')
            eq(data, TREE.data('pub/random.bin'), 'RETR, %s' % what)
            # A fresh session on the data connection is refused.
            for how in ('pasv', 'port'):
                if how != 'pasv' and IS_VSFTPD:
                    c = tls_login(s, version, tickets=tickets)
                reuse_refused(c, 'LIST', how=how)
                if goes_on(c):
                    c.tls_transfer('LIST', binary=None)
                    check(c.data_resumed, 'not resumed after a refusal')


def test_stock_ftplib_gets_522():
    # Python's FTP_TLS does not resume the session on data connections.
    with tls_server(**ANON) as s:
        f = FTPS(reuse=False)
        f.connect(s.addr, s.port, timeout=T(10))
        f.login('anonymous', 'ftptest@example.org')
        f.prot_p()
        try:
            f.retrlines('LIST', lambda line: None)
        except ftplib.error_perm as e:
            eq(str(e), '522 ' + REUSE_522, 'stock FTP_TLS LIST')
        else:
            raise AssertionError('stock FTP_TLS LIST worked with '
                                 'require_ssl_reuse=YES')
        # A resuming FTP_TLS works.
        f = FTPS()
        f.connect(s.addr, s.port, timeout=T(10))
        f.login('anonymous', 'ftptest@example.org')
        f.prot_p()
        eq(f.retr_bytes('pub/random.bin'), TREE.data('pub/random.bin'),
           'resuming FTP_TLS RETR')
        f.quit()


def test_require_ssl_reuse_no():
    with tls_server(require_ssl_reuse=False, **ANON) as s:
        for version in ('1.2', '1.3'):
            f = FTPS(reuse=False, context=tls_context(version))
            f.connect(s.addr, s.port, timeout=T(10))
            f.login('anonymous', 'ftptest@example.org')
            f.prot_p()
            names = f.nlst('pub/sub')
            check('pub/sub/deep.txt' in names or 'deep.txt' in names,
                  'NLST pub/sub: %r' % names)
            eq(f.retr_bytes('pub/random.bin'), TREE.data('pub/random.bin'),
               'stock FTP_TLS RETR (TLS %s)' % version)
            f.quit()


def test_other_connections_session_refused():
    # The session of one control connection does not open data connections
    # of another (each session is its own process with its own keys).
    with tls_server(**ANON) as s:
        for version, tickets in RESUMPTIONS:
            ctx = tls_context(version, tickets=tickets)
            a = s.ctrl()
            a.auth_tls(ctx)
            a.login()
            a.cmd('PBSZ 0', 200)
            a.cmd('PROT P', 200)
            a.tls_transfer('RETR pub/small.bin')   # a's session is good
            check(a.data_resumed, 'not resumed on its own connection')
            b = s.ctrl()
            b.auth_tls(ctx)
            b.login()
            b.cmd('PBSZ 0', 200)
            b.cmd('PROT P', 200)
            reuse_refused(b, 'RETR pub/small.bin', session=a.sock.session)
            if goes_on(b):
                b.tls_transfer('RETR pub/small.bin')
                check(b.data_resumed, 'not resumed on its own connection')


# --- implicit_ssl -------------------------------------------------------------------

def test_implicit_ssl():
    with tls_server(implicit_ssl=True, **ANON) as s:
        c = implicit_ctrl(s)
        c.login()
        c.cmd('PBSZ 0', 200)
        c.cmd('PROT P', 200)
        data, _ = c.tls_transfer('RETR pub/small.bin')
        eq(data, TREE.data('pub/small.bin'), 'RETR (implicit)')
        f = FTPS(implicit=True)
        f.connect(s.addr, s.port, timeout=T(10))
        check(f.welcome.startswith('220'), 'greeting %r' % f.welcome)
        f.login('anonymous', 'ftptest@example.org')
        f.prot_p()
        eq(f.retr_bytes('pub/random.bin'), TREE.data('pub/random.bin'),
           'RETR (implicit, ftplib)')
        f.quit()
        # A plaintext client gets no greeting and no FTP reply.
        p = s.ctrl(greet=False)
        check(not p.at_eof(0.5), 'closed before any ClientHello')
        eq([d for d, _ in p.transcript if d == '<'], [],
           'plaintext bytes before the handshake')
        p.sendraw(b'USER anonymous\r\n')
        p.at_eof(5)
        got = b''.join(x for d, x in p.transcript if d == '<')
        for word in (b'220 ', b'331', b'230'):
            not_contains(got, word, 'reply to a plaintext client')


def test_other_launchers_and_ipv6():
    # fd 3 (sockftpd only), xinetd (root), and ::1.
    setups = [('xinetd', '127.0.0.1')] if ROOT else []
    if IS_SOCKFTPD:
        setups.append(('fd3', '127.0.0.1'))
    if have_ipv6():
        setups.append(('inetd', '::1'))
    if not setups:
        skip('neither root (xinetd) nor ::1 nor sockftpd (fd3)')
    for launcher, addr in setups:
        with Server(TREE, conf=tls_conf(**ANON), launcher=launcher,
                    addr=addr) as s:
            c = tls_login(s)
            for how in ('epsv', 'eprt'):
                data, _ = c.tls_transfer('RETR pub/small.bin', how=how)
                eq(data, TREE.data('pub/small.bin'), 'RETR (%s, %s, %s)' % (
                    launcher, addr, how))
                check(c.data_resumed, 'not resumed')
            c.cmd('QUIT', 221)
        with Server(TREE, conf=tls_conf(implicit_ssl=True, **ANON),
                    launcher=launcher, addr=addr) as s:
            c = implicit_ctrl(s)
            c.login()
            c.cmd('PBSZ 0', 200)
            c.cmd('PROT P', 200)
            data, _ = c.tls_transfer('RETR pub/small.bin', how='epsv')
            eq(data, TREE.data('pub/small.bin'), 'implicit RETR (%s, %s)' % (
                launcher, addr))


# --- ALPN, SNI, versions, certificates ---------------------------------------------

@sockftpd_only
def test_alpn_http_refused():
    # ALPACA (CVE-2021-3618): a client that wants HTTP is not served.
    with tls_server(**ANON) as s:
        handshake_refused(s.ctrl(), tls_context(alpn=['http/1.1']))
        for alpn in (['ftp'], ['http/1.1', 'ftp'], None):
            c = handshake_ok(s.ctrl(), tls_context(alpn=alpn))
            check(c.sock.selected_alpn_protocol() in ('ftp', None),
                  'ALPN %r: selected %r' % (
                      alpn, c.sock.selected_alpn_protocol()))
            c.login()
    with tls_server(implicit_ssl=True, **ANON) as s:
        handshake_refused(None, tls_context(alpn=['http/1.1']),
                          implicit_server=s)
        implicit_ctrl(s, tls_context(alpn=['ftp'])).login()


@sockftpd_only
def test_sni_hostname():
    with tls_server(ssl_sni_hostname='localhost', **ANON) as s:
        handshake_refused(s.ctrl(), tls_context(),
                          server_hostname='other.example')
        c = handshake_ok(s.ctrl(), tls_context(), server_hostname='localhost')
        c.login()
        c.cmd('PBSZ 0', 200)
        c.cmd('PROT P', 200)
        sock, _ = c.start_transfer('RETR pub/small.bin')
        tsock = c.tls_data(sock, server_hostname='localhost')
        eq(recv_all(tsock, c.timeout), TREE.data('pub/small.bin'), 'RETR')
        c.expect(226)


def _tls11_context():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        return tls_context('1.1', seclevel=0)


def test_tls12_and_tls13():
    with tls_server(**ANON) as s:
        for version in ('1.2', '1.3'):
            c = handshake_ok(s.ctrl(), tls_context(version))
            eq(c.sock.version(), 'TLSv' + version, 'negotiated version')


def test_tls11_refused():
    with tls_server(**ANON) as s:
        try:
            ctx = _tls11_context()
        except (ValueError, ssl.SSLError) as e:
            skip('this client cannot offer TLS 1.1: %s' % e)
        e = handshake_refused(s.ctrl(), ctx)
        if getattr(e, 'reason', None) in ('NO_PROTOCOLS_AVAILABLE',
                                          'NO_CIPHERS_AVAILABLE'):
            skip('this client cannot offer TLS 1.1: %s' % e)


@sockftpd_only
def test_ssl_tlsv13_and_tlsv12_off():
    # (vsftpd 3.0.3 has neither option.)
    with tls_server(ssl_tlsv13=False, **ANON) as s:
        handshake_refused(s.ctrl(), tls_context('1.3'))
        c = handshake_ok(s.ctrl(), tls_context())
        eq(c.sock.version(), 'TLSv1.2', 'version with ssl_tlsv13=NO')
        c.login()
        c.cmd('PBSZ 0', 200)
        c.cmd('PROT P', 200)
        c.tls_transfer('RETR pub/small.bin')
    with tls_server(ssl_tlsv12=False, **ANON) as s:
        handshake_refused(s.ctrl(), tls_context('1.2'))
        c = handshake_ok(s.ctrl(), tls_context())
        eq(c.sock.version(), 'TLSv1.3', 'version with ssl_tlsv12=NO')


def test_certificate_forms():
    # The key inside the certificate file; an EC (P-256) key.
    for kind, combined in (('rsa', True), ('ec', False)):
        conf = tls_conf(kind, combined, **ANON)
        with Server(TREE, conf=conf) as s:
            c = s.ctrl()
            c.auth_tls(tls_context('1.3'))
            der = c.sock.getpeercert(binary_form=True)
            pem = read_bytes(tls_cert(kind)[0]).decode()
            eq(der, ssl.PEM_cert_to_DER_cert(pem), 'the certificate served')
            c.login()
            c.cmd('PBSZ 0', 200)
            c.cmd('PROT P', 200)
            c.tls_transfer('RETR pub/small.bin')


def test_missing_certificate_refuses_sessions():
    conf = tls_conf(**ANON)
    conf['rsa_cert_file'] = os.path.join(tempdir(), 'missing.pem')
    with Server(TREE, conf=conf) as s:
        c = s.ctrl(greet=False)
        r = c.reply()
        check(c.at_eof(), 'connection still open without a certificate')
        eq(r.code, 500 if IS_VSFTPD else 421, 'reply without a certificate')


# --- local users (root, real PAM) ---------------------------------------------------

PAM_STACK = ('auth\t[success=1 default=ignore]\tpam_unix.so nullok nodelay\n'
             'auth\trequisite\tpam_deny.so\n'
             'auth\trequired\tpam_permit.so\n'
             '@include common-account\n'
             '@include common-session\n')


def local_conf(svc, **extra):
    conf = {'anonymous_enable': False, 'local_enable': True,
            'write_enable': True, 'pam_service_name': svc,
            'delay_failed_login': 0}
    conf.update(extra)
    return tls_conf(**conf)


def local_tls(s, u, version, tickets=True):
    c = s.ctrl()
    c.auth_tls(tls_context(version, tickets=tickets))
    c.cmd('USER %s' % u.pw_name, 331, 'Please specify the password.')
    c.cmd('PASS %s' % PW, 230, 'Login successful.')
    return c


def test_local_login_needs_tls():
    need_root()
    with pam_service(PAM_STACK) as svc, system_user(PW) as u:
        with Server(conf=local_conf(svc)) as s:
            refused_login(s.ctrl(), u.pw_name,
                          'Non-anonymous sessions must use encryption.',
                          password=PW)
            local_tls(s, u, None).cmd('PWD', 257)


def test_local_tls_transfers():
    need_root()
    with pam_service(PAM_STACK) as svc, system_user(PW) as u:
        hello = os.path.join(u.pw_dir, 'hello.txt')
        write_file(hello, b'hello\n')
        with Server(conf=local_conf(svc)) as s:
            # The session was negotiated before login, the data
            # connections come after it (in another process, for sockftpd).
            for version, tickets in RESUMPTIONS:
                what = resumption(version, tickets)
                c = local_tls(s, u, version, tickets)
                eq(c.sock.version(), 'TLSv' + version, 'control version')
                c.cmd('PBSZ 0', 200)
                refused_data(c, 'LIST')          # force_local_data_ssl
                c.cmd('PROT P', 200)
                listing, _ = c.tls_transfer('LIST', binary=None)
                check(b' hello.txt\r\n' in listing, 'LIST (%s): %r' % (
                    what, listing))
                data, _ = c.tls_transfer('RETR hello.txt')
                eq(data, b'hello\n', 'RETR (%s)' % what)
                name = 'up-%s-%s.bin' % (version, tickets)
                payload = random_bytes(300000, name.encode())
                c.tls_transfer('STOR %s' % name, data=payload)
                path = os.path.join(u.pw_dir, name)
                eq(read_bytes(path), payload, 'uploaded file')
                eq(os.stat(path).st_uid, u.pw_uid, 'owner of the upload')
                c.tls_transfer('APPE %s' % name, data=b'tail', how='port')
                eq(read_bytes(path), payload + b'tail', 'appended file')
                reuse_refused(c, 'RETR hello.txt')
                if goes_on(c):
                    c.cmd('QUIT', 221)
            # ftplib with resumption.
            f = FTPS(context=tls_context())
            f.connect(s.addr, s.port, timeout=T(10))
            f.login(u.pw_name, PW)
            f.prot_p()
            f.storbinary('STOR ftplib.bin', io.BytesIO(b'ftplib\n'))
            eq(f.retr_bytes('ftplib.bin'), b'ftplib\n', 'ftplib RETR')
            f.quit()


def test_local_plaintext_when_not_forced():
    need_root()
    with pam_service(PAM_STACK) as svc, system_user(PW) as u:
        write_file(os.path.join(u.pw_dir, 'hello.txt'), b'hello\n')
        conf = local_conf(svc, force_local_logins_ssl=False,
                          force_local_data_ssl=False)
        with Server(conf=conf) as s:
            c = s.ctrl()
            c.login(u.pw_name, PW)
            eq(c.retr('hello.txt'), b'hello\n', 'plaintext RETR')
            # TLS control, clear data (PROT C) is allowed too.
            c = local_tls(s, u, None)
            c.cmd('PBSZ 0', 200)
            c.cmd('PROT C', 200)
            eq(c.retr('hello.txt'), b'hello\n', 'PROT C RETR')


if __name__ == '__main__':
    main()
