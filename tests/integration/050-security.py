# SPDX-License-Identifier: GPL-2.0-or-later
"""Attack resistance (shared/reference/security-cases.md): path traversal and
symlinks out of the root, FTP bounce via PORT/EPRT, PASV data theft from a
second address, hostile control lines (over-long, NUL, Telnet IAC, floods),
glob bombs, and the timeouts that free a session slot."""

import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree(big=True, special=True)
with open('/etc/passwd', 'rb') as _f:
    PASSWD = _f.read()
CANARY = PASSWD.split(b'\n')[0]          # root:x:0:0:...
SECOND = '127.0.0.2'                     # another host, same machine

TRAVERSALS = [
    '../../../../../../../../etc/passwd',
    '/etc/passwd',
    '/../../etc/passwd',
    '//etc/passwd',
    '/./../etc/passwd',
    'pub/../../../etc/passwd',
    'pub/sub/../../../../etc/passwd',
    '../etc/passwd',
    'link-outside',
    '/link-outside',
    'pub/../link-outside',
    'dirlink-outside/passwd',
    '/dirlink-outside/passwd',
    'dirlink-outside/../passwd',
    '~root/../../etc/passwd',
    '~/../../etc/passwd',
    '..\\..\\..\\etc\\passwd',
    '%2e%2e/%2e%2e/etc/passwd',
]


def _no_leak(data, what):
    check(CANARY not in data and b'root:x:0:0' not in data,
          '%s leaked /etc/passwd: %r' % (what, data[:200]))


def _second_address_usable():
    try:
        s = socket.socket()
        s.bind((SECOND, 0))
        s.close()
        return True
    except OSError:
        return False


def test_traversal_retr():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        for path in TRAVERSALS:
            data_sock = c.open_passive()
            r = c.cmd('RETR ' + path)
            if r.code in (125, 150):
                data = recv_all(data_sock, T(10))
                c.reply()
                _no_leak(data, 'RETR %s' % path)
                raise AssertionError('RETR %s succeeded: %r' % (path, data[:100]))
            data_sock.close()
            eq(r.code, 550, 'RETR %s' % path)
        c.cmd('NOOP', 200)


def test_traversal_metadata():
    with Server(TREE) as s:
        c = s.login()
        for path in TRAVERSALS:
            for verb in ('SIZE', 'MDTM'):
                r = c.cmd('%s %s' % (verb, path))
                eq(r.code, 550, '%s %s: %s' % (verb, path, r))
            if IS_SOCKFTPD:
                r = c.cmd('MLST %s' % path)
                eq(r.code, 550, 'MLST %s: %s' % (path, r))
            r = c.cmd('STAT %s' % path)
            _no_leak(r.raw, 'STAT %s' % path)
            check('passwd' not in str(r) or 'link-outside' in path,
                  'STAT %s shows the host file: %s' % (path, r))


def test_traversal_cwd():
    with Server(TREE) as s:
        c = s.login()
        for path in ('/etc', '../../../../etc', 'dirlink-outside',
                     '/dirlink-outside', 'pub/../../..'):
            r = c.cmd('CWD ' + path)
            if r.code == 250:
                # Only a CWD that stayed inside the root may succeed.
                c.cmd('PWD', 257, '"/" is the current directory')
                names = parse_nlst(c.listing('NLST'))
                check(b'README.txt' in names,
                      'CWD %s left the root: NLST %r' % (path, names))
                continue
            eq(r.code, 550, 'CWD %s' % path)
        c.cmd('CWD ../../../../../..', 250)
        c.cmd('PWD', 257, '"/" is the current directory')
        names = parse_nlst(c.listing('NLST'))
        eq(sorted(names), sorted(n for n in os.listdir(os.fsencode(TREE.path))
                                 if not n.startswith(b'.')),
           'NLST after CWD ../../..')


