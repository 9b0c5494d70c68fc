# SPDX-License-Identifier: GPL-2.0-or-later
"""Downloads: RETR byte-exact over PASV, EPSV, PORT and EPRT, REST (also
beyond 4 GiB on a sparse file), SIZE, MDTM, ASCII conversion, and the
options that refuse downloads."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree(sparse=True)
RANDOM = TREE.data('pub/random.bin')


def test_retr_pasv():
    with Server(TREE) as s:
        c = s.login()
        data, prelim, final = c.transfer('RETR pub/random.bin', how='pasv')
        eq(data, RANDOM, 'pub/random.bin over PASV')
        eq(prelim.code, 150, '150 before the data')
        if IS_VSFTPD:
            eq(prelim.text, 'Opening BINARY mode data connection for '
               'pub/random.bin (%d bytes).' % len(RANDOM), '150 text')
        eq(final.text, 'Transfer complete.', '226 text')


def test_retr_port():
    with Server(TREE) as s:
        c = s.login()
        eq(c.retr('pub/random.bin', how='port'), RANDOM, 'over PORT')


def test_retr_epsv():
    with Server(TREE) as s:
        c = s.login()
        eq(c.retr('pub/random.bin', how='epsv'), RANDOM, 'over EPSV')


def test_retr_eprt():
    with Server(TREE) as s:
        c = s.login()
        eq(c.retr('pub/random.bin', how='eprt'), RANDOM, 'over EPRT')


def test_retr_every_file():
    # Every world-readable file, by its exact (byte) name, in one session.
    with Server(TREE) as s:
        c = s.login()
        for rel, content in sorted(TREE.files.items()):
            eq(c.retr(telnet_quote(b'/' + rel)), content, 'RETR /%r' % rel)


def test_retr_small_and_empty():
    with Server(TREE) as s:
        c = s.login()
        eq(c.retr('empty.txt'), b'', 'empty file')
        eq(c.retr('/pub/small.bin'), TREE.data('pub/small.bin'), 'small')
        c.cmd('CWD pub', 250)
        eq(c.retr('small.bin'), TREE.data('pub/small.bin'), 'relative')
        eq(c.retr('../README.txt'), TREE.data('README.txt'), '..')


def test_retr_ftplib():
    with Server(TREE) as s:
        f = s.ftp()
        eq(f.retr_bytes('pub/random.bin'), RANDOM, 'ftplib passive')
        f.set_pasv(False)
        eq(f.retr_bytes('pub/random.bin'), RANDOM, 'ftplib active')


def test_retr_symlink_inside():
    with Server(TREE) as s:
        c = s.login()
        small = TREE.data('pub/small.bin')
        eq(c.retr('link-inside'), small, 'relative symlink inside the root')
        # An absolute link is resolved inside the root, as in a chroot.
        eq(c.retr('abslink-inside'), small, 'absolute symlink, in root')


def test_retr_errors():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('RETR README.txt', 425, 'Use PORT or PASV first.')
        c.pasv()
        c.cmd('RETR no-such-file', 550, 'Failed to open file.')
        c.pasv()
        c.cmd('RETR pub', 550, 'Failed to open file.')
        c.cmd('NOOP', 200)
        eq(c.retr('README.txt'), TREE.data('README.txt'), 'after errors')


def test_rest():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        c.cmd('REST 1000', 350, 'Restart position accepted (1000).')
        data, _, _ = c.transfer('RETR pub/random.bin')
        eq(data, RANDOM[1000:], 'REST 1000')
        # REST applies to one transfer only.
        eq(c.retr('pub/random.bin'), RANDOM, 'RETR after a REST transfer')
        data, _, _ = c.transfer('RETR pub/random.bin', rest=len(RANDOM) - 7)
        eq(data, RANDOM[-7:], 'REST near the end')
        data, _, _ = c.transfer('RETR pub/random.bin', rest=len(RANDOM))
        eq(data, b'', 'REST at the end')
        data, _, _ = c.transfer('RETR pub/random.bin', rest=0, how='port')
        eq(data, RANDOM, 'REST 0')


def test_rest_beyond_4gib():
    # huge.bin is sparse: SPARSE_SIZE bytes, SPARSE_MARK near the end.
    with Server(TREE) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        c.cmd('SIZE huge.bin', 213, str(SPARSE_SIZE))
        offset = SPARSE_MARK_AT - 100
        c.cmd('REST %d' % offset, 350,
              'Restart position accepted (%d).' % offset)
        data, _, _ = c.transfer('RETR huge.bin')
        want = b'\0' * 100 + SPARSE_MARK + \
            b'\0' * (SPARSE_SIZE - SPARSE_MARK_AT - len(SPARSE_MARK))
        eq(data, want, 'tail of huge.bin from REST %d' % offset)
        # curl's way of resuming: REST then RETR over EPSV.
        data, _, _ = c.transfer('RETR huge.bin', how='epsv',
                                rest=SPARSE_MARK_AT)
        eq(data[:len(SPARSE_MARK)], SPARSE_MARK, 'data at the mark')


def test_size():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('TYPE I', 200)
        c.cmd('SIZE pub/random.bin', 213, str(len(RANDOM)))
        c.cmd('SIZE /empty.txt', 213, '0')
        c.cmd('SIZE link-inside', 213, '1000')
        c.cmd('SIZE pub', 550, 'Could not get file size.')
        c.cmd('SIZE no-such-file', 550, 'Could not get file size.')


def test_mdtm():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('MDTM old.txt', 213, '20200102030405')
        st = os.stat(TREE.local('README.txt'))
        c.cmd('MDTM /README.txt', 213, utc_stamp(st.st_mtime))
        c.cmd('MDTM no-such-file', 550,
              'Could not get file modification time.')
        c.cmd('MDTM pub', 550, 'Could not get file modification time.')


def test_ascii_download_default_unconverted():
    # ascii_download_enable=NO (the default): TYPE A goes out unchanged.
    with Server(TREE) as s:
        c = s.login()
        data = c.retr('README.txt', binary=False)
        eq(data, TREE.data('README.txt'), 'TYPE A without conversion')


def test_ascii_download_enabled():
    text = TREE.data('README.txt')
    with Server(TREE, conf={'ascii_download_enable': True}) as s:
        c = s.login()
        data = c.retr('README.txt', binary=False)
        eq(data, text.replace(b'\n', b'\r\n'), 'LF -> CRLF')
        eq(c.retr('README.txt', binary=True), text, 'TYPE I unchanged')
        eq(c.retr('pub/random.bin', binary=True), RANDOM, 'binary after A')


def test_ascii_download_random():
    # A binary file in ASCII mode: every LF becomes CRLF, nothing else.
    with Server(TREE, conf={'ascii_download_enable': True}) as s:
        c = s.login()
        data = c.retr('pub/small.bin', binary=False)
        eq(data, TREE.data('pub/small.bin').replace(b'\n', b'\r\n'),
           'small.bin in ASCII mode')


def test_download_disabled():
    with Server(TREE, conf={'download_enable': False}) as s:
        c = s.login()
        c.pasv()
        c.cmd('RETR README.txt', 550, 'Permission denied.')
        # Listings still work.
        names = parse_nlst(c.listing('NLST'))
        check(b'README.txt' in names, 'NLST with download_enable=NO')


def test_not_world_readable():
    # anon_world_readable_only=YES (the default): a 0600 file is refused
    # even though it is listed.
    with Server(TREE) as s:
        c = s.login()
        c.pasv()
        c.cmd('RETR secret.txt', 550, 'Failed to open file.')
        entries = parse_list(c.listing('LIST'))
        check(b'secret.txt' in entries, 'secret.txt is still listed')
        c.cmd('NOOP', 200)


def test_deny_file():
    with Server(TREE, conf={'deny_file': '{*.bin,old.*}'}) as s:
        c = s.login()
        c.pasv()
        c.cmd('RETR pub/small.bin', 550)
        c.pasv()
        c.cmd('RETR old.txt', 550)
        c.cmd('SIZE pub/small.bin', 550)
        eq(c.retr('README.txt'), TREE.data('README.txt'), 'not denied')


def test_no_sendfile():
    with Server(TREE, conf={'use_sendfile': False}) as s:
        c = s.login()
        eq(c.retr('pub/random.bin'), RANDOM, 'use_sendfile=NO')
        eq(c.retr('pub/random.bin', how='port', rest=12345), RANDOM[12345:],
           'use_sendfile=NO with REST')


def test_download_file():
    # Debian's download_file: when set, only matching files may be fetched.
    with Server(TREE, conf={'download_file': '{*.txt}'}) as s:
        c = s.login()
        c.pasv()
        c.cmd('RETR pub/small.bin', 550, 'Permission denied.')
        eq(c.retr('README.txt'), TREE.data('README.txt'), 'a matching file')


def test_download_after_many_transfers():
    # Data connections are closed properly: 30 transfers in one session.
    small = TREE.data('pub/small.bin')
    with Server(TREE) as s:
        c = s.login()
        for i in range(30):
            how = ('pasv', 'epsv', 'port', 'eprt')[i % 4]
            eq(c.retr('pub/small.bin', how=how), small, 'transfer %d' % i)


main()
