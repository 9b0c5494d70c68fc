# SPDX-License-Identifier: GPL-2.0-or-later
"""Uploads: STOR over PASV, EPSV, PORT and EPRT byte-exact, APPE, STOU,
REST+STOR (resume), the replies; the options write_enable,
anon_upload_enable, anon_other_write_enable (no overwrite, append or resume
without it), anon_umask, file_open_mode, chown_uploads (root),
ascii_upload_enable, lock_upload_files, upload_file and deny_file; names
that cannot be created (553)."""

import fcntl
import os
import pwd
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

UP = {'write_enable': True, 'anon_upload_enable': True}
ALL = dict(UP, anon_mkdir_write_enable=True, anon_other_write_enable=True)

DATA = random_bytes(1024 * 1024 + 13, b'data')
OLD = random_bytes(70000, b'old')
NEW = random_bytes(50000, b'new')


def _names(tree, rel='up'):
    return sorted(os.listdir(tree.local(rel)))


def _mode(path):
    return os.stat(path).st_mode & 0o7777


def test_stor_pasv():
    t = upload_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        prelim, final = c.upload('STOR up/a.bin', DATA, how='pasv')
        eq(prelim.code, 150, 'STOR preliminary reply')
        eq(prelim.text, 'Ok to send data.', '150 text')
        eq(final.text, 'Transfer complete.', '226 text')
        eq(read_bytes(t.local('up/a.bin')), DATA, 'uploaded over PASV')
        eq(_names(t), [b'a.bin'], 'files in /up')


def test_stor_epsv_port_eprt():
    t = upload_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        for how in ('epsv', 'port', 'eprt'):
            c.upload('STOR up/%s.bin' % how, DATA, how=how)
            eq(read_bytes(t.local('up/%s.bin' % how)), DATA,
               'uploaded over %s' % how.upper())
        eq(_names(t), [b'eprt.bin', b'epsv.bin', b'port.bin'], 'files in /up')


def test_stor_sizes():
    # 0 bytes, 1 byte, an odd size and 8 MiB in 1000-byte writes.
    big = random_bytes(8 * 1024 * 1024 + 1, b'big')
    t = upload_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        for name, data, chunk in (('empty', b'', 65536), ('one', b'x', 1),
                                  ('odd', DATA[:99999], 7),
                                  ('big', big, 1000)):
            c.upload('STOR up/' + name, data, chunk=chunk)
            eq(read_bytes(t.local('up/' + name)), data, 'up/%s' % name)


def test_stor_owner_and_default_mode():
    # anon_umask=077 (the default) and file_open_mode=0666: 0600, owned by
    # the user the session runs as (ftp when started as root).
    t = upload_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        c.upload('STOR up/f', NEW)
        st = os.stat(t.local('up/f'))
        eq(st.st_mode & 0o7777, 0o600, 'mode of an anonymous upload')
        eq(st.st_uid, session_user().pw_uid, 'owner of an anonymous upload')


def test_stor_paths():
    # Relative to the working directory, absolute, with .., and names with
    # spaces, UTF-8 and a leading dash.
    t = upload_tree('up', 'up/sub')
    with Server(t, conf=UP) as s:
        c = s.login()
        c.cmd('CWD /up/sub', 250)
        c.upload('STOR rel', b'rel\n')
        c.upload('STOR ../dotdot', b'dotdot\n')
        c.upload('STOR /up/abs', b'abs\n')
        c.upload('STOR file with spaces.txt', b'spaces\n')
        c.upload('STOR ' + UTF8_NAME, b'utf8\n')
        c.upload('STOR -la', b'dash\n')
        eq(read_bytes(t.local('up/sub/rel')), b'rel\n', 'relative name')
        eq(read_bytes(t.local('up/dotdot')), b'dotdot\n', '../ name')
        eq(read_bytes(t.local('up/abs')), b'abs\n', 'absolute name')
        eq(read_bytes(t.local('up/sub/file with spaces.txt')), b'spaces\n',
           'name with spaces')
        eq(read_bytes(t.local('up/sub/' + UTF8_NAME)), b'utf8\n',
           'UTF-8 name')
        eq(read_bytes(t.local('up/sub/-la')), b'dash\n', 'name -la')