def test_traversal_listings():
    with Server(TREE) as s:
        c = s.login()
        for arg in ('/etc', '../../../etc', 'dirlink-outside',
                    'dirlink-outside/', '/dirlink-outside/.', '-la /etc',
                    '../../../../etc/passwd'):
            for verb in ('LIST', 'NLST'):
                data_sock = c.open_passive()
                r = c.cmd('%s %s' % (verb, arg))
                if r.code in (125, 150):
                    data = recv_all(data_sock, T(10))
                    c.expect(226)
                    _no_leak(data, '%s %s' % (verb, arg))
                    not_contains(data, b'shadow', '%s %s' % (verb, arg))
                    not_contains(data, b'hostname', '%s %s' % (verb, arg))
                else:
                    data_sock.close()
                    match_code(r, '5')


def test_special_files_refused_quickly():
    # A named pipe would block open() forever; a device or a symlink loop
    # is no file to serve.  Each gets 550 at once and the session goes on.
    with Server(TREE) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        served = []
        for path in ('special/fifo', 'special/loop', 'special/devzero',
                     '.', 'pub/sub/', 'special'):
            data_sock = c.open_passive()
            t0 = time.monotonic()
            r = c.cmd('RETR ' + path, timeout_s=5)
            if r.code in (125, 150):
                data = recv_all(data_sock, T(5), limit=1 << 20)
                data_sock.close()
                c.reply(timeout_s=5)
                served.append('%s (%d bytes)' % (path, len(data)))
                continue
            data_sock.close()
            eq(r.code, 550, 'RETR %s' % path)
            check(time.monotonic() - t0 < T(3), 'RETR %s took %.1fs' % (
                path, time.monotonic() - t0))
        check(not served, 'served: %s' % ', '.join(served))
        for path in ('special/fifo', 'special/loop'):
            c.cmd('SIZE ' + path, 550, timeout_s=5)
            c.cmd('MDTM ' + path, 550, timeout_s=5)
        c.cmd('CWD special/loop', 550)
        entries = parse_list(c.listing('LIST special'))
        eq(entries[b'fifo']['type'], b'p', 'the fifo in LIST')
        c.cmd('NOOP', 200)


def test_trailing_slash_on_a_file():
    # "file/" names a directory that does not exist (ENOTDIR), as in
    # vsftpd and POSIX path resolution.
    with Server(TREE) as s:
        c = s.login()
        data_sock = c.open_passive()
        r = c.cmd('RETR pub/small.bin/')
        if r.code in (125, 150):
            recv_all(data_sock, T(5))
            c.reply()
        eq(r.code, 550, 'RETR pub/small.bin/')
        c.cmd('SIZE pub/small.bin/', 550)
        c.cmd('MDTM pub/small.bin/', 550)


def test_outside_symlink_listed_not_followed():
    # The link itself may be listed (it is in the tree) but never followed.
    with Server(TREE) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST'))
        check(b'link-outside' in entries, 'link-outside listed')
        c.pasv()
        c.cmd('RETR link-outside', 550)


def test_port_to_other_host_refused():
    if not _second_address_usable():
        skip('%s is not usable' % SECOND)
    with Server(TREE) as s:
        c = s.login()
        victim = socket.socket()
        victim.bind((SECOND, 0))
        victim.listen(5)
        victim.setblocking(False)
        track(victim)
        port = victim.getsockname()[1]
        c.cmd('PORT 127,0,0,2,%d,%d' % (port >> 8, port & 255), 500,
              'Illegal PORT command.')
        c.cmd('RETR README.txt', 425, 'Use PORT or PASV first.')
        c.cmd('EPRT |1|%s|%d|' % (SECOND, port), 500, 'Illegal EPRT command.')
        c.cmd('LIST', 425, 'Use PORT or PASV first.')
        try:
            conn, peer = victim.accept()
            raise AssertionError('the server connected to %s: %r' % (
                SECOND, peer))
        except BlockingIOError:
            pass
        # The session still works.
        eq(c.retr('README.txt', how='port'), TREE.data('README.txt'),
           'RETR over PORT to the client address')


