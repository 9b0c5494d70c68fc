#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Virtual users through the real PAM stack (root only): a temporary
/etc/pam.d service with pam_pwdfile (libpam-pwdfile) and a password file of
SHA-512 crypt hashes; guest_enable maps every such login to a temporary
guest_username.  Per-user directories (local_root with user_sub_token),
anonymous-style privileges (anon_upload_enable, anon_umask, no SITE CHMOD,
anon_world_readable_only) or, with virtual_use_local_privs, local ones
(write_enable, local_umask, SITE CHMOD); user_config_dir for one virtual
user; the session's processes run as the guest user; anonymous logins stay
anonymous."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

PAM_PWDFILE = '/usr/lib/x86_64-linux-gnu/security/pam_pwdfile.so'
GUEST_PW = 'Guest-system-pw'
VIRTUAL = {'alice': 'Alice-virt-1', 'bob': 'Bob-virt-2'}
WCHROOT = {'allow_writeable_chroot': True} if IS_VSFTPD else {}


def _crypt(password):
    r = run(['openssl', 'passwd', '-6', '-stdin'],
            input=password.encode() + b'\n', record=False)
    check(r.rc == 0 and r.out.startswith(b'$6$'),
          'openssl passwd -6 failed: %r %r' % (r.out, r.err))
    return r.out.decode().strip()


class Setup:
    def __init__(self, guest, svc, top, pwdfile):
        self.guest, self.svc, self.top, self.pwdfile = guest, svc, top, pwdfile

    def dir(self, name):
        return os.path.join(self.top, name)

    def conf(self, **extra):
        conf = {'anonymous_enable': False, 'local_enable': True,
                'pam_service_name': self.svc, 'delay_failed_login': 0,
                'guest_enable': True, 'guest_username': self.guest.pw_name,
                'local_root': os.path.join(self.top, '$USER'),
                'user_sub_token': '$USER'}
        conf.update(WCHROOT)
        conf.update(extra)
        return conf


def _setup(fn):
    """fn(Setup): the guest user, the password file, the PAM service and the
    per-user directories (owned by the guest user, each with whose.txt and
    a 0600 private.txt)."""
    need_root()
    if not os.path.exists(PAM_PWDFILE):
        skip('pam_pwdfile is not installed (libpam-pwdfile)')
    need_tool('openssl')
    d = tempdir('ftptest-virt-')
    os.chmod(d, 0o755)
    pwdfile = write_file(os.path.join(d, 'passwd'), ''.join(
        '%s:%s\n' % (name, _crypt(pw)) for name, pw in VIRTUAL.items()),
        0o600)
    stack = ('auth\trequired\tpam_pwdfile.so nodelay pwdfile=%s\n'
             'account\trequired\tpam_permit.so\n'
             'session\trequired\tpam_permit.so\n' % pwdfile)
    top = tempdir('ftptest-vroot-')
    os.chmod(top, 0o755)
    with system_user(GUEST_PW, shell='/usr/sbin/nologin') as guest, \
            pam_service(stack) as svc:
        for name in VIRTUAL:
            sub = os.path.join(top, name)
            os.mkdir(sub)
            write_file(os.path.join(sub, 'whose.txt'), name + '\n')
            write_file(os.path.join(sub, 'private.txt'), b'private\n', 0o600)
            for p in (sub, os.path.join(sub, 'whose.txt'),
                      os.path.join(sub, 'private.txt')):
                os.chown(p, guest.pw_uid, guest.pw_gid)
        return fn(Setup(guest, svc, top, pwdfile))


def _login(s, user, password, code=230):
    c = s.ctrl()
    c.cmd('USER %s' % user, 331, 'Please specify the password.')
    if code == 230:
        c.cmd('PASS %s' % password, 230, 'Login successful.')
    else:
        c.cmd('PASS %s' % password, code)
    return c


def _mode(path):
    return os.stat(path).st_mode & 0o7777


def test_own_directories_and_processes():
    def body(st):
        g = st.guest
        with Server(conf=st.conf()) as s:
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
                c.cmd('RETR %s/whose.txt' % st.dir(other), 550)

                def settled():
                    creds = session_credentials(s)
                    return creds if len(creds) == 2 and any(
                        x['uids'] == [g.pw_uid] * 4 for x in creds) else None
                creds = wait_for(settled, 5, 'a worker as the guest user')
                note(describe_credentials(creds))
                worker = [x for x in creds if x['uids'] == [g.pw_uid] * 4][0]
                eq(worker['gids'], [g.pw_gid] * 4, 'gids of the worker')
                eq(worker['groups'],
                   sorted(set(os.getgrouplist(g.pw_name, g.pw_gid))),
                   'groups of the worker')
                if IS_SOCKFTPD:
                    other_proc = [x for x in creds if x is not worker][0]
                    eq(other_proc['uids'], [0] * 4, 'uids of the monitor')
                c.cmd('QUIT', 221)
                s.wait_sessions_gone()
    _setup(body)


def test_wrong_passwords():
    def body(st):
        with Server(conf=st.conf()) as s:
            for user, password in (('alice', VIRTUAL['bob']),
                                   ('bob', VIRTUAL['bob'] + 'x'),
                                   ('nosuchuser', VIRTUAL['alice']),
                                   # The guest account itself is no
                                   # virtual user.
                                   (st.guest.pw_name, GUEST_PW)):
                c = _login(s, user, password, 530)
                c.cmd('PWD', 530, 'Please login with USER and PASS.')
        with Server(conf=st.conf(max_login_fails=2)) as s:
            c = s.ctrl()
            for i in range(2):
                c.cmd('USER alice', 331)
                c.cmd('PASS wrong%d' % i, 530, 'Login incorrect.')
            check(c.at_eof(5), 'open after max_login_fails=2 failures')
    _setup(body)


