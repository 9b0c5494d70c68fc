# SPDX-License-Identifier: GPL-2.0-or-later
"""Real clients: curl, wget, lftp, tnftp and inetutils ftp download files and
listings byte-exact, passive and active, resume, ranges (ABOR), recursive
downloads and an lftp mirror of the demo tree; concurrent ftplib sessions."""

import hashlib
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree()
RANDOM = TREE.data('pub/random.bin')


def _tmp():
    return tempdir('ftptest-client-')


def _read(path):
    with open(path, 'rb') as f:
        return f.read()


def _ok(r, what):
    check(r.rc == 0, '%s failed with exit %s: %s' % (
        what, r.rc, r.err.decode('utf-8', 'replace')[-2000:]))


def _quote(rel):
    return urllib.parse.quote(rel)


# --- curl -------------------------------------------------------------------

CURL = ['curl', '--silent', '--show-error', '--max-time', str(int(T(30))),
        '--connect-timeout', '5']


def test_curl_download_passive():
    need_tool('curl')
    with Server(TREE) as s:
        out = os.path.join(_tmp(), 'out')
        r = run(CURL + ['-o', out, s.url + '/pub/random.bin'])
        _ok(r, 'curl')
        eq(_read(out), RANDOM, 'curl download (EPSV)')
        r = run(CURL + ['--disable-epsv', '-o', out,
                        s.url + '/pub/random.bin'])
        _ok(r, 'curl --disable-epsv')
        eq(_read(out), RANDOM, 'curl download (PASV)')


def test_curl_download_active():
    need_tool('curl')
    with Server(TREE) as s:
        out = os.path.join(_tmp(), 'out')
        r = run(CURL + ['--ftp-port', '127.0.0.1', '-o', out,
                        s.url + '/pub/random.bin'])
        _ok(r, 'curl --ftp-port (EPRT)')
        eq(_read(out), RANDOM, 'curl active download')
        r = run(CURL + ['--ftp-port', '127.0.0.1', '--disable-eprt', '-o',
                        out, s.url + '/pub/small.bin'])
        _ok(r, 'curl --disable-eprt (PORT)')
        eq(_read(out), TREE.data('pub/small.bin'), 'curl PORT download')


def test_curl_names():
    need_tool('curl')
    with Server(TREE) as s:
        out = os.path.join(_tmp(), 'out')
        for rel, source in (('pub/file with spaces.txt', None),
                            ('pub/' + UTF8_NAME, None), ('pub/-la', None),
                            ('link-inside', 'pub/small.bin'),
                            ('empty.txt', None)):
            r = run(CURL + ['-o', out, s.url + '/' + _quote(rel)])
            _ok(r, 'curl %s' % rel)
            eq(_read(out), TREE.data(source or rel), 'curl %s' % rel)
        rel = b'pub/' + LATIN1_NAME
        r = run(CURL + ['-o', out, s.url + '/' + urllib.parse.quote(rel)])
        _ok(r, 'curl non-UTF-8 name')
        eq(_read(out), TREE.data(rel), 'curl non-UTF-8 name')


def test_curl_listing():
    need_tool('curl')
    with Server(TREE) as s:
        r = run(CURL + [s.url + '/pub/'])
        _ok(r, 'curl LIST')
        entries = parse_list(r.out, crlf=False)   # curl converts to LF
        eq(entries[b'random.bin']['size'], len(RANDOM), 'size in curl LIST')
        check(b'file with spaces.txt' in entries, 'curl LIST names')
        r = run(CURL + ['--list-only', s.url + '/pub/'])
        _ok(r, 'curl NLST')
        names = parse_nlst(r.out, crlf=False)
        check(b'random.bin' in names and b'-la' in names,
              'curl --list-only: %r' % names)