def test_upload_then_download():
    # anon_umask=022 makes uploads world-readable: RETR gives them back.
    t = upload_tree()
    with Server(t, conf=dict(UP, anon_umask='022')) as s:
        c = s.login()
        c.upload('STOR up/round.bin', DATA)
        eq(c.retr('up/round.bin'), DATA, 'RETR of the upload')
        c.cmd('SIZE up/round.bin', 213, str(len(DATA)))


def test_default_upload_not_downloadable():
    # 0600 uploads are not world-readable: anon_world_readable_only refuses.
    t = upload_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        c.upload('STOR up/private', NEW)
        c.pasv()
        c.cmd('RETR up/private', 550, 'Failed to open file.')


def test_many_uploads_one_session():
    t = upload_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        for i in range(24):
            how = ('pasv', 'epsv', 'port', 'eprt')[i % 4]
            c.upload('STOR up/f%02d' % i, NEW[i:], how=how)
        for i in range(24):
            eq(read_bytes(t.local('up/f%02d' % i)), NEW[i:], 'up/f%02d' % i)
        c.cmd('NOOP', 200)


# --- the switches ---------------------------------------------------------------

WRITE_COMMANDS = ('DELE up/old', 'MKD up/newdir', 'XMKD up/newdir2',
                  'RMD up/dir', 'XRMD up/dir', 'RNFR up/old', 'RNTO up/new',
                  'SITE CHMOD 777 up/old')


def _refused_tree():
    t = upload_tree()
    session_file(t, 'up/old', OLD)
    writable_dir(t, 'up/dir')
    return t


def _nothing_changed(t):
    eq(_names(t), [b'dir', b'old'], 'files in /up')
    eq(read_bytes(t.local('up/old')), OLD, 'up/old')
    eq(_mode(t.local('up/old')), 0o644, 'mode of up/old')


def test_write_enable_no():
    # The master switch: every write command, even with every anon_* on.
    t = _refused_tree()
    conf = dict(ALL, write_enable=False, anon_umask='022')
    with Server(t, conf=conf) as s:
        c = s.login()
        for verb in ('STOR up/new', 'STOR up/old', 'APPE up/old', 'STOU up/x',
                     'STOU'):
            c.pasv()
            c.cmd(verb, 550, 'Permission denied.')
        for line in WRITE_COMMANDS:
            c.cmd(line, 550, 'Permission denied.')
        # vsftpd reads "MDTM time path" as a query then: 550 either way.
        c.cmd('MDTM 20200102030405 up/old', 550)
        c.cmd('NOOP', 200)
        _nothing_changed(t)


def test_anon_upload_disabled():
    t = _refused_tree()
    with Server(t, conf={'write_enable': True}) as s:
        c = s.login()
        for verb in ('STOR up/new', 'APPE up/old', 'STOU up/x'):
            c.pasv()
            c.cmd(verb, 550, 'Permission denied.')
        for line in WRITE_COMMANDS:
            if line.startswith('RNTO'):
                # No RNFR is pending: 503 (sockftpd) or 550 (vsftpd checks
                # the permission first).
                c.cmd(line, (503, 550))
                continue
            c.cmd(line, 550, 'Permission denied.')
        _nothing_changed(t)


def test_anon_cannot_overwrite_append_or_resume():
    # Without anon_other_write_enable an anonymous user only creates files.
    t = _refused_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        c.pasv()
        c.cmd('STOR up/old', 553, 'Could not create file.')
        c.pasv()
        c.cmd('REST 100', 350)
        c.cmd('STOR up/old', 553, 'Could not create file.')
        c.cmd('NOOP', 200)
        _nothing_changed(t)
        # A new name is still fine.
        c.upload('STOR up/new', NEW)
        eq(read_bytes(t.local('up/new')), NEW, 'new upload')
        # ...but not twice.
        c.pasv()
        c.cmd('STOR up/new', 553, 'Could not create file.')
        eq(read_bytes(t.local('up/new')), NEW, 'up/new after a refused STOR')
        # vsftpd refuses APPE to anonymous users without
        # anon_other_write_enable outright, whatever the name.
        c.pasv()
        c.cmd('APPE up/old', 550, 'Permission denied.')
        eq(read_bytes(t.local('up/old')), OLD, 'up/old after APPE')


