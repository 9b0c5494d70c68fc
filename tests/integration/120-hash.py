# SPDX-License-Identifier: GPL-2.0-or-later
"""HASH (draft-bryan-ftpext-hash, with hash_enable=YES): the FEAT line with
the selected algorithm starred, OPTS HASH to show and select SHA-256,
SHA-512, SHA-1 and MD5, whole-file digests compared with hashlib (also of a
fresh upload), and the files a HASH must not read (the rules of downloads);
with hash_enable=NO (the default) no FEAT line and 502.  vsftpd has no HASH:
every test is sockftpd-only."""

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree()
HASH = {'hash_enable': True}
ALGOS = (('SHA-256', 'sha256'), ('SHA-512', 'sha512'), ('SHA-1', 'sha1'),
         ('MD5', 'md5'))


def _feat_hash(c):
    r = c.cmd('FEAT', 211)
    lines = [l for l in r.lines if l.startswith(' HASH')]
    eq(len(lines), 1, 'HASH lines in FEAT: %s' % r)
    return lines[0]


def _want(algo, path, content, shown=None):
    digest = hashlib.new(dict(ALGOS)[algo], content).hexdigest()
    return '%s 0-%d %s %s' % (algo, len(content), digest, shown or path)


@sockftpd_only
def test_feat_line():
    with Server(TREE, conf=HASH) as s:
        c = s.ctrl()
        # Before login too: FEAT is allowed then.
        eq(_feat_hash(c), ' HASH SHA-256*;SHA-512;SHA-1;MD5', 'FEAT HASH')
        c.login()
        eq(_feat_hash(c), ' HASH SHA-256*;SHA-512;SHA-1;MD5', 'FEAT HASH')


@sockftpd_only
def test_opts_hash():
    with Server(TREE, conf=HASH) as s:
        c = s.login()
        c.cmd('OPTS HASH', 200, 'SHA-256')
        for algo, _ in ALGOS[1:] + ALGOS[:1]:
            c.cmd('OPTS HASH ' + algo, 200, algo)
            c.cmd('OPTS HASH', 200, algo)
            starred = ';'.join(a + ('*' if a == algo else '')
                               for a, _ in ALGOS)
            eq(_feat_hash(c), ' HASH ' + starred, 'FEAT after selecting %s'
               % algo)
        c.cmd('OPTS HASH sha-1', (200, 501))
        c.cmd('OPTS HASH SHA-1', 200, 'SHA-1')
        for bad in ('CRC32', 'SHA-3', 'SHA-256;MD5', '*'):
            c.cmd('OPTS HASH ' + bad, 501)
            c.cmd('OPTS HASH', 200, 'SHA-1')     # unchanged


@sockftpd_only
def test_hash_default_sha256():
    with Server(TREE, conf=HASH) as s:
        c = s.login()
        for rel in ('README.txt', 'pub/random.bin', 'pub/small.bin',
                    'empty.txt', 'pub/file with spaces.txt',
                    'pub/' + UTF8_NAME):
            c.cmd('HASH ' + rel, 213, _want('SHA-256', rel, TREE.data(rel)))
        c.cmd('CWD pub', 250)
        c.cmd('HASH small.bin', 213,
              _want('SHA-256', 'small.bin', TREE.data('pub/small.bin')))
        c.cmd('HASH /pub/sub/deep.txt', 213,
              _want('SHA-256', '/pub/sub/deep.txt',
                    TREE.data('pub/sub/deep.txt')))
        c.cmd('HASH ../link-inside', 213,
              _want('SHA-256', '../link-inside', TREE.data('pub/small.bin')))


@sockftpd_only
def test_hash_every_algorithm():
    data = TREE.data('pub/random.bin')
    with Server(TREE, conf=HASH) as s:
        c = s.login()
        for algo, _ in ALGOS:
            c.cmd('OPTS HASH ' + algo, 200, algo)
            c.cmd('HASH pub/random.bin', 213,
                  _want(algo, 'pub/random.bin', data))
            c.cmd('HASH empty.txt', 213, _want(algo, 'empty.txt', b''))


@sockftpd_only
def test_hash_refused():
    with Server(TREE, conf=dict(HASH, deny_file='{*.bin}')) as s:
        c = s.login()
        for path in ('no-such-file', 'pub', '/', 'secret.txt',
                     'link-outside', 'dirlink-outside/passwd',
                     '../../../../etc/passwd', 'pub/small.bin'):
            c.cmd('HASH ' + path, 550)
        c.cmd('HASH', (501, 550))
        c.cmd('HASH README.txt', 213,
              _want('SHA-256', 'README.txt', TREE.data('README.txt')))


@sockftpd_only
def test_hash_follows_download_rules():
    # A digest reveals the content: download_enable=NO, download_file and
    # anon_world_readable_only refuse HASH as they refuse RETR.
    for conf in ({'download_enable': False},
                 {'download_file': '{*.bin}'}):
        with Server(TREE, conf=dict(HASH, **conf)) as s:
            c = s.login()
            c.cmd('HASH README.txt', 550)
            c.cmd('HASH secret.txt', 550)
            c.cmd('NOOP', 200)


@sockftpd_only
def test_hash_disabled_by_default():
    with Server(TREE) as s:
        c = s.login()
        r = c.cmd('FEAT', 211)
        check(not [l for l in r.lines if l.startswith(' HASH')],
              'FEAT lists HASH with hash_enable=NO: %s' % r)
        c.cmd('HASH README.txt', 502)
        r = c.cmd('OPTS HASH SHA-1')
        check(r.code != 200, 'OPTS HASH accepted with hash_enable=NO')
        c.cmd('NOOP', 200)


@sockftpd_only
def test_hash_special_files():
    # A FIFO would block a reader forever, /dev/zero never ends.
    tree = make_tree(special=True)
    with Server(tree, conf=HASH) as s:
        c = s.login()
        for path in ('special/fifo', 'special/devzero', 'special/loop'):
            c.cmd('HASH ' + path, 550, timeout_s=10)
        c.cmd('NOOP', 200)


@sockftpd_only
def test_hash_after_upload():
    data = random_bytes(2 * 1024 * 1024 + 5, b'hash-upload')
    t = upload_tree()
    conf = dict(HASH, write_enable=True, anon_upload_enable=True,
                anon_other_write_enable=True, anon_umask='022')
    with Server(t, conf=conf) as s:
        c = s.login()
        c.upload('STOR up/h.bin', data)
        c.cmd('HASH up/h.bin', 213, _want('SHA-256', 'up/h.bin', data))
        c.upload('APPE up/h.bin', b'more')
        c.cmd('OPTS HASH MD5', 200, 'MD5')
        c.cmd('HASH up/h.bin', 213, _want('MD5', 'up/h.bin', data + b'more'))


@sockftpd_only
def test_hash_selection_is_per_session():
    with Server(TREE, conf=HASH) as s:
        a = s.login()
        b = s.login()
        a.cmd('OPTS HASH MD5', 200, 'MD5')
        b.cmd('OPTS HASH', 200, 'SHA-256')
        b.cmd('HASH README.txt', 213,
              _want('SHA-256', 'README.txt', TREE.data('README.txt')))
        a.cmd('HASH README.txt', 213,
              _want('MD5', 'README.txt', TREE.data('README.txt')))


main()