def test_curl_resume_and_range():
    need_tool('curl')
    with Server(TREE) as s:
        out = os.path.join(_tmp(), 'out')
        write_file(out, RANDOM[:123457])
        r = run(CURL + ['-C', '-', '-o', out, s.url + '/pub/random.bin'])
        _ok(r, 'curl -C -')
        eq(_read(out), RANDOM, 'curl resumed download')
        # A range makes curl stop mid-transfer (ABOR) and reuse the
        # connection for the next URL.
        r = run(CURL + ['-r', '1000-1999', s.url + '/pub/random.bin',
                        s.url + '/pub/random.bin'])
        _ok(r, 'curl -r')
        eq(r.out, RANDOM[1000:2000] * 2, 'curl ranges')


def test_curl_missing_file():
    need_tool('curl')
    with Server(TREE) as s:
        r = run(CURL + ['-o', os.path.join(_tmp(), 'x'),
                        s.url + '/no-such-file'])
        eq(r.rc, 78, 'curl exit for a missing file (REMOTE_FILE_NOT_FOUND)')
        r = run(CURL + ['-o', os.path.join(_tmp(), 'x'),
                        s.url + '/secret.txt'])
        eq(r.rc, 78, 'curl exit for an unreadable file')


def test_curl_ascii():
    need_tool('curl')
    with Server(TREE, conf={'ascii_download_enable': True}) as s:
        r = run(CURL + ['--use-ascii', s.url + '/README.txt'])
        _ok(r, 'curl --use-ascii')
        # curl turns the CRLF it receives back into LF on Unix.
        eq(r.out, TREE.data('README.txt'), 'curl ASCII download')


def test_curl_many_files_one_connection():
    need_tool('curl')
    with Server(TREE) as s:
        d = _tmp()
        urls = []
        for i in range(20):
            urls += ['-o', os.path.join(d, 'f%d' % i),
                     s.url + '/pub/small.bin']
        r = run(CURL + urls)
        _ok(r, 'curl 20 files')
        for i in range(20):
            eq(_read(os.path.join(d, 'f%d' % i)), TREE.data('pub/small.bin'),
               'file %d' % i)


# --- wget -------------------------------------------------------------------

WGET = ['wget', '--quiet', '--tries=1', '--timeout=10']


def test_wget_download():
    need_tool('wget')
    with Server(TREE) as s:
        out = os.path.join(_tmp(), 'out')
        r = run(WGET + ['-O', out, s.url + '/pub/random.bin'])
        _ok(r, 'wget')
        eq(_read(out), RANDOM, 'wget passive download')
        r = run(WGET + ['--no-passive-ftp', '-O', out,
                        s.url + '/pub/random.bin'])
        _ok(r, 'wget --no-passive-ftp')
        eq(_read(out), RANDOM, 'wget active download')


def test_wget_continue():
    need_tool('wget')
    with Server(TREE) as s:
        d = _tmp()
        out = os.path.join(d, 'random.bin')
        write_file(out, RANDOM[:2000000])
        r = run(WGET + ['-c', s.url + '/pub/random.bin'], cwd=d)
        _ok(r, 'wget -c')
        eq(_read(out), RANDOM, 'wget -c resumed download')


def test_wget_recursive():
    need_tool('wget')
    with Server(TREE) as s:
        d = _tmp()
        r = run(WGET + ['-r', '-np', '-nH', '--restrict-file-names=nocontrol',
                        '-P', d, s.url + '/pub/'], timeout_s=60)
        _ok(r, 'wget -r')
        got = {}
        for root, dirs, files in os.walk(os.fsencode(d)):
            for n in files:
                full = os.path.join(root, n)
                got[os.path.relpath(full, os.fsencode(d))] = _read(full)
        for rel, content in TREE.files.items():
            if not rel.startswith(b'pub/') or b'/.' in rel:
                continue
            check(rel in got, 'wget -r did not fetch %r (got %r)' % (
                rel, sorted(got)))
            eq(got[rel], content, 'wget -r %r' % rel)
        not_contains(list(got), b'.listing', 'wget leftovers')


# --- lftp -------------------------------------------------------------------

