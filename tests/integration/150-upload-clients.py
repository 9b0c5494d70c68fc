# SPDX-License-Identifier: GPL-2.0-or-later
"""Real clients upload, byte-exact on the server side: curl -T (passive and
active, --ftp-create-dirs, -a append, -C - resume, a refused overwrite),
lftp put/mput/reput/mirror -R, tnftp and inetutils ftp with a script (put,
mput), tnftp -u, python ftplib storbinary/storlines (ASCII on and off, REST).
wget cannot upload, so it has no test here."""

import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

UP = {'write_enable': True, 'anon_upload_enable': True}
ALL = dict(UP, anon_mkdir_write_enable=True, anon_other_write_enable=True)

DATA = random_bytes(2 * 1024 * 1024 + 333, b'clients')
SMALL = random_bytes(5000, b'small')
TEXT_LF = b'first line\nsecond line\n\nlast line\n'


def _tmp():
    return tempdir('ftptest-client-')


def _local(d, name, data):
    return write_file(os.path.join(d, name), data)


def _ok(r, what):
    check(r.rc == 0, '%s failed with exit %s: %s' % (
        what, r.rc, r.err.decode('utf-8', 'replace')[-2000:]))


def _names(t, rel='up'):
    return sorted(os.listdir(t.local(rel)))


# --- curl -------------------------------------------------------------------

CURL = ['curl', '--silent', '--show-error', '--max-time', str(int(T(30))),
        '--connect-timeout', '5']


def test_curl_upload():
    need_tool('curl')
    t = upload_tree()
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    with Server(t, conf=UP) as s:
        r = run(CURL + ['-T', src, s.url + '/up/epsv.bin'])
        _ok(r, 'curl -T (EPSV)')
        r = run(CURL + ['--disable-epsv', '-T', src, s.url + '/up/pasv.bin'])
        _ok(r, 'curl -T --disable-epsv (PASV)')
        r = run(CURL + ['--ftp-port', '127.0.0.1', '-T', src,
                        s.url + '/up/eprt.bin'])
        _ok(r, 'curl -T --ftp-port (EPRT)')
        r = run(CURL + ['--ftp-port', '127.0.0.1', '--disable-eprt', '-T',
                        src, s.url + '/up/port.bin'])
        _ok(r, 'curl -T --disable-eprt (PORT)')
        # A URL ending in / takes the local file's name.
        r = run(CURL + ['-T', src, s.url + '/up/'])
        _ok(r, 'curl -T to a directory URL')
        for name in ('epsv.bin', 'pasv.bin', 'eprt.bin', 'port.bin',
                     'data.bin'):
            eq(read_bytes(t.local('up/' + name)), DATA, 'curl up/' + name)
        eq(len(_names(t)), 5, 'files in /up: %r' % _names(t))


def test_curl_upload_refused():
    need_tool('curl')
    t = upload_tree()
    session_file(t, 'up/taken', SMALL)
    t.mkdir('ro', 0o755 if ROOT else 0o555)   # not writable by the session
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    with Server(t, conf=UP) as s:
        # CURLE_UPLOAD_FAILED (25): the server refused STOR.
        r = run(CURL + ['-T', src, s.url + '/up/taken'])
        eq(r.rc, 25, 'curl exit for a refused overwrite')
        r = run(CURL + ['-T', src, s.url + '/ro/x'])
        eq(r.rc, 25, 'curl exit for a refused upload')
        eq(read_bytes(t.local('up/taken')), SMALL, 'up/taken')
        eq(_names(t), [b'taken'], 'files in /up')


def test_curl_create_dirs():
    need_tool('curl')
    t = upload_tree()
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    with Server(t, conf=ALL) as s:
        r = run(CURL + ['--ftp-create-dirs', '-T', src,
                        s.url + '/up/a/b/c/deep.bin'])
        _ok(r, 'curl --ftp-create-dirs')
        eq(read_bytes(t.local('up/a/b/c/deep.bin')), DATA, 'deep.bin')
        # Existing directories are reused.
        r = run(CURL + ['--ftp-create-dirs', '--ftp-method', 'nocwd', '-T',
                        src, s.url + '/up/a/b/second.bin'])
        _ok(r, 'curl --ftp-create-dirs --ftp-method nocwd')
        eq(read_bytes(t.local('up/a/b/second.bin')), DATA, 'second.bin')


def test_curl_create_dirs_refused():
    # anon_mkdir_write_enable=NO: curl cannot create the directory.
    need_tool('curl')
    t = upload_tree()
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    with Server(t, conf=UP) as s:
        r = run(CURL + ['--ftp-create-dirs', '-T', src,
                        s.url + '/up/newdir/x.bin'])
        check(r.rc != 0, 'curl succeeded without anon_mkdir_write_enable')
        eq(_names(t), [], 'files in /up')


