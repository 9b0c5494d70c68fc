# SPDX-License-Identifier: GPL-2.0-or-later
"""Listings: LIST in vsftpd's ls -l format (parsed and compared with lstat),
NLST, dotfiles, hide_file/deny_file, ls flags vs a file named -la, odd names,
MLSD/MLST facts (RFC 3659), STAT of a path, dirlist_enable."""

import grp
import os
import pwd
import stat
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree()
SIX_MONTHS = 182 * 24 * 3600


def _type_char(st):
    if stat.S_ISDIR(st.st_mode):
        return b'd'
    if stat.S_ISLNK(st.st_mode):
        return b'l'
    return b'-'


def _check_entry(name, e, local, ids='numeric'):
    """Compare one parsed LIST entry with lstat() of the local file."""
    st = os.lstat(local)
    what = 'LIST entry %r' % name
    eq(e['type'], _type_char(st), what + ' type')
    eq(e['perm'].decode(), mode_string(st.st_mode), what + ' permissions')
    eq(e['size'], st.st_size, what + ' size')
    eq(e['links'], st.st_nlink, what + ' link count')
    if ids == 'numeric':
        eq(e['owner'], str(st.st_uid).encode(), what + ' owner')
        eq(e['group'], str(st.st_gid).encode(), what + ' group')
    elif ids == 'ftp':
        eq((e['owner'], e['group']), (b'ftp', b'ftp'), what + ' hide_ids')
    elif ids == 'names':
        eq(e['owner'], pwd.getpwuid(st.st_uid).pw_name.encode(),
           what + ' owner name')
        eq(e['group'], grp.getgrgid(st.st_gid).gr_name.encode(),
           what + ' group name')
    # vsftpd's date rules, in UTC (use_localtime=NO): zero-padded day,
    # HH:MM within six months of now, else the year.
    t = time.gmtime(st.st_mtime)
    eq(e['month'], time.strftime('%b', t).encode(), what + ' month')
    eq(e['day'], b'%02d' % t.tm_mday, what + ' day')
    if abs(time.time() - st.st_mtime) < SIX_MONTHS:
        eq(e['time'], time.strftime('%H:%M', t).encode(), what + ' time')
    else:
        eq(e['time'], b' %d' % t.tm_year, what + ' year')
    if stat.S_ISLNK(st.st_mode):
        eq(e.get('target'), os.readlink(local), what + ' symlink target')


def _visible(dirpath, dot=False):
    out = []
    for n in os.listdir(os.fsencode(dirpath)):
        if dot or not n.startswith(b'.'):
            out.append(n)
    return sorted(out)


def test_list_root_format():
    with Server(TREE) as s:
        c = s.login()
        data, prelim, final = c.transfer('LIST', binary=None)
        eq(prelim.code, 150, 'LIST 150')
        if IS_VSFTPD:
            eq(prelim.text, 'Here comes the directory listing.', '150 text')
            eq(final.text, 'Directory send OK.', '226 text')
        entries = parse_list(data)
        eq(sorted(entries), _visible(TREE.path), 'names in LIST /')
        for name, e in entries.items():
            _check_entry(name, e, os.path.join(os.fsencode(TREE.path), name))
        eq(entries[b'old.txt']['time'], b' 2020', 'old.txt shows the year')
        eq(entries[b'old.txt']['day'], b'02', 'zero-padded day')


def test_list_pub_odd_names():
    with Server(TREE) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST pub'))
        pub = os.path.join(os.fsencode(TREE.path), b'pub')
        eq(sorted(entries), _visible(pub), 'names in LIST pub')
        for name, e in entries.items():
            _check_entry(name, e, os.path.join(pub, name))
        check(b'file with spaces.txt' in entries, 'name with spaces')
        check(UTF8_NAME.encode() in entries, 'UTF-8 name')
        check(b'-la' in entries, 'a file named -la')


def test_non_utf8_name_usable():
    # Whatever a server does with a name that is not UTF-8, the name it
    # lists must fetch the file, and replies stay well-formed.
    with Server(TREE) as s:
        c = s.login()
        names = parse_nlst(c.listing('NLST pub'))
        odd = [n for n in names if n.startswith(b'pub/latin1-')]
        eq(len(odd), 1, 'the non-UTF-8 name in NLST pub: %r' % names)
        eq(c.retr(odd[0]), TREE.data(b'pub/' + LATIN1_NAME),
           'RETR of the listed non-UTF-8 name')
        c.cmd(b'SIZE ' + odd[0], 213)
        c.cmd('NOOP', 200)


