#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Logins through pam_wrapper and pam_matrix with the server started
unprivileged (as a temporary system user): PAM service files come from a
test directory and passwords from a pam_matrix passdb, so nothing in
/etc/pam.d is involved.  Started that way the server can only serve logins
that run as its own uid: virtual users (guest_enable, guest_username = the
server's user) with per-user directories (local_root, user_sub_token), or
the server's own account.  A login that would need another uid gets 530 and
a log line; a wrong password 530; max_login_fails closes.

The test process must be root (to create the users and start the server as
one of them); the server itself never is."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

LIBDIR = '/usr/lib/x86_64-linux-gnu'
PAM_WRAPPER = os.environ.get('PAM_WRAPPER_LIB') or os.path.join(
    LIBDIR, 'libpam_wrapper.so')
PAM_MATRIX = os.environ.get('PAM_MATRIX_MODULE') or os.path.join(
    LIBDIR, 'pam_wrapper', 'pam_matrix.so')

SERVICE = 'sockftpd-matrix'
SRV_PW = 'Srv-pw-0'
VIRTUAL = {'alice': 'Alice-pw-1', 'bob': 'Bob-pw-2'}
OTHER_PW = 'Other-pw-3'


def _need_pam_wrapper():
    need_root()
    for path in (PAM_WRAPPER, PAM_MATRIX):
        if not os.path.exists(path):
            skip('%s is missing (libpam-wrapper)' % path)


class Setup:
    """The server's user, another user, the passdb and the service dir."""

    def __init__(self, srv, other):
        self.srv, self.other = srv, other
        d = tempdir('ftptest-pamwrap-')
        os.chmod(d, 0o755)
        self.passdb = write_file(os.path.join(d, 'passdb'), ''.join(
            '%s:%s:%s\n' % (name, pw, SERVICE) for name, pw in
            list(VIRTUAL.items()) + [(srv.pw_name, SRV_PW),
                                     (other.pw_name, OTHER_PW)]))
        self.service_dir = os.path.join(d, 'services')
        os.mkdir(self.service_dir, 0o755)
        # libpam also reads "other", the fallback: there nobody passes.
        empty = write_file(os.path.join(d, 'passdb-empty'), '')
        for service, passdb in ((SERVICE, self.passdb), ('other', empty)):
            write_file(os.path.join(self.service_dir, service), ''.join(
                '%s\trequired\t%s passdb=%s\n' % (kind, PAM_MATRIX, passdb)
                for kind in ('auth', 'account', 'password', 'session')))
        # Per-user directories owned by the server's user, and a file
        # in each that says whose it is.
        self.top = tempdir('ftptest-vroot-')
        os.chmod(self.top, 0o755)
        for name in VIRTUAL:
            sub = os.path.join(self.top, name)
            os.mkdir(sub)
            write_file(os.path.join(sub, 'whose.txt'), name + '\n')
            for path in (sub, os.path.join(sub, 'whose.txt')):
                os.chown(path, srv.pw_uid, srv.pw_gid)
        note('passdb %s, service dir %s' % (self.passdb, self.service_dir))

    def env(self):
        env = {'LD_PRELOAD': PAM_WRAPPER, 'PAM_WRAPPER': '1',
               'PAM_WRAPPER_SERVICE_DIR': self.service_dir}
        if SANITIZERS:
            # ASan wants to be first in the link order; pam_wrapper's
            # RTLD_DEEPBIND does not mix with the sanitizer interceptors.
            asan = os.environ.get('ASAN_OPTIONS', '')
            env['ASAN_OPTIONS'] = (asan + ':' if asan else '') + \
                'verify_asan_link_order=0'
            env['PAM_WRAPPER_DISABLE_DEEPBIND'] = '1'
            # pam_wrapper 1.1.4 (Debian 12) reads this name instead.
            env['UID_WRAPPER_DISABLE_DEEPBIND'] = '1'
        return env

    def conf(self, **extra):
        conf = {'anonymous_enable': False, 'local_enable': True,
                'pam_service_name': SERVICE, 'delay_failed_login': 0}
        if IS_VSFTPD:
            # vsftpd cannot start unprivileged otherwise (and then still
            # cannot complete a login: "500 OOPS: bad state in
            # vsf_one_process_login").
            conf['run_as_launching_user'] = True
        conf.update(extra)
        return conf

    def guest_conf(self, **extra):
        return self.conf(guest_enable=True, guest_username=self.srv.pw_name,
                         local_root=os.path.join(self.top, '$USER'),
                         user_sub_token='$USER', **extra)

    def server(self, conf):
        return Server(conf=conf, user=self.srv.pw_name, env=self.env())


def _setup(fn):
    """Run fn(Setup) with the two temporary users."""
    _need_pam_wrapper()
    with system_user(SRV_PW) as srv, system_user(OTHER_PW) as other:
        return fn(Setup(srv, other))


def _login(s, user, password, code=230):
    c = s.ctrl()
    c.cmd('USER %s' % user, 331, 'Please specify the password.')
    if code == 230:
        c.cmd('PASS %s' % password, 230, 'Login successful.')
    else:
        c.cmd('PASS %s' % password, code)
    return c


def _only_uid(s, uid):
    """Every process of the server's sessions runs as uid, none as root."""
    creds = session_credentials(s)
    note(describe_credentials(creds))
    check(creds, 'no session process')
    for x in creds:
        eq(x['uids'], [uid] * 4, 'uids of pid %d' % x['pid'])


@sockftpd_only
def test_virtual_users_own_directories():
    def body(st):
        with st.server(st.guest_conf()) as s:
            for name, password in VIRTUAL.items():
                c = _login(s, name, password)
                c.cmd('PWD', 257, '"/" is the current directory')
                eq(c.retr('whose.txt'), (name + '\n').encode(),
                   'whose.txt of %s' % name)
                c.cmd('CWD ..', 250)
                c.cmd('PWD', 257, '"/" is the current directory')
                other = [n for n in VIRTUAL if n != name][0]
                c.pasv()
                c.cmd('RETR ../%s/whose.txt' % other, 550)
                c.pasv()
                c.cmd('RETR %s/%s/whose.txt' % (st.top, other), 550)
                _only_uid(s, st.srv.pw_uid)
                c.cmd('QUIT', 221)
    _setup(body)


@sockftpd_only
def test_virtual_users_anonymous_privileges():
    # Without virtual_use_local_privs, the anon_* options decide: no upload
    # without anon_upload_enable; uploads get anon_umask (077).
    def body(st):
        with st.server(st.guest_conf(write_enable=True,
                                     local_umask='022')) as s:
            c = _login(s, 'alice', VIRTUAL['alice'])
            c.pasv()
            c.cmd('STOR up.bin', 550, 'Permission denied.')
            c.cmd('MKD d', 550, 'Permission denied.')
            c.cmd('SITE CHMOD 600 whose.txt', 550, 'Permission denied.')
        with st.server(st.guest_conf(write_enable=True,
                                     anon_upload_enable=True,
                                     local_umask='022')) as s:
            c = _login(s, 'alice', VIRTUAL['alice'])
            c.upload('STOR up.bin', b'uploaded by alice\n')
            path = os.path.join(st.top, 'alice', 'up.bin')
            eq(read_bytes(path), b'uploaded by alice\n', 'upload')
            got = os.stat(path)
            eq(got.st_uid, st.srv.pw_uid, 'owner of the upload')
            eq(got.st_mode & 0o7777, 0o600, 'mode of the upload (anon_umask)')
            c.cmd('DELE up.bin', 550, 'Permission denied.')
    _setup(body)


@sockftpd_only
def test_virtual_use_local_privs():
    def body(st):
        conf = st.guest_conf(write_enable=True, virtual_use_local_privs=True,
                             chroot_local_user=True, local_umask='022')
        with st.server(conf) as s:
            c = _login(s, 'bob', VIRTUAL['bob'])
            c.cmd('PWD', 257, '"/" is the current directory')
            c.upload('STOR up.bin', b'uploaded by bob\n')
            path = os.path.join(st.top, 'bob', 'up.bin')
            eq(os.stat(path).st_mode & 0o7777, 0o644,
               'mode of the upload (local_umask=022)')
            c.cmd('SITE CHMOD 600 up.bin', 200)
            eq(os.stat(path).st_mode & 0o7777, 0o600, 'mode after SITE CHMOD')
            c.cmd('DELE up.bin', 250)
            check(not os.path.exists(path), 'DELE')
            c.pasv()
            c.cmd('RETR ../alice/whose.txt', 550)
    _setup(body)


@sockftpd_only
def test_own_account_and_other_uid():
    # local_enable without guest_enable: the server's own account logs in
    # as itself; an account with another uid cannot be served unprivileged.
    def body(st):
        with st.server(st.conf()) as s:
            c = _login(s, st.srv.pw_name, SRV_PW)
            c.cmd('PWD', 257, '"%s" is the current directory' % st.srv.pw_dir)
            _only_uid(s, st.srv.pw_uid)
            c.cmd('QUIT', 221)
            c = _login(s, st.other.pw_name, OTHER_PW, 530)
            c.cmd('PWD', 530, 'Please login with USER and PASS.')
            wait_for(lambda: st.other.pw_name in s.log(), 5,
                     'a log line naming %s' % st.other.pw_name)
            # A virtual name has no account at all without guest_enable.
            _login(s, 'alice', VIRTUAL['alice'], 530)
    _setup(body)


def test_wrong_password():
    def body(st):
        with st.server(st.guest_conf()) as s:
            for user, password in (('alice', VIRTUAL['bob']),
                                   ('nosuchuser', 'x'),
                                   (st.srv.pw_name, 'wrong')):
                c = _login(s, user, password, 530)
                c.cmd('PASS %s' % password, 503, 'Login with USER first.')
                c.cmd('PWD', 530, 'Please login with USER and PASS.')
            # The right password still works afterwards (vsftpd accepts it,
            # then cannot run the session unprivileged: 500 OOPS).
            _login(s, 'alice', VIRTUAL['alice'], 230 if IS_SOCKFTPD else 500)
    _setup(body)


def test_max_login_fails():
    def body(st):
        with st.server(st.guest_conf(max_login_fails=2)) as s:
            c = s.ctrl()
            c.cmd('USER alice', 331)
            c.cmd('PASS wrong1', 530, 'Login incorrect.')
            check(not c.at_eof(0.3), 'closed after one failure of two')
            c.cmd('USER bob', 331)
            c.cmd('PASS wrong2', 530, 'Login incorrect.')
            check(c.at_eof(5), 'still open after max_login_fails=2 failures')
    _setup(body)


main()