def test_curl_append():
    need_tool('curl')
    t = upload_tree()
    session_file(t, 'up/log', SMALL)
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    with Server(t, conf=ALL) as s:
        r = run(CURL + ['-a', '-T', src, s.url + '/up/log'])
        _ok(r, 'curl -a')
        eq(read_bytes(t.local('up/log')), SMALL + DATA, 'appended by curl')


def test_curl_resume():
    # curl -C - -T asks SIZE and sends the rest (with APPE).
    need_tool('curl')
    t = upload_tree()
    session_file(t, 'up/r.bin', DATA[:777777])
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    with Server(t, conf=ALL) as s:
        r = run(CURL + ['-C', '-', '-T', src, s.url + '/up/r.bin'])
        _ok(r, 'curl -C - -T')
        eq(read_bytes(t.local('up/r.bin')), DATA, 'resumed by curl')


def test_curl_ascii_upload():
    # curl --use-ascii sends CRLF line ends; ascii_upload_enable=YES
    # stores LF.
    need_tool('curl')
    t = upload_tree()
    d = _tmp()
    src = _local(d, 'text.txt', TEXT_LF)
    with Server(t, conf=dict(UP, ascii_upload_enable=True)) as s:
        r = run(CURL + ['--use-ascii', '-T', src, s.url + '/up/text.txt'])
        _ok(r, 'curl --use-ascii -T')
        eq(read_bytes(t.local('up/text.txt')), TEXT_LF, 'ASCII upload')


# --- lftp -------------------------------------------------------------------

LFTP_SETTINGS = ('set net:max-retries 1; set net:timeout 10; '
                 'set net:reconnect-interval-base 1; set cmd:fail-exit yes; '
                 'set xfer:clobber yes; ')


def _lftp(s, commands, extra='', timeout_s=60):
    return run(['lftp', '-c', LFTP_SETTINGS + extra + 'open ' + s.url +
                '; ' + commands], timeout_s=timeout_s, env=client_env())


def test_lftp_put():
    need_tool('lftp')
    t = upload_tree()
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    with Server(t, conf=UP) as s:
        r = _lftp(s, 'put %s -o up/passive.bin' % src)
        _ok(r, 'lftp put')
        r = _lftp(s, 'put %s -o up/active.bin' % src,
                  extra='set ftp:passive-mode no; ')
        _ok(r, 'lftp put (active)')
        r = _lftp(s, 'cd up; put %s -o "with space.bin"' % src)
        _ok(r, 'lftp put to a name with a space')
        for name in ('passive.bin', 'active.bin', 'with space.bin'):
            eq(read_bytes(t.local('up/' + name)), DATA, 'lftp up/' + name)


def test_lftp_mput():
    need_tool('lftp')
    t = upload_tree()
    d = _tmp()
    files = {'m%d.bin' % i: random_bytes(100000 + i, b'mput%d' % i)
             for i in range(5)}
    for name, data in files.items():
        _local(d, name, data)
    with Server(t, conf=UP) as s:
        r = _lftp(s, 'lcd %s; mput -O up/ *.bin' % d)
        _ok(r, 'lftp mput')
        for name, data in files.items():
            eq(read_bytes(t.local('up/' + name)), data, 'mput ' + name)


def test_lftp_reput():
    need_tool('lftp')
    t = upload_tree()
    session_file(t, 'up/r.bin', DATA[:1000001])
    d = _tmp()
    src = _local(d, 'r.bin', DATA)
    with Server(t, conf=ALL) as s:
        r = _lftp(s, 'cd up; reput %s' % src)
        _ok(r, 'lftp reput')
        eq(read_bytes(t.local('up/r.bin')), DATA, 'resumed by lftp')


def test_lftp_mirror_reverse():
    need_tool('lftp')
    t = upload_tree()
    d = _tmp()
    tree = {}
    for rel, size in (('top.bin', 1234), ('a/one.bin', 100000),
                      ('a/b/two.bin', 0), ('a/b/c/three.txt', 333),
                      ('sp ace/f.bin', 4321)):
        tree[rel] = random_bytes(size, rel.encode())
        os.makedirs(os.path.dirname(os.path.join(d, 'src', rel)),
                    exist_ok=True)
        _local(os.path.join(d, 'src'), rel, tree[rel])
    with Server(t, conf=dict(ALL, anon_umask='022')) as s:
        r = _lftp(s, 'mirror -R --no-perms %s/src up/dest' % d)
        _ok(r, 'lftp mirror -R')
        for rel, data in tree.items():
            eq(read_bytes(t.local('up/dest/' + rel)), data, 'mirrored ' + rel)
        # A second run finds nothing to do and changes nothing.
        r = _lftp(s, 'mirror -R --no-perms %s/src up/dest' % d)
        _ok(r, 'lftp mirror -R again')
        for rel, data in tree.items():
            eq(read_bytes(t.local('up/dest/' + rel)), data, 'mirrored ' + rel)


# --- tnftp and inetutils ftp ------------------------------------------------------

