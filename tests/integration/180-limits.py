# SPDX-License-Identifier: GPL-2.0-or-later
"""Connection limits and login throttling across the independent processes
a launcher starts, with nothing resident (sockftpd only: vsftpd ignores
max_clients and max_per_ip when spawned per connection).  Slots and
counters live in limits_dir (a per-test directory here).

max_clients=3: of 5 concurrent connections exactly 3 get 220 and 2 get
vsftpd's 421 and are closed; a session killed with SIGKILL (its exposed
process or its first process) frees its slot; QUIT frees it too; under the
inetd, fd 3 and xinetd launchers.  max_per_ip=2 with two loopback source
addresses.  max_login_fails_per_ip / login_fail_window: failed logins
counted across connections (and launcher restarts) refuse the address with
421 before any greeting until the window has passed; other addresses are
unaffected; off by default.  A missing limits_dir is created when started
as root; an unusable one refuses sessions (421) rather than ignoring the
limit."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree()
TOO_MANY_USERS = 'There are too many connected users, please try later.'
TOO_MANY_IP = 'There are too many connections from your internet address.'
TOO_MANY_FAILS = 'Too many failed logins from your address; try again later.'


def _limits_dir():
    """A fresh limits_dir: 0755 and owned by root when run as root (like
    /run/sockftpd), the invoking user's otherwise."""
    return log_dir()


def _conf(limits, **kw):
    conf = {'limits_dir': limits, 'delay_failed_login': 0}
    conf.update(kw)
    return conf


def _refused(c, r, text):
    """r is the 421 with this text and the server then closes."""
    eq((r.code, r.text), (421, text), 'reply to a connection over the limit')
    check(c.at_eof(), 'connection not closed after the 421')


def _open(s, n, source=None):
    """Open n control connections at once, then read each first reply."""
    conns = [Ctrl(s.addr, s.port, source=source) for _ in range(n)]
    return [(c, c.reply()) for c in conns]


def _until_greeted(s, timeout_s=5, source=None):
    """Connect until one connection gets 220 (a freed slot may take a
    moment to be noticed); returns that Ctrl."""
    deadline = time.monotonic() + T(timeout_s)
    refusals = []
    while True:
        c, r = first_reply(s, source=source)
        if r.code == 220:
            return c
        eq(r.code, 421, 'reply while waiting for a free slot')
        refusals.append(r.text)
        c.close()
        if time.monotonic() > deadline:
            raise AssertionError('no free slot within %.0fs: %d refusals '
                                 '(%s)' % (T(timeout_s), len(refusals),
                                           refusals[-1]))
        time.sleep(0.05)


def _groups(s, n):
    """The session groups if there are exactly n (refused sessions may
    take a moment to exit)."""
    groups = session_groups(s)
    return groups if len(groups) == n else None


def _eof_among(clients, timeout_s=10):
    """The one client whose connection the server closed (a session of
    an unprivileged sockftpd is not dumpable, so /proc cannot tell which
    session serves which client: kill one, then look)."""
    deadline = time.monotonic() + T(timeout_s)
    while time.monotonic() < deadline:
        for c in clients:
            if c.at_eof(0.05):
                return c
    raise AssertionError('no client saw its session end within %.0fs'
                         % T(timeout_s))


def _exposed(group):
    """The process of a session that talks to the client after login: the
    one running as the session user (ftp as root), else the last one."""
    uid = session_user().pw_uid
    mine = [p for p in group if proc_uid(p) == uid]
    if ROOT and mine:
        return mine[-1]
    children = {p for p in group}
    parents = set()
    for p in group:
        st = proc_status(p)
        if st.get('PPid') and int(st['PPid']) in children:
            parents.add(int(st['PPid']))
    leaves = [p for p in group if p not in parents]
    return leaves[-1] if leaves else group[-1]


def _max_clients(launcher, kill):
    limits = _limits_dir()
    with Server(TREE, conf=_conf(limits, max_clients=3),
                launcher=launcher) as s:
        got = _open(s, 5)
        ok = [(c, r) for c, r in got if r.code == 220]
        refused = [(c, r) for c, r in got if r.code != 220]
        eq((len(ok), len(refused)), (3, 2),
           'greeted and refused of 5 connections to max_clients=3 (%r)' %
           [str(r) for _, r in got])
        for c, r in refused:
            _refused(c, r, TOO_MANY_USERS)
        for c, _ in ok:
            c.login()
        # Still full: a sixth connection is refused too.
        c6, r6 = first_reply(s)
        _refused(c6, r6, TOO_MANY_USERS)
        clients = [c for c, _ in ok]
        if kill == 'quit':
            clients[0].cmd('QUIT', 221)
            check(clients[0].at_eof(), 'closed after QUIT')
            victim = clients[0]
        else:
            groups = wait_for(lambda: _groups(s, 3), 5,
                              'exactly 3 sessions running')
            group = groups[0]
            pid = _exposed(group) if kill == 'exposed' else group[0]
            note('session processes %r; SIGKILL to %d' % (groups, pid))
            os.kill(pid, signal.SIGKILL)
            victim = _eof_among(clients)
        new = _until_greeted(s)
        new.login()
        eq(new.retr('pub/small.bin'), TREE.data('pub/small.bin'),
           'RETR in the freed slot')
        # Full again.
        c7, r7 = first_reply(s)
        _refused(c7, r7, TOO_MANY_USERS)
        for c in clients:
            if c is not victim:
                c.cmd('NOOP', 200)


