# SPDX-License-Identifier: GPL-2.0-or-later
"""Logs: xferlog_enable with vsftpd's own line format in vsftpd_log_file
(CONNECT, OK/FAIL LOGIN, OK/FAIL DOWNLOAD/UPLOAD, MKDIR, RMDIR, DELETE,
RENAME), wu-ftpd xferlog(5) lines in xferlog_file with xferlog_std_format
(parsed field by field, c and i completion), dual_log_enable, syslog_enable
(the file stays empty), log_ftp_protocol (PASS masked); failed logins match
the regex fail2ban's vsftpd filter ships; unprintable bytes in names never
reach a log raw; 8 concurrent sessions never interleave within a line, with
and without no_log_lock; log_format=json (sockftpd): one JSON object a line
with a per-session id, login, every command with its reply code, every
transfer with bytes and duration."""

import calendar
import json
import os
import re
import socket
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

ANON_PASS = 'acc@example.org'
UP = {'write_enable': True, 'anon_upload_enable': True,
      'anon_mkdir_write_enable': True, 'anon_other_write_enable': True,
      'anon_umask': '022', 'delay_failed_login': 0}
X_DATA = random_bytes(100000 + 7, b'logs-x')
UP_DATA = random_bytes(70000 + 3, b'logs-up')
BIG = 64 * 1024 * 1024

# fail2ban's filter.d/vsftpd.conf, applied (as fail2ban does) to what follows
# the 24-character date.
FAIL2BAN_VSFTPD = re.compile(
    r'^ \[pid \d+\] \[[^\]]+\] FAIL LOGIN: Client "(?P<host>[^"]+)"(?:\s*$|,)')

VS_LINE = re.compile(
    rb'^(?P<date>' + CTIME_DATE + rb') \[pid (?P<pid>\d+)\] '
    rb'(?:\[(?P<user>[^\]]*)\] )?'
    rb'(?P<event>CONNECT|(?P<result>OK|FAIL) (?P<op>LOGIN|DOWNLOAD|UPLOAD|'
    rb'MKDIR|RMDIR|DELETE|RENAME|CHMOD)|FTP command|FTP response): '
    rb'Client "(?P<host>[^"]*)"(?:, (?P<rest>.*))?$')
XFER_REST = re.compile(
    rb'^"(?P<path>.*)", (?:(?P<bytes>\d+) bytes, )?'
    rb'(?P<rate>\d+\.\d\d)Kbyte/sec$')
XFERLOG_FIELDS = ('seconds', 'host', 'bytes', 'path', 'type', 'action',
                  'direction', 'access', 'user', 'service', 'auth',
                  'auth_user', 'completion')


def _tree():
    t = upload_tree('up')
    t.mkdir('pub')
    t.add('pub/x', X_DATA)
    full = t.local('pub/zeros-64m.bin')
    with open(full, 'wb') as f:
        f.truncate(BIG)
    os.chmod(full, 0o644)
    return t


TREE = _tree()


def _conf(d, **kw):
    conf = dict(UP)
    conf.update({'xferlog_enable': True,
                 'vsftpd_log_file': os.path.join(d, 'vsftpd.log'),
                 'xferlog_file': os.path.join(d, 'xferlog')})
    conf.update(kw)
    show_log(conf['vsftpd_log_file'])
    show_log(conf['xferlog_file'])
    return conf


def _check_date(raw):
    """A ctime-style date (day space-padded), now in UTC or local time."""
    text = raw.decode()
    check(re.match(CTIME_DATE.decode() + '$', text), 'bad date %r' % text)
    tm = time.strptime(text, '%a %b %d %H:%M:%S %Y')
    now = time.time()
    check(abs(calendar.timegm(tm) - now) < 600 or
          abs(time.mktime(tm) - now) < 600,
          'log date %r is not now' % text)


def _vs_lines(path):
    """Parse every line of a vsftpd-format log (all must parse)."""
    out = []
    for line in log_lines(path):
        m = VS_LINE.match(line)
        check(m, 'not a vsftpd-format log line: %r' % line)
        _check_date(m.group('date'))
        e = {k: m.group(k) for k in ('pid', 'user', 'event', 'result', 'op',
                                     'host', 'rest')}
        e['line'] = line
        if e['op'] in (b'DOWNLOAD', b'UPLOAD'):
            x = XFER_REST.match(e['rest'] or b'')
            check(x, 'bad transfer log line: %r' % line)
            e['path'] = x.group('path')
            e['bytes'] = int(x.group('bytes') or 0)
            e['rate'] = float(x.group('rate'))
        out.append(e)
    return out


def _find(entries, **want):
    return [e for e in entries
            if all(e.get(k) == v for k, v in want.items())]


def _one(entries, what, **want):
    got = _find(entries, **want)
    check(len(got) == 1, 'want exactly one %s log line %r, got %d:\n%s' % (
        what, want, len(got), '\n'.join(repr(e['line']) for e in entries)))
    return got[0]


