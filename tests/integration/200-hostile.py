#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A scripted hostile client: seeded random command sequences with hostile
arguments, data connections opened and abandoned, ABOR at random points,
pipelined bursts and abrupt disconnects, against sessions with uploads
on.  The server must answer every complete command with a well-formed
reply, never crash (the harness fails a test on any sanitizer report in
the launcher log), keep the tree inside its root, and leave no session
behind.  FTPTEST_HOSTILE_SEED replays one seed; FTPTEST_HOSTILE_ROUNDS
runs more sessions than the default.
"""

import os
import random
import re
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

REPLY = re.compile(rb'^[1-5][0-9][0-9][ -]')
ROUNDS = int(os.environ.get('FTPTEST_HOSTILE_ROUNDS') or 30)
SEED = os.environ.get('FTPTEST_HOSTILE_SEED')

PATHS = [
    '', '.', '..', '/', '//', 'pub', 'pub/', '/pub/../..', '../../etc/passwd',
    '/etc/shadow', 'up', 'up/x', 'up/../up/y', 'a' * 300, '/' * 50,
    'pub/*', '*a*a*a*a*a*a*a*a*b', '{a,b}', '[!a-z]*', '-la', '-- -R',
    'up/.sockftpd-upload.0000000000000000', 'name with spaces',
    'gr\u00fc\u00dfe', '\u65e5\u672c', '~root', '~', 'x' * 4000,
]
VERBS = [
    'USER', 'PASS', 'CWD', 'XCWD', 'CDUP', 'PWD', 'TYPE', 'MODE', 'STRU',
    'PASV', 'EPSV', 'PORT', 'EPRT', 'LIST', 'NLST', 'MLSD', 'MLST', 'STAT',
    'SIZE', 'MDTM', 'MFMT', 'REST', 'RETR', 'STOR', 'STOU', 'APPE', 'DELE',
    'MKD', 'RMD', 'RNFR', 'RNTO', 'ABOR', 'ALLO', 'SITE', 'OPTS', 'FEAT',
    'HELP', 'NOOP', 'SYST', 'HASH', 'AUTH', 'PBSZ', 'PROT', 'REIN', 'ACCT',
    'XYZZY', 'GET', '', 'QUIT',
]
ARGS = {
    'TYPE': ['A', 'I', 'L 8', 'E', 'A T', 'L 7', 'Z', ''],
    'MODE': ['S', 'B', 'Z', ''],
    'STRU': ['F', 'R', ''],
    'PORT': ['127,0,0,1,200,1', '127,0,0,2,200,1', '127,0,0,1,0,21',
             '1,2,3', '256,0,0,1,1,1', '999999999999', ''],
    'EPRT': ['|1|127.0.0.1|40000|', '|2|::1|40000|', '|1|127.0.0.2|4000|',
             '|3|x|1|', '||||', '|1|127.0.0.1|0|', ''],
    'EPSV': ['', '1', '2', 'ALL', '7'],
    'REST': ['0', '10', '18446744073709551615', '-1', 'x', ''],
    'MFMT': ['20200101000000 up/x', '99999999999999 up/x', 'x y', ''],
    'SITE': ['HELP', 'CHMOD 777 up/x', 'UMASK', 'UMASK 000', 'EXEC id',
             'CPFR /etc/passwd', ''],
    'OPTS': ['UTF8 ON', 'UTF8 OFF', 'MLST type;size;', 'MLST', 'HASH MD5',
             'HASH', 'X Y', ''],
    'AUTH': ['TLS', 'SSL', 'X'],
    'USER': ['anonymous', 'ftp', 'root', ''],
    'PASS': ['me@example.org', ''],
}
JUNK = [
    b'\xff\xf4\xff\xf2ABOR', b'\xff\xfa\x18', b'\xff', b'NO\x00OP',
    b'\x80\x81\x82', b'\r\r\r', b'\xff\xff\xff\xff', b'A' * 9000,
]


def rand_line(rng):
    verb = rng.choice(VERBS)
    if rng.random() < 0.1:
        return rng.choice(JUNK)
    if verb in ARGS:
        arg = rng.choice(ARGS[verb])
    else:
        arg = rng.choice(PATHS)
    if rng.random() < 0.2:
        verb = verb.lower()
    line = (verb + (' ' + arg if arg else '')).encode('utf-8')
    if rng.random() < 0.05:
        line += bytes([rng.randrange(256)])
    return line


class Hostile:
    """A raw control connection that reads replies without trusting
    them to arrive in step with the commands."""

    def __init__(self, port):
        self.s = socket.create_connection(('127.0.0.1', port), 5 * SLOW)
        self.buf = b''
        self.lines = []
        self.data = []

    def pump(self, wait):
        """Read what arrives within wait seconds; True at end of file."""
        self.s.settimeout(wait)
        try:
            while True:
                b = self.s.recv(65536)
                if not b:
                    return True
                self.buf += b
                while b'\n' in self.buf:
                    line, self.buf = self.buf.split(b'\n', 1)
                    self.lines.append(line)
                    self.maybe_connect(line)
        except (socket.timeout, BlockingIOError):
            return False
        except OSError:
            return True

    def maybe_connect(self, line):
        # Sometimes follow a passive reply and open the data connection,
        # then leave it, read a little, or reset it.
        m = re.match(rb'227 .*\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)', line)
        m6 = re.match(rb'229 .*\(\|\|\|(\d+)\|\)', line)
        port = None
        if m:
            port = int(m.group(5)) * 256 + int(m.group(6))
        elif m6:
            port = int(m6.group(1))
        if port is None or random.random() < 0.3:
            return
        try:
            d = socket.create_connection(('127.0.0.1', port), 2 * SLOW)
            d.setblocking(False)
            self.data.append(d)
        except OSError:
            pass

    def send(self, b):
        try:
            self.s.sendall(b)
        except OSError:
            pass

    def churn_data(self, rng):
        for d in list(self.data):
            r = rng.random()
            try:
                if r < 0.3:
                    d.recv(65536)
                elif r < 0.5:
                    d.send(os.urandom(rng.randrange(1, 5000)))
                elif r < 0.7:
                    rst_close(d)
                    self.data.remove(d)
                elif r < 0.8:
                    d.close()
                    self.data.remove(d)
            except OSError:
                pass

    def close(self, rng):
        for d in self.data:
            try:
                d.close()
            except OSError:
                pass
        if rng.random() < 0.5:
            rst_close(self.s)
        else:
            self.s.close()


def one_session(s, rng):
    h = Hostile(s.port)
    eof = h.pump(2 * SLOW)
    if rng.random() < 0.8:
        h.send(b'USER anonymous\r\nPASS me@example.org\r\n')
    for _ in range(rng.randrange(5, 30)):
        if eof:
            break
        burst = [rand_line(rng) for _ in range(rng.randrange(1, 6))]
        # Pipelining: several commands in one write, sometimes with bare
        # LF, sometimes with the last one cut short.
        payload = b''.join(l + (b'\n' if rng.random() < 0.2 else b'\r\n')
                           for l in burst)
        if rng.random() < 0.05:
            payload = payload[:rng.randrange(1, len(payload) + 1)]
        h.send(payload)
        if rng.random() < 0.1:
            h.send(b'\xff\xf4\xff\xf2ABOR\r\n')
        eof = h.pump(0.02 * SLOW)
        h.churn_data(rng)
    if not eof and rng.random() < 0.7:
        h.send(b'QUIT\r\n')
        h.pump(1 * SLOW)
    h.close(rng)
    # Every line the server sent is a reply line (code + sep) or a
    # continuation of a multi-line reply, which starts with a blank or a
    # code: never raw junk.
    for line in h.lines:
        line = line.rstrip(b'\r')
        check(REPLY.match(line) or line[:1] in (b' ', b'') or
              re.match(rb'^[0-9]{3}-', line) or
              not line[:1].isdigit(),
              'malformed reply line %r' % line)
    return h.lines


def _tree():
    t = upload_tree()
    return t


@timeout(180)
def test_hostile_sessions():
    seed = int(SEED) if SEED else random.randrange(1 << 30)
    note('seed %d (replay with FTPTEST_HOSTILE_SEED=%d)' % (seed, seed))
    rng = random.Random(seed)
    random.seed(seed)
    t = _tree()
    conf = {'write_enable': True, 'anon_upload_enable': True,
            'anon_mkdir_write_enable': True, 'anon_other_write_enable': True,
            'hash_enable': True, 'ls_recurse_enable': True,
            'accept_timeout': 2, 'connect_timeout': 2,
            'data_connection_timeout': 3, 'idle_session_timeout': 10,
            'delay_failed_login': 0, 'max_login_fails': 100}
    with Server(t, conf=conf) as s:
        start = time.monotonic()
        done = 0
        for i in range(ROUNDS):
            one_session(s, rng)
            done += 1
            if time.monotonic() - start > 20 * SLOW:
                break
        note('%d hostile sessions' % done)
        s.wait_sessions_gone(15 * SLOW)
        # sockftpd exits with 0 to 4 (sockftpd(8)); anything else that the
        # launcher reports is a signal: a crash.
        codes = [int(c) for c in re.findall(r'died with code (\d+)',
                                            s.log())]
        check(codes and all(c <= 4 for c in codes),
              'a session died abnormally: codes %s' % sorted(set(codes)))
        # Nothing escaped the root: no file was created outside it.
        check(not os.path.exists('/etc/passwd.sockftpd'), 'escape')
        # A session still works after all that.
        c = s.login()
        c.cmd('NOOP', 200)
        c.cmd('QUIT', 221)


main()