def test_overwrite_with_other_write():
    t = upload_tree()
    session_file(t, 'up/f', OLD)
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.upload('STOR up/f', NEW)
        eq(read_bytes(t.local('up/f')), NEW, 'overwritten (shorter)')
        c.upload('STOR up/f', DATA)
        eq(read_bytes(t.local('up/f')), DATA, 'overwritten (longer)')
        c.upload('STOR up/f', b'')
        eq(read_bytes(t.local('up/f')), b'', 'overwritten (empty)')
        eq(_names(t), [b'f'], 'files in /up')


def test_appe():
    t = upload_tree()
    session_file(t, 'up/log', OLD)
    with Server(t, conf=ALL) as s:
        c = s.login()
        prelim, final = c.upload('APPE up/log', NEW)
        eq(prelim.text, 'Ok to send data.', 'APPE 150 text')
        eq(final.text, 'Transfer complete.', 'APPE 226 text')
        eq(read_bytes(t.local('up/log')), OLD + NEW, 'appended')
        c.upload('APPE up/log', b'', how='port')
        c.upload('APPE up/log', b'tail', how='epsv')
        eq(read_bytes(t.local('up/log')), OLD + NEW + b'tail', 'appended x3')
        # APPE to a new name creates it.
        c.upload('APPE up/fresh', NEW)
        eq(read_bytes(t.local('up/fresh')), NEW, 'APPE to a new file')


def test_rest_stor_resume():
    # Upload half, then REST n + STOR the rest: the file is whole.
    t = upload_tree()
    half = len(DATA) // 2 + 3
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.upload('STOR up/r.bin', DATA[:half])
        eq(read_bytes(t.local('up/r.bin')), DATA[:half], 'first half')
        c.upload('STOR up/r.bin', DATA[half:], rest=half)
        eq(read_bytes(t.local('up/r.bin')), DATA, 'resumed upload')
        # REST inside the file writes in place and keeps what follows.
        c.upload('STOR up/r.bin', b'PATCH', rest=1000, how='port')
        eq(read_bytes(t.local('up/r.bin')),
           DATA[:1000] + b'PATCH' + DATA[1005:], 'REST 1000 + STOR')
        # REST applies to one transfer only.
        c.upload('STOR up/r.bin', NEW)
        eq(read_bytes(t.local('up/r.bin')), NEW, 'STOR after REST')


def test_rest_stor_after_interrupted_upload():
    # The way clients resume a partial file left by an earlier upload:
    # SIZE tells how much arrived, REST + STOR sends the rest.
    t = upload_tree()
    session_file(t, 'up/part.bin', DATA[:300001])
    with Server(t, conf=ALL) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        r = c.cmd('SIZE up/part.bin', 213)
        have = int(r.text)
        eq(have, 300001, 'SIZE of the partial file')
        c.upload('STOR up/part.bin', DATA[have:], rest=have, how='epsv')
        eq(read_bytes(t.local('up/part.bin')), DATA, 'resumed file')


# --- STOU -------------------------------------------------------------------

def test_stou_names():
    t = upload_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        prelim, final = c.upload('STOU up/x', b'0')
        eq(prelim.text, 'FILE: up/x', 'STOU of a free name')
        eq(final.text, 'Transfer complete.', '226 text')
        for i in range(1, 4):
            prelim, _ = c.upload('STOU up/x', b'%d' % i)
            eq(prelim.text, 'FILE: up/x.%d' % i, 'STOU number %d' % i)
        eq(_names(t), [b'x', b'x.1', b'x.2', b'x.3'], 'files in /up')
        for i, name in enumerate(('x', 'x.1', 'x.2', 'x.3')):
            eq(read_bytes(t.local('up/' + name)), b'%d' % i, 'up/' + name)


def test_stou_without_argument():
    t = upload_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        c.cmd('CWD up', 250)
        names = []
        for i in range(3):
            prelim, _ = c.upload('STOU', b'%d' % i)
            names.append(prelim.text)
        # A bare STOU is always numbered, as vsftpd does.
        want = ['FILE: STOU.1', 'FILE: STOU.2', 'FILE: STOU.3']
        eq(names, want, '150 replies of bare STOU')
        for i, text in enumerate(names):
            eq(read_bytes(t.local('up/' + text[6:])), b'%d' % i, text)