def _xferlog(path):
    """Parse an xferlog(5) file field by field."""
    out = []
    for line in log_lines(path):
        check(len(line) > 25 and line[24:25] == b' ',
              'xferlog line without a 24-character date: %r' % line)
        _check_date(line[:24])
        fields = line[25:].split(b' ')
        check(len(fields) == len(XFERLOG_FIELDS),
              'xferlog line has %d fields after the date, want %d: %r' % (
                  len(fields), len(XFERLOG_FIELDS), line))
        e = dict(zip(XFERLOG_FIELDS, fields))
        e['line'] = line
        check(re.match(rb'^\d+$', e['seconds']), 'seconds: %r' % line)
        check(re.match(rb'^\d+$', e['bytes']), 'bytes: %r' % line)
        e['seconds'] = int(e['seconds'])
        e['bytes'] = int(e['bytes'])
        check(e['path'].startswith(b'/'), 'path not absolute: %r' % line)
        eq(e['type'] in (b'a', b'b'), True, 'transfer type of %r' % line)
        eq(e['action'], b'_', 'special action of %r' % line)
        eq(e['direction'] in (b'o', b'i'), True, 'direction of %r' % line)
        eq(e['access'], b'a', 'access mode of %r' % line)
        eq(e['service'], b'ftp', 'service name of %r' % line)
        eq(e['auth'], b'0', 'authentication method of %r' % line)
        eq(e['auth_user'], b'*', 'authenticated user id of %r' % line)
        eq(e['completion'] in (b'c', b'i'), True, 'completion of %r' % line)
        out.append(e)
    return out


def _no_raw_control(path):
    data = log_bytes(path)
    for i, b in enumerate(data):
        if (b < 0x20 and b != 0x0a) or b == 0x7f:
            raise AssertionError('raw byte 0x%02x in %s at %d: %r' % (
                b, path, i, data[max(0, i - 80):i + 40]))


def _empty(path, what):
    eq(log_bytes(path), b'', '%s (%s)' % (what, path))


def _sync_abor(c):
    c.sendraw(b'\xff\xf4\xff')
    c.sendraw(b'\xf2', oob=True)
    c.sendraw(b'ABOR\r\n')


def _broken_download(c, path='pub/zeros-64m.bin'):
    """RETR a big file, read a little, reset the data connection: 426."""
    c.cmd('TYPE I', 200)
    d = c.open_passive()
    d.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    c.cmd('RETR ' + path, 150)
    check(d.recv(4096), 'no data before the reset')
    time.sleep(0.1)
    rst_close(d)
    c.expect(426)


def _aborted_download(c, path='pub/zeros-64m.bin'):
    c.cmd('TYPE I', 200)
    d = c.open_passive()
    d.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    c.cmd('RETR ' + path, 150)
    check(d.recv(4096), 'no data before ABOR')
    _sync_abor(c)
    c.expect(426)
    c.expect(226)
    d.close()


def _broken_upload(c, path, nbytes=300000):
    sock, _ = c.start_upload('STOR ' + path)
    sock.sendall(b'u' * nbytes)
    time.sleep(0.2)
    rst_close(sock)
    c.expect(426)


def _login(s, password=ANON_PASS, source=None):
    c = s.ctrl(source=source)
    c.login(password=password)
    return c


# --- vsftpd's own format -------------------------------------------------------