LFTP_SETTINGS = ('set net:max-retries 1; set net:timeout 10; '
                 'set net:reconnect-interval-base 1; set cmd:fail-exit yes; '
                 'set xfer:clobber yes; ')


def _lftp(s, commands, extra='', timeout_s=60):
    return run(['lftp', '-c', LFTP_SETTINGS + extra + 'open ' + s.url +
                '; ' + commands], timeout_s=timeout_s, env=client_env())


def test_lftp_get():
    need_tool('lftp')
    with Server(TREE) as s:
        d = _tmp()
        r = _lftp(s, 'get pub/random.bin -o %s/a; get "pub/file with '
                  'spaces.txt" -o %s/b' % (d, d))
        _ok(r, 'lftp get')
        eq(_read(os.path.join(d, 'a')), RANDOM, 'lftp get random.bin')
        eq(_read(os.path.join(d, 'b')), TREE.data('pub/file with spaces.txt'),
           'lftp get name with spaces')


def test_lftp_get_active():
    need_tool('lftp')
    with Server(TREE) as s:
        d = _tmp()
        r = _lftp(s, 'get pub/random.bin -o %s/a' % d,
                  extra='set ftp:passive-mode no; ')
        _ok(r, 'lftp active get')
        eq(_read(os.path.join(d, 'a')), RANDOM, 'lftp active get')


def test_lftp_ls():
    need_tool('lftp')
    with Server(TREE) as s:
        r = _lftp(s, 'cls -1 pub/')
        _ok(r, 'lftp cls')
        names = sorted(l for l in r.out.split(b'\n') if l)
        want = sorted(b'pub/' + n for n in os.listdir(
            os.path.join(os.fsencode(TREE.path), b'pub'))
            if not n.startswith(b'.'))
        want = [w + b'/' if os.path.isdir(TREE.local(w)) else w
                for w in want]
        # lftp may or may not mark directories; compare without the marks.
        eq([n.rstrip(b'/') for n in names if not n.startswith(b'pub/latin1')],
           [w.rstrip(b'/') for w in want if not w.startswith(b'pub/latin1')],
           'lftp cls -1 pub/')
        r = _lftp(s, 'cls -l pub/sub/')
        _ok(r, 'lftp cls -l')
        contains(r.out, b'deep.txt', 'lftp cls -l')


def _compare_mirror(dest, excluded):
    missing = []
    for rel, content in sorted(TREE.files.items()):
        if any(rel == e or rel.startswith(e + b'/') for e in excluded):
            continue
        local = os.path.join(os.fsencode(dest), rel)
        if not os.path.lexists(local):
            missing.append(rel)
            continue
        eq(_read(local), content, 'mirrored %r' % rel)
    check(not missing, 'lftp mirror lacks %r' % missing)
    for rel in (b'link-inside', b'abslink-inside'):
        local = os.path.join(os.fsencode(dest), rel)
        check(os.path.lexists(local), 'lftp mirror lacks %r' % rel)
    leaked = os.path.join(os.fsencode(dest), b'link-outside')
    if os.path.lexists(leaked) and not os.path.islink(leaked):
        _no = _read(leaked)
        check(b'root:' not in _no, 'mirror fetched /etc/passwd')


def test_lftp_mirror_tree():
    need_tool('lftp')
    # force_dot_files: dotfiles are part of the mirror whether lftp lists
    # with LIST or MLSD.
    with Server(TREE, conf={'force_dot_files': True}) as s:
        d = _tmp()
        dest = os.path.join(d, 'mirror')
        # secret.txt cannot be read and the outside links cannot be
        # followed: both are errors for lftp, so they are excluded.
        # lftp sends 0xff in a name as IAC IAC (RFC 854), which vsftpd
        # does not undo, so it cannot fetch weird/ff\xffname.
        weird = ' -x "^weird/"' if IS_VSFTPD else ''
        r = _lftp(s, 'mirror --no-perms --parallel=2 '
                  '-x "^secret\\.txt$" -x "^link-outside$" '
                  '-x "^dirlink-outside"%s / %s' % (weird, dest))
        _ok(r, 'lftp mirror')
        _compare_mirror(dest, [b'secret.txt'] +
                        ([b'weird'] if IS_VSFTPD else []))


