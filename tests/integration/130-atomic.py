# SPDX-License-Identifier: GPL-2.0-or-later
"""Uploads that never lose data (atomic_uploads=YES, the default): STOR
writes a hidden temporary file and renames it over the target only after a
clean end.  ABOR, a reset data connection, a data timeout, a killed client,
a full file system (tmpfs, root only) and a file size limit (RLIMIT_FSIZE
on the launcher, no root needed) all leave the old file byte-identical and
no temporary file behind, with the documented reply (426, 4xx, 452, 552).
Temporary files are never listed or reachable; concurrent uploads of one
name end with one complete upload (or, for anonymous users who may not
replace, one upload and one 553).  STOU is atomic too.  REST+STOR and APPE
write in place; atomic_uploads=NO writes in place as vsftpd does;
delete_failed_uploads."""

import os
import resource
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

ALL = {'write_enable': True, 'anon_upload_enable': True,
       'anon_mkdir_write_enable': True, 'anon_other_write_enable': True}
# atomic_uploads=NO: sockftpd writes in place as vsftpd always does.
IN_PLACE = dict(ALL) if IS_VSFTPD else dict(ALL, atomic_uploads=False)

OLD = random_bytes(200 * 1024 + 7, b'old')
NEW = random_bytes(3 * 1024 * 1024 + 11, b'new')
CHUNK = 64 * 1024


def _tree():
    t = upload_tree()
    session_file(t, 'up/target', OLD)
    return t


def _names(t, rel='up'):
    return sorted(os.listdir(t.local(rel)))


def _temps(t, keep=(b'target',)):
    return [n for n in _names(t) if n not in keep]


def _old_intact(t, keep=(b'target',)):
    """target holds OLD, and no temporary file is left (polled: the
    session may answer a moment before it has removed it)."""
    eq(read_bytes(t.local('up/target')), OLD, 'up/target after the failure')
    wait_for(lambda: not _temps(t, keep), 5,
             'no temporary file left in /up (at first: %r)' % _names(t))


def _wait_temp(t, min_size=1, keep=(b'target',)):
    """Wait for the temporary file of an upload in progress; its name."""
    def found():
        for n in _temps(t, keep):
            try:
                if os.path.getsize(os.path.join(t.local('up'), n)) >= \
                        min_size:
                    return n
            except OSError:
                pass
        return None
    return wait_for(found, 10, 'a temporary file of >= %d bytes in /up'
                    % min_size)


def _send(sock, data):
    view = memoryview(data)
    for i in range(0, len(data), CHUNK):
        sock.sendall(view[i:i + CHUNK])


def _sync_abor(c):
    c.sendraw(b'\xff\xf4\xff')
    c.sendraw(b'\xf2', oob=True)
    c.sendraw(b'ABOR\r\n')


def _usable(c, t, name='up/after'):
    """The session goes on: a later upload works."""
    c.cmd('NOOP', 200)
    c.upload('STOR ' + name, b'after\n')
    eq(read_bytes(t.local(name)), b'after\n', name)


# --- the clean case -----------------------------------------------------------