def test_list_ftplib_dir():
    # ftplib's dir() is what many scripts parse.
    with Server(TREE) as s:
        f = s.ftp(encoding='latin-1')
        lines = []
        f.dir('pub', lines.append)
        names = sorted(l.split(None, 8)[8].encode('latin-1') for l in lines)
        eq(names, _visible(os.path.join(TREE.path, 'pub')), 'ftplib dir()')


def test_list_symlinks():
    with Server(TREE) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST'))
        eq(entries[b'link-inside'].get('target'), b'pub/small.bin', 'link')
        eq(entries[b'link-outside'].get('target'), b'/etc/passwd', 'link')
        eq(entries[b'link-inside']['type'], b'l', 'symlink type')


def test_nlst():
    with Server(TREE) as s:
        c = s.login()
        names = parse_nlst(c.listing('NLST'))
        eq(sorted(names), _visible(TREE.path), 'NLST /')
        c.cmd('CWD pub', 250)
        names = parse_nlst(c.listing('NLST'))
        eq(sorted(names), _visible(os.path.join(TREE.path, 'pub')),
           'NLST in /pub')


def test_nlst_with_dir_argument():
    with Server(TREE) as s:
        c = s.login()
        names = parse_nlst(c.listing('NLST pub'))
        want = sorted(b'pub/' + n for n in
                      _visible(os.path.join(TREE.path, 'pub')))
        eq(sorted(names), want, 'NLST pub gives pub/<name>')
        names = parse_nlst(c.listing('NLST pub/sub'))
        eq(names, [b'pub/sub/deep.txt'], 'NLST pub/sub')


def test_nlst_ftplib():
    with Server(TREE) as s:
        f = s.ftp()
        names = f.nlst('pub/sub')
        eq(names, ['pub/sub/deep.txt'], 'ftplib nlst')


def test_nlst_glob():
    # Clients' "mget *.txt" sends NLST *.txt.
    with Server(TREE) as s:
        c = s.login()
        names = parse_nlst(c.listing('NLST *.txt'))
        eq(sorted(names), [b'README.txt', b'empty.txt', b'old.txt',
                           b'secret.txt'], 'NLST *.txt')
        names = parse_nlst(c.listing('NLST pub/*.bin'))
        eq(sorted(names), [b'pub/random.bin', b'pub/small.bin'],
           'NLST pub/*.bin')


def test_list_single_file():
    with Server(TREE) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST README.txt'))
        eq(list(entries), [b'README.txt'], 'LIST README.txt')
        _check_entry(b'README.txt', entries[b'README.txt'],
                     TREE.local('README.txt'))
        entries = parse_list(c.listing('LIST pub/small.bin'))
        eq(len(entries), 1, 'LIST pub/small.bin: %r' % list(entries))
        eq(list(entries.values())[0]['size'], 1000, 'size of small.bin')


def test_big_directory():
    # 3000 entries and a 255-byte name: nothing truncated or dropped.
    big = os.path.join(TREE.path, 'big')
    if not os.path.isdir(big):
        os.mkdir(big)
        os.chmod(big, 0o755)
        for i in range(3000):
            write_file(os.path.join(big, 'entry-%04d-%s' % (i, 'x' * 60)),
                       b'%d\n' % i)
        write_file(os.path.join(big, 'L' * 255), b'long name\n')
    want = sorted(os.listdir(os.fsencode(big)))
    with Server(TREE) as s:
        c = s.login()
        eq(sorted(parse_nlst(c.listing('NLST big'))),
           sorted(b'big/' + n for n in want), 'NLST big')
        entries = parse_list(c.listing('LIST big'))
        eq(sorted(entries), want, 'LIST big')
        eq(c.retr('big/' + 'L' * 255), b'long name\n', 'RETR 255-byte name')
        if IS_SOCKFTPD:
            names = [n for n, f in parse_mlsd(c.listing('MLSD big')).items()
                     if f['type'].lower() not in ('cdir', 'pdir')]
            eq(sorted(names), want, 'MLSD big')