def test_port_below_1024_refused():
    with Server(TREE) as s:
        c = s.login()
        for port in (21, 25, 80, 1023):
            c.cmd('PORT 127,0,0,1,%d,%d' % (port >> 8, port & 255), 500,
                  'Illegal PORT command.')
            c.cmd('EPRT |1|127.0.0.1|%d|' % port, 500,
                  'Illegal EPRT command.')
        c.cmd('EPRT |1|127.0.0.1|0|', 500, 'Illegal EPRT command.')


def test_port_malformed():
    with Server(TREE) as s:
        c = s.login()
        for arg in ('1,2,3', '999,0,0,1,4,1', '127,0,0,1,256,1', '',
                    '127,0,0,1,4', 'a,b,c,d,e,f', '127,0,0,1,-1,5',
                    '127,0,0,1,4,1,7'):
            r = c.cmd(('PORT ' + arg).strip())
            match_code(r, (500, 501))
        for arg in ('garbage', '|1|127.0.0.1|', '|1|127.0.0.1|99999|',
                    '|1|300.0.0.1|5000|', '|3|127.0.0.1|5000|', '||||'):
            r = c.cmd('EPRT ' + arg)
            match_code(r, '5')
        r = c.cmd('EPRT |2|::1|5000|')          # IPv6 on an IPv4 session
        match_code(r, '5')
        if IS_VSFTPD:
            eq(str(r), '500 Bad EPRT protocol.', 'EPRT |2| on IPv4')
        r = c.cmd('EPRT |2|::ffff:127.0.0.2|5000|')
        match_code(r, '5')
        c.cmd('NOOP', 200)


def test_port_promiscuous_allows_other_host():
    # Positive control: the refusal above is the policy, not a failure to
    # connect to the second address.
    if not _second_address_usable():
        skip('%s is not usable' % SECOND)
    with Server(TREE, conf={'port_promiscuous': True}) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        victim = socket.socket()
        victim.bind((SECOND, 0))
        victim.listen(1)
        victim.settimeout(T(10))
        track(victim)
        port = victim.getsockname()[1]
        c.cmd('PORT 127,0,0,2,%d,%d' % (port >> 8, port & 255), 200)
        c.cmd('RETR pub/small.bin', 150)
        conn, peer = victim.accept()
        eq(recv_all(conn, T(10)), TREE.data('pub/small.bin'),
           'data at the other host with port_promiscuous=YES')
        c.expect(226)


def test_connect_refused_gives_425():
    with Server(TREE) as s:
        c = s.login()
        port = free_port()           # nothing listens there
        c.cmd('PORT 127,0,0,1,%d,%d' % (port >> 8, port & 255), 200)
        c.cmd('RETR README.txt', 425, 'Failed to establish connection.')
        c.cmd('NOOP', 200)


def test_ftp_data_port():
    port = free_port()
    with Server(TREE, conf={'connect_from_port_20': True,
                            'ftp_data_port': port}) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        ls = c.listen_active('port')
        c.cmd('RETR README.txt', 150)
        d, peer = ls.accept()
        track(d)
        eq(peer[1], port, 'source port of the data connection')
        eq(recv_all(d, T(10)), TREE.data('README.txt'), 'data')
        c.expect(226)


def test_connect_timeout():
    # A listener whose backlog is full drops the server's SYNs: the active
    # connection hangs until connect_timeout.
    with Server(TREE, conf={'connect_timeout': 2}) as s:
        c = s.login()
        ls = socket.socket()
        ls.bind(('127.0.0.1', 0))
        ls.listen(0)
        track(ls)
        port = ls.getsockname()[1]
        for _ in range(3):
            x = track(socket.socket())
            x.setblocking(False)
            try:
                x.connect(('127.0.0.1', port))
            except BlockingIOError:
                pass
        c.cmd('PORT 127,0,0,1,%d,%d' % (port >> 8, port & 255), 200)
        t0 = time.monotonic()
        c.cmd('RETR README.txt', 425, 'Failed to establish connection.',
              timeout_s=20)
        elapsed = time.monotonic() - t0
        check(1.5 <= elapsed <= T(6), '425 after %.1fs' % elapsed)
        c.cmd('NOOP', 200)


