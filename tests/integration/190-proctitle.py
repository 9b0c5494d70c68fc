# SPDX-License-Identifier: GPL-2.0-or-later
"""setproctitle_enable: the session's state in ps.  While a session is
logged in and idle, the process that runs as the session user (ftp when
started as root) shows "sockftpd: 127.0.0.1: ..." naming the user, during a
download it names RETR; the password never shows.  With the default NO
every session process keeps its normal argv.  Against vsftpd the titles
are vsftpd's ("vsftpd: 127.0.0.1/ftp: IDLE")."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree(big=True)
PASSWORD = 'title-secret@example.org'
PREFIX = b'vsftpd: 127.0.0.1' if IS_VSFTPD else b'sockftpd: 127.0.0.1: '
USER_WORD = b'/ftp: ' if IS_VSFTPD else b'anonymous'


def _titles(s):
    """(pid, uid, cmdline) of every session process."""
    out = []
    for p in s.session_pids():
        cmd = proc_cmdline(p)
        if cmd is not None:
            out.append((p, proc_uid(p), cmd))
    return out


def _user_titles(s):
    """Titles of the processes that run as the session user (with root:
    ftp; unprivileged: every session process)."""
    uid = session_user().pw_uid
    return [t for t in _titles(s) if t[1] == uid]


def _wait_title(s, pred, what):
    def found():
        for pid, uid, cmd in _user_titles(s):
            if cmd.startswith(PREFIX) and pred(cmd):
                return pid, cmd
        return None
    try:
        return wait_for(found, 5, what)
    except AssertionError:
        raise AssertionError('%s; session processes: %r' % (
            what, _titles(s))) from None


def test_title_logged_in_idle():
    with Server(TREE, conf={'setproctitle_enable': True}) as s:
        c = s.ctrl()
        c.login(password=PASSWORD)
        pid, cmd = _wait_title(
            s, lambda t: USER_WORD in t,
            'a process title starting %r and naming %r' % (PREFIX, USER_WORD))
        if IS_VSFTPD:
            contains(cmd, b'IDLE', 'process title')
        for p, uid, title in _titles(s):
            not_contains(title, PASSWORD.encode(), 'title of pid %d' % p)
        c.cmd('QUIT', 221)


def test_title_during_download():
    conf = {'setproctitle_enable': True, 'anon_max_rate': 1024 * 1024}
    with Server(TREE, conf=conf) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        d = c.open_passive()
        c.cmd('RETR pub/zeros-64m.bin', 150)
        check(d.recv(4096), 'no data')
        _wait_title(s, lambda t: b'RETR' in t,
                    'a process title naming RETR during a download')
        d.close()
        c.expect(426)
        # Back to idle: RETR is gone from the title.
        _wait_title(s, lambda t: b'RETR' not in t,
                    'the title without RETR after the transfer')


def test_title_before_login():
    # Before login the title still names the client (no user yet).
    with Server(TREE, conf={'setproctitle_enable': True}) as s:
        c = s.ctrl()
        c.cmd('USER anonymous', 331)
        def found():
            return [t for t in _titles(s) if t[2].startswith(PREFIX)]
        wait_for(found, 5, 'a session process titled %r before login (%r)'
                 % (PREFIX, _titles(s)))


def test_default_keeps_argv():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('NOOP', 200)
        titles = _titles(s)
        check(titles, 'no session process')
        for pid, uid, cmd in titles:
            argv = cmd.split(b'\0')
            eq(os.path.basename(argv[0]), os.path.basename(s.binary).encode(),
               'argv[0] of pid %d (%r)' % (pid, cmd))
            contains(cmd, s.conf_path.encode(), 'cmdline of pid %d' % pid)
            check(not cmd.startswith(PREFIX[:8]),
                  'pid %d has a process title: %r' % (pid, cmd))


main()