def test_vsftpd_format_operations():
    d = log_dir()
    conf = _conf(d, async_abor_enable=True)
    t = TREE
    with Server(t, conf=conf) as s:
        c = _login(s)
        eq(c.retr('pub/x'), X_DATA, 'RETR pub/x')
        c.upload('STOR up/u.bin', UP_DATA)
        c.cmd('MKD up/newdir', 257)
        c.cmd('RMD up/newdir', 250)
        c.cmd('RNFR up/u.bin', 350)
        c.cmd('RNTO up/v.bin', 250)
        c.cmd('DELE up/v.bin', 250)
        _broken_download(c)
        _broken_upload(c, 'up/broken.bin')
        c.cmd('QUIT', 221)
    entries = _vs_lines(conf['vsftpd_log_file'])
    for e in entries:
        eq(e['host'], b'127.0.0.1', 'client of %r' % e['line'])
        check(e['event'] not in (b'FTP command', b'FTP response'),
              'protocol logged without log_ftp_protocol: %r' % e['line'])
    conn = _one(entries, 'CONNECT', event=b'CONNECT')
    eq(conn['rest'], None, 'CONNECT line %r' % conn['line'])
    eq(conn['user'], None, 'user on the CONNECT line')
    login = _one(entries, 'OK LOGIN', event=b'OK LOGIN')
    eq(login['user'], b'ftp', 'user of %r' % login['line'])
    eq(login['rest'], b'anon password "%s"' % ANON_PASS.encode(),
       'OK LOGIN line %r' % login['line'])
    down = _one(entries, 'OK DOWNLOAD', event=b'OK DOWNLOAD')
    eq((down['user'], down['path'], down['bytes']),
       (b'ftp', b'/pub/x', len(X_DATA)), 'OK DOWNLOAD %r' % down['line'])
    up = _one(entries, 'OK UPLOAD', event=b'OK UPLOAD')
    eq((up['user'], up['path'], up['bytes']),
       (b'ftp', b'/up/u.bin', len(UP_DATA)), 'OK UPLOAD %r' % up['line'])
    for op, rest in ((b'MKDIR', b'"/up/newdir"'), (b'RMDIR', b'"/up/newdir"'),
                     (b'RENAME', b'"/up/u.bin /up/v.bin"'),
                     (b'DELETE', b'"/up/v.bin"')):
        e = _one(entries, 'OK ' + op.decode(), event=b'OK ' + op)
        eq((e['user'], e['rest']), (b'ftp', rest), 'line %r' % e['line'])
    fd = _one(entries, 'FAIL DOWNLOAD', event=b'FAIL DOWNLOAD')
    eq(fd['path'], b'/pub/zeros-64m.bin', 'FAIL DOWNLOAD %r' % fd['line'])
    check(fd['bytes'] < BIG, 'FAIL DOWNLOAD of the whole file: %r' %
          fd['line'])
    fu = _one(entries, 'FAIL UPLOAD', event=b'FAIL UPLOAD')
    eq(fu['path'], b'/up/broken.bin', 'FAIL UPLOAD %r' % fu['line'])
    check(fu['bytes'] <= 300000, 'FAIL UPLOAD bytes %r' % fu['line'])
    # Order: CONNECT first, then the login, then the operations as sent.
    order = [e['event'] for e in entries]
    eq(order, [b'CONNECT', b'OK LOGIN', b'OK DOWNLOAD', b'OK UPLOAD',
               b'OK MKDIR', b'OK RMDIR', b'OK RENAME', b'OK DELETE',
               b'FAIL DOWNLOAD', b'FAIL UPLOAD'], 'order of the log lines')
    # xferlog_std_format=NO: nothing in xferlog_file.
    _empty(conf['xferlog_file'], 'xferlog_file without xferlog_std_format')


def test_failed_open_is_a_failed_download():
    # vsftpd logs a RETR that gets 550 as FAIL DOWNLOAD (no bytes part at
    # 0 bytes) and, in xferlog, as an incomplete transfer of 0 bytes.
    d = log_dir()
    conf = _conf(d, dual_log_enable=True)
    with Server(TREE, conf=conf) as s:
        c = _login(s)
        c.cmd('TYPE I', 200)
        c.pasv()
        c.cmd('RETR nonexistent', 550)
        c.cmd('QUIT', 221)
    entries = _vs_lines(conf['vsftpd_log_file'])
    fd = _one(entries, 'FAIL DOWNLOAD', event=b'FAIL DOWNLOAD')
    eq((fd['path'], fd['bytes']), (b'/nonexistent', 0),
       'FAIL DOWNLOAD %r' % fd['line'])
    x = _xferlog(conf['xferlog_file'])
    eq([(e['path'], e['bytes'], e['direction'], e['completion'])
        for e in x], [(b'/nonexistent', 0, b'o', b'i')], 'xferlog lines')


# --- wu-ftpd xferlog ---------------------------------------------------------------

def test_xferlog_std_format_fields():
    # The type field follows TYPE: 'a' after TYPE A even when nothing is
    # converted (ascii_download_enable=NO), as in vsftpd.
    d = log_dir()
    conf = _conf(d, xferlog_std_format=True, async_abor_enable=True)
    with Server(TREE, conf=conf) as s:
        c = _login(s)
        eq(c.retr('pub/x'), X_DATA, 'RETR pub/x')
        c.upload('STOR up/u.bin', UP_DATA)
        data = c.transfer('RETR pub/x', binary=False)[0]
        check(len(data) >= len(X_DATA), 'ASCII RETR')
        _aborted_download(c)
        _broken_download(c)
        _broken_upload(c, 'up/broken.bin')
        c.cmd('QUIT', 221)
    x = _xferlog(conf['xferlog_file'])
    got = [(e['path'], e['type'], e['direction'], e['completion'])
           for e in x]
    eq(got, [(b'/pub/x', b'b', b'o', b'c'),
             (b'/up/u.bin', b'b', b'i', b'c'),
             (b'/pub/x', b'a', b'o', b'c'),
             (b'/pub/zeros-64m.bin', b'b', b'o', b'i'),
             (b'/pub/zeros-64m.bin', b'b', b'o', b'i'),
             (b'/up/broken.bin', b'b', b'i', b'i')],
       'xferlog lines (path, type, direction, completion)')
    for e in x:
        eq(e['host'], b'127.0.0.1', 'remote host of %r' % e['line'])
        eq(e['user'], ANON_PASS.encode(), 'user (anonymous password) of %r'
           % e['line'])
        check(e['seconds'] < 10, 'transfer time of %r' % e['line'])
    eq(x[0]['bytes'], len(X_DATA), 'bytes of the download')
    eq(x[1]['bytes'], len(UP_DATA), 'bytes of the upload')
    check(len(X_DATA) <= x[2]['bytes'] <= 2 * len(X_DATA),
          'bytes of the ASCII download: %r' % x[2]['line'])
    for e in x[3:5]:
        check(e['bytes'] < BIG, 'incomplete download bytes %r' % e['line'])
    check(x[5]['bytes'] <= 300000, 'incomplete upload bytes %r' % x[5]['line'])
    # xferlog_std_format without dual_log_enable: vsftpd_log_file unused.
    _empty(conf['vsftpd_log_file'], 'vsftpd_log_file with xferlog_std_format')