def test_anonymous_privileges():
    # Without virtual_use_local_privs, the anon_* options apply.
    def body(st):
        g = st.guest
        alice = st.dir('alice')
        with Server(conf=st.conf(write_enable=True)) as s:
            c = _login(s, 'alice', VIRTUAL['alice'])
            c.pasv()
            c.cmd('STOR up.bin', 550, 'Permission denied.')
            for line in ('MKD d', 'DELE whose.txt', 'RNFR whose.txt',
                         'SITE CHMOD 644 private.txt'):
                c.cmd(line, 550, 'Permission denied.')
            # anon_world_readable_only: the guest's own 0600 file is not
            # for download.
            c.pasv()
            c.cmd('RETR private.txt', 550, 'Failed to open file.')
        eq(sorted(os.listdir(alice)), ['private.txt', 'whose.txt'],
           'files of alice')
        eq(_mode(os.path.join(alice, 'private.txt')), 0o600,
           'mode of private.txt')
        conf = st.conf(write_enable=True, anon_upload_enable=True,
                       anon_mkdir_write_enable=True, local_umask='022')
        with Server(conf=conf) as s:
            c = _login(s, 'alice', VIRTUAL['alice'])
            c.upload('STOR up.bin', b'from alice\n')
            got = os.stat(os.path.join(alice, 'up.bin'))
            eq((got.st_uid, got.st_gid), (g.pw_uid, g.pw_gid),
               'owner of the upload')
            eq(got.st_mode & 0o7777, 0o600, 'mode of the upload (anon_umask)')
            c.cmd('MKD d', 257)
            check(os.path.isdir(os.path.join(alice, 'd')), 'MKD d')
            # Overwriting needs anon_other_write_enable.
            c.pasv()
            c.cmd('STOR whose.txt', 553, 'Could not create file.')
            c.cmd('DELE up.bin', 550, 'Permission denied.')
        eq(read_bytes(os.path.join(alice, 'whose.txt')), b'alice\n',
           'whose.txt after a refused overwrite')
    _setup(body)


def test_virtual_use_local_privs():
    def body(st):
        bob = st.dir('bob')
        for chroot in (True, False):
            conf = st.conf(virtual_use_local_privs=True, write_enable=True,
                           local_umask='022', chroot_local_user=chroot)
            with Server(conf=conf) as s:
                c = _login(s, 'bob', VIRTUAL['bob'])
                c.cmd('PWD', 257, '"%s" is the current directory' % (
                    '/' if chroot else bob))
                eq(c.retr('private.txt'), b'private\n',
                   'RETR of the guest\'s 0600 file')
                c.upload('STOR up.bin', b'from bob\n')
                path = os.path.join(bob, 'up.bin')
                eq(_mode(path), 0o644, 'mode of the upload (local_umask)')
                eq(os.stat(path).st_uid, st.guest.pw_uid, 'owner')
                c.cmd('SITE CHMOD 600 up.bin', 200, 'SITE CHMOD command ok.')
                eq(_mode(path), 0o600, 'mode after SITE CHMOD')
                c.cmd('DELE up.bin', 250)
                check(not os.path.exists(path), 'DELE up.bin')
                if chroot:
                    c.pasv()
                    c.cmd('RETR ../alice/whose.txt', 550)
        with Server(conf=st.conf(virtual_use_local_privs=True,
                                 write_enable=True, chmod_enable=False,
                                 chroot_local_user=True)) as s:
            c = _login(s, 'bob', VIRTUAL['bob'])
            c.cmd('SITE CHMOD 644 private.txt', 500 if IS_VSFTPD else 550)
            eq(_mode(os.path.join(bob, 'private.txt')), 0o600,
               'mode after a refused SITE CHMOD')
    _setup(body)


def test_user_config_dir():
    # The file is named after the virtual user, not the guest account.
    def body(st):
        ucd = tempdir('ftptest-ucd-')
        os.chmod(ucd, 0o755)
        write_file(os.path.join(ucd, 'alice'),
                   'write_enable=YES\nanon_upload_enable=YES\n')
        write_file(os.path.join(ucd, st.guest.pw_name),
                   'write_enable=YES\nanon_upload_enable=YES\n')
        with Server(conf=st.conf(user_config_dir=ucd)) as s:
            c = _login(s, 'alice', VIRTUAL['alice'])
            c.upload('STOR up.bin', b'alice may\n')
            eq(read_bytes(os.path.join(st.dir('alice'), 'up.bin')),
               b'alice may\n', 'upload by alice')
            c = _login(s, 'bob', VIRTUAL['bob'])
            c.pasv()
            c.cmd('STOR up.bin', 550, 'Permission denied.')
            check(not os.path.exists(os.path.join(st.dir('bob'), 'up.bin')),
                  'bob uploaded without write_enable')
    _setup(body)


def test_anonymous_stays_anonymous():
    def body(st):
        t = make_tree()
        conf = st.conf(anonymous_enable=True, anon_root=t.path)
        with Server(t, conf=conf) as s:
            c = s.login()
            c.cmd('PWD', 257, '"/" is the current directory')
            eq(c.retr('pub/small.bin'), t.data('pub/small.bin'),
               'anonymous RETR')
            c.pasv()
            c.cmd('RETR whose.txt', 550)
            ftp = session_user()
            wait_for(lambda: any(x['uids'] == [ftp.pw_uid] * 4
                                     for x in session_credentials(s)),
                         5, 'the anonymous session running as ftp')
            c = _login(s, 'bob', VIRTUAL['bob'])
            eq(c.retr('whose.txt'), b'bob\n', 'bob after anonymous')
    _setup(body)


main()
