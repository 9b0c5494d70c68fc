# SPDX-License-Identifier: GPL-2.0-or-later
"""File management: DELE, MKD/XMKD (257 with the path quoted, embedded quotes
doubled), RMD/XRMD, RNFR/RNTO, SITE CHMOD (never for anonymous users),
SITE UMASK, MDTM with a time, MFMT; anon_mkdir_write_enable,
anon_other_write_enable, mdtm_write, deny_file; a FileZilla-style session."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

UP = {'write_enable': True, 'anon_upload_enable': True}
ALL = dict(UP, anon_mkdir_write_enable=True, anon_other_write_enable=True)

OLD = random_bytes(20000, b'old')
NEW = random_bytes(30000, b'new')
STAMP = '20200102030405'       # OLD_MTIME in UTC
STAMP2 = '19991231235958'
STAMP2_T = 946684798


def _tree():
    t = upload_tree()
    session_file(t, 'up/f', OLD)
    session_file(t, 'up/g', NEW)
    writable_dir(t, 'up/d')
    session_file(t, 'up/d/inner', b'inner\n')
    writable_dir(t, 'up/empty')
    return t


def _names(t, rel='up'):
    return sorted(os.listdir(t.local(rel)))


def _unchanged(t):
    eq(_names(t), [b'd', b'empty', b'f', b'g'], 'files in /up')
    eq(read_bytes(t.local('up/f')), OLD, 'up/f')
    eq(read_bytes(t.local('up/g')), NEW, 'up/g')
    eq(_names(t, 'up/d'), [b'inner'], 'files in /up/d')


# --- DELE -------------------------------------------------------------------

def test_dele():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('DELE up/f', 250, 'Delete operation successful.')
        check(not os.path.lexists(t.local('up/f')), 'up/f still there')
        c.cmd('DELE up/f', 550, 'Delete operation failed.')
        c.cmd('DELE up/no-such-file', 550, 'Delete operation failed.')
        c.cmd('DELE up/empty', 550, 'Delete operation failed.')
        c.cmd('CWD up', 250)
        c.cmd('DELE g', 250, 'Delete operation successful.')
        c.cmd('DELE /up/d/inner', 250, 'Delete operation successful.')
        eq(_names(t), [b'd', b'empty'], 'files in /up')
        eq(_names(t, 'up/d'), [], 'files in /up/d')


def test_dele_refused_without_other_write():
    t = _tree()
    with Server(t, conf=dict(UP, anon_mkdir_write_enable=True)) as s:
        c = s.login()
        for line in ('DELE up/f', 'DELE up/no-such-file', 'RMD up/empty',
                     'XRMD up/empty', 'RNFR up/f', 'RNFR up/d',
                     'SITE CHMOD 777 up/f'):
            c.cmd(line, 550, 'Permission denied.')
        c.cmd('RNTO up/x', (503, 550))
        _unchanged(t)


def test_dele_outside_root():
    # The chroot holds for deletions: ../ and absolute paths stay inside.
    victim = tempdir('ftptest-victim-')
    os.chmod(victim, 0o777)
    write_file(os.path.join(victim, 'keep'), b'keep\n', 0o666)
    t = _tree()
    rel = os.path.relpath(os.path.join(victim, 'keep'), t.path)
    with Server(t, conf=ALL) as s:
        c = s.login()
        for path in ('../../../../../../..' + os.path.join(victim, 'keep'),
                     os.path.join(victim, 'keep'), rel):
            c.cmd('DELE ' + path, 550)
        check(os.path.exists(os.path.join(victim, 'keep')),
              'a file outside the root was deleted')


# --- MKD / RMD --------------------------------------------------------------

def test_mkd():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('MKD up/new', 257, '"/up/new" created')
        check(os.path.isdir(t.local('up/new')), 'up/new is no directory')
        eq(os.stat(t.local('up/new')).st_mode & 0o7777, 0o700,
           'mode of a new directory (anon_umask=077)')
        eq(os.stat(t.local('up/new')).st_uid, session_user().pw_uid,
           'owner of a new directory')
        c.cmd('XMKD /up/xnew', 257, '"/up/xnew" created')
        c.cmd('CWD up/new', 250)
        c.cmd('MKD sub', 257, '"/up/new/sub" created')
        c.cmd('MKD sub', 550, 'Create directory operation failed.')
        c.cmd('MKD /up/f', 550, 'Create directory operation failed.')
        c.cmd('MKD /up/no/such/parent', 550,
              'Create directory operation failed.')
        c.cmd('MKD with space', 257, '"/up/new/with space" created')
        c.cmd('MKD q"uo"te', 257, '"/up/new/q""uo""te" created')
        check(os.path.isdir(t.local('up/new/q"uo"te')), 'the quoted name')
        c.cmd('CWD q"uo"te', 250)
        c.cmd('PWD', 257, '"/up/new/q""uo""te" is the current directory')


def test_mkd_umask():
    # anon_umask alone decides, whatever umask the launcher had (022 in
    # most setups).
    t = _tree()
    for umask, want in (('022', 0o755), ('0', 0o777), ('027', 0o750)):
        with Server(t, conf=dict(ALL, anon_umask=umask)) as s:
            c = s.login()
            c.cmd('MKD up/m%o' % want, 257)
            eq(os.stat(t.local('up/m%o' % want)).st_mode & 0o7777, want,
               'mode of a new directory (anon_umask=%s)' % umask)


def test_mkd_refused():
    t = _tree()
    t.mkdir('ro')
    if not ROOT:
        os.chmod(t.local('ro'), 0o555)
    with Server(t, conf=dict(UP, anon_other_write_enable=True)) as s:
        c = s.login()
        c.cmd('MKD up/x', 550, 'Permission denied.')
        c.cmd('XMKD up/x', 550, 'Permission denied.')
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('MKD ro/x', 550, 'Create directory operation failed.')
    _unchanged(t)
    eq(_names(t, 'ro'), [], 'files in /ro')
    if not ROOT:
        os.chmod(t.local('ro'), 0o755)


def test_rmd():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('RMD up/empty', 250, 'Remove directory operation successful.')
        check(not os.path.lexists(t.local('up/empty')), 'up/empty is there')
        c.cmd('RMD up/empty', 550, 'Remove directory operation failed.')
        c.cmd('RMD up/d', 550, 'Remove directory operation failed.')
        c.cmd('RMD up/f', 550, 'Remove directory operation failed.')
        c.cmd('MKD up/x', 257)
        c.cmd('XRMD /up/x', 250, 'Remove directory operation successful.')
        c.cmd('DELE up/d/inner', 250)
        c.cmd('CWD up', 250)
        c.cmd('RMD d', 250, 'Remove directory operation successful.')
        eq(_names(t), [b'f', b'g'], 'files in /up')
        eq(read_bytes(t.local('up/f')), OLD, 'up/f')


# --- RNFR / RNTO ------------------------------------------------------------

def test_rename_file():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('RNFR up/f', 350, 'Ready for RNTO.')
        c.cmd('RNTO up/f2', 250, 'Rename successful.')
        eq(read_bytes(t.local('up/f2')), OLD, 'renamed file')
        check(not os.path.lexists(t.local('up/f')), 'up/f still there')
        # RNFR is consumed by RNTO.
        c.cmd('RNTO up/f3', 503, 'RNFR required first.')
        # Into another directory, relative to the working directory.
        c.cmd('CWD up', 250)
        c.cmd('RNFR f2', 350, 'Ready for RNTO.')
        c.cmd('RNTO d/moved', 250, 'Rename successful.')
        eq(read_bytes(t.local('up/d/moved')), OLD, 'moved file')
        # Over an existing file: rename(2) replaces it.
        c.cmd('RNFR /up/d/moved', 350)
        c.cmd('RNTO /up/g', 250, 'Rename successful.')
        eq(read_bytes(t.local('up/g')), OLD, 'up/g replaced')
        eq(_names(t), [b'd', b'empty', b'g'], 'files in /up')


def test_rename_directory():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('RNFR up/d', 350, 'Ready for RNTO.')
        c.cmd('RNTO up/renamed', 250, 'Rename successful.')
        eq(read_bytes(t.local('up/renamed/inner')), b'inner\n',
           'file in the renamed directory')
        c.cmd('RNFR up/renamed', 350)
        c.cmd('RNTO up/renamed/inside', 550, 'Rename failed.')
        check(os.path.isdir(t.local('up/renamed')), 'up/renamed is gone')


def test_rename_failures():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('RNTO up/x', 503, 'RNFR required first.')
        c.cmd('RNFR up/no-such-file', 550, 'RNFR command failed.')
        c.cmd('RNTO up/x', 503, 'RNFR required first.')
        c.cmd('RNFR up/f', 350)
        c.cmd('RNTO up/no-such-dir/x', 550, 'Rename failed.')
        c.cmd('RNFR up/f', 350)
        c.cmd('RNTO up/d', 550, 'Rename failed.')   # a non-empty directory
        c.cmd('NOOP', 200)
        _unchanged(t)


def test_rename_outside_root():
    victim = tempdir('ftptest-victim-')
    os.chmod(victim, 0o777)
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        for target in ('../../../../../../..' + victim + '/stolen',
                       victim + '/stolen'):
            # Resolved inside the root, where no such directory exists.
            c.cmd('RNFR up/f', 350)
            c.cmd('RNTO ' + target, 550, 'Rename failed.')
        eq(os.listdir(victim), [], 'files in a directory outside the root')


# --- SITE -------------------------------------------------------------------

def test_site_chmod_anonymous():
    # Anonymous users never get SITE CHMOD, whatever the options say.
    t = _tree()
    for conf in (ALL, dict(ALL, chmod_enable=True), UP):
        with Server(t, conf=conf) as s:
            c = s.login()
            c.cmd('SITE CHMOD 777 up/f', 550, 'Permission denied.')
            c.cmd('SITE CHMOD 0600 up/no-such-file', 550,
                  'Permission denied.')
    eq(os.stat(t.local('up/f')).st_mode & 0o7777, 0o644, 'mode of up/f')


@sockftpd_only
def test_site_umask():
    # SITE UMASK shows the umask; anonymous users cannot change it (that
    # would open a drop box to reading).  vsftpd refuses every SITE command
    # to anonymous users.
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('SITE UMASK', 200, 'Your current UMASK is 0077')
        c.cmd('SITE UMASK 022', 550, 'Permission denied.')
        c.cmd('SITE UMASK', 200, 'Your current UMASK is 0077')
        c.upload('STOR up/u', NEW)
        eq(os.stat(t.local('up/u')).st_mode & 0o7777, 0o600,
           'mode of an upload after a refused SITE UMASK 022')
    with Server(t, conf=dict(ALL, anon_umask='022')) as s:
        c = s.login()
        c.cmd('SITE UMASK', 200, 'Your current UMASK is 0022')


# --- times ------------------------------------------------------------------

def _mtime(t, rel):
    return int(os.stat(t.local(rel)).st_mtime)


def test_mdtm_set():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('MDTM %s up/f' % STAMP, 213, 'File modification time set.')
        eq(_mtime(t, 'up/f'), OLD_MTIME, 'mtime after MDTM set')
        c.cmd('MDTM up/f', 213, STAMP)
        c.cmd('CWD up', 250)
        c.cmd('MDTM %s g' % STAMP2, 213, 'File modification time set.')
        eq(_mtime(t, 'up/g'), STAMP2_T, 'mtime of a relative path')
        c.cmd('MDTM %s no-such-file' % STAMP, 550,
              'Could not set file modification time.')
        c.cmd('MDTM %s d' % STAMP, 550,
              'Could not set file modification time.')
        eq(read_bytes(t.local('up/f')), OLD, 'content after MDTM set')


def test_mdtm_set_refused():
    # mdtm_write=NO, or an anonymous user without anon_other_write_enable:
    # 550 (vsftpd then reads the argument as a file name) and the time
    # stays.
    t = _tree()
    before = _mtime(t, 'up/f')
    for conf in (dict(ALL, mdtm_write=False), UP):
        with Server(t, conf=conf) as s:
            c = s.login()
            c.cmd('MDTM %s up/f' % STAMP, 550)
            eq(_mtime(t, 'up/f'), before, 'mtime with %r' % conf)


@sockftpd_only
def test_mfmt():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('MFMT %s up/f' % STAMP, 213, 'Modify=%s; up/f' % STAMP)
        eq(_mtime(t, 'up/f'), OLD_MTIME, 'mtime after MFMT')
        c.cmd('MDTM up/f', 213, STAMP)
        c.cmd('CWD up', 250)
        c.cmd('MFMT %s g' % STAMP2, 213, 'Modify=%s; g' % STAMP2)
        eq(_mtime(t, 'up/g'), STAMP2_T, 'mtime of a relative path')
        c.cmd('MFMT %s file with spaces' % STAMP, 550)
        c.cmd('MFMT %s no-such-file' % STAMP, 550)
        c.cmd('MFMT 2020 g', 501)
        c.cmd('MFMT', 501)
        eq(_mtime(t, 'up/g'), STAMP2_T, 'mtime after failed MFMTs')
        # draft-somers-ftp-mfxx: a server with MFMT lists it in FEAT.
        r = c.cmd('FEAT', 211)
        check(' MFMT' in r.lines, 'FEAT lacks MFMT: %s' % r)


@sockftpd_only
def test_mfmt_refused():
    t = _tree()
    before = _mtime(t, 'up/f')
    for conf in (dict(ALL, mdtm_write=False), UP,
                 dict(ALL, write_enable=False)):
        with Server(t, conf=conf) as s:
            c = s.login()
            c.cmd('MFMT %s up/f' % STAMP, 550)
            eq(_mtime(t, 'up/f'), before, 'mtime with %r' % conf)


# --- deny_file ------------------------------------------------------------------

def test_deny_file_management():
    t = _tree()
    session_file(t, 'up/x.exe', b'exe\n')
    with Server(t, conf=dict(ALL, deny_file='{*.exe}')) as s:
        c = s.login()
        c.cmd('DELE up/x.exe', 550)
        c.cmd('MKD up/dir.exe', 550)
        c.cmd('RNFR up/x.exe', 550)
        c.cmd('RNFR up/f', 350)
        c.cmd('RNTO up/f.exe', (550, 553))
        c.cmd('NOOP', 200)
        eq(_names(t), [b'd', b'empty', b'f', b'g', b'x.exe'], 'files in /up')


# --- a whole session the way a graphical client works ----------------------------

def test_filezilla_style_session():
    # anon_umask=022: a 0700 directory is not listed to anonymous users
    # (anon_world_readable_only).
    t = _tree()
    with Server(t, conf=dict(ALL, anon_umask='022')) as s:
        c = s.login()
        c.cmd('OPTS UTF8 ON', 200)
        c.cmd('CWD /up', 250)
        c.cmd('PWD', 257, '"/up" is the current directory')
        c.cmd('TYPE I', 200)
        c.listing('LIST', how='pasv')
        c.cmd('MKD folder', 257, '"/up/folder" created')
        c.cmd('CWD folder', 250)
        c.upload('STOR upload.bin', NEW, how='pasv')
        if IS_SOCKFTPD:
            c.cmd('MFMT %s upload.bin' % STAMP, 213)
            eq(_mtime(t, 'up/folder/upload.bin'), OLD_MTIME, 'MFMT')
        c.cmd('SIZE upload.bin', 213, str(len(NEW)))
        # Overwrite after asking for the size, as on "overwrite if newer".
        c.upload('STOR upload.bin', OLD, how='pasv')
        eq(read_bytes(t.local('up/folder/upload.bin')), OLD, 'overwritten')
        c.cmd('RNFR upload.bin', 350)
        c.cmd('RNTO renamed.bin', 250)
        c.cmd('CDUP', 250)
        entries = parse_list(c.listing('LIST folder'))
        eq(entries[b'renamed.bin']['size'], len(OLD), 'size in LIST')
        c.cmd('DELE folder/renamed.bin', 250)
        c.cmd('RMD folder', 250)
        c.cmd('QUIT', 221)
        _unchanged(t)


main()