def test_xferlog_path_whitespace():
    # Spaces and control bytes in the path must not split the field.
    t = upload_tree('up')
    names = [b'with space.txt', b'tab\there.txt', b'ctl\x01byte.txt']
    for n in names:
        t.add(b'up/' + n, b'data of ' + n + b'\n')
    d = log_dir()
    conf = _conf(d, xferlog_std_format=True)
    with Server(t, conf=conf) as s:
        c = _login(s)
        for n in names:
            eq(c.retr(b'up/' + n), b'data of ' + n + b'\n', 'RETR %r' % n)
        c.cmd('QUIT', 221)
    x = _xferlog(conf['xferlog_file'])
    # vsftpd writes '?' for a control byte and '_' for a space; sockftpd
    # '_' for both.
    ctl = b'?' if IS_VSFTPD else b'_'
    eq([e['path'] for e in x],
       [b'/up/with_space.txt', b'/up/tab' + ctl + b'here.txt',
        b'/up/ctl' + ctl + b'byte.txt'], 'xferlog paths')
    _no_raw_control(conf['xferlog_file'])


def test_dual_log():
    d = log_dir()
    conf = _conf(d, xferlog_std_format=True, dual_log_enable=True)
    with Server(TREE, conf=conf) as s:
        c = _login(s)
        eq(c.retr('pub/x'), X_DATA, 'RETR pub/x')
        c.upload('STOR up/dual.bin', UP_DATA)
        c.cmd('QUIT', 221)
    entries = _vs_lines(conf['vsftpd_log_file'])
    eq([e['event'] for e in entries],
       [b'CONNECT', b'OK LOGIN', b'OK DOWNLOAD', b'OK UPLOAD'],
       'vsftpd-format lines with dual_log_enable')
    x = _xferlog(conf['xferlog_file'])
    eq([(e['path'], e['bytes'], e['direction'], e['completion'])
        for e in x],
       [(b'/pub/x', len(X_DATA), b'o', b'c'),
        (b'/up/dual.bin', len(UP_DATA), b'i', b'c')], 'xferlog lines')
    # Created 0600 (they hold anonymous passwords), owned by whoever
    # started the server, not by the session user.
    for key in ('vsftpd_log_file', 'xferlog_file'):
        st = os.stat(conf[key])
        eq(oct(st.st_mode & 0o7777), oct(0o600), 'mode of %s' % key)
        eq(st.st_uid, os.geteuid(), 'owner of %s' % key)


def test_syslog_enable_leaves_file_empty():
    # syslog_enable sends the vsftpd-format lines to syslog (facility ftp);
    # no syslog daemon is guaranteed here, so only check the file stays
    # empty and the session works; with dual_log_enable the xferlog file
    # is still written.
    d = log_dir()
    conf = _conf(d, syslog_enable=True, dual_log_enable=True)
    with Server(TREE, conf=conf) as s:
        c = _login(s)
        eq(c.retr('pub/x'), X_DATA, 'RETR pub/x')
        c.cmd('QUIT', 221)
    _empty(conf['vsftpd_log_file'], 'vsftpd_log_file with syslog_enable')
    x = _xferlog(conf['xferlog_file'])
    eq([(e['path'], e['completion']) for e in x], [(b'/pub/x', b'c')],
       'xferlog with syslog_enable and dual_log_enable')


def test_xferlog_disabled_writes_nothing():
    # vsftpd: log_ftp_protocol alone opens no log; it only adds to the
    # vsftpd-format log that xferlog_enable (or dual_log_enable) turns on.
    d = log_dir()
    conf = _conf(d, xferlog_enable=False, log_ftp_protocol=True)
    with Server(TREE, conf=conf) as s:
        c = _login(s)
        eq(c.retr('pub/x'), X_DATA, 'RETR pub/x')
        c.cmd('QUIT', 221)
    _empty(conf['vsftpd_log_file'], 'vsftpd_log_file without xferlog_enable')
    _empty(conf['xferlog_file'], 'xferlog_file without xferlog_enable')


