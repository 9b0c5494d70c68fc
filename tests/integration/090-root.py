# SPDX-License-Identifier: GPL-2.0-or-later
"""Privileges (root only): an anonymous session started as root runs as
ftp_username, chrooted into anon_root, with no capabilities; before login no
process that reads the client runs with root's identity only; started
unprivileged, sockftpd serves as that user and stays confined."""

import os
import pwd
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

if not ROOT:
    skip_file('needs root')

TREE = make_tree()
FTP_PW = pwd.getpwnam('ftp') if any(
    p.pw_name == 'ftp' for p in pwd.getpwall()) else None


def _ids(pid):
    st = proc_status(pid)
    uids = [int(x) for x in st.get('Uid', '').split()]
    gids = [int(x) for x in st.get('Gid', '').split()]
    groups = [int(x) for x in st.get('Groups', '').split()]
    return uids, gids, groups, st


def _describe(pids):
    out = []
    for p in pids:
        uids, gids, groups, st = _ids(p)
        try:
            root = os.readlink('/proc/%d/root' % p)
        except OSError as e:
            root = '?%s' % e.errno
        out.append('pid %d %s uid %s gid %s groups %s root %s cap %s nnp %s' % (
            p, st.get('Name'), uids, gids, groups, root, st.get('CapEff'),
            st.get('NoNewPrivs')))
    return '\n'.join(out)


def _user_processes(s, uid):
    return [p for p in s.session_pids() if _ids(p)[0] == [uid] * 4]


def test_anonymous_session_runs_as_ftp_in_chroot():
    if FTP_PW is None:
        skip('no user ftp')
    with Server(TREE) as s:
        c = s.login()
        c.cmd('PWD', 257)
        pids = wait_for(lambda: _user_processes(s, FTP_PW.pw_uid), 5,
                        'a session process running as ftp')
        note(_describe(s.session_pids()))
        tree = os.path.realpath(TREE.path)
        for p in pids:
            uids, gids, groups, st = _ids(p)
            eq(gids, [FTP_PW.pw_gid] * 4, 'gids of pid %d' % p)
            check(0 not in groups, 'pid %d keeps group 0: %s' % (p, groups))
            eq(int(st.get('CapEff', '1'), 16), 0, 'CapEff of pid %d' % p)
            eq(int(st.get('CapPrm', '1'), 16), 0, 'CapPrm of pid %d' % p)
            # Sanitizer builds confine with openat2 alone (LeakSanitizer
            # needs /proc); see doc/DESIGN.md.
            if not (IS_SOCKFTPD and SANITIZERS):
                eq(os.readlink('/proc/%d/root' % p), tree,
                   'root directory of pid %d (chroot)' % p)
            if IS_SOCKFTPD:
                eq(st.get('NoNewPrivs'), '1', 'NoNewPrivs of pid %d' % p)
                with open('/proc/%d/limits' % p) as f:
                    core = [l for l in f if l.startswith('Max core file size')]
                check(core and core[0].split()[4] == '0',
                      'core dumps allowed in pid %d: %s' % (p, core))
        # At most one process keeps root: a monitor.
        roots = [p for p in s.session_pids() if 0 in _ids(p)[0]]
        check(len(roots) <= 1, 'more than one root process:\n%s' %
              _describe(roots))
        # The session still works as that user.
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'RETR')


def test_prelogin_process_is_unprivileged():
    with Server(TREE) as s:
        c = s.ctrl()
        c.cmd('USER anonymous', 331)       # the session is up and parsing
        pids = s.session_pids()
        note(_describe(pids))
        check(pids, 'no session process')
        unpriv = [p for p in pids if 0 not in _ids(p)[0]]
        check(unpriv, 'every process is root before login:\n%s' %
              _describe(pids))


def test_root_owned_file_unreadable_without_world_check():
    # With anon_world_readable_only=NO the kernel still stops user ftp from
    # reading a root-owned 0600 file.
    with Server(TREE, conf={'anon_world_readable_only': False}) as s:
        c = s.login()
        c.pasv()
        c.cmd('RETR secret.txt', 550)
        c.pasv()
        c.cmd('RETR /etc/passwd', 550)
        c.pasv()
        c.cmd('RETR link-outside', 550)


@sockftpd_only
def test_ftp_username():
    # vsftpd first changes into the user's home even with anon_root set,
    # and fails for nobody (/nonexistent): 500 OOPS.
    nobody = pwd.getpwnam('nobody')
    with Server(TREE, conf={'ftp_username': 'nobody'}) as s:
        c = s.login()
        c.cmd('PWD', 257)
        wait_for(lambda: _user_processes(s, nobody.pw_uid), 5,
                 'a session process running as nobody')
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'RETR')


def test_connect_from_port_20():
    with Server(TREE, conf={'connect_from_port_20': True}) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        ls = c.listen_active('port')
        c.cmd('RETR pub/small.bin', 150)
        d, peer = ls.accept()
        track(d)
        eq(peer[1], 20, 'source port of the active data connection')
        eq(recv_all(d, T(10)), TREE.data('pub/small.bin'), 'data')
        c.expect(226)


@sockftpd_only
def test_unprivileged_launcher():
    # Started as nobody: sockftpd serves as nobody, confined by openat2.
    nobody = pwd.getpwnam('nobody')
    with Server(TREE, user='nobody') as s:
        c = s.login()
        c.cmd('PWD', 257, '"/" is the current directory')
        pids = s.session_pids()
        note(_describe(pids))
        check(pids, 'no session process')
        for p in pids:
            eq(_ids(p)[0], [nobody.pw_uid] * 4, 'uids of pid %d' % p)
        eq(c.retr('pub/random.bin'), TREE.data('pub/random.bin'), 'RETR')
        for path in ('/etc/passwd', '../../../etc/passwd', 'link-outside',
                     'dirlink-outside/passwd'):
            c.pasv()
            c.cmd('RETR ' + path, 550)
        c.cmd('CWD dirlink-outside', 550)
        eq(c.retr('abslink-inside'), TREE.data('pub/small.bin'),
           'absolute symlink resolved inside the root')
        c.cmd('QUIT', 221)


@sockftpd_only
def test_unprivileged_refuses_root_options():
    with Server(TREE, user='nobody',
                conf={'connect_from_port_20': True}) as s:
        c = s.ctrl(greet=False)
        r = c.reply()
        eq(r.code, 421, 'connect_from_port_20 without root: %s' % r)
        check(c.at_eof(), 'closed after 421')
        contains(s.log(), 'connect_from_port_20', 'the launcher log')


main()