def test_stou_never_overwrites():
    # Even with anon_other_write_enable, STOU picks a free name.
    t = upload_tree()
    session_file(t, 'up/y', OLD)
    session_file(t, 'up/y.1', OLD)
    with Server(t, conf=ALL) as s:
        c = s.login()
        prelim, _ = c.upload('STOU up/y', NEW)
        eq(prelim.text, 'FILE: up/y.2', 'STOU with y and y.1 taken')
        eq(read_bytes(t.local('up/y')), OLD, 'up/y')
        eq(read_bytes(t.local('up/y.1')), OLD, 'up/y.1')
        eq(read_bytes(t.local('up/y.2')), NEW, 'up/y.2')


# --- what cannot be created ---------------------------------------------------

def test_create_refused():
    t = upload_tree()
    t.mkdir('ro')                      # not writable by the session user
    if not ROOT:
        os.chmod(t.local('ro'), 0o555)
    with Server(t, conf=ALL) as s:
        c = s.login()
        targets = ['ro/x', 'no-such-dir/x', 'up', 'up/', '/']
        if ROOT:
            targets.append('new.txt')  # the root belongs to root, not ftp
        for target in targets:
            c.pasv()
            c.cmd('STOR ' + target, 553, 'Could not create file.')
        c.cmd('NOOP', 200)
        eq(_names(t), [], 'files in /up')
        eq(sorted(os.listdir(t.local('ro'))), [], 'files in /ro')
        check(not os.path.exists(t.local('new.txt')), 'a file in the root')
    if not ROOT:
        os.chmod(t.local('ro'), 0o755)


def test_upload_file_pattern():
    # Debian's upload_file: only matching names may be uploaded.  sockftpd
    # answers 553 (RFC 959: file name not allowed), vsftpd 550.
    code = 550 if IS_VSFTPD else 553
    t = upload_tree()
    conf = dict(UP, anon_other_write_enable=True, upload_file='{*.txt,*.csv}')
    with Server(t, conf=conf) as s:
        c = s.login()
        for name in ('up/a.bin', 'up/a.txt.exe', 'up/txt'):
            c.pasv()
            c.cmd('STOR ' + name, code)
        c.upload('STOR up/a.txt', b'txt\n')
        c.upload('STOR up/b.csv', b'csv\n')
        if IS_SOCKFTPD:
            # sockftpd.conf(5): RNTO creates a name too.
            c.cmd('RNFR up/a.txt', 350)
            c.cmd('RNTO up/a.bin', 553)
        eq(_names(t), [b'a.txt', b'b.csv'], 'files in /up')


def test_deny_file_upload():
    # deny_file refuses every command naming such a path with 550.
    t = upload_tree()
    with Server(t, conf=dict(ALL, deny_file='{*.exe,secret*}')) as s:
        c = s.login()
        for verb in ('STOR up/a.exe', 'STOR up/secret.txt', 'STOR /up/x.exe',
                     'APPE up/b.exe', 'STOU up/c.exe'):
            c.pasv()
            c.cmd(verb, 550, 'Permission denied.')
        c.upload('STOR up/fine.txt', b'fine\n')
        eq(_names(t), [b'fine.txt'], 'files in /up')


# --- modes and owners -----------------------------------------------------------

def test_anon_umask_and_file_open_mode():
    t = upload_tree()
    for conf, want in (({'anon_umask': '022'}, 0o644),
                       ({'anon_umask': '0', 'file_open_mode': '0640'}, 0o640),
                       ({'anon_umask': '022', 'file_open_mode': '0777'}, 0o755),
                       ({'anon_umask': '077', 'file_open_mode': '0777'}, 0o700),
                       ({'anon_umask': '0'}, 0o666)):
        with Server(t, conf=dict(UP, **conf)) as s:
            c = s.login()
            name = 'up/m%o' % want
            c.upload('STOR ' + name, NEW)
            eq(_mode(t.local(name)), want, 'mode with %r' % conf)
            c.upload('STOU ' + name, NEW)
            eq(_mode(t.local(name + '.1')), want, 'STOU mode with %r' % conf)


