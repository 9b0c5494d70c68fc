#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""session_support: utmp and wtmp records for a login, written by the root
monitor, and the logout records when the session ends (root only)."""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

UTMP = '/var/run/utmp'
WTMP = '/var/log/wtmp'
TREE = make_tree()


def _who():
    r = subprocess.run(['who'], capture_output=True, text=True, timeout=10)
    return r.stdout


def _line_of(pid):
    return 'ftp%d' % pid


def _ensure(path):
    # Minimal machines lack /var/run/utmp; login(1) would create it too.
    if not os.path.exists(path):
        with open(path, 'ab'):
            pass
        os.chmod(path, 0o664)


@sockftpd_only
def test_login_and_logout_records():
    need_root()
    for tool in ('who', 'utmpdump'):
        need_tool(tool)
    _ensure(UTMP)
    _ensure(WTMP)
    with Server(TREE, conf={'session_support': True}) as s:
        c = s.login()
        c.cmd('PWD', 257)
        # The utmp line names the session process ("ftp<pid>").
        found = wait_for(lambda: [l for l in _who().splitlines()
                                  if l.split()[:1] == ['ftp'] and
                                  '(127.0.0.1)' in l and
                                  any(_line_of(p) in l
                                      for p in s.session_pids())],
                         5, 'a utmp record of the session')
        note('who: %s' % found)
        line = found[0].split()[1]
        c.cmd('QUIT', 221)
        s.wait_sessions_gone()
        time.sleep(0.2)
        check(line not in _who(), 'utmp still lists %s after QUIT' % line)
        # wtmp: a login (type 7, user ftp, the client) and a logout (type
        # 8) record of that line.
        r = subprocess.run(['utmpdump', WTMP], capture_output=True,
                           text=True, timeout=10)
        rec = [l for l in r.stdout.splitlines() if '[%s ' % line in l]
        check(any(l.startswith('[7]') and '[ftp ' in l and '127.0.0.1' in l
                  for l in rec), 'no wtmp login of %s: %s' % (line, rec))
        check(any(l.startswith('[8]') for l in rec),
              'no wtmp logout of %s: %s' % (line, rec))


@sockftpd_only
def test_no_records_without_session_support():
    need_root()
    need_tool('who')
    _ensure(UTMP)
    with Server(TREE) as s:
        c = s.login()
        c.cmd('PWD', 257)
        pids = s.session_pids()
        check(not any(_line_of(p) in _who() for p in pids),
              'utmp record without session_support')
        c.cmd('QUIT', 221)


main()