def test_tnftp_script_put():
    need_tool('tnftp')
    t = upload_tree()
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    for i in range(3):
        _local(d, 'm%d.dat' % i, SMALL[i:])
    with Server(t, conf=UP) as s:
        script = ('open %s %d\nuser anonymous test@example.org\nbinary\n'
                  'cd up\nput %s put.bin\nlcd %s\nmput *.dat\n'
                  'quit\n') % (s.addr, s.port, src, d)
        r = run(['tnftp', '-n', '-i', '-p'], input=script.encode(),
                env=client_env())
        _ok(r, 'tnftp script')
        eq(read_bytes(t.local('up/put.bin')), DATA, 'tnftp put')
        for i in range(3):
            eq(read_bytes(t.local('up/m%d.dat' % i)), SMALL[i:],
               'tnftp mput m%d.dat' % i)


def test_tnftp_active_put():
    need_tool('tnftp')
    t = upload_tree()
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    with Server(t, conf=UP) as s:
        script = ('open %s %d\nuser anonymous test@example.org\nbinary\n'
                  'put %s up/active.bin\nquit\n') % (s.addr, s.port, src)
        r = run(['tnftp', '-n', '-i', '-A'], input=script.encode(),
                env=client_env())
        _ok(r, 'tnftp -A script')
        eq(read_bytes(t.local('up/active.bin')), DATA, 'tnftp active put')


def test_tnftp_upload_url():
    need_tool('tnftp')
    t = upload_tree()
    d = _tmp()
    _local(d, 'data.bin', DATA)
    with Server(t, conf=UP) as s:
        # tnftp stores under the name as given: a relative one.
        r = run(['tnftp', '-V', '-u', s.url + '/up/', 'data.bin'], cwd=d,
                env=client_env())
        _ok(r, 'tnftp -u')
        eq(read_bytes(t.local('up/data.bin')), DATA, 'tnftp -u')


def test_inetutils_ftp_put():
    tool = need_tool('inetutils-ftp')
    t = upload_tree()
    d = _tmp()
    src = _local(d, 'data.bin', DATA)
    with Server(t, conf=UP) as s:
        for mode in ('passive\n', ''):
            name = 'up/%s.bin' % (mode.strip() or 'active')
            script = ('open %s %d\nuser anonymous test@example.org\n%s'
                      'binary\nput %s %s\nquit\n') % (
                          s.addr, s.port, mode, src, name)
            r = run([tool, '-n', '-v'], input=script.encode(),
                    env=client_env())
            _ok(r, 'inetutils-ftp')
            contains(r.out, b'226', 'inetutils-ftp output')
            eq(read_bytes(t.local(name)), DATA, 'inetutils-ftp ' + name)


# --- python ftplib --------------------------------------------------------------------

def test_ftplib_storbinary():
    t = upload_tree()
    with Server(t, conf=ALL) as s:
        f = s.ftp()
        resp = f.storbinary('STOR up/passive.bin', io.BytesIO(DATA))
        eq(resp, '226 Transfer complete.', 'storbinary reply')
        f.set_pasv(False)
        f.storbinary('STOR up/active.bin', io.BytesIO(DATA), blocksize=1000)
        f.set_pasv(True)
        for name in ('passive.bin', 'active.bin'):
            eq(read_bytes(t.local('up/' + name)), DATA, 'ftplib ' + name)
        # Resume with REST: storbinary(rest=) sends the rest of the file.
        half = len(DATA) // 3
        f.storbinary('STOR up/resumed.bin', io.BytesIO(DATA[:half]))
        f.storbinary('STOR up/resumed.bin', io.BytesIO(DATA[half:]),
                     rest=half)
        eq(read_bytes(t.local('up/resumed.bin')), DATA, 'ftplib rest=')
        eq(f.size('up/resumed.bin'), len(DATA), 'SIZE after the resume')
        # APPE.
        f.storbinary('APPE up/resumed.bin', io.BytesIO(b'tail'))
        eq(read_bytes(t.local('up/resumed.bin')), DATA + b'tail', 'APPE')
        f.mkd('up/dir')
        f.rename('up/resumed.bin', 'up/dir/moved.bin')
        f.delete('up/passive.bin')
        eq(_names(t), [b'active.bin', b'dir'], 'files in /up')
        eq(read_bytes(t.local('up/dir/moved.bin')), DATA + b'tail', 'moved')
        f.quit()


def test_ftplib_storlines():
    # storlines sends TYPE A and CRLF line ends.
    t = upload_tree()
    for conf, want in ((UP, TEXT_LF.replace(b'\n', b'\r\n')),
                       (dict(UP, ascii_upload_enable=True), TEXT_LF)):
        with Server(t, conf=conf) as s:
            f = s.ftp()
            name = 'up/lines%d.txt' % len(conf)
            resp = f.storlines('STOR ' + name, io.BytesIO(TEXT_LF))
            eq(resp, '226 Transfer complete.', 'storlines reply')
            eq(read_bytes(t.local(name)), want,
               'storlines with %r' % conf)
            f.quit()


main(default_timeout=60)