def test_pasv_intruder():
    if not _second_address_usable():
        skip('%s is not usable' % SECOND)
    small = TREE.data('pub/small.bin')
    with Server(TREE) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        host, port = c.pasv()
        # The thief connects first: it is first in the accept queue.
        thief = connect(host, port, source=SECOND)
        c.send('RETR pub/small.bin')
        if IS_VSFTPD:
            c.expect(425, 'Security: Bad IP connecting.')
        else:
            # sockftpd drops the intruder and keeps waiting for the client.
            data_sock = connect(host, port)
            c.expect(150)
            eq(recv_all(data_sock, T(10)), small, 'data for the right client')
            c.expect(226)
        thief.settimeout(T(5))
        try:
            stolen = thief.recv(65536)
        except (ConnectionResetError, socket.timeout):
            stolen = b''
        eq(stolen, b'', 'bytes received by the intruder')
        c.cmd('NOOP', 200)
        eq(c.retr('pub/small.bin'), small, 'next transfer')


def test_pasv_intruder_epsv():
    if not _second_address_usable():
        skip('%s is not usable' % SECOND)
    if IS_VSFTPD:
        skip('vsftpd aborts the transfer (see test_pasv_intruder)')
    with Server(TREE) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        host, port = c.epsv()
        thieves = [connect(host, port, source=SECOND) for _ in range(3)]
        c.send('LIST pub')
        data_sock = connect(host, port)
        c.expect(150)
        entries = parse_list(recv_all(data_sock, T(10)))
        check(b'small.bin' in entries, 'LIST for the right client')
        c.expect(226)
        for t in thieves:
            t.settimeout(T(5))
            try:
                eq(t.recv(65536), b'', 'bytes received by an intruder')
            except ConnectionResetError:
                pass


def test_pasv_promiscuous():
    if not _second_address_usable():
        skip('%s is not usable' % SECOND)
    with Server(TREE, conf={'pasv_promiscuous': True}) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        host, port = c.pasv()
        other = connect(host, port, source=SECOND)
        c.cmd('RETR pub/small.bin', 150)
        eq(recv_all(other, T(10)), TREE.data('pub/small.bin'),
           'data to another address with pasv_promiscuous=YES')
        c.expect(226)


def test_pasv_port_range():
    base = None
    for candidate in range(41000, 60000, 97):
        if all(_port_free(p) for p in range(candidate, candidate + 4)):
            base = candidate
            break
    if base is None:
        skip('no free port range')
    with Server(TREE, conf={'pasv_min_port': base,
                            'pasv_max_port': base + 3}) as s:
        c = s.login()
        for i in range(6):
            host, port = c.pasv() if i % 2 else c.epsv()
            check(base <= port <= base + 3, 'passive port %d outside %d-%d' %
                  (port, base, base + 3))
            c.cmd('ABOR')                 # drop the listener
        eq(c.retr('README.txt'), TREE.data('README.txt'), 'RETR in range')


