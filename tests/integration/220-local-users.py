#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Local users through the real PAM stack (root only): temporary system users
(useradd, chpasswd) and a PAM service written like Debian's /etc/pam.d/vsftpd
(pam_listfile on an ftpusers file, common-account, common-session,
common-auth, pam_shells), all removed afterwards.

Login replies, max_login_fails, delay_failed_login, delay_successful_login,
an ftpusers list, userlist_enable both ways, anonymous next to local users;
the home directory, chroot_local_user (no escape by .., absolute paths or
symlinks; a writable chrooted home works), chroot_list_enable both ways,
local_root with user_sub_token, passwd_chroot_enable, tilde_user_enable;
owner and mode of uploads (local_umask), SITE CHMOD and chmod_enable; the
processes of a session before and after login (nopriv_user, the user's
uid, gid and exact groups); check_shell; user_config_dir (and a broken
file); deny_email_enable and secure_email_list_enable; utmp records of a
local login with session_support."""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

PW = 'Pw-first-1'
PW2 = 'Pw-second-2'

# vsftpd refuses a chroot the user can write to; sockftpd must not need
# the option, so it is only given to vsftpd.
WCHROOT = {'allow_writeable_chroot': True} if IS_VSFTPD else {}


def stack(listfile='/etc/ftpusers', shells=True, nodelay=False):
    """A PAM service like Debian's /etc/pam.d/vsftpd.  nodelay: common-auth
    spelled out with pam_unix's nodelay (no 2 s fail delay of PAM's own), for
    tests that fail many logins or time delay_failed_login."""
    text = ('auth\trequired\tpam_listfile.so item=user sense=deny file=%s '
            'onerr=succeed\n'
            '@include common-account\n'
            '@include common-session\n' % listfile)
    if nodelay:
        text += ('auth\t[success=1 default=ignore]\tpam_unix.so nullok '
                 'nodelay\n'
                 'auth\trequisite\tpam_deny.so\n'
                 'auth\trequired\tpam_permit.so\n')
    else:
        text += '@include common-auth\n'
    if shells:
        text += 'auth\trequired\tpam_shells.so\n'
    return text


def local(svc, **extra):
    """The configuration of a server for local users of PAM service svc."""
    conf = {'anonymous_enable': False, 'local_enable': True,
            'pam_service_name': svc, 'delay_failed_login': 0}
    conf.update(extra)
    return conf


def login(s, user, password, code=230):
    """A control connection; USER (331) and PASS (code: 230 or 530 with
    vsftpd's texts, or another code); returns it."""
    c = s.ctrl()
    c.cmd('USER %s' % user, 331, 'Please specify the password.')
    text = {230: 'Login successful.', 530: 'Login incorrect.'}.get(code)
    c.cmd('PASS %s' % password, code, text)
    return c


def pwd_is(c, path):
    c.cmd('PWD', 257, '"%s" is the current directory' % path)


def mode_of(path):
    return os.stat(path).st_mode & 0o7777


def root_owned(path, mode=0o755):
    """A directory owned by root (vsftpd chroots only into those)."""
    os.makedirs(path, exist_ok=True)
    os.chown(path, 0, 0)
    os.chmod(path, mode)
    return path


def owned_by(pw, path, content=None, mode=None):
    """A directory (content None) or a file owned by this user."""
    if content is None:
        os.makedirs(path, exist_ok=True)
        mode = 0o755 if mode is None else mode
    else:
        write_file(path, content)
        mode = 0o644 if mode is None else mode
    os.chown(path, pw.pw_uid, pw.pw_gid)
    os.chmod(path, mode)
    return path


def listfile(*names):
    d = tempdir('ftptest-lists-')
    os.chmod(d, 0o755)
    return write_file(os.path.join(d, 'list'),
                      ''.join('%s\n' % n for n in names))


# --- logging in ------------------------------------------------------------------

def test_good_and_bad_password():
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u:
        with Server(conf=local(svc)) as s:
            c = s.ctrl()
            c.cmd('USER %s' % u.pw_name, 331, 'Please specify the password.')
            c.cmd('PASS %s' % PW2, 530, 'Login incorrect.')
            c.cmd('PWD', 530, 'Please login with USER and PASS.')
            c.cmd('USER %s' % u.pw_name, 331, 'Please specify the password.')
            c.cmd('PASS %s' % PW, 230, 'Login successful.')
            pwd_is(c, u.pw_dir)
            c.cmd('QUIT', 221)
            # An unknown name is asked for a password like any other.
            c = s.ctrl()
            c.cmd('USER nosuchuser%s' % random_name(''), 331,
                  'Please specify the password.')
            c.cmd('PASS %s' % PW, 530, 'Login incorrect.')
            c.cmd('PWD', 530, 'Please login with USER and PASS.')


def test_max_login_fails_closes():
    need_root()
    with pam_service(stack(nodelay=True)) as svc, system_user(PW) as u:
        for limit in (3, 1):
            conf = local(svc)
            if limit != 3:
                conf['max_login_fails'] = limit    # 3 is the default
            with Server(conf=conf) as s:
                c = s.ctrl()
                for i in range(limit):
                    c.cmd('USER %s' % u.pw_name, 331)
                    c.cmd('PASS wrong%d' % i, 530, 'Login incorrect.')
                    if i < limit - 1:
                        check(not c.at_eof(0.3), 'connection closed after '
                              '%d of %d failures' % (i + 1, limit))
                check(c.at_eof(5), 'connection still open after %d failed '
                      'logins (max_login_fails=%d)' % (limit, limit))
                # A new connection starts counting afresh.
                login(s, u.pw_name, PW).cmd('QUIT', 221)


def _timed_pass(c, user, password, code):
    c.cmd('USER %s' % user, 331)
    t0 = time.monotonic()
    c.cmd('PASS %s' % password, code)
    return time.monotonic() - t0


def test_delay_failed_login():
    need_root()
    with pam_service(stack(nodelay=True)) as svc, system_user(PW) as u:
        # The default is 1 second.
        with Server(conf=local(svc, delay_failed_login=None)) as s:
            c = s.ctrl()
            dt = _timed_pass(c, u.pw_name, 'wrong', 530)
            check(0.9 <= dt <= T(2.5),
                  'default delay_failed_login: 530 after %.2fs' % dt)
            dt = _timed_pass(c, u.pw_name, PW, 230)
            check(dt < T(0.8), 'a good password waited %.2fs' % dt)
        with Server(conf=local(svc, delay_failed_login=0)) as s:
            dt = _timed_pass(s.ctrl(), u.pw_name, 'wrong', 530)
            check(dt < T(0.8), 'delay_failed_login=0: 530 after %.2fs' % dt)


def test_delay_successful_login():
    need_root()
    with pam_service(stack(nodelay=True)) as svc, system_user(PW) as u:
        with Server(conf=local(svc, delay_successful_login=1)) as s:
            dt = _timed_pass(s.ctrl(), u.pw_name, PW, 230)
            check(0.9 <= dt <= T(2.5),
                  'delay_successful_login=1: 230 after %.2fs' % dt)


def test_ftpusers_list_in_pam():
    # pam_listfile sense=deny: a listed user is refused with the right
    # password (a temporary list instead of /etc/ftpusers).
    need_root()
    with system_user(PW) as u, system_user(PW2) as v:
        deny = listfile('root', u.pw_name)
        with pam_service(stack(listfile=deny, nodelay=True)) as svc:
            with Server(conf=local(svc)) as s:
                login(s, u.pw_name, PW, 530)
                c = login(s, v.pw_name, PW2)
                pwd_is(c, v.pw_dir)


def test_userlist_deny():
    need_root()
    t = make_tree()
    with pam_service(stack()) as svc, system_user(PW) as u, \
            system_user(PW2) as v:
        conf = local(svc, userlist_enable=True,
                     userlist_file=listfile(u.pw_name),
                     anonymous_enable=True, anon_root=t.path)
        with Server(t, conf=conf) as s:
            c = s.ctrl()
            c.cmd('USER %s' % u.pw_name, 530, 'Permission denied.')
            c.cmd('PWD', 530, 'Please login with USER and PASS.')
            login(s, v.pw_name, PW2)
            s.login().cmd('PWD', 257)          # anonymous is not listed


def test_userlist_allow_only_listed():
    # userlist_deny=NO: only the listed users get as far as a password,
    # anonymous included.
    need_root()
    t = make_tree()
    with pam_service(stack()) as svc, system_user(PW) as u, \
            system_user(PW2) as v:
        conf = local(svc, userlist_enable=True, userlist_deny=False,
                     userlist_file=listfile(u.pw_name),
                     anonymous_enable=True, anon_root=t.path)
        with Server(t, conf=conf) as s:
            pwd_is(login(s, u.pw_name, PW), u.pw_dir)
            for name in (v.pw_name, 'anonymous', 'nosuchuser'):
                c = s.ctrl()
                c.cmd('USER %s' % name, 530, 'Permission denied.')
                c.cmd('PWD', 530, 'Please login with USER and PASS.')


def test_anonymous_next_to_local_users():
    need_root()
    t = make_tree()
    with pam_service(stack()) as svc, system_user(PW) as u:
        conf = local(svc, anonymous_enable=True, anon_root=t.path)
        with Server(t, conf=conf) as s:
            for name in ('anonymous', 'ftp', 'FTP'):
                c = s.ctrl()
                c.login(name, 'ftptest@example.org')
                pwd_is(c, '/')
                eq(c.retr('pub/small.bin'), t.data('pub/small.bin'),
                   'RETR as %s' % name)
            c = login(s, u.pw_name, PW)
            pwd_is(c, u.pw_dir)


def test_launchers():
    # The monitor and worker split under the other launchers; the session's
    # processes are all gone after QUIT.
    need_root()
    launchers = ('fd3', 'xinetd') if IS_SOCKFTPD else ('xinetd',)
    with pam_service(stack()) as svc, system_user(PW) as u:
        for launcher in launchers:
            with Server(conf=local(svc, write_enable=True),
                        launcher=launcher) as s:
                c = login(s, u.pw_name, PW)
                pwd_is(c, u.pw_dir)
                c.upload('STOR via-%s' % launcher, b'uploaded\n')
                got = os.stat(os.path.join(u.pw_dir, 'via-%s' % launcher))
                eq(got.st_uid, u.pw_uid, 'owner of the upload via %s' %
                   launcher)
                c.cmd('QUIT', 221)
                check(c.at_eof(5), 'connection open after QUIT')
                s.wait_sessions_gone()


# --- where a local user is -------------------------------------------------------

def test_not_chrooted_home():
    # Without chroot_local_user the whole file system is visible, as the
    # user's permissions allow.
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u:
        parent = os.path.dirname(u.pw_dir)
        write_file(os.path.join(parent, 'beside.txt'), b'beside\n')
        with Server(conf=local(svc)) as s:
            c = login(s, u.pw_name, PW)
            pwd_is(c, u.pw_dir)
            c.cmd('CWD ..', 250)
            pwd_is(c, parent)
            eq(c.retr('beside.txt'), b'beside\n', 'RETR outside the home')
            eq(c.retr('/etc/hostname'), read_bytes('/etc/hostname'),
               'RETR /etc/hostname')


def _escape_attempts(c, home_files):
    """Everything a chrooted user might try to leave the root with."""
    pwd_is(c, '/')
    c.cmd('CWD ..', 250)
    pwd_is(c, '/')
    c.cmd('CWD /..', 250)
    pwd_is(c, '/')
    for path in ('/etc/passwd', '../beside.txt', '/../beside.txt',
                 '../../../../../../etc/passwd', 'pwlink', 'up/../pwlink',
                 'etclink/passwd', 'parentlink/beside.txt'):
        c.pasv()
        c.cmd('RETR %s' % path, 550, 'Failed to open file.')
    for path in ('/etc', 'etclink', '../..', '/../..'):
        r = c.cmd('CWD %s' % path)
        if r.code == 250:
            # Allowed only if it stayed inside: the root again.
            pwd_is(c, '/')
        else:
            eq(r.code, 550, 'CWD %s' % path)
        c.cmd('CWD /', 250)
    for path in ('etclink', 'parentlink', '/etc', '/..'):
        listing = c.listing('LIST %s' % path)
        for name in (b'shadow', b'hostname', b'beside.txt'):
            not_contains(listing, name, 'LIST %s' % path)
    eq(sorted(parse_nlst(c.listing('NLST'))), sorted(home_files),
       'NLST of the root')


def _symlinks(home):
    os.symlink('/etc', os.path.join(home, 'etclink'))
    os.symlink('/etc/passwd', os.path.join(home, 'pwlink'))
    os.symlink('..', os.path.join(home, 'parentlink'))


def test_chroot_local_user_no_escape():
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u:
        home = root_owned(u.pw_dir)
        write_file(os.path.join(os.path.dirname(home), 'beside.txt'),
                   b'beside: must stay invisible\n')
        owned_by(u, os.path.join(home, 'up'))
        write_file(os.path.join(home, 'inside.txt'), b'inside\n')
        _symlinks(home)
        with Server(conf=local(svc, chroot_local_user=True)) as s:
            c = login(s, u.pw_name, PW)
            _escape_attempts(c, [b'up', b'inside.txt', b'etclink',
                                 b'pwlink', b'parentlink'])
            eq(c.retr('/inside.txt'), b'inside\n', 'RETR /inside.txt')
            eq(c.retr('../inside.txt'), b'inside\n', 'RETR ../inside.txt')


@sockftpd_only
def test_writable_chroot_works():
    # vsftpd: "500 OOPS: vsftpd: refusing to run with writable root inside
    # chroot()" unless allow_writeable_chroot=YES; sockftpd loads nothing
    # from the user's root and just works.
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u:
        home = u.pw_dir                      # owned by u, mode 0755
        write_file(os.path.join(os.path.dirname(home), 'beside.txt'),
                   b'beside: must stay invisible\n')
        _symlinks(home)
        with Server(conf=local(svc, chroot_local_user=True,
                               write_enable=True)) as s:
            c = login(s, u.pw_name, PW)
            c.upload('STOR /new.bin', b'new file\n')
            eq(read_bytes(os.path.join(home, 'new.bin')), b'new file\n',
               'STOR in a writable chrooted home')
            eq(os.stat(os.path.join(home, 'new.bin')).st_uid, u.pw_uid,
               'owner of the upload')
            c.cmd('MKD /d', 257)
            check(os.path.isdir(os.path.join(home, 'd')), 'MKD /d')
            _escape_attempts(c, [b'new.bin', b'd', b'etclink', b'pwlink',
                                 b'parentlink'])
            # The upload cannot go through a symlink out of the root.
            c.pasv()
            r = c.cmd('STOR etclink/ftptest-escape')
            match_code(r, '5')
            check(not os.path.exists('/etc/ftptest-escape'),
                  'STOR through a symlink created /etc/ftptest-escape')
            # parentlink is "..": from the root, the root itself.
            c.upload('STOR parentlink/escaped.txt', b'stays inside\n')
            eq(read_bytes(os.path.join(home, 'escaped.txt')),
               b'stays inside\n', 'STOR parentlink/escaped.txt')
            check(not os.path.exists(os.path.join(os.path.dirname(home),
                                                  'escaped.txt')),
                  'STOR through parentlink wrote beside the home')


def test_chroot_list():
    # chroot_list_enable alone: the listed users are chrooted.  With
    # chroot_local_user=YES: everyone except the listed users is.
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u, \
            system_user(PW2) as v:
        names = listfile(u.pw_name)
        for local_user, chrooted in ((False, u), (True, v)):
            conf = local(svc, chroot_list_enable=True,
                         chroot_list_file=names,
                         chroot_local_user=local_user, **WCHROOT)
            with Server(conf=conf) as s:
                for who, pw in ((u, PW), (v, PW2)):
                    c = login(s, who.pw_name, pw)
                    pwd_is(c, '/' if who is chrooted else who.pw_dir)


def test_local_root_user_sub_token():
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u, \
            system_user(PW2) as v:
        top = tempdir('ftptest-lroot-')
        os.chmod(top, 0o755)
        for who in (u, v):
            d = root_owned(os.path.join(top, who.pw_name))
            write_file(os.path.join(d, 'whose.txt'), who.pw_name + '\n')
        conf = local(svc, local_root=os.path.join(top, '$USER'),
                     user_sub_token='$USER')
        with Server(conf=conf) as s:
            for who, pw in ((u, PW), (v, PW2)):
                c = login(s, who.pw_name, pw)
                pwd_is(c, os.path.join(top, who.pw_name))
                eq(c.retr('whose.txt'), (who.pw_name + '\n').encode(),
                   'whose.txt of %s' % who.pw_name)
        with Server(conf=dict(conf, chroot_local_user=True)) as s:
            c = login(s, u.pw_name, PW)
            pwd_is(c, '/')
            eq(c.retr('/whose.txt'), (u.pw_name + '\n').encode(),
               'whose.txt in the chroot')
            c.pasv()
            c.cmd('RETR ../%s/whose.txt' % v.pw_name, 550)


def test_passwd_chroot_enable():
    # A home of /top/a/./b: chrooted to /top/a, starting in /b.
    need_root()
    top = tempdir('ftptest-pchroot-')
    os.chmod(top, 0o755)
    write_file(os.path.join(top, 'beside.txt'), b'outside the chroot\n')
    a = root_owned(os.path.join(top, 'a'))
    write_file(os.path.join(a, 'top.txt'), b'top of the chroot\n')
    home = os.path.join(a, '.', 'b')
    with pam_service(stack()) as svc, \
            system_user(PW, home=home, create_home=False) as u:
        b = owned_by(u, os.path.join(a, 'b'))
        write_file(os.path.join(b, 'mine.txt'), b'mine\n')
        conf = local(svc, passwd_chroot_enable=True, chroot_local_user=True)
        with Server(conf=conf) as s:
            c = login(s, u.pw_name, PW)
            pwd_is(c, '/b')
            eq(c.retr('mine.txt'), b'mine\n', 'RETR in the start directory')
            eq(c.retr('/top.txt'), b'top of the chroot\n', 'RETR /top.txt')
            c.cmd('CWD ..', 250)
            pwd_is(c, '/')
            c.cmd('CWD ..', 250)
            pwd_is(c, '/')
            c.pasv()
            c.cmd('RETR ../beside.txt', 550)
        # Not chrooted: the home, without the "/./".
        with Server(conf=local(svc, passwd_chroot_enable=True)) as s:
            pwd_is(login(s, u.pw_name, PW), b)


def test_tilde_user_enable():
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u, \
            system_user(PW2) as v:
        # A directory literally named ~<v> in u's home.
        literal = os.path.join(u.pw_dir, '~' + v.pw_name)
        os.mkdir(literal)
        root_owned(u.pw_dir)
        with Server(conf=local(svc, tilde_user_enable=True)) as s:
            c = login(s, u.pw_name, PW)
            c.cmd('CWD ~%s' % v.pw_name, 250)
            pwd_is(c, v.pw_dir)
            c.cmd('CWD ~', 250)
            pwd_is(c, u.pw_dir)
            c.cmd('CWD ~nosuchuser%s' % random_name(''), 550)
        with Server(conf=local(svc, tilde_user_enable=False)) as s:
            c = login(s, u.pw_name, PW)
            c.cmd('CWD ~%s' % v.pw_name, 250)
            pwd_is(c, literal)
        with Server(conf=local(svc, tilde_user_enable=True,
                               chroot_local_user=True)) as s:
            c = login(s, u.pw_name, PW)
            c.cmd('CWD ~%s' % v.pw_name, 250)
            pwd_is(c, '/~' + v.pw_name)


# --- files -------------------------------------------------------------------

def test_upload_owner_and_local_umask():
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u:
        home = u.pw_dir
        for umask, fmode, dmode in ((None, 0o600, 0o700),
                                    ('022', 0o644, 0o755),
                                    ('002', 0o664, 0o775)):
            conf = local(svc, write_enable=True)
            if umask is not None:
                conf['local_umask'] = umask      # default 077
            with Server(conf=conf) as s:
                c = login(s, u.pw_name, PW)
                name = 'f-%s' % umask
                c.upload('STOR %s' % name, b'uploaded\n')
                st = os.stat(os.path.join(home, name))
                eq((st.st_uid, st.st_gid), (u.pw_uid, u.pw_gid),
                   'owner of %s' % name)
                eq(st.st_mode & 0o7777, fmode,
                   'mode of an upload with local_umask=%s' % umask)
                c.cmd('MKD d-%s' % umask, 257)
                st = os.stat(os.path.join(home, 'd-%s' % umask))
                eq((st.st_uid, st.st_gid), (u.pw_uid, u.pw_gid),
                   'owner of d-%s' % umask)
                eq(st.st_mode & 0o7777, dmode,
                   'mode of MKD with local_umask=%s' % umask)
        with Server(conf=local(svc, write_enable=True, local_umask='022',
                               file_open_mode='0640')) as s:
            login(s, u.pw_name, PW).upload('STOR g', b'g\n')
            eq(mode_of(os.path.join(home, 'g')), 0o640,
               'file_open_mode=0640, local_umask=022')


def test_write_enable_no():
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u:
        write_file(os.path.join(u.pw_dir, 'f'), b'f\n')
        with Server(conf=local(svc)) as s:
            c = login(s, u.pw_name, PW)
            for line in ('MKD d', 'DELE f', 'RNFR f'):
                c.cmd(line, 550, 'Permission denied.')
            c.pasv()
            c.cmd('STOR g', 550, 'Permission denied.')
        eq(sorted(os.listdir(u.pw_dir)), ['f'], 'files in the home')


def test_site_chmod():
    need_root()
    t = upload_tree()
    session_file(t, 'up/anon.txt', b'anon\n')
    with pam_service(stack()) as svc, system_user(PW) as u:
        f = owned_by(u, os.path.join(u.pw_dir, 'f'), b'f\n', 0o600)
        conf = local(svc, write_enable=True, anonymous_enable=True,
                     anon_root=t.path, anon_upload_enable=True,
                     anon_other_write_enable=True)
        with Server(t, conf=conf) as s:
            c = login(s, u.pw_name, PW)
            c.cmd('SITE CHMOD 755 f', 200, 'SITE CHMOD command ok.')
            eq(mode_of(f), 0o755, 'mode after SITE CHMOD 755')
            c.cmd('SITE CHMOD 0640 f', 200)
            eq(mode_of(f), 0o640, 'mode after SITE CHMOD 0640')
            c.cmd('SITE CHMOD 644 no-such-file', 550,
                  'SITE CHMOD command failed.')
            # Never for anonymous users.
            a = s.login()
            a.cmd('SITE CHMOD 777 up/anon.txt', 550, 'Permission denied.')
            eq(mode_of(t.local('up/anon.txt')), 0o644, 'anonymous file')
        with Server(t, conf=dict(conf, chmod_enable=False)) as s:
            c = login(s, u.pw_name, PW)
            if IS_VSFTPD:
                c.cmd('SITE CHMOD 777 f', 500, 'Unknown SITE command.')
            else:
                c.cmd('SITE CHMOD 777 f', 550, 'Permission denied.')
            eq(mode_of(f), 0o640, 'mode after a refused SITE CHMOD')


# --- processes -----------------------------------------------------------------

def _no_shadow_access(ids, st):
    """A process with these credentials cannot read /etc/shadow (root:shadow
    0640 on Debian): no uid 0, neither group, no capabilities."""
    shadow = os.stat('/etc/shadow')
    check(not shadow.st_mode & 0o004, '/etc/shadow is world-readable')
    check(0 not in ids['uids'] and shadow.st_uid not in ids['uids'],
          'pid %d has the uid of the owner of /etc/shadow' % ids['pid'])
    check(shadow.st_gid not in ids['gids'] + ids['groups'],
          'pid %d is in the group of /etc/shadow' % ids['pid'])
    eq(int(st.get('CapEff', '1'), 16), 0, 'CapEff of pid %d' % ids['pid'])
    eq(int(st.get('CapPrm', '1'), 16), 0, 'CapPrm of pid %d' % ids['pid'])


def _seccomp_expected():
    """sockftpd built with libseccomp installs its filter (seccomp_sandbox
    defaults to YES), except in sanitizer builds."""
    if IS_VSFTPD or SANITIZERS:
        return False
    r = run([SERVER, '-t', '-o', 'anonymous_enable=YES'], timeout_s=10)
    return b'built without libseccomp' not in r.out


def test_processes_before_login():
    # Connected, USER sent, no password yet: a root monitor and a pre-login
    # process running as nopriv_user (default nobody).
    need_root()
    nobody = pwd.getpwnam('nobody')
    with pam_service(stack()) as svc, system_user(PW) as u, \
            system_user(PW2, shell='/usr/sbin/nologin') as np:
        for nopriv in (None, np):
            conf = local(svc)
            want = nobody
            if nopriv is not None:
                conf['nopriv_user'] = nopriv.pw_name
                want = nopriv
            with Server(conf=conf) as s:
                c = s.ctrl()
                c.cmd('USER %s' % u.pw_name, 331)

                def settled():
                    creds = session_credentials(s)
                    return creds if len(creds) == 2 and any(
                        x['uids'] == [want.pw_uid] * 4 for x in creds) \
                        else None
                creds = wait_for(settled, 5, 'a pre-login process as %s' %
                                 want.pw_name)
                note(describe_credentials(creds))
                roots = [x for x in creds if x['uids'] == [0] * 4]
                eq(len(roots), 1, 'processes with uid 0 before login')
                pre = [x for x in creds if x is not roots[0]][0]
                eq(pre['uids'], [want.pw_uid] * 4, 'uids before login')
                eq(pre['gids'], [want.pw_gid] * 4, 'gids before login')
                check(0 not in pre['groups'], 'group 0 kept before login')
                _no_shadow_access(pre, proc_status(pre['pid']))
                if _seccomp_expected():
                    eq(proc_status(pre['pid']).get('Seccomp'), '2',
                       'Seccomp mode of the pre-login process')
                # The session goes on to a normal login.
                c.cmd('PASS %s' % PW, 230)
                pwd_is(c, u.pw_dir)


def test_processes_after_login():
    # The worker runs with the user's real, effective, saved and fs uid and
    # gid and exactly the user's groups (primary and supplementary).
    need_root()
    with pam_service(stack()) as svc, system_group() as g, \
            system_user(PW, groups=[g.gr_name]) as u:
        groups = sorted(set(os.getgrouplist(u.pw_name, u.pw_gid)))
        eq(groups, sorted({u.pw_gid, g.gr_gid}), 'getgrouplist of the user')
        with Server(conf=local(svc)) as s:
            c = login(s, u.pw_name, PW)
            pwd_is(c, u.pw_dir)

            def settled():
                creds = session_credentials(s)
                return creds if len(creds) == 2 and any(
                    x['uids'] == [u.pw_uid] * 4 for x in creds) else None
            creds = wait_for(settled, 5, 'a worker process as the user')
            note(describe_credentials(creds))
            worker = [x for x in creds if x['uids'] == [u.pw_uid] * 4][0]
            other = [x for x in creds if x is not worker][0]
            eq(worker['gids'], [u.pw_gid] * 4, 'gids of the worker')
            eq(worker['groups'], groups, 'groups of the worker')
            st = proc_status(worker['pid'])
            eq(int(st.get('CapEff', '1'), 16), 0, 'CapEff of the worker')
            _no_shadow_access(worker, st)
            if _seccomp_expected():
                eq(st.get('Seccomp'), '2', 'Seccomp mode of the worker')
            if IS_VSFTPD:
                # vsftpd's parent drops to nopriv_user when it has nothing
                # left to do as root.
                eq(other['uids'], [pwd.getpwnam('nobody').pw_uid] * 4,
                   'uids of the vsftpd parent')
            else:
                eq(other['uids'], [0] * 4, 'uids of the monitor')


def test_check_shell_pam_shells():
    # The Debian stack's pam_shells refuses a user whose shell is not in
    # /etc/shells.
    need_root()
    with pam_service(stack(nodelay=True)) as svc, \
            system_user(PW, shell='/usr/sbin/nologin') as u:
        with Server(conf=local(svc)) as s:
            login(s, u.pw_name, PW, 530)


@sockftpd_only
def test_check_shell_option():
    # Without pam_shells in the stack, check_shell=YES (the default) still
    # refuses the user; vsftpd leaves that to PAM in its PAM build.
    need_root()
    with pam_service(stack(shells=False, nodelay=True)) as svc, \
            system_user(PW, shell='/usr/sbin/nologin') as u:
        with Server(conf=local(svc)) as s:
            login(s, u.pw_name, PW, 530)
        with Server(conf=local(svc, check_shell=True)) as s:
            login(s, u.pw_name, PW, 530)
        with Server(conf=local(svc, check_shell=False)) as s:
            pwd_is(login(s, u.pw_name, PW), u.pw_dir)


# --- per-user configuration --------------------------------------------------------

def _user_config_dir():
    d = tempdir('ftptest-ucd-')
    os.chmod(d, 0o755)
    return d


def test_user_config_dir():
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u, \
            system_user(PW2) as v:
        ucd = _user_config_dir()
        start = owned_by(u, os.path.join(os.path.dirname(u.pw_dir),
                                          'u-start'))
        write_file(os.path.join(ucd, u.pw_name),
                   'write_enable=YES\nlocal_root=%s\n' % start)
        with Server(conf=local(svc, user_config_dir=ucd)) as s:
            c = login(s, u.pw_name, PW)
            pwd_is(c, start)
            c.cmd('MKD d', 257)
            check(os.path.isdir(os.path.join(start, 'd')), 'MKD by u')
            c = login(s, v.pw_name, PW2)
            pwd_is(c, v.pw_dir)
            c.cmd('MKD d', 550, 'Permission denied.')
            check(not os.path.exists(os.path.join(v.pw_dir, 'd')),
                  'MKD by v despite write_enable=NO')


@sockftpd_only
def test_user_config_dir_broken_file():
    # vsftpd ends the session with "500 OOPS: unrecognised variable in
    # config file"; sockftpd refuses that login (530) and logs file:line.
    need_root()
    with pam_service(stack()) as svc, system_user(PW) as u, \
            system_user(PW2) as v:
        ucd = _user_config_dir()
        write_file(os.path.join(ucd, u.pw_name), 'write_enable=YES\n')
        bad = write_file(os.path.join(ucd, v.pw_name),
                         'write_enable=YES\nno_such_option_xyz=1\n')
        with Server(conf=local(svc, user_config_dir=ucd)) as s:
            c = login(s, v.pw_name, PW2, 530)
            c.cmd('PWD', 530, 'Please login with USER and PASS.')
            c = login(s, u.pw_name, PW)
            c.cmd('MKD d', 257)
            log = wait_for(lambda: '%s:2' % bad in s.log() and s.log(), 5,
                           'a log line naming %s:2' % bad)
            line = [l for l in log.splitlines() if '%s:2' % bad in l][0]
            contains(line, 'no_such_option_xyz', 'the log line')


# --- anonymous passwords -------------------------------------------------------------

def test_deny_email_enable():
    t = make_tree()
    banned = listfile('bad@example.org', 'worse@example.org')
    with Server(t, conf={'delay_failed_login': 0, 'deny_email_enable': True,
                         'banned_email_file': banned}) as s:
        for password in ('bad@example.org', 'worse@example.org'):
            c = s.ctrl()
            c.cmd('USER anonymous', 331)
            c.cmd('PASS %s' % password, 530, 'Login incorrect.')
            c.cmd('PWD', 530, 'Please login with USER and PASS.')
        c = s.ctrl()
        c.login('anonymous', 'good@example.org')
        pwd_is(c, '/')


def test_secure_email_list_enable():
    t = make_tree()
    good = listfile('good@example.org', 'also-good')
    with Server(t, conf={'delay_failed_login': 0,
                         'secure_email_list_enable': True,
                         'email_password_file': good}) as s:
        for password in ('other@example.org', 'good@example.or', 'x'):
            c = s.ctrl()
            c.cmd('USER ftp', 331)
            c.cmd('PASS %s' % password, 530, 'Login incorrect.')
        for name, password in (('anonymous', 'good@example.org'),
                               ('ftp', 'also-good')):
            c = s.ctrl()
            c.login(name, password)
            eq(c.retr('README.txt'), TEXT, 'RETR after the listed password')


# --- session_support -------------------------------------------------------------------

def _who():
    r = subprocess.run(['who'], capture_output=True, text=True, timeout=10)
    return r.stdout


@sockftpd_only
def test_session_support_local_user():
    # utmp names the local user on line ftp<pid>; gone after QUIT.
    need_root()
    need_tool('who')
    for path in ('/var/run/utmp', '/var/log/wtmp'):
        if not os.path.exists(path):
            write_file(path, b'', 0o664)
    with pam_service(stack()) as svc, system_user(PW) as u:
        with Server(conf=local(svc, session_support=True)) as s:
            c = login(s, u.pw_name, PW)
            found = wait_for(lambda: [l for l in _who().splitlines()
                                      if l.split()[:1] == [u.pw_name] and
                                      '(127.0.0.1)' in l], 5,
                             'a utmp record of %s' % u.pw_name)
            note('who: %s' % found)
            line = found[0].split()[1]
            check(line.startswith('ftp'), 'utmp line %r' % line)
            c.cmd('QUIT', 221)
            s.wait_sessions_gone()
            wait_for(lambda: u.pw_name not in _who(), 5,
                     'the utmp record of %s to go' % u.pw_name)


main()