def test_dual_log_alone_enables_both():
    # vsftpd: dual_log_enable=YES writes both logs even with
    # xferlog_enable=NO.
    d = log_dir()
    conf = _conf(d, xferlog_enable=False, dual_log_enable=True)
    with Server(TREE, conf=conf) as s:
        c = _login(s)
        eq(c.retr('pub/x'), X_DATA, 'RETR pub/x')
        c.cmd('QUIT', 221)
    eq([e['event'] for e in _vs_lines(conf['vsftpd_log_file'])],
       [b'CONNECT', b'OK LOGIN', b'OK DOWNLOAD'], 'vsftpd-format lines')
    eq([(e['path'], e['completion']) for e in _xferlog(conf['xferlog_file'])],
       [(b'/pub/x', b'c')], 'xferlog lines')


# --- failed logins and fail2ban ------------------------------------------------------

def _fail_login(s, source=None):
    """One failed login.  sockftpd: USER root on an anonymous-only server
    (530 at USER counts as a failed login).  vsftpd logs FAIL LOGIN only
    after a PASS check, so against it: a local user with a wrong
    password."""
    c = s.ctrl(source=source)
    if IS_VSFTPD:
        c.cmd('USER root', 331)
        c.cmd('PASS wrong-password', 530)
    else:
        c.cmd('USER root', 530)
    c.cmd('QUIT', 221)


def test_fail_login_matches_fail2ban():
    d = log_dir()
    conf = _conf(d)
    if IS_VSFTPD:
        conf['local_enable'] = True
    with Server(TREE, conf=conf) as s:
        _fail_login(s)
        _fail_login(s, source='127.0.0.2')
        c = _login(s)
        c.cmd('QUIT', 221)
    entries = _vs_lines(conf['vsftpd_log_file'])
    fails = _find(entries, event=b'FAIL LOGIN')
    eq([(e['user'], e['host'], e['rest']) for e in fails],
       [(b'root', b'127.0.0.1', None), (b'root', b'127.0.0.2', None)],
       'FAIL LOGIN lines (user, client, rest)')
    hosts = []
    for line in log_lines(conf['vsftpd_log_file']):
        m = FAIL2BAN_VSFTPD.match(line[24:].decode('utf-8', 'replace'))
        if m:
            hosts.append(m.group('host'))
    eq(hosts, ['127.0.0.1', '127.0.0.2'],
       'hosts fail2ban\'s vsftpd filter finds')


# --- log_ftp_protocol ---------------------------------------------------------------

def test_log_ftp_protocol():
    secret = 'TopSecret-9f3a'
    d = log_dir()
    conf = _conf(d, log_ftp_protocol=True)
    with Server(TREE, conf=conf) as s:
        c = s.ctrl()
        c.cmd('USER root', 530)
        c.cmd('PASS ' + secret)
        c.login(password=ANON_PASS)
        eq(c.retr('pub/x'), X_DATA, 'RETR pub/x')
        c.cmd('QUIT', 221)
    path = conf['vsftpd_log_file']
    entries = _vs_lines(path)
    cmds = [e for e in entries if e['event'] == b'FTP command']
    resps = [e for e in entries if e['event'] == b'FTP response']
    for e in cmds + resps:
        eq(e['host'], b'127.0.0.1', 'client of %r' % e['line'])
    cmd_texts = [e['rest'] for e in cmds]
    for want in (b'"USER root"', b'"USER anonymous"', b'"PASV"',
                 b'"RETR pub/x"', b'"QUIT"'):
        check(want in cmd_texts, 'no FTP command line %s in %r' % (
            want, cmd_texts))
    eq(cmd_texts.count(b'"PASS <password>"'), 2,
       'masked PASS command lines (in %r)' % cmd_texts)
    retr = _one(cmds, 'FTP command RETR', rest=b'"RETR pub/x"')
    eq(retr['user'], b'ftp', 'user of %r' % retr['line'])
    resp_texts = [e['rest'] for e in resps]
    check(b'"226 Transfer complete."' in resp_texts,
          'no FTP response line for 226: %r' % resp_texts)
    done = _find(resps, rest=b'"226 Transfer complete."')[0]
    eq(done['user'], b'ftp', 'user of %r' % done['line'])
    data = log_bytes(path)
    not_contains(data, secret.encode(), path)
    # The anonymous password appears on the OK LOGIN line only.
    for line in log_lines(path):
        if ANON_PASS.encode() in line:
            contains(line, b'OK LOGIN: ', 'line with the anonymous password')


# --- unprintable bytes -------------------------------------------------------------