def test_dotfiles_hidden_by_default():
    with Server(TREE) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST'))
        not_contains(list(entries), b'.dotfile-root', 'LIST')
        names = parse_nlst(c.listing('NLST pub'))
        not_contains(names, b'pub/.dotfile', 'NLST pub')


def test_list_a_shows_dotfiles():
    with Server(TREE) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST -a'))
        contains(list(entries), b'.dotfile-root', 'LIST -a')
        contains(list(entries), b'README.txt', 'LIST -a')
        entries = parse_list(c.listing('LIST -la pub'))
        contains(list(entries), b'.dotfile', 'LIST -la pub')
        contains(list(entries), b'-la', 'LIST -la pub')
        if IS_VSFTPD:
            contains(list(entries), b'.', 'LIST -la pub')
            contains(list(entries), b'..', 'LIST -la pub')


def test_force_dot_files():
    with Server(TREE, conf={'force_dot_files': True}) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST'))
        contains(list(entries), b'.dotfile-root', 'LIST with force_dot_files')
        names = parse_nlst(c.listing('NLST pub'))
        contains(names, b'pub/.dotfile', 'NLST with force_dot_files')


def test_file_named_dash_la():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('CWD pub', 250)
        eq(c.retr('-la'), TREE.data('pub/-la'), 'RETR -la')
        c.cmd('SIZE -la', 213, str(len(TREE.data('pub/-la'))))
        # "LIST -la" is ls flags: the directory with its dotfiles.
        entries = parse_list(c.listing('LIST -la'))
        contains(list(entries), b'.dotfile', 'LIST -la')
        contains(list(entries), b'small.bin', 'LIST -la')


def test_list_dash_la_file_by_path():
    # A path that is not a flag: the file itself.
    with Server(TREE) as s:
        c = s.login()
        c.cmd('CWD pub', 250)
        entries = parse_list(c.listing('LIST ./-la'))
        eq(len(entries), 1, 'LIST ./-la: %r' % list(entries))
        name = list(entries)[0]
        check(name in (b'-la', b'./-la'), 'LIST ./-la names %r' % name)
        eq(entries[name]['size'], len(TREE.data('pub/-la')), 'size of -la')
        names = parse_nlst(c.listing('NLST ./-la'))
        check(names and names[0].endswith(b'-la'), 'NLST ./-la: %r' % names)


def test_unknown_ls_flags_are_not_an_error():
    with Server(TREE) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST -wZ'))
        contains(list(entries), b'README.txt', 'LIST with odd flags')
        c.cmd('NOOP', 200)


def test_list_missing_path():
    # vsftpd: 150 then 226 with an empty listing, not an error.
    with Server(TREE) as s:
        c = s.login()
        data, prelim, final = c.transfer('LIST no-such-dir', binary=None)
        eq(data, b'', 'LIST of a missing path')
        c.cmd('NOOP', 200)


def test_list_recursion():
    with Server(TREE) as s:          # ls_recurse_enable=NO: -R ignored
        c = s.login()
        data = c.listing('LIST -R pub')
        not_contains(data, b'deep.txt', 'LIST -R with ls_recurse_enable=NO')
        parse_list(data)
    with Server(TREE, conf={'ls_recurse_enable': True}) as s:
        c = s.login()
        data = c.listing('LIST -R pub')
        contains(data, b'deep.txt', 'LIST -R with ls_recurse_enable=YES')
        contains(data, b'pub/sub:', 'LIST -R directory header')


def test_hide_file():
    with Server(TREE, conf={'hide_file': '{*.bin,README*}'}) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST pub'))
        not_contains(list(entries), b'small.bin', 'LIST pub with hide_file')
        contains(list(entries), b'-la', 'LIST pub with hide_file')
        names = parse_nlst(c.listing('NLST'))
        not_contains(names, b'README.txt', 'NLST with hide_file')
        # Hidden, not denied.
        eq(c.retr('README.txt'), TREE.data('README.txt'), 'RETR hidden file')
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'RETR hidden')


def test_deny_file():
    with Server(TREE, conf={'deny_file': '{sub,*.txt}'}) as s:
        c = s.login()
        c.cmd('CWD pub/sub', 550)
        c.pasv()
        c.cmd('RETR README.txt', 550)
        c.cmd('SIZE README.txt', 550)
        c.cmd('MDTM README.txt', 550)
        eq(c.retr('pub/small.bin'), TREE.data('pub/small.bin'), 'not denied')