@sockftpd_only
def test_max_clients_sigkill_exposed_process():
    _max_clients('inetd', 'exposed')


@sockftpd_only
def test_max_clients_sigkill_first_process():
    _max_clients('inetd', 'first')


@sockftpd_only
def test_max_clients_quit_frees_slot():
    _max_clients('inetd', 'quit')


@sockftpd_only
def test_max_clients_fd3():
    _max_clients('fd3', 'exposed')


@sockftpd_only
def test_max_clients_xinetd():
    _max_clients('xinetd', 'exposed')


@sockftpd_only
def test_max_clients_sequential():
    # One at a time: the first three are greeted, then every further one
    # is refused until one leaves.
    limits = _limits_dir()
    with Server(TREE, conf=_conf(limits, max_clients=3)) as s:
        held = []
        for _ in range(3):
            c, r = first_reply(s)
            eq(r.code, 220, 'greeting within max_clients')
            held.append(c)
        for _ in range(3):
            c, r = first_reply(s)
            _refused(c, r, TOO_MANY_USERS)
        held[1].cmd('QUIT', 221)
        c = _until_greeted(s)
        c.login()


@sockftpd_only
def test_max_per_ip_two_sources():
    limits = _limits_dir()
    with Server(TREE, conf=_conf(limits, max_per_ip=2)) as s:
        a1, r1 = first_reply(s)
        a2, r2 = first_reply(s)
        eq((r1.code, r2.code), (220, 220), 'two connections from 127.0.0.1')
        a3, r3 = first_reply(s)
        _refused(a3, r3, TOO_MANY_IP)
        b1, rb = first_reply(s, source='127.0.0.2')
        eq(rb.code, 220, 'a connection from 127.0.0.2')
        b1.login()
        b2, rb2 = first_reply(s, source='127.0.0.2')
        eq(rb2.code, 220, 'a second connection from 127.0.0.2')
        b3, rb3 = first_reply(s, source='127.0.0.2')
        _refused(b3, rb3, TOO_MANY_IP)
        a1.login()
        a2.login()
        # A session that ends frees its address's slot.
        a1.cmd('QUIT', 221)
        c = _until_greeted(s)
        c.login()
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'RETR')


@sockftpd_only
def test_max_per_ip_slot_freed_by_sigkill():
    limits = _limits_dir()
    with Server(TREE, conf=_conf(limits, max_per_ip=1)) as s:
        a1, r1 = first_reply(s)
        eq(r1.code, 220, 'first connection')
        a1.login()
        a2, r2 = first_reply(s)
        _refused(a2, r2, TOO_MANY_IP)
        groups = wait_for(lambda: _groups(s, 1), 5,
                          'exactly 1 session running')
        os.kill(_exposed(groups[0]), signal.SIGKILL)
        check(a1.at_eof(10), 'the killed session\'s connection stays open')
        _until_greeted(s).login()


@sockftpd_only
def test_max_clients_and_max_per_ip():
    # max_per_ip refuses with its own text while max_clients has room;
    # max_clients counts every address.
    limits = _limits_dir()
    with Server(TREE, conf=_conf(limits, max_clients=3, max_per_ip=2)) as s:
        held = [first_reply(s), first_reply(s)]
        eq([r.code for _, r in held], [220, 220], 'two from 127.0.0.1')
        c, r = first_reply(s)
        _refused(c, r, TOO_MANY_IP)
        b, rb = first_reply(s, source='127.0.0.2')
        eq(rb.code, 220, 'one from 127.0.0.2')
        c, r = first_reply(s, source='127.0.0.3')
        _refused(c, r, TOO_MANY_USERS)


# --- login throttling ----------------------------------------------------------------

def _quit(c):
    """QUIT; the server may already have closed the connection after the
    failure that used up the address's allowance."""
    try:
        c.cmd('QUIT', 221)
    except ConnectionClosed:
        pass
    check(c.at_eof(), 'closed after QUIT')


def _fail_once(s, source=None):
    c, r = first_reply(s, source=source)
    eq(r.code, 220, 'greeting before the limit')
    c.cmd('USER root', 530)     # anonymous-only: a failed login
    _quit(c)