def test_control_bytes_escaped():
    t = upload_tree('up')
    names = [b'a\x01b', b'tab\tname', b'esc\x1b[31mred', b'del\x7fname',
             b'latin1-\xe9t\xe9']
    for n in names:
        t.add(b'up/' + n, b'content\n')
    writable_dir(t, 'up/w')
    d = log_dir()
    conf = _conf(d, dual_log_enable=True, log_ftp_protocol=True)
    with Server(t, conf=conf) as s:
        c = s.ctrl()
        c.cmd(b'USER ro\x02ot'.decode())
        c.login(password='x\x03y@example.org')
        for n in names:
            eq(c.retr(b'up/' + n), b'content\n', 'RETR %r' % n)
        c.upload(b'STOR up/w/up\x04load', b'uploaded\n')
        c.cmd(b'MKD up/w/dir\x05ctl'.decode(), 257)
        c.cmd(b'RNFR up/w/up\x04load'.decode(), 350)
        c.cmd(b'RNTO up/w/re\x06named'.decode(), 250)
        c.cmd(b'SIZE up/\x1b]0;title\x07'.decode())
        c.cmd('QUIT', 221)
    for key in ('vsftpd_log_file', 'xferlog_file'):
        check(log_bytes(conf[key]), '%s is empty' % key)
        _no_raw_control(conf[key])
    entries = _vs_lines(conf['vsftpd_log_file'])
    downs = _find(entries, event=b'OK DOWNLOAD')
    eq(len(downs), len(names), 'OK DOWNLOAD lines')
    for e, n in zip(downs, names):
        eq(len(e['path']) >= len(b'/up/' + n), True,
           'escaped path %r for %r' % (e['path'], n))
    x = _xferlog(conf['xferlog_file'])
    eq(len(x), len(names) + 1, 'xferlog lines')


# --- concurrency ------------------------------------------------------------------

NSESS = 8
NFILES = 20


def _concurrent_tree():
    t = upload_tree('up')
    t.mkdir('pub')
    names = []
    for i in range(NFILES):
        # Long names make long lines: a torn write would show.
        n = 'file-%02d-%s.bin' % (i, 'n' * 180)
        t.add('pub/' + n, random_bytes(1000 + 97 * i, b'conc-%d' % i))
        names.append(n)
    return t, names