def test_hide_ids():
    with Server(TREE, conf={'hide_ids': True}) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST'))
        for name, e in entries.items():
            _check_entry(name, e, os.path.join(os.fsencode(TREE.path), name),
                         ids='ftp')


def test_text_userdb_names():
    with Server(TREE, conf={'text_userdb_names': True}) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST'))
        for name, e in entries.items():
            _check_entry(name, e, os.path.join(os.fsencode(TREE.path), name),
                         ids='names')


def test_use_localtime():
    # The server's time zone comes from TZ (passed through the launcher).
    st = os.stat(TREE.local('README.txt'))
    local = time.gmtime(st.st_mtime + 5 * 3600 + 1800)    # TZ=XXX-05:30
    for use_localtime in (False, True):
        with Server(TREE, conf={'use_localtime': use_localtime},
                    env={'TZ': 'XXX-05:30'}) as s:
            c = s.login()
            e = parse_list(c.listing('LIST'))[b'README.txt']
            t = local if use_localtime else time.gmtime(st.st_mtime)
            eq(e['time'], time.strftime('%H:%M', t).encode(),
               'LIST time with use_localtime=%s' % use_localtime)
            r = c.cmd('MDTM README.txt', 213)
            if IS_VSFTPD and use_localtime:
                eq(r.text, time.strftime('%Y%m%d%H%M%S', local),
                   'vsftpd MDTM follows use_localtime')
            else:
                # RFC 3659: MDTM is always UTC.
                eq(r.text, utc_stamp(st.st_mtime), 'MDTM in UTC')


def test_stat_path():
    with Server(TREE) as s:
        c = s.login()
        r = c.cmd('STAT pub', 213)
        body = '\r\n'.join(r.lines[1:-1]).encode('utf-8', 'surrogateescape')
        entries = parse_list(body + b'\r\n')
        contains(list(entries), b'small.bin', 'STAT pub')
        r = c.cmd('STAT README.txt', 213)
        eq(len(r.lines), 3, 'STAT of a file: one entry: %s' % r)
        contains(r.lines[1], 'README.txt', 'STAT README.txt')


def test_dirlist_disabled():
    with Server(TREE, conf={'dirlist_enable': False}) as s:
        c = s.login()
        c.pasv()
        c.cmd('LIST', 550, 'Permission denied.')
        c.pasv()
        c.cmd('NLST', 550, 'Permission denied.')
        c.cmd('STAT pub', 550, 'Permission denied.')
        if IS_SOCKFTPD:
            c.pasv()
            c.cmd('MLSD', 550)
            c.cmd('MLST README.txt', 550)
        # Downloads still work.
        eq(c.retr('README.txt'), TREE.data('README.txt'), 'RETR')


def test_list_active_mode():
    with Server(TREE) as s:
        c = s.login()
        entries = parse_list(c.listing('LIST pub', how='port'))
        contains(list(entries), b'random.bin', 'LIST over PORT')
        entries = parse_list(c.listing('LIST pub', how='eprt'))
        contains(list(entries), b'random.bin', 'LIST over EPRT')


# --- MLSD / MLST (sockftpd extensions, RFC 3659) --------------------------

def _check_facts(name, facts, local):
    st = os.stat(local)      # MLSx describes what a client would fetch
    what = 'facts of %r' % name
    for key in ('type', 'modify', 'perm', 'unique', 'unix.mode'):
        check(key in facts, '%s lack %s: %r' % (what, key, facts))
    if stat.S_ISDIR(st.st_mode):
        check(facts['type'].lower() in ('dir', 'cdir', 'pdir'),
              '%s: type %s' % (what, facts['type']))
        for p in 'el':
            check(p in facts['perm'], '%s: perm %s lacks %s' % (
                what, facts['perm'], p))
    else:
        eq(facts['type'].lower(), 'file', what + ' type')
        eq(int(facts['size']), st.st_size, what + ' size')
        if st.st_mode & 0o004:
            check('r' in facts['perm'], '%s: perm %s lacks r' % (
                what, facts['perm']))
    eq(facts['modify'][:14], utc_stamp(st.st_mtime), what + ' modify')
    eq(int(facts['unix.mode'], 8), st.st_mode & 0o7777, what + ' UNIX.mode')
    if 'unix.uid' in facts:
        eq(int(facts['unix.uid']), st.st_uid, what + ' UNIX.uid')
    if 'unix.gid' in facts:
        eq(int(facts['unix.gid']), st.st_gid, what + ' UNIX.gid')
    for p in 'acdfmpw':
        check(p not in facts['perm'], '%s: write permission %r in perm %s '
              'on a read-only server' % (what, p, facts['perm']))