def _port_free(port):
    s = socket.socket()
    try:
        s.bind(('127.0.0.1', port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def test_pasv_address():
    with Server(TREE, conf={'pasv_address': '127.0.0.3'}) as s:
        c = s.login()
        r = c.cmd('PASV', 227)
        contains(r.text, '(127,0,0,3,', '227 with pasv_address')


def test_pasv_port_disabled():
    with Server(TREE, conf={'pasv_enable': False, 'port_enable': False}) as s:
        c = s.login()
        c.cmd('PASV', 550, 'Permission denied.')
        c.cmd('EPSV', 550, 'Permission denied.')
        c.cmd('PORT 127,0,0,1,200,1', 550, 'Permission denied.')
        c.cmd('EPRT |1|127.0.0.1|51201|', 550, 'Permission denied.')


def test_epsv_all():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('EPSV ALL', 200)
        c.cmd('PASV', 550, 'Permission denied.')
        c.cmd('PORT 127,0,0,1,200,1', 550, 'Permission denied.')
        eq(c.retr('README.txt', how='epsv'), TREE.data('README.txt'),
           'RETR over EPSV after EPSV ALL')


def _long_line_case(c, line, after=('NOOP', 200)):
    c.sendraw(line)
    if IS_VSFTPD:
        # vsftpd answers "500 Input line too long." and closes.
        c.expect(500, 'Input line too long.')
        check(c.at_eof(), 'vsftpd closes after an over-long line')
        return False
    # sockftpd discards the line up to its LF, answers one 500, goes on.
    c.send(after[0])
    c.expect(500)
    c.expect(after[1])
    return True


def test_overlong_lines():
    for size in (8 * 1024, 100 * 1024):
        with Server(TREE) as s:
            c = s.login()
            if _long_line_case(c, b'A' * size + b'\r\n'):
                c.cmd('PWD', 257)


def test_overlong_line_not_split():
    # The tail after the limit must not run as a command of its own.
    with Server(TREE) as s:
        c = s.login()
        if _long_line_case(c, b'NOOP ' + b'X' * 8192 + b'QUIT\r\n'):
            c.cmd('NOOP', 200)
    with Server(TREE) as s:
        c = s.login()
        if _long_line_case(c, b'X' * 8192 + b'CWD pub\r\n'):
            c.cmd('PWD', 257, '"/" is the current directory')


def test_overlong_line_before_login():
    with Server(TREE) as s:
        c = s.ctrl()
        if _long_line_case(c, b'USER ' + b'u' * 20000 + b'\r\n',
                           after=('USER anonymous', 331)):
            c.cmd('PASS x', 230)


def test_nul_bytes():
    with Server(TREE) as s:
        c = s.login()
        for line in (b'NO\x00OP\r\n', b'NOOP\x00\r\n', b'\x00\r\n',
                     b'CWD pub\x00/../..\r\n', b'SIZE README.txt\x00.jpg\r\n'):
            c.sendraw(line)
            r = c.reply()
            # sockftpd rejects the line; vsftpd may cut it at the NUL.
            match_code(r, (500, 501) if IS_SOCKFTPD else (500, 501, 550))
        c.pasv()
        c.sendraw(b'RETR README.txt\x00.jpg\r\n')
        r = c.reply()
        match_code(r, (500, 501) if IS_SOCKFTPD else (500, 501, 550))
        c.cmd('PWD', 257, '"/" is the current directory')
        c.cmd('NOOP', 200)


def _pipeline(c, payload, count, code):
    """Send payload while reading count replies of code (no deadlock)."""
    sender_error = []

    def sender():
        try:
            c.sock.sendall(payload)
        except OSError as e:
            sender_error.append(e)
    c.transcript.append(('>', payload[:200] + b'...[%d bytes]' % len(payload)))
    t = threading.Thread(target=sender, daemon=True)
    t.start()
    got = 0
    transcript_len = len(c.transcript)
    while got < count:
        r = c.reply()
        match_code(r, code)
        got += 1
    t.join(T(10))
    # Keep the failure report readable.
    del c.transcript[transcript_len:]
    c.transcript.append(('<', b'[%d x %d replies]' % (count, code)))
    check(not sender_error, 'sending failed: %r' % sender_error)
    return got


def test_5000_pipelined_noops():
    with Server(TREE) as s:
        c = s.login()
        eq(_pipeline(c, b'NOOP\r\n' * 5000, 5000, 200), 5000, 'replies')
        c.cmd('PWD', 257)


def test_10000_garbage_lines_after_login():
    with Server(TREE) as s:
        c = s.login()
        eq(_pipeline(c, b'GARBAGE junk\r\n' * 10000, 10000, 500), 10000,
           'replies')
        c.cmd('NOOP', 200)


@sockftpd_only
def test_prelogin_junk_cap():
    # A client that never logs in cannot keep a session busy forever.
    n = 5000
    with Server(TREE) as s:
        c = s.ctrl()
        t = threading.Thread(target=lambda: _quiet_send(
            c.sock, b'XYZZY junk junk junk junk\r\n' * n), daemon=True)
        t.start()
        replies = 0
        try:
            while True:
                r = c.reply()
                match_code(r, (421, 500, 530))
                replies += 1
                if replies >= n:
                    break
        except ConnectionClosed:
            pass
        check(replies < n, 'all %d pre-login junk lines were answered; '
              'no cap on pre-login junk' % n)


def _quiet_send(sock, data):
    try:
        sock.sendall(data)
    except OSError:
        pass


def test_telnet_iac_before_noop():
    with Server(TREE) as s:
        c = s.login()
        c.sendraw(b'\xff\xf4\xff\xf2NOOP\r\n')        # IAC IP IAC DM NOOP
        if IS_VSFTPD:
            c.expect(500, 'Unknown command.')        # vsftpd does not strip
        else:
            c.expect(200)
        c.sendraw(b'\xff\xfb\x01\xff\xfd\x03NOOP\r\n')  # WILL ECHO, DO SGA
        r = c.reply()
        if IS_SOCKFTPD:
            eq(r.code, 200, 'NOOP after Telnet option negotiation')
        c.cmd('NOOP', 200)


def test_telnet_sync_before_abor():
    # What tnftp and inetutils ftp send: IAC IP, then IAC DM as urgent
    # data (TCP OOB), then ABOR.
    with Server(TREE) as s:
        c = s.login()
        c.sendraw(b'\xff\xf4\xff')
        c.sendraw(b'\xf2', oob=True)
        c.sendraw(b'ABOR\r\n')
        c.expect(225)
        c.sendraw(b'\xff\xf4\xff')
        c.sendraw(b'\xf2', oob=True)
        c.sendraw(b'NOOP\r\n')
        r = c.reply()
        if IS_SOCKFTPD:
            eq(r.code, 200, 'NOOP after a Telnet sync')
        c.cmd('NOOP', 200)


@sockftpd_only
def test_telnet_iac_iac_is_0xff():
    # IAC IAC in a command is one 0xff byte; replies double 0xff.
    name = b'weird/ff\xffname'
    with Server(TREE) as s:
        c = s.login()
        eq(c.retr(b'weird/ff\xff\xffname'), TREE.data(name),
           'RETR with IAC IAC in the name')
        c.cmd(b'SIZE weird/ff\xff\xffname', 213, str(len(TREE.data(name))))
        r = c.cmd(b'MLST weird/ff\xff\xffname', 250)
        contains(r.raw, b'ff\xff\xffname', 'MLST reply (0xff doubled)')
        check(b'ff\xffn' not in r.raw.replace(b'\xff\xff', b''),
              'an undoubled 0xff in the reply: %r' % r.raw)
        # The data connection is not Telnet: names go out as they are.
        names = parse_nlst(c.listing('NLST weird'))
        eq(names, [name], 'NLST weird')


def test_idle_session_timeout():
    with Server(TREE, conf={'idle_session_timeout': 2}) as s:
        c = s.login()
        t0 = time.monotonic()
        r = c.reply(timeout_s=15)
        elapsed = time.monotonic() - t0
        eq(str(r), '421 Timeout.', 'idle timeout reply')
        check(1.5 <= elapsed <= T(6), 'idle timeout after %.1fs' % elapsed)
        check(c.at_eof(), 'connection closed after 421')
        s.wait_sessions_gone()


def test_idle_timeout_before_login():
    with Server(TREE, conf={'idle_session_timeout': 2}) as s:
        c = s.ctrl()
        t0 = time.monotonic()
        r = c.reply(timeout_s=15)
        elapsed = time.monotonic() - t0
        eq(r.code, 421, 'idle timeout before login')
        check(elapsed <= T(6), 'idle timeout after %.1fs' % elapsed)
        check(c.at_eof(), 'connection closed after 421')


def test_idle_timeout_reset_by_commands():
    with Server(TREE, conf={'idle_session_timeout': 2}) as s:
        c = s.login()
        t0 = time.monotonic()
        for _ in range(6):           # 3 s of activity in 0.5 s steps
            time.sleep(0.5)
            c.cmd('NOOP', 200)
        check(time.monotonic() - t0 >= 3, 'loop too fast')
        c.cmd('PWD', 257)


def test_accept_timeout():
    with Server(TREE, conf={'accept_timeout': 2}) as s:
        c = s.login()
        c.pasv()
        t0 = time.monotonic()
        r = c.cmd('RETR pub/small.bin', timeout_s=15)
        elapsed = time.monotonic() - t0
        eq(str(r), '425 Failed to establish connection.', 'accept timeout')
        check(1.5 <= elapsed <= T(6), 'accept timeout after %.1fs' % elapsed)
        c.cmd('NOOP', 200)
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'afterwards')


@timeout(60)
def test_data_connection_timeout():
    with Server(TREE, conf={'data_connection_timeout': 2}) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        host, port = c.pasv()
        d = socket.socket()
        d.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        d.settimeout(T(5))
        track(d)
        d.connect((host, port))
        c.cmd('RETR pub/zeros-64m.bin', 150)
        # Never read: the transfer stalls once the buffers are full.
        t0 = time.monotonic()
        r = c.reply(timeout_s=40)
        elapsed = time.monotonic() - t0
        eq(r.code, 421, 'reply to a stalled transfer: %s' % r)
        if IS_VSFTPD:
            eq(r.text, 'Data timeout. Reconnect. Sorry.', '421 text')
        check(elapsed <= T(30), 'data timeout after %.1fs' % elapsed)
        check(c.at_eof(), 'connection closed after the data timeout')


def test_site_commands_never_run_anything():
    with Server(TREE) as s:
        c = s.login()
        for cmd in ('SITE EXEC id', 'SITE CPFR /etc/passwd', 'SITE CPTO /x',
                    'SITE CHMOD 777 /', 'SITE UMASK 000', 'SITE IDLE 1',
                    'SITE %n%n%n%n', 'SITE ' + 'A' * 1000):
            r = c.cmd(cmd)
            check(r.code >= 400, '%s answered %s' % (cmd, r))
            _no_leak(r.raw, cmd)
        c.cmd('NOOP', 200)


def test_format_strings_echoed_safely():
    with Server(TREE) as s:
        c = s.login()
        for arg in ('%s%s%s%s%n', '%x' * 50, '%99999999d'):
            r = c.cmd('CWD ' + arg)
            eq(r.code, 550, 'CWD %s' % arg)
            r = c.cmd('SIZE ' + arg)
            eq(r.code, 550, 'SIZE %s' % arg)
        c.cmd('NOOP', 200)


def test_glob_bombs_answered_quickly():
    bombs = ['*/../*/../*/../*/../*/../*/../*/../*',
             '*' * 1000,
             '{' * 200 + 'a' + '}' * 200,
             '[' * 500,
             '**/**/**/**/**/**/**/**/**/**']
    with Server(TREE) as s:
        c = s.login()
        for b in bombs:
            t0 = time.monotonic()
            r = c.cmd('STAT ' + b, timeout_s=10)
            check(r.code in (213, 450, 500, 501, 550),
                  'STAT %s: %s' % (b[:20], r))
            for verb in ('NLST', 'LIST'):
                data_sock = c.open_passive()
                r = c.cmd('%s %s' % (verb, b), timeout_s=10)
                if r.code in (125, 150):
                    recv_all(data_sock, T(10))
                    c.expect(226, timeout_s=10)
                else:
                    data_sock.close()
            check(time.monotonic() - t0 < T(5),
                  'glob %s took %.1fs' % (b[:20], time.monotonic() - t0))
        c.cmd('NOOP', 200)


def test_long_paths():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('CWD ' + 'a/' * 1500, 550)
        c.cmd('SIZE ' + 'x' * 3000, 550)
        c.cmd('MDTM ' + '../' * 1300 + 'etc/passwd', 550)
        c.cmd('CWD ' + '/..' * 1300, (250, 550))
        c.cmd('PWD', 257, '"/" is the current directory')


def test_crlf_injection_in_arguments():
    # A CR inside a line must not end the command early.
    with Server(TREE) as s:
        c = s.login()
        c.sendraw(b'CWD pub\rQUIT\r\n')
        r = c.reply()
        match_code(r, (250, 500, 501, 550))
        c.cmd('NOOP', 200)


main()