def test_chown_uploads():
    need_root()
    daemon = pwd.getpwnam('daemon')
    t = upload_tree()
    for conf, uid, mode in (({}, 0, 0o600),
                            ({'chown_username': 'daemon',
                              'chown_upload_mode': '0640'},
                             daemon.pw_uid, 0o640)):
        with Server(t, conf=dict(UP, chown_uploads=True, **conf)) as s:
            c = s.login()
            name = 'up/c%d' % uid
            c.upload('STOR ' + name, DATA)
            st = os.stat(t.local(name))
            eq(st.st_uid, uid, 'owner with %r' % conf)
            eq(st.st_mode & 0o7777, mode, 'mode with %r' % conf)
            eq(read_bytes(t.local(name)), DATA, 'content with %r' % conf)
            c.upload('STOU ' + name, NEW)
            st = os.stat(t.local(name + '.1'))
            eq((st.st_uid, st.st_mode & 0o7777), (uid, mode),
               'STOU owner and mode with %r' % conf)
            # The file now belongs to someone else: no second upload.
            c.pasv()
            c.cmd('STOR ' + name, 553, 'Could not create file.')


# --- ASCII ------------------------------------------------------------------------

ASCII_IN = b'a\r\nb\rc\n\r\r\nend\r\n\r\nlast\r'
ASCII_OUT = b'a\nb\rc\n\r\nend\n\nlast\r'


def test_ascii_upload_disabled():
    # ascii_upload_enable=NO (the default): TYPE A uploads are stored as sent.
    t = upload_tree()
    with Server(t, conf=UP) as s:
        c = s.login()
        c.upload('STOR up/a.txt', ASCII_IN, binary=False)
        eq(read_bytes(t.local('up/a.txt')), ASCII_IN, 'TYPE A, unconverted')


def test_ascii_upload_enabled():
    t = upload_tree()
    with Server(t, conf=dict(UP, ascii_upload_enable=True)) as s:
        c = s.login()
        c.upload('STOR up/a.txt', ASCII_IN, binary=False)
        eq(read_bytes(t.local('up/a.txt')), ASCII_OUT, 'CRLF -> LF only')
        c.upload('STOR up/b.bin', ASCII_IN, binary=True)
        eq(read_bytes(t.local('up/b.bin')), ASCII_IN, 'TYPE I unchanged')
        # Random data: every CRLF pair becomes LF, nothing else changes.
        c.upload('STOR up/r.txt', DATA, binary=False, chunk=4093)
        eq(read_bytes(t.local('up/r.txt')), DATA.replace(b'\r\n', b'\n'),
           'random data in ASCII mode')


def test_ascii_upload_crlf_split():
    # A CR at the end of one read and its LF at the start of the next.
    t = upload_tree()
    with Server(t, conf=dict(UP, ascii_upload_enable=True)) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/split.txt', binary=False)
        for piece in (b'x\r', b'\ny\r', b'z\r', b'\r', b'\n'):
            sock.sendall(piece)
            time.sleep(0.2)
        sock.close()
        c.expect(226)
        eq(read_bytes(t.local('up/split.txt')), b'x\ny\rz\r\n',
           'CRLF split across reads')


# --- locks ------------------------------------------------------------------------

def _read_lockable(path):
    with open(path, 'rb') as f:
        try:
            fcntl.lockf(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return False
        fcntl.lockf(f, fcntl.LOCK_UN)
        return True


def test_lock_upload_files():
    # An in-place write (APPE) holds a write lock: a reader that asks for
    # a read lock is refused until the transfer ends.
    t = upload_tree()
    session_file(t, 'up/l', OLD)
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('APPE up/l')
        sock.sendall(NEW)
        wait_for(lambda: os.path.getsize(t.local('up/l')) == len(OLD + NEW),
                 5, 'the appended data on disk')
        check(not _read_lockable(t.local('up/l')),
              'no write lock on up/l during APPE')
        sock.close()
        c.expect(226)
        # vsftpd sends 226 a moment before it closes the file.
        wait_for(lambda: _read_lockable(t.local('up/l')), 5,
                 'the lock on up/l to go after 226')
        eq(read_bytes(t.local('up/l')), OLD + NEW, 'up/l')


def test_lock_upload_files_disabled():
    t = upload_tree()
    session_file(t, 'up/l', OLD)
    with Server(t, conf=dict(ALL, lock_upload_files=False)) as s:
        c = s.login()
        sock, _ = c.start_upload('APPE up/l')
        sock.sendall(NEW)
        wait_for(lambda: os.path.getsize(t.local('up/l')) == len(OLD + NEW),
                 5, 'the appended data on disk')
        check(_read_lockable(t.local('up/l')),
              'up/l locked with lock_upload_files=NO')
        sock.close()
        c.expect(226)


main()