def test_lftp_mirror_pub_active():
    need_tool('lftp')
    with Server(TREE) as s:
        d = _tmp()
        r = _lftp(s, 'mirror --no-perms pub %s/pub' % d,
                  extra='set ftp:passive-mode no; ')
        _ok(r, 'lftp mirror (active)')
        for rel, content in TREE.files.items():
            if rel.startswith(b'pub/') and b'/.' not in rel:
                eq(_read(os.path.join(os.fsencode(d), rel)), content,
                   'mirrored %r' % rel)


def test_lftp_resume():
    need_tool('lftp')
    with Server(TREE) as s:
        d = _tmp()
        out = os.path.join(d, 'random.bin')
        write_file(out, RANDOM[:1000000])
        r = _lftp(s, 'lcd %s; get -c pub/random.bin' % d)
        _ok(r, 'lftp get -c')
        eq(_read(out), RANDOM, 'lftp resumed download')


# --- tnftp and inetutils ftp -------------------------------------------------

def test_tnftp_autofetch():
    need_tool('tnftp')
    with Server(TREE) as s:
        d = _tmp()
        out = os.path.join(d, 'out')
        r = run(['tnftp', '-V', '-o', out, s.url + '/pub/random.bin'],
                env=client_env())
        _ok(r, 'tnftp passive')
        eq(_read(out), RANDOM, 'tnftp passive download')
        r = run(['tnftp', '-A', '-V', '-o', out, s.url + '/pub/small.bin'],
                env=client_env())
        _ok(r, 'tnftp active')
        eq(_read(out), TREE.data('pub/small.bin'), 'tnftp active download')


def test_tnftp_script():
    need_tool('tnftp')
    with Server(TREE) as s:
        d = _tmp()
        script = ('open %s %d\nuser anonymous test@example.org\nbinary\n'
                  'cd pub\nget random.bin %s/a\nls . %s/listing\n'
                  'quit\n') % (s.addr, s.port, d, d)
        r = run(['tnftp', '-n', '-i', '-p'], input=script.encode(),
                env=client_env())
        _ok(r, 'tnftp script')
        eq(_read(os.path.join(d, 'a')), RANDOM, 'tnftp get')
        contains(_read(os.path.join(d, 'listing')), b'small.bin', 'tnftp ls')


def test_inetutils_ftp():
    tool = need_tool('inetutils-ftp')
    with Server(TREE) as s:
        d = _tmp()
        for mode in ('passive\n', ''):
            out = os.path.join(d, 'a' + str(len(mode)))
            script = ('open %s %d\nuser anonymous test@example.org\n%s'
                      'binary\nget pub/random.bin %s\nquit\n') % (
                          s.addr, s.port, mode, out)
            r = run([tool, '-n', '-v'], input=script.encode(),
                    env=client_env())
            _ok(r, 'inetutils-ftp')
            eq(_read(out), RANDOM, 'inetutils-ftp get %s' % (
                mode.strip() or 'active'))


# --- concurrency --------------------------------------------------------------

def test_concurrent_ftplib_sessions():
    n = 10
    with Server(TREE) as s:
        results = [None] * n

        def worker(i):
            try:
                f = FTP()
                f.connect(s.addr, s.port, timeout=T(20))
                f.login()
                if i % 2:
                    f.set_pasv(False)
                data = f.retr_bytes('pub/random.bin')
                f.quit()
                results[i] = hashlib.sha256(data).hexdigest()
            except Exception as e:       # reported below
                results[i] = 'error: %r' % e
        threads = [threading.Thread(target=worker, args=(i,), daemon=True)
                   for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(T(30))
        want = hashlib.sha256(RANDOM).hexdigest()
        eq(results, [want] * n, 'sha256 of %d concurrent downloads' % n)
        s.wait_sessions_gone()


main(default_timeout=60)