def _run_sessions(s, names, nsess=NSESS):
    errors = []

    def worker(i):
        try:
            c = s.ctrl(timeout_s=30)
            c.login(password='s%d@example.org' % i)
            for n in names:
                eq(len(c.retr('pub/' + n)), len(s.tree.data('pub/' + n)),
                   'size of pub/%s' % n)
            c.cmd('QUIT', 221)
        except BaseException:       # noqa: B902 - reported below
            errors.append('session %d:\n%s' % (i, traceback.format_exc()))

    threads = [threading.Thread(target=worker, args=(i,), daemon=True)
               for i in range(nsess)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(T(40))
    check(not any(th.is_alive() for th in threads), 'sessions still running')
    check(not errors, '\n'.join(errors))


def _concurrent(no_log_lock):
    t, names = _concurrent_tree()
    d = log_dir()
    conf = _conf(d, dual_log_enable=True, no_log_lock=no_log_lock)
    with Server(t, conf=conf) as s:
        _run_sessions(s, names)
    entries = _vs_lines(conf['vsftpd_log_file'])
    eq(len(_find(entries, event=b'CONNECT')), NSESS, 'CONNECT lines')
    logins = sorted(e['rest'] for e in _find(entries, event=b'OK LOGIN'))
    eq(logins, sorted(b'anon password "s%d@example.org"' % i
                      for i in range(NSESS)), 'OK LOGIN lines')
    downs = _find(entries, event=b'OK DOWNLOAD')
    eq(len(downs), NSESS * NFILES, 'OK DOWNLOAD lines')
    eq(len(entries), NSESS * (NFILES + 2), 'vsftpd-format lines')
    for n in names:
        got = [e for e in downs if e['path'] == b'/pub/' + n.encode()]
        eq(len(got), NSESS, 'OK DOWNLOAD lines of /pub/%s' % n)
        for e in got:
            eq(e['bytes'], len(t.data('pub/' + n)), 'bytes in %r' % e['line'])
    x = _xferlog(conf['xferlog_file'])
    eq(len(x), NSESS * NFILES, 'xferlog lines')
    for i in range(NSESS):
        mine = [e for e in x if e['user'] == b's%d@example.org' % i]
        eq(len(mine), NFILES, 'xferlog lines of session %d' % i)
        eq(sorted(e['path'] for e in mine),
           sorted(b'/pub/' + n.encode() for n in names),
           'paths downloaded by session %d' % i)
        for e in mine:
            eq(e['completion'], b'c', 'completion of %r' % e['line'])


@timeout(60)
def test_concurrent_sessions_lines_whole():
    _concurrent(no_log_lock=False)


@timeout(60)
def test_concurrent_sessions_no_log_lock():
    # Without the lock each line must still be one write() with O_APPEND.
    _concurrent(no_log_lock=True)


# --- log_format=json (sockftpd) -------------------------------------------------------

JSON_TIME = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$')
JSON_EVENTS = ('connect', 'login', 'command', 'transfer', 'disconnect')


def _json_lines(path):
    out = []
    data = log_bytes(path)
    check(data, '%s is empty' % path)
    _no_raw_control(path)
    for line in log_lines(path):
        try:
            text = line.decode('utf-8')
        except UnicodeDecodeError as e:
            raise AssertionError('JSON log line is not UTF-8 (%s): %r' % (
                e, line)) from None
        try:
            obj = json.loads(text)
        except ValueError as e:
            raise AssertionError('not JSON (%s): %r' % (e, line)) from None
        check(isinstance(obj, dict), 'not a JSON object: %r' % line)
        for key in ('time', 'session', 'pid', 'peer', 'event'):
            check(key in obj, 'no "%s" in %r' % (key, line))
        check(isinstance(obj['time'], str) and JSON_TIME.match(obj['time']),
              'time is not ISO 8601 UTC: %r' % line)
        t = calendar.timegm(time.strptime(obj['time'][:19],
                                          '%Y-%m-%dT%H:%M:%S'))
        check(abs(t - time.time()) < 600, 'time is not now: %r' % line)
        check(isinstance(obj['session'], str) and
              re.match(r'^[0-9a-f]+$', obj['session']),
              'session is not a hex id: %r' % line)
        check(isinstance(obj['pid'], int) and obj['pid'] > 0,
              'pid: %r' % line)
        check(isinstance(obj['peer'], str) and '127.0.0.' in obj['peer'],
              'peer: %r' % line)
        check(obj['event'] in JSON_EVENTS, 'event: %r' % line)
        if obj['event'] == 'login':
            check(obj.get('result') in ('ok', 'fail'), 'login result: %r'
                  % line)
            check(isinstance(obj.get('user'), str), 'login user: %r' % line)
        if obj['event'] == 'command':
            check(isinstance(obj.get('command'), str), 'command: %r' % line)
            check(isinstance(obj.get('code'), int) and
                  100 <= obj['code'] <= 599, 'reply code: %r' % line)
        if obj['event'] == 'transfer':
            check(obj.get('direction') in ('download', 'upload'),
                  'direction: %r' % line)
            check(isinstance(obj.get('path'), str), 'path: %r' % line)
            check(isinstance(obj.get('bytes'), int) and obj['bytes'] >= 0,
                  'bytes: %r' % line)
            check(isinstance(obj.get('seconds'), (int, float)) and
                  not isinstance(obj['seconds'], bool) and
                  obj['seconds'] >= 0, 'seconds: %r' % line)
            check(isinstance(obj.get('result'), str) and obj['result'],
                  'result: %r' % line)
        out.append(obj)
    return out


class _Recorder:
    """Commands sent on a Ctrl and the reply codes they got."""

    def __init__(self, c):
        self.c = c
        self.sent = []

    def cmd(self, line, code=None, text=None):
        r = self.c.cmd(line, code, text)
        self.sent.append((line, {r.code}))
        return r

    def retr(self, path):
        self.cmd('TYPE I', 200)
        d = self.c.open_passive()
        self.sent.append(('PASV', {227}))
        self.cmd('RETR ' + path, 150)
        data = recv_all(d, self.c.timeout)
        final = self.c.expect(226)
        self.sent[-1][1].add(final.code)
        return data

    def stor(self, path, data):
        self.cmd('TYPE I', 200)
        d = self.c.open_passive()
        self.sent.append(('PASV', {227}))
        self.cmd('STOR ' + path, 150)
        d.sendall(data)
        d.close()
        final = self.c.expect(226)
        self.sent[-1][1].add(final.code)


@sockftpd_only
def test_json_log():
    t = upload_tree('up')
    t.mkdir('pub')
    t.add('pub/x', X_DATA)
    t.add(b'pub/latin1-\xe9t\xe9.txt', b'latin1\n')
    t.add(b'pub/ctl\x01name', b'ctl\n')
    t.add(('pub/' + UTF8_NAME).encode(), b'utf8\n')
    full = t.local('pub/zeros-64m.bin')
    with open(full, 'wb') as f:
        f.truncate(BIG)
    os.chmod(full, 0o644)
    d = log_dir()
    conf = _conf(d, log_format='json')
    with Server(t, conf=conf) as s:
        c = s.ctrl()
        r = _Recorder(c)
        r.cmd('USER root', 530)
        r.cmd('USER anonymous', 331)
        r.cmd('PASS ' + ANON_PASS, 230)
        eq(r.retr('pub/x'), X_DATA, 'RETR pub/x')
        r.stor('up/u.bin', UP_DATA)
        r.cmd('SIZE nonexistent', 550)
        eq(c.retr(b'pub/latin1-\xe9t\xe9.txt'), b'latin1\n', 'Latin-1 name')
        eq(c.retr(b'pub/ctl\x01name'), b'ctl\n', 'control byte name')
        eq(c.retr('pub/' + UTF8_NAME), b'utf8\n', 'UTF-8 name')
        _broken_download(c)
        c.cmd('QUIT', 221)
        c2 = s.login()
        c2.cmd('QUIT', 221)
    objs = _json_lines(conf['vsftpd_log_file'])
    sessions = []
    for o in objs:
        if o['session'] not in sessions:
            sessions.append(o['session'])
    eq(len(sessions), 2, 'session ids')
    a = [o for o in objs if o['session'] == sessions[0]]
    b = [o for o in objs if o['session'] == sessions[1]]
    for mine in (a, b):
        eq(mine[0]['event'], 'connect', 'first event of a session')
        eq(mine[-1]['event'], 'disconnect', 'last event of a session')
        eq([o['event'] for o in mine].count('connect'), 1, 'connect events')
        eq([o['event'] for o in mine].count('disconnect'), 1,
           'disconnect events')
    logins = [(o['result'], o['user']) for o in a if o['event'] == 'login']
    eq(len(logins), 2, 'login events: %r' % logins)
    eq(logins[0], ('fail', 'root'), 'failed login event')
    eq(logins[1][0], 'ok', 'successful login event')
    check(logins[1][1] in ('anonymous', 'ftp'), 'user of the anonymous '
          'login: %r' % (logins[1],))
    # Every command, in order, PASS masked, with a reply code it got.
    cmds = [(o['command'], o['code']) for o in a if o['event'] == 'command']
    logged = list(cmds)
    for line, codes in r.sent:
        want = 'PASS <password>' if line.startswith('PASS ') else line
        check(logged, 'command %r not logged; logged: %r' % (want, cmds))
        got, code = logged.pop(0)
        eq(got, want, 'logged command')
        check(code in codes, 'code %d logged for %r, the client got %r' % (
            code, want, sorted(codes)))
    verbs = [cmd.split(' ')[0] for cmd, _ in logged]
    check(verbs[-1] == 'QUIT', 'QUIT not logged last: %r' % cmds)
    for cmd, _ in cmds:
        not_contains(cmd, ANON_PASS, 'logged command')
    not_contains(log_bytes(conf['vsftpd_log_file']).decode('utf-8'),
                 'PASS ' + ANON_PASS, 'JSON log')
    xfers = [o for o in a if o['event'] == 'transfer']
    ok = [(o['direction'], o['path'], o['bytes']) for o in xfers
          if o['result'] == 'ok']
    eq(ok[:2], [('download', '/pub/x', len(X_DATA)),
                ('upload', '/up/u.bin', len(UP_DATA))], 'transfers')
    eq(len(ok), 5, 'successful transfers: %r' % ok)
    check(ok[2][1].startswith('/pub/latin1-') and ok[2][2] == 7,
          'Latin-1 transfer: %r' % (ok[2],))
    check(ok[3][1].startswith('/pub/ctl') and ok[3][2] == 4,
          'control byte transfer: %r' % (ok[3],))
    # A UTF-8 name comes back as the same string.
    eq(ok[4][1:], ('/pub/' + UTF8_NAME, 5), 'UTF-8 name transfer')
    failed = [o for o in xfers if o['result'] != 'ok']
    check(len(failed) >= 1, 'no failed transfer event: %r' % xfers)
    eq((failed[-1]['direction'], failed[-1]['path']),
       ('download', '/pub/zeros-64m.bin'), 'failed transfer')
    check(failed[-1]['bytes'] < BIG, 'failed transfer bytes %r' % failed[-1])
    eq(_one_json(b, 'login')['result'], 'ok', 'login of session 2')


def _one_json(objs, event):
    got = [o for o in objs if o['event'] == event]
    eq(len(got), 1, '%s events' % event)
    return got[0]


@sockftpd_only
@timeout(60)
def test_json_concurrent():
    t, names = _concurrent_tree()
    d = log_dir()
    conf = _conf(d, log_format='json')
    with Server(t, conf=conf) as s:
        _run_sessions(s, names)
    objs = _json_lines(conf['vsftpd_log_file'])
    ids = sorted(set(o['session'] for o in objs))
    eq(len(ids), NSESS, 'session ids')
    for sid in ids:
        mine = [o for o in objs if o['session'] == sid]
        xfers = [o for o in mine if o['event'] == 'transfer']
        eq(len(xfers), NFILES, 'transfers of session %s' % sid)
        eq(sorted(o['path'] for o in xfers),
           sorted('/pub/' + n for n in names), 'paths of session %s' % sid)
        for o in xfers:
            eq((o['direction'], o['result'], o['bytes']),
               ('download', 'ok', len(t.data('pub/' + o['path'][5:]))),
               'transfer %r' % o)
        eq(len([o for o in mine if o['event'] == 'command']),
           2 + 3 * NFILES + 1, 'command events of session %s' % sid)


@sockftpd_only
def test_new_options_listed():
    r = run([SOCKFTPD, '--list-options'])
    eq(r.rc, 0, 'exit status of --list-options')
    rows = {}
    for line in r.out.decode().splitlines():
        fields = line.split('\t')
        if len(fields) >= 4:
            rows[fields[0]] = fields
    for name, default in (('log_format', 'vsftpd'),):
        check(name in rows, '%s not listed' % name)
        eq(rows[name][2], default, 'default of %s' % name)
    for name in ('log_format', 'xferlog_enable', 'xferlog_file',
                 'xferlog_std_format', 'vsftpd_log_file', 'dual_log_enable',
                 'syslog_enable', 'log_ftp_protocol', 'no_log_lock'):
        check(name in rows, '%s not listed' % name)
        eq(rows[name][3], 'implemented', 'status of %s' % name)


main()
