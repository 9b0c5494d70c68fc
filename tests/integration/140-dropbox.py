# SPDX-License-Identifier: GPL-2.0-or-later
"""The anonymous drop box of the setup guides (root only: the session runs as
ftp, the box belongs to root): write_enable + anon_upload_enable and an
upload directory with mode 0733.  Anonymous users upload, but cannot list the
box, download (uploads are 0600), overwrite, append to, resume, rename or
delete anyone's files; the uploads are byte-exact.  Also the classic
chown_uploads=YES variant and a box with the sticky bit."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

if not ROOT:
    skip_file('needs root: the drop box belongs to root, the session is ftp')

DROP = {'write_enable': True, 'anon_upload_enable': True}
FIRST = random_bytes(300000, b'first')
SECOND = random_bytes(200000, b'second')
THEIRS = random_bytes(100000, b'theirs')
NAMES = (b'first.bin', b'second.bin', b'theirs')


def _box(mode=0o733):
    """/incoming, owned by root, with THEIRS uploaded by someone before."""
    t = upload_tree()
    full = t.mkdir('incoming', mode)
    os.chmod(full, mode)
    session_file(t, 'incoming/theirs', THEIRS, mode=0o600)
    return t


def _names(t):
    return sorted(os.listdir(t.local('incoming')))


def _listing(c, command):
    """A listing, or b'' when the server refuses it with 550."""
    c.cmd('TYPE A', 200)
    sock = c.open_passive()
    r = c.cmd(command)
    if r.code == 550:
        sock.close()
        return b''
    match_code(r, (125, 150))
    data = recv_all(sock, c.timeout)
    c.expect(226)
    return data


def _theirs_intact(t):
    eq(read_bytes(t.local('incoming/theirs')), THEIRS, 'incoming/theirs')
    eq(os.stat(t.local('incoming/theirs')).st_mode & 0o7777, 0o600,
       'mode of incoming/theirs')


def test_upload_into_drop_box():
    t = _box()
    with Server(t, conf=DROP) as s:
        c = s.login()
        c.upload('STOR incoming/first.bin', FIRST)
        c.upload('STOR /incoming/second.bin', SECOND, how='port')
        eq(_names(t), list(NAMES), 'files in the box')
        for name, data in ((b'first.bin', FIRST), (b'second.bin', SECOND)):
            path = os.path.join(t.local('incoming'), name)
            eq(read_bytes(path), data, name)
            st = os.stat(path)
            eq(st.st_mode & 0o7777, 0o600, 'mode of %r' % name)
            eq(st.st_uid, session_user().pw_uid, 'owner of %r' % name)
        _theirs_intact(t)


def test_drop_box_not_listable():
    t = _box()
    with Server(t, conf=DROP) as s:
        c = s.login()
        c.upload('STOR incoming/first.bin', FIRST)
        commands = ['LIST incoming', 'LIST -a incoming', 'NLST incoming',
                    'NLST -a incoming', 'LIST incoming/*',
                    'NLST incoming/*']
        if IS_SOCKFTPD:
            commands.append('MLSD incoming')
        for command in commands:
            data = _listing(c, command)
            for name in NAMES:
                not_contains(data, name, command)
        r = c.cmd('STAT incoming')
        for name in NAMES:
            not_contains(r.raw, name, 'STAT incoming')
        c.cmd('NOOP', 200)


def test_cwd_into_drop_box():
    # "cd incoming; put file", as scripts and the guides do: the box can
    # be entered (search permission) but still not listed.
    t = _box()
    with Server(t, conf=DROP) as s:
        c = s.login()
        c.cmd('CWD incoming', 250)
        c.cmd('PWD', 257, '"/incoming" is the current directory')
        c.upload('STOR first.bin', FIRST)
        eq(read_bytes(t.local('incoming/first.bin')), FIRST, 'first.bin')
        for command in ('LIST', 'NLST', 'LIST -a') + (
                ('MLSD',) if IS_SOCKFTPD else ()):
            data = _listing(c, command)
            for name in NAMES:
                not_contains(data, name, command + ' in the box')
        r = c.cmd('STAT .')
        for name in NAMES:
            not_contains(r.raw, name, 'STAT .')
        c.pasv()
        c.cmd('STOR theirs', 553, 'Could not create file.')
        c.cmd('DELE theirs', 550, 'Permission denied.')
        c.cmd('CDUP', 250)
        _theirs_intact(t)


def test_drop_box_no_download():
    t = _box()
    with Server(t, conf=DROP) as s:
        c = s.login()
        c.upload('STOR incoming/first.bin', FIRST)
        for name in ('incoming/first.bin', 'incoming/theirs'):
            c.pasv()
            c.cmd('RETR ' + name, 550, 'Failed to open file.')
        # Not even its own upload, in a new session.
        d = s.login()
        d.pasv()
        d.cmd('RETR incoming/first.bin', 550, 'Failed to open file.')


def test_drop_box_no_overwrite_or_delete():
    t = _box()
    with Server(t, conf=DROP) as s:
        c = s.login()
        c.pasv()
        c.cmd('STOR incoming/theirs', 553, 'Could not create file.')
        c.pasv()
        c.cmd('REST 1000', 350)
        c.cmd('STOR incoming/theirs', 553, 'Could not create file.')
        c.cmd('DELE incoming/theirs', 550, 'Permission denied.')
        c.cmd('RNFR incoming/theirs', 550, 'Permission denied.')
        c.cmd('RNTO incoming/mine', (503, 550))
        c.cmd('SITE CHMOD 644 incoming/theirs', 550, 'Permission denied.')
        c.cmd('MDTM 20200102030405 incoming/theirs', 550)
        c.cmd('MKD incoming/sub', 550, 'Permission denied.')
        c.cmd('RMD incoming', 550, 'Permission denied.')
        # The own upload of a moment ago is just as protected.
        c.upload('STOR incoming/first.bin', FIRST)
        c.pasv()
        c.cmd('STOR incoming/first.bin', 553, 'Could not create file.')
        c.cmd('DELE incoming/first.bin', 550, 'Permission denied.')
        c.cmd('NOOP', 200)
        eq(_names(t), [b'first.bin', b'theirs'], 'files in the box')
        eq(read_bytes(t.local('incoming/first.bin')), FIRST, 'first.bin')
        _theirs_intact(t)
        # vsftpd refuses APPE to anonymous users outright.
        c.pasv()
        c.cmd('APPE incoming/theirs', 550, 'Permission denied.')
        _theirs_intact(t)


def test_drop_box_stou():
    # STOU never replaces: a second upload of the same name gets .1.
    t = _box()
    with Server(t, conf=DROP) as s:
        c = s.login()
        prelim, _ = c.upload('STOU incoming/theirs', FIRST)
        eq(prelim.text, 'FILE: incoming/theirs.1', 'STOU over a taken name')
        eq(read_bytes(t.local('incoming/theirs.1')), FIRST, 'theirs.1')
        _theirs_intact(t)


def test_drop_box_chown_uploads():
    # The guides' variant: uploads are given to root (chown_username's
    # default) with mode 0600; the uploader loses them at once.
    t = _box()
    conf = dict(DROP, chown_uploads=True)
    with Server(t, conf=conf) as s:
        c = s.login()
        c.upload('STOR incoming/first.bin', FIRST)
        st = os.stat(t.local('incoming/first.bin'))
        eq((st.st_uid, st.st_mode & 0o7777), (0, 0o600),
           'owner and mode of a chowned upload')
        eq(read_bytes(t.local('incoming/first.bin')), FIRST, 'first.bin')
        c.pasv()
        c.cmd('RETR incoming/first.bin', 550)
        c.pasv()
        c.cmd('STOR incoming/first.bin', 553, 'Could not create file.')
        eq(read_bytes(t.local('incoming/first.bin')), FIRST,
           'first.bin after a second STOR')


def test_drop_box_sticky_with_other_write():
    # With anon_other_write_enable every anonymous user is the same system
    # user: the drop box protects nothing then, but the box itself still
    # cannot be listed.  Here the 1733 (sticky) box: uploads, overwrite of
    # its own files, no listing.
    t = _box(0o1733)
    conf = dict(DROP, anon_other_write_enable=True)
    with Server(t, conf=conf) as s:
        c = s.login()
        c.upload('STOR incoming/first.bin', FIRST)
        c.upload('STOR incoming/first.bin', SECOND)
        eq(read_bytes(t.local('incoming/first.bin')), SECOND,
           'first.bin overwritten')
        data = _listing(c, 'NLST incoming')
        for name in NAMES:
            not_contains(data, name, 'NLST of the box')
        eq(_names(t), [b'first.bin', b'theirs'], 'files in the box')


main()