@sockftpd_only
def test_mlsd():
    with Server(TREE) as s:
        c = s.login()
        data, prelim, final = c.transfer('MLSD pub', binary=None)
        entries = parse_mlsd(data)
        pub = os.path.join(os.fsencode(TREE.path), b'pub')
        names = [n for n, f in entries.items()
                 if f['type'].lower() not in ('cdir', 'pdir')]
        for n in names:
            check(b'/' not in n, 'MLSD names are bare names: %r' % n)
        eq(sorted(n for n in names if not n.startswith(b'.')),
           _visible(pub), 'MLSD pub names')
        for n in names:
            _check_facts(n, entries[n], os.path.join(pub, n))
        uniques = [entries[n]['unique'] for n in names]
        eq(len(set(uniques)), len(uniques), 'unique facts are unique')
        c.cmd('NOOP', 200)


@sockftpd_only
def test_mlsd_cwd_and_ftplib():
    with Server(TREE) as s:
        f = s.ftp()
        f.cwd('/pub/sub')
        got = dict(f.mlsd())
        check('deep.txt' in got, 'ftplib mlsd(): %r' % list(got))
        eq(int(got['deep.txt']['size']), 5, 'size of deep.txt')


@sockftpd_only
def test_mlst():
    with Server(TREE) as s:
        c = s.login()
        r = c.cmd('MLST pub/small.bin', 250)
        check(len(r.lines) == 3 and r.lines[0].startswith('250-') and
              r.lines[2].startswith('250 '), 'MLST reply shape: %s' % r)
        check(r.lines[1].startswith(' '), 'MLST fact line starts with a '
              'space: %r' % r.lines[1])
        name, facts = parse_facts(r.raw.split(b'\r\n')[1][1:])
        check(name.endswith(b'small.bin'), 'MLST name %r' % name)
        _check_facts(name, facts, TREE.local('pub/small.bin'))
        r = c.cmd('MLST', 250)           # the current directory
        name, facts = parse_facts(r.raw.split(b'\r\n')[1][1:])
        check(facts['type'].lower() in ('cdir', 'dir'), 'MLST type %s' %
              facts['type'])
        c.cmd('MLST no-such-file', 550)
        r = c.cmd('MLST ' + UTF8_NAME.join(['pub/', '']), 250)
        contains(r.raw, UTF8_NAME.encode(), 'MLST of a UTF-8 name')
        r = c.cmd('MLST pub/file with spaces.txt', 250)
        contains(r.raw, b'file with spaces.txt', 'MLST of a name with spaces')


@sockftpd_only
def test_mlsd_errors():
    with Server(TREE) as s:
        c = s.login()
        # RFC 3659: MLSD of a file is 501; of a missing path 550.
        c.pasv()
        r = c.cmd('MLSD README.txt')
        match_code(r, (501, 550))
        c.pasv()
        r = c.cmd('MLSD no-such-dir')
        match_code(r, 550)
        c.cmd('NOOP', 200)


@sockftpd_only
def test_opts_mlst():
    with Server(TREE) as s:
        c = s.login()
        r = c.cmd('OPTS MLST type;size;', 200)
        r = c.cmd('MLST README.txt', 250)
        name, facts = parse_facts(r.raw.split(b'\r\n')[1][1:])
        eq(sorted(facts), ['size', 'type'], 'facts after OPTS MLST type;size;')
        eq(int(facts['size']), len(TREE.data('README.txt')), 'size')
        r = c.cmd('FEAT', 211)
        mlst = [l for l in r.lines if l.strip().startswith('MLST ')]
        check(mlst and 'type*;' in mlst[0].lower() and
              'size*;' in mlst[0].lower() and 'modify*' not in mlst[0].lower(),
              'FEAT marks the selected facts with *: %r' % mlst)


main()