@sockftpd_only
def test_old_content_until_complete():
    t = _tree()
    ino = os.stat(t.local('up/target')).st_ino
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/target')
        _send(sock, NEW[:len(NEW) // 2])
        temp = _wait_temp(t, len(NEW) // 4)
        check(temp.startswith(b'.'), 'temporary name %r is not hidden' % temp)
        eq(read_bytes(t.local('up/target')), OLD, 'up/target mid-upload')
        _send(sock, NEW[len(NEW) // 2:])
        sock.close()
        c.expect(226, 'Transfer complete.')
        eq(read_bytes(t.local('up/target')), NEW, 'up/target after 226')
        eq(_names(t), [b'target'], 'files in /up')
        check(os.stat(t.local('up/target')).st_ino != ino,
              'up/target was written in place, not renamed over')


@sockftpd_only
def test_new_file_appears_complete():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/fresh')
        _send(sock, NEW[:CHUNK * 4])
        _wait_temp(t, CHUNK, keep=(b'target', b'fresh'))
        check(not os.path.lexists(t.local('up/fresh')),
              'up/fresh exists before the upload is complete')
        _send(sock, NEW[CHUNK * 4:])
        sock.close()
        c.expect(226)
        eq(read_bytes(t.local('up/fresh')), NEW, 'up/fresh')
        eq(_names(t), [b'fresh', b'target'], 'files in /up')


def test_overwrite_mode_and_ascii():
    # With atomic uploads the temporary file becomes the target: it has the
    # upload's mode and owner, and ASCII conversion happens on the way.
    t = _tree()
    conf = dict(ALL, anon_umask='022', ascii_upload_enable=True)
    with Server(t, conf=conf) as s:
        c = s.login()
        c.upload('STOR up/target', b'a\r\nb\r\n', binary=False)
        eq(read_bytes(t.local('up/target')), b'a\nb\n', 'ASCII upload')
        eq(os.stat(t.local('up/target')).st_mode & 0o7777, 0o644, 'mode')
        eq(os.stat(t.local('up/target')).st_uid, session_user().pw_uid,
           'owner')
        eq(_names(t), [b'target'], 'files in /up')


# --- temporary files are invisible and untouchable ----------------------------

@sockftpd_only
def test_temporary_file_hidden():
    t = _tree()
    conf = dict(ALL, force_dot_files=True, anon_umask='022')
    with Server(t, conf=conf) as s:
        a = s.login()
        sock, _ = a.start_upload('STOR up/target')
        _send(sock, NEW[:CHUNK * 8])
        temp = _wait_temp(t, CHUNK)
        tname = temp.decode('utf-8', 'surrogateescape')
        note('temporary file: %r' % temp)
        b = s.login()
        for command in ('LIST -a up', 'LIST up', 'NLST -a up', 'NLST up',
                        'MLSD up'):
            data = b.listing(command)
            contains(data, b'target', command)
            not_contains(data, temp, command)
        b.cmd('CWD up', 250)
        for command in ('LIST -a', 'NLST -a', 'MLSD'):
            data = b.listing(command)
            not_contains(data, temp, command + ' in /up')
        r = b.cmd('STAT .', 213)
        not_contains(r.raw, temp, 'STAT .')
        # Not reachable by name either.
        b.pasv()
        b.cmd('RETR ' + tname, 550)
        for line in ('SIZE ', 'MDTM ', 'DELE ', 'RNFR ', 'MLST ', 'HASH ',
                     'RMD ', 'MFMT 20200102030405 '):
            b.cmd(line + tname, '5')
        b.cmd('RNFR target', 350)
        b.cmd('RNTO ' + tname, '5')
        for verb in ('STOR ', 'APPE '):
            b.pasv()
            b.cmd(verb + tname, '5')
        b.cmd('NOOP', 200)
        # The upload in progress is undisturbed.
        _send(sock, NEW[CHUNK * 8:])
        sock.close()
        a.expect(226)
        eq(read_bytes(t.local('up/target')), NEW, 'up/target')
        eq(_names(t), [b'target'], 'files in /up')


# --- failures keep the old file -------------------------------------------------

@sockftpd_only
def test_abor_keeps_old_file():
    # ABOR as a plain line with the data connection still open.
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/target')
        _send(sock, NEW[:CHUNK * 8])
        _wait_temp(t, CHUNK)
        c.send('ABOR')
        c.expect(426)
        c.expect(226)
        sock.close()
        _old_intact(t)
        _usable(c, t)


@sockftpd_only
def test_abor_telnet_sync_keeps_old_file():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/target', how='epsv')
        _send(sock, NEW[:CHUNK * 8])
        _wait_temp(t, CHUNK)
        _sync_abor(c)
        c.expect(426)
        c.expect(226)
        sock.close()
        _old_intact(t)
        _usable(c, t)


@sockftpd_only
def test_abor_after_closing_data_keeps_old_file():
    # The data connection is closed with a RST, then ABOR (curl's way).
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/target')
        _send(sock, NEW[:CHUNK * 8])
        _wait_temp(t, CHUNK)
        rst_close(sock)
        c.send('ABOR')
        c.expect(426)
        match_code(c.reply(), (225, 226))
        _old_intact(t)
        _usable(c, t)


def test_abor_upload_replies():
    # vsftpd notices ABOR during an upload only with async_abor_enable and
    # the Telnet synch; the replies are 426 then 226.
    t = upload_tree()
    with Server(t, conf=dict(ALL, async_abor_enable=True)) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/aborted')
        _send(sock, NEW[:CHUNK * 4])
        wait_for(lambda: _names(t), 5, 'the upload to start on disk')
        _sync_abor(c)
        c.expect(426)
        c.expect(226)
        sock.close()
        _usable(c, t)


@sockftpd_only
def test_reset_keeps_old_file():
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/target', how='port')
        _send(sock, NEW[:CHUNK * 8])
        _wait_temp(t, CHUNK)
        rst_close(sock)
        c.expect(426)
        _old_intact(t)
        _usable(c, t)


def test_reset_reply():
    t = upload_tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/reset')
        _send(sock, NEW[:CHUNK * 4])
        wait_for(lambda: _names(t), 5, 'the upload to start on disk')
        rst_close(sock)
        c.expect(426)
        _usable(c, t)


@sockftpd_only
@timeout(40)
def test_data_timeout_keeps_old_file():
    # The client stops sending but keeps both connections open.
    t = _tree()
    with Server(t, conf=dict(ALL, data_connection_timeout=2)) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/target')
        _send(sock, NEW[:CHUNK * 4])
        _wait_temp(t, CHUNK)
        r = c.reply(timeout_s=20)
        match_code(r, '4')
        _old_intact(t)
        sock.close()


@sockftpd_only
def test_control_closed_before_data_eof_keeps_old_file():
    # The client's control connection closes first, then the data
    # connection ends with a FIN: the upload did not end cleanly.
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/target')
        _send(sock, NEW[:CHUNK * 8])
        _wait_temp(t, CHUNK)
        c.close()
        time.sleep(0.5)
        sock.close()
        s.wait_sessions_gone(10)
        _old_intact(t)


_KILLED_CLIENT = r'''
import re, socket, sys, time
host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ctrl = socket.create_connection((host, port), timeout=20)
f = ctrl.makefile('rb')
def reply():
    while True:
        line = f.readline()
        if not line:
            sys.exit('control connection closed')
        if re.match(rb'^\d{3} ', line):
            return line
def cmd(line):
    ctrl.sendall(line.encode() + b'\r\n')
    return reply()
reply()
cmd('USER anonymous')
cmd('PASS killed@example.org')
cmd('TYPE I')
r = cmd('PASV')
n = [int(x) for x in re.search(rb'(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)',
                               r).groups()]
data = socket.create_connection(('%d.%d.%d.%d' % tuple(n[:4]),
                                 n[4] * 256 + n[5]), timeout=20)
r = cmd('STOR ' + path)
if not r.startswith(b'150'):
    sys.exit('STOR: %r' % r)
chunk = bytes(range(256)) * 256
data.sendall(chunk)
print('sending', flush=True)
while True:
    data.sendall(chunk)
    time.sleep(0.01)
'''


def _killed_client(s, t, path, keep):
    proc = subprocess.Popen(
        [sys.executable, '-c', _KILLED_CLIENT, s.addr, str(s.port), path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True)
    try:
        line = proc.stdout.readline()
        if line != b'sending\n':
            proc.wait(timeout=10)
            raise AssertionError('the upload client failed: %r %r' % (
                line, proc.stderr.read()))
        # Mid-upload: at least 256 KiB arrived, and it goes on.
        _wait_temp(t, 256 * 1024, keep=keep)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    s.wait_sessions_gone(10)


@sockftpd_only
def test_killed_client_keeps_old_file():
    # SIGKILL closes both connections with a FIN: in stream mode the data
    # EOF looks like a normal end, but the control connection is gone too.
    t = _tree()
    with Server(t, conf=ALL) as s:
        _killed_client(s, t, 'up/target', keep=(b'target',))
        _old_intact(t)


@sockftpd_only
def test_killed_client_new_file_left_nothing():
    t = _tree()
    with Server(t, conf=ALL) as s:
        _killed_client(s, t, 'up/killed', keep=(b'target', b'killed'))
        if os.path.lexists(t.local('up/killed')):
            check(False, 'a killed client created up/killed (%d bytes)' %
                  os.path.getsize(t.local('up/killed')))
        _old_intact(t)


# --- full file systems and file size limits --------------------------------------

FSIZE_LIMIT = 512 * 1024


def _limit_fsize(s, limit=FSIZE_LIMIT):
    # The launcher's limit is inherited by every session it spawns.
    resource.prlimit(s.proc.pid, resource.RLIMIT_FSIZE, (limit, limit))


@sockftpd_only
def test_file_too_big_keeps_old_file():
    # RLIMIT_FSIZE: write() fails with EFBIG (SIGXFSZ must not kill the
    # session): 552, the old file stays.
    t = _tree()
    with Server(t, conf=ALL) as s:
        _limit_fsize(s)
        c = s.login()
        sock, _ = c.start_upload('STOR up/target')
        try:
            _send(sock, NEW)
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.close()
        r = c.reply()
        match_code(r, 552)
        _old_intact(t)
        # The log says which file and why.
        wait_for(lambda: '/up/target' in s.log() and
                 os.strerror(27) in s.log(), 5,
                 'a log line naming /up/target and EFBIG')
        _usable(c, t)
        # Below the limit, uploads work.
        c.upload('STOR up/target', NEW[:FSIZE_LIMIT - 1])
        eq(read_bytes(t.local('up/target')), NEW[:FSIZE_LIMIT - 1],
           'an upload just below the limit')


@sockftpd_only
def test_file_too_big_new_file_left_nothing():
    t = _tree()
    with Server(t, conf=ALL) as s:
        _limit_fsize(s)
        c = s.login()
        sock, _ = c.start_upload('STOR up/big')
        try:
            _send(sock, NEW)
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.close()
        match_code(c.reply(), 552)
        check(not os.path.lexists(t.local('up/big')), 'up/big exists')
        _old_intact(t)


@sockftpd_only
def test_file_too_big_appe():
    # In place: the reply is 552 too, and the file is not longer than the
    # limit.
    t = _tree()
    with Server(t, conf=ALL) as s:
        _limit_fsize(s)
        c = s.login()
        sock, _ = c.start_upload('APPE up/target')
        try:
            _send(sock, NEW)
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.close()
        match_code(c.reply(), 552)
        got = read_bytes(t.local('up/target'))
        check(got.startswith(OLD), 'APPE changed the old part')
        check(len(got) <= FSIZE_LIMIT, 'up/target beyond the limit')
        c.cmd('NOOP', 200)


class _Tmpfs:
    """A small tmpfs mounted over a directory of the tree, owned by the
    session user (root only)."""

    def __init__(self, path, size):
        self.path = os.fsdecode(path)
        pw = session_user()
        r = run(['mount', '-t', 'tmpfs', '-o',
                 'size=%s,mode=0755,uid=%d,gid=%d' % (size, pw.pw_uid,
                                                     pw.pw_gid),
                 'ftptest-tmpfs', self.path], timeout_s=10)
        if r.rc != 0:
            skip('cannot mount a tmpfs: %s' % r.err.decode(errors='replace'))

    def free(self):
        st = os.statvfs(self.path)
        return st.f_bavail * st.f_frsize

    def close(self):
        r = run(['umount', self.path], timeout_s=10, record=False)
        if r.rc != 0:
            run(['umount', '-l', self.path], timeout_s=10, record=False)


@sockftpd_only
def test_disk_full_keeps_old_file():
    need_root()
    t = upload_tree()
    fs = _Tmpfs(t.local('up'), '1m')
    try:
        session_file(t, 'up/target', OLD)
        free = fs.free()
        with Server(t, conf=ALL) as s:
            c = s.login()
            sock, _ = c.start_upload('STOR up/target')
            try:
                _send(sock, NEW)
            except (BrokenPipeError, ConnectionResetError):
                pass
            sock.close()
            match_code(c.reply(), 452)
            _old_intact(t)
            wait_for(lambda: '/up/target' in s.log() and
                     os.strerror(28) in s.log(), 5,
                     'a log line naming /up/target and ENOSPC')
            wait_for(lambda: fs.free() >= free, 5,
                     'the space of the temporary file to be freed '
                     '(%d < %d bytes free)' % (fs.free(), free))
            # A new file fails the same way and leaves nothing.
            sock, _ = c.start_upload('STOR up/new')
            try:
                _send(sock, NEW)
            except (BrokenPipeError, ConnectionResetError):
                pass
            sock.close()
            match_code(c.reply(), 452)
            check(not os.path.lexists(t.local('up/new')), 'up/new exists')
            _old_intact(t)
            # Space is back: a file that fits is uploaded.
            c.upload('STOR up/target', NEW[:300 * 1024])
            eq(read_bytes(t.local('up/target')), NEW[:300 * 1024],
               'an upload that fits')
    finally:
        fs.close()


@sockftpd_only
def test_disk_full_in_place():
    # APPE writes in place: 452 as well, the old part untouched.
    need_root()
    t = upload_tree()
    fs = _Tmpfs(t.local('up'), '1m')
    try:
        session_file(t, 'up/target', OLD)
        with Server(t, conf=ALL) as s:
            c = s.login()
            sock, _ = c.start_upload('APPE up/target')
            try:
                _send(sock, NEW)
            except (BrokenPipeError, ConnectionResetError):
                pass
            sock.close()
            match_code(c.reply(), 452)
            check(read_bytes(t.local('up/target')).startswith(OLD),
                  'APPE changed the old part')
            c.cmd('NOOP', 200)
    finally:
        fs.close()


# --- concurrency ------------------------------------------------------------------

def _upload_thread(c, path, data, results, key, pause):
    try:
        sock, _ = c.start_upload('STOR ' + path)
        view = memoryview(data)
        for i in range(0, len(data), CHUNK):
            sock.sendall(view[i:i + CHUNK])
            time.sleep(pause)
        sock.close()
        results[key] = c.reply().code
    except Exception as e:              # reported by the caller
        results[key] = repr(e)


def test_two_sessions_same_name():
    # Both uploads overlap in time; the result is one of them, whole.
    # vsftpd gets there with lock_upload_files (the second upload waits
    # for the first); sockftpd's atomic uploads need no lock.
    a_data = random_bytes(2 * 1024 * 1024, b'session-a')
    b_data = random_bytes(2 * 1024 * 1024 + 99, b'session-b')
    t = _tree()
    confs = [ALL] if IS_VSFTPD else [ALL, dict(ALL, lock_upload_files=False)]
    for conf in confs:
        with Server(t, conf=conf) as s:
            for pauses in ((0.002, 0.004), (0.004, 0.002)):
                a, b = s.login(), s.login()
                results = {}
                threads = [
                    threading.Thread(target=_upload_thread, daemon=True,
                                     args=(c, 'up/target', data, results,
                                           key, pause))
                    for c, data, key, pause in ((a, a_data, 'a', pauses[0]),
                                                (b, b_data, 'b', pauses[1]))]
                for th in threads:
                    th.start()
                for th in threads:
                    th.join(T(25))
                eq(results, {'a': 226, 'b': 226}, 'final replies')
                got = read_bytes(t.local('up/target'))
                check(got == a_data or got == b_data,
                      'up/target is neither upload (%r): %d bytes, starts '
                      'like %s, ends like %s' % (
                          conf, len(got), _which(got[:4096], a_data[:4096],
                                                 b_data[:4096]),
                          _which(got[-4096:], a_data[-4096:],
                                 b_data[-4096:])))
                eq(_names(t), [b'target'], 'files in /up')
                a.close()
                b.close()


def _which(got, a, b):
    return 'a' if got == a else 'b' if got == b else '?'


def _racing_upload(c, path, data, results, key, pause):
    # Like _upload_thread, but a refusal of STOR itself is a result too.
    try:
        c.cmd('TYPE I', 200)
        sock = c.open_passive()
        r = c.cmd('STOR ' + path)
        if r.code not in (125, 150):
            sock.close()
            results[key] = r.code
            return
        view = memoryview(data)
        for i in range(0, len(data), CHUNK):
            sock.sendall(view[i:i + CHUNK])
            time.sleep(pause)
        sock.close()
        results[key] = c.reply().code
    except Exception as e:              # reported by the caller
        results[key] = repr(e)


def test_two_anonymous_sessions_new_name():
    # Without anon_other_write_enable nothing may be replaced: when two
    # sessions create the same new name at once, one upload wins whole and
    # the other is refused with 553 (vsftpd at STOR, sockftpd at the end).
    a_data = random_bytes(1024 * 1024, b'anon-a')
    b_data = random_bytes(1024 * 1024 + 5, b'anon-b')
    t = upload_tree()
    conf = {'write_enable': True, 'anon_upload_enable': True}
    with Server(t, conf=conf) as s:
        for n, pauses in enumerate(((0.002, 0.003), (0.003, 0.002))):
            a, b = s.login(), s.login()
            results = {}
            name = 'up/new%d' % n
            threads = [
                threading.Thread(target=_racing_upload, daemon=True,
                                 args=(c, name, data, results, key, pause))
                for c, data, key, pause in ((a, a_data, 'a', pauses[0]),
                                            (b, b_data, 'b', pauses[1]))]
            for th in threads:
                th.start()
            for th in threads:
                th.join(T(25))
            eq(sorted(results.values()), [226, 553], 'final replies %r'
               % results)
            winner = a_data if results['a'] == 226 else b_data
            eq(read_bytes(t.local(name)), winner, name)
            a.close()
            b.close()
        eq(_names(t), [b'new0', b'new1'], 'files in /up')


def test_many_sessions_one_directory():
    # Eight uploads at once into one directory, each to its own name and
    # one name shared by all: no temporary name collides.
    n = 8
    datas = [random_bytes(512 * 1024 + i, b'many-%d' % i) for i in range(n)]
    t = upload_tree()
    with Server(t, conf=ALL) as s:
        ctrls = [s.login() for _ in range(n)]
        results = {}
        threads = [threading.Thread(target=_upload_thread, daemon=True,
                                    args=(ctrls[i], 'up/own%d' % i, datas[i],
                                          results, i, 0.001))
                   for i in range(n)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(T(25))
        eq(results, {i: 226 for i in range(n)}, 'final replies')
        for i in range(n):
            eq(read_bytes(t.local('up/own%d' % i)), datas[i], 'up/own%d' % i)
        results = {}
        threads = [threading.Thread(target=_upload_thread, daemon=True,
                                    args=(ctrls[i], 'up/shared', datas[i],
                                          results, i, 0.001))
                   for i in range(n)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(T(25))
        eq(results, {i: 226 for i in range(n)}, 'final replies (shared)')
        got = read_bytes(t.local('up/shared'))
        check(got in datas, 'up/shared is none of the %d uploads' % n)
        eq(_names(t), sorted([b'own%d' % i for i in range(n)] +
                             [b'shared']), 'files in /up')


# --- in place: REST+STOR, APPE, atomic_uploads=NO, delete_failed_uploads ----------

def test_rest_stor_writes_in_place():
    half = len(NEW) // 2
    t = upload_tree()
    session_file(t, 'up/resume', NEW[:half])
    ino = os.stat(t.local('up/resume')).st_ino
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/resume', rest=half)
        _send(sock, NEW[half:half + CHUNK * 4])
        wait_for(lambda: os.path.getsize(t.local('up/resume')) >=
                 half + CHUNK * 4, 5, 'the resumed data in up/resume')
        eq(_names(t), [b'resume'], 'files in /up during REST+STOR')
        _send(sock, NEW[half + CHUNK * 4:])
        sock.close()
        c.expect(226)
        eq(read_bytes(t.local('up/resume')), NEW, 'resumed file')
        eq(os.stat(t.local('up/resume')).st_ino, ino, 'same inode')


def test_failed_resume_keeps_received_data():
    # A resumed upload that is cut keeps what arrived: the next resume
    # starts from there.
    half = len(NEW) // 2
    t = upload_tree()
    session_file(t, 'up/resume', NEW[:half])
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/resume', rest=half)
        _send(sock, NEW[half:half + CHUNK * 4])
        wait_for(lambda: os.path.getsize(t.local('up/resume')) >=
                 half + CHUNK * 4, 5, 'the resumed data in up/resume')
        rst_close(sock)
        c.expect(426)
        got = read_bytes(t.local('up/resume'))
        check(len(got) >= half + CHUNK * 4 and NEW.startswith(got),
              'up/resume after a cut resume: %d bytes, a prefix: %s' % (
                  len(got), NEW.startswith(got)))
        c.upload('STOR up/resume', NEW[len(got):], rest=len(got))
        eq(read_bytes(t.local('up/resume')), NEW, 'resumed twice')


def test_appe_writes_in_place():
    t = _tree()
    ino = os.stat(t.local('up/target')).st_ino
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('APPE up/target')
        _send(sock, NEW[:CHUNK * 4])
        wait_for(lambda: os.path.getsize(t.local('up/target')) >=
                 len(OLD) + CHUNK * 4, 5, 'the appended data in up/target')
        eq(_names(t), [b'target'], 'files in /up during APPE')
        _send(sock, NEW[CHUNK * 4:])
        sock.close()
        c.expect(226)
        eq(read_bytes(t.local('up/target')), OLD + NEW, 'appended file')
        eq(os.stat(t.local('up/target')).st_ino, ino, 'same inode')


def test_in_place_stor():
    # atomic_uploads=NO: STOR truncates the target and writes into it.
    t = _tree()
    ino = os.stat(t.local('up/target')).st_ino
    with Server(t, conf=IN_PLACE) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/target')
        _send(sock, NEW[:CHUNK * 4])
        wait_for(lambda: read_bytes(t.local('up/target')) ==
                 NEW[:CHUNK * 4], 5, 'the new data written in place')
        eq(_names(t), [b'target'], 'files in /up')
        _send(sock, NEW[CHUNK * 4:])
        sock.close()
        c.expect(226)
        eq(read_bytes(t.local('up/target')), NEW, 'up/target')
        eq(os.stat(t.local('up/target')).st_ino, ino, 'same inode')


def test_in_place_failure_keeps_prefix():
    # atomic_uploads=NO, delete_failed_uploads=NO: a reset upload leaves
    # what arrived (vsftpd's behaviour).
    t = _tree()
    with Server(t, conf=IN_PLACE) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/target')
        _send(sock, NEW[:CHUNK * 4])
        wait_for(lambda: os.path.getsize(t.local('up/target')) ==
                 CHUNK * 4, 5, 'the new data written in place')
        rst_close(sock)
        c.expect(426)
        got = read_bytes(t.local('up/target'))
        check(len(got) >= CHUNK * 4 and NEW.startswith(got),
              'up/target is not a prefix of the upload (%d bytes)' % len(got))


def test_delete_failed_uploads():
    t = _tree()
    with Server(t, conf=dict(IN_PLACE, delete_failed_uploads=True)) as s:
        c = s.login()
        sock, _ = c.start_upload('STOR up/failed')
        _send(sock, NEW[:CHUNK * 4])
        wait_for(lambda: os.path.lexists(t.local('up/failed')) and
                 os.path.getsize(t.local('up/failed')) >= CHUNK, 5,
                 'the upload on disk')
        rst_close(sock)
        c.expect(426)
        wait_for(lambda: not os.path.lexists(t.local('up/failed')), 5,
                 'up/failed to be deleted')
        # A successful upload is kept, of course.
        c.upload('STOR up/ok', NEW)
        eq(read_bytes(t.local('up/ok')), NEW, 'up/ok')
        eq(read_bytes(t.local('up/target')), OLD, 'up/target')


def test_delete_failed_uploads_appe():
    # delete_failed_uploads removes a file written in place whose upload
    # failed, APPE included (as vsftpd does).
    t = _tree()
    with Server(t, conf=dict(ALL, delete_failed_uploads=True)) as s:
        c = s.login()
        sock, _ = c.start_upload('APPE up/target')
        _send(sock, NEW[:CHUNK * 4])
        wait_for(lambda: os.path.getsize(t.local('up/target')) >
                 len(OLD), 5, 'the appended data on disk')
        rst_close(sock)
        c.expect(426)
        wait_for(lambda: not os.path.lexists(t.local('up/target')), 5,
                 'up/target to be deleted')


@sockftpd_only
def test_stou_failure_leaves_nothing():
    # STOU is atomic too: a reset upload leaves no file and no temporary.
    t = _tree()
    with Server(t, conf=ALL) as s:
        c = s.login()
        sock, _ = c.start_upload('STOU up/target')
        _send(sock, NEW[:CHUNK * 4])
        _wait_temp(t, CHUNK)
        rst_close(sock)
        c.expect(426)
        _old_intact(t)


@sockftpd_only
def test_delete_failed_uploads_with_atomic():
    # Atomic uploads never leave a partial file, whatever
    # delete_failed_uploads says; the old file is never deleted.
    t = _tree()
    for conf in (dict(ALL, delete_failed_uploads=True),
                 dict(ALL, delete_failed_uploads=False)):
        with Server(t, conf=conf) as s:
            c = s.login()
            for path in ('up/target', 'up/fresh'):
                sock, _ = c.start_upload('STOR ' + path)
                _send(sock, NEW[:CHUNK * 4])
                _wait_temp(t, CHUNK)
                rst_close(sock)
                c.expect(426)
                _old_intact(t)


main(default_timeout=40)