@sockftpd_only
def test_login_throttle_across_connections():
    limits = _limits_dir()
    # Three connections must fit in the window: under valgrind on a busy
    # machine each takes seconds to start.
    window = 3 if SLOW <= 1 else 10
    conf = _conf(limits, max_login_fails_per_ip=2, login_fail_window=window)
    with Server(TREE, conf=conf) as s:
        _fail_once(s)
        _fail_once(s)
        t_last = time.monotonic()
        c, r = first_reply(s)
        _refused(c, r, TOO_MANY_FAILS)
        # A reconnect does not reset the count.
        c, r = first_reply(s)
        _refused(c, r, TOO_MANY_FAILS)
        # Another address is not affected.
        b, rb = first_reply(s, source='127.0.0.2')
        eq(rb.code, 220, 'greeting for 127.0.0.2')
        b.login()
        b.cmd('QUIT', 221)
        # After the window 127.0.0.1 is greeted again.
        time.sleep(max(0, t_last + window + 0.5 - time.monotonic()))
        c = _until_greeted(s, timeout_s=2)
        c.login()
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'RETR')


@sockftpd_only
def test_login_throttle_counts_within_one_connection_too():
    # Two failures in one connection count as two.
    limits = _limits_dir()
    conf = _conf(limits, max_login_fails_per_ip=2, login_fail_window=30,
                 max_login_fails=5)
    with Server(TREE, conf=conf) as s:
        c, r = first_reply(s)
        eq(r.code, 220, 'greeting')
        c.cmd('USER root', 530)
        c.cmd('USER daemon', 530)
        _quit(c)
        c, r = first_reply(s)
        _refused(c, r, TOO_MANY_FAILS)


@sockftpd_only
def test_login_throttle_survives_launcher_restart():
    # The counters are in limits_dir, not in any process.
    limits = _limits_dir()
    conf = _conf(limits, max_login_fails_per_ip=2, login_fail_window=60)
    with Server(TREE, conf=conf) as s:
        _fail_once(s)
        _fail_once(s)
    with Server(TREE, conf=conf) as s:
        c, r = first_reply(s)
        _refused(c, r, TOO_MANY_FAILS)
        b, rb = first_reply(s, source='127.0.0.2')
        eq(rb.code, 220, 'greeting for 127.0.0.2')
    # A different limits_dir starts from nothing.
    with Server(TREE, conf=dict(conf, limits_dir=_limits_dir())) as s:
        c, r = first_reply(s)
        eq(r.code, 220, 'greeting with a fresh limits_dir')


@sockftpd_only
def test_login_throttle_off_by_default():
    limits = _limits_dir()
    with Server(TREE, conf=_conf(limits)) as s:
        for _ in range(4):
            _fail_once(s)
        c, r = first_reply(s)
        eq(r.code, 220, 'greeting after 4 failed logins, throttling off')
        c.login()


@sockftpd_only
def test_successful_logins_do_not_count():
    limits = _limits_dir()
    conf = _conf(limits, max_login_fails_per_ip=2, login_fail_window=30)
    with Server(TREE, conf=conf) as s:
        for _ in range(4):
            c, r = first_reply(s)
            eq(r.code, 220, 'greeting')
            c.login()
            c.cmd('QUIT', 221)
        _fail_once(s)
        c, r = first_reply(s)
        eq(r.code, 220, 'greeting after one failure of two allowed')


@sockftpd_only
def test_limits_dir_created_as_root():
    # sockftpd.conf(5): started as root, a session creates a missing
    # limits_dir (mode 0755).
    need_root()
    limits = os.path.join(_limits_dir(), 'sub')
    with Server(TREE, conf=_conf(limits, max_clients=1)) as s:
        c, r = first_reply(s)
        eq(r.code, 220, 'greeting')
        c2, r2 = first_reply(s)
        _refused(c2, r2, TOO_MANY_USERS)
        st = os.stat(limits)
        eq(oct(st.st_mode & 0o7777), oct(0o755), 'mode of limits_dir')
        eq(st.st_uid, 0, 'owner of limits_dir')


@sockftpd_only
def test_unusable_limits_dir_fails_closed():
    # A limit that cannot be enforced refuses the session rather than
    # silently letting everyone in.
    limits = os.path.join(_limits_dir(), 'missing', 'deeper')
    with Server(TREE, conf=_conf(limits, max_clients=3)) as s:
        c, r = first_reply(s)
        eq(r.code, 421, 'reply with an unusable limits_dir')
        check(c.at_eof(), 'connection not closed after the 421')


@sockftpd_only
def test_options_listed():
    r = run([SOCKFTPD, '--list-options'])
    eq(r.rc, 0, 'exit status of --list-options')
    rows = {}
    for line in r.out.decode().splitlines():
        fields = line.split('\t')
        if len(fields) >= 4:
            rows[fields[0]] = fields
    for name, default in (('max_login_fails_per_ip', '0'),
                          ('login_fail_window', '600'),
                          ('limits_dir', '/run/sockftpd'),
                          ('max_clients', '0'), ('max_per_ip', '0')):
        check(name in rows, '%s not listed' % name)
        eq(rows[name][2], default, 'default of %s' % name)
        eq(rows[name][3], 'implemented', 'status of %s' % name)


main()
