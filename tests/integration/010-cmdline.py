# SPDX-License-Identifier: GPL-2.0-or-later
"""The command line and the config parser seen from outside: -t prints a
fixed point, -V, -h, --list-options, -o overrides in order, not-a-socket
(exit 3), config errors naming file, line and option (exit 2, and 421 to a
client), refused options, config file ownership and permissions."""

import concurrent.futures
import os
import pwd
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

OPTIONS_DEF = os.path.join(TOP_SRCDIR, 'src', 'common', 'options.def')
TREE = make_tree()


def _options_def():
    """name -> (kind, status, lo, hi) from options.def; aliases apart."""
    opts, aliases = {}, {}
    with open(OPTIONS_DEF) as f:
        for line in f:
            m = re.match(r'^OPT_(BOOL|UINT|MODE|STR)\((\w+),', line)
            if m:
                status = re.search(r'\b(IMPL|LISTEN|NOEFFECT|TODO|REFUSE)\b',
                                   line)
                rng = re.match(r'^OPT_UINT\(\w+,\s*\w+,\s*(\d+),\s*(\d+),',
                               line)
                opts[m.group(2)] = (m.group(1), status and status.group(1),
                                    int(rng.group(1)) if rng else None,
                                    int(rng.group(2)) if rng else None)
            m = re.match(r'^OPT_ALIAS\((\w+),\s*(\w+)\)', line)
            if m:
                aliases[m.group(1)] = m.group(2)
    return opts, aliases


def sf(*args, stdin=None, env=None, timeout_s=10, record=True):
    return run([SOCKFTPD] + list(args), stdin=stdin, env=env,
               timeout_s=timeout_s, record=record)


def conf(text, name='a.conf', mode=0o600):
    d = tempdir('ftptest-conf-')
    return write_file(os.path.join(d, name), text, mode)


def parse_dump(text):
    """-t output -> {name: value}; comment lines are skipped."""
    out = {}
    for line in text.decode().splitlines():
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        k, sep, v = line.partition('=')
        check(sep, '-t output line without "=": %r' % line)
        check(k not in out, '-t prints %s twice' % k)
        out[k] = v
    return out


def _bool(v):
    return {'YES': True, 'NO': False}[v.upper()]


GOOD_CONF = """\
# a comment, then a blank line

anonymous_enable=yes
hide_ids=TRUE
force_dot_files=1
dirmessage_enable=false
use_sendfile=No
text_userdb_names=0
idle_session_timeout=77
accept_timeout=5
anon_umask=022
ftpd_banner=Hello there, world = fine
anon_root=%(root)s
pasv_min_port=40000
pasv_min_port=40001
pasv_max_port=40100
listen=YES
hide_file={*.bak,*.tmp}
"""


@sockftpd_only
def test_check_fixed_point():
    a = conf(GOOD_CONF % {'root': TREE.path})
    r1 = sf('-t', '-c', a)
    eq(r1.rc, 0, '-t exit status (stderr %r)' % r1.err)
    one = conf(r1.out, 'one.conf')
    r2 = sf('-t', '-c', one)
    eq(r2.rc, 0, '-t of the -t output (stderr %r)' % r2.err)
    eq(r2.out, r1.out, '-t output is a fixed point')
    d = parse_dump(r1.out)
    eq(_bool(d['anonymous_enable']), True, 'anonymous_enable=yes')
    eq(_bool(d['hide_ids']), True, 'hide_ids=TRUE')
    eq(_bool(d['force_dot_files']), True, 'force_dot_files=1')
    eq(_bool(d['dirmessage_enable']), False, 'dirmessage_enable=false')
    eq(_bool(d['use_sendfile']), False, 'use_sendfile=No')
    eq(_bool(d['text_userdb_names']), False, 'text_userdb_names=0')
    eq(int(d['idle_session_timeout']), 77, 'idle_session_timeout')
    eq(int(d['anon_umask'], 8), 0o22, 'anon_umask (octal)')
    eq(d['ftpd_banner'], 'Hello there, world = fine', 'ftpd_banner')
    eq(d['anon_root'], TREE.path, 'anon_root')
    eq(int(d['pasv_min_port']), 40001, 'last value wins')
    eq(d['hide_file'], '{*.bak,*.tmp}', 'hide_file')


@sockftpd_only
def test_check_dumps_every_option():
    a = conf('anonymous_enable=YES\n')
    r = sf('-t', a)
    eq(r.rc, 0, '-t exit status (stderr %r)' % r.err)
    text = r.out.decode()
    opts, aliases = _options_def()
    check(opts, 'no options parsed from %s' % OPTIONS_DEF)
    missing = [n for n in opts
               if not re.search(r'^#?\s*%s=' % re.escape(n), text, re.M)]
    eq(missing, [], 'options missing from -t output')
    # Defaults as vsftpd has them.
    d = parse_dump(r.out)
    eq(_bool(d['anon_world_readable_only']), True, 'default')
    eq(int(d['idle_session_timeout']), 300, 'default idle_session_timeout')
    eq(int(d['accept_timeout']), 60, 'default accept_timeout')


@sockftpd_only
def test_check_notes_listen_and_todo_options():
    a = conf('listen=YES\nbetter_stou=YES\n')
    r = sf('-t', '-c', a)
    eq(r.rc, 0, '-t exit status (stderr %r)' % r.err)
    text = (r.out + r.err).decode()
    for name in ('listen', 'better_stou'):
        notes = [l for l in text.splitlines()
                 if name in l and not l.startswith(name + '=')]
        check(notes, '-t says nothing about %s: %s' % (name, text[:2000]))


@sockftpd_only
def test_bare_path_equals_dash_c():
    a = conf(GOOD_CONF % {'root': TREE.path})
    r1 = sf('-t', '-c', a)
    r2 = sf('-t', a)
    r3 = sf(a, '-t')
    eq((r1.rc, r2.rc, r3.rc), (0, 0, 0), 'exit statuses')
    eq(r2.out, r1.out, 'bare path')
    eq(r3.out, r1.out, 'bare path before -t')


@sockftpd_only
def test_o_overrides_in_order():
    a = conf('ftpd_banner=from file\nidle_session_timeout=10\n')
    r = sf('-t', '-c', a, '-oftpd_banner=first', '-o', 'ftpd_banner=second',
           '-o', 'idle_session_timeout=20')
    eq(r.rc, 0, 'exit status (stderr %r)' % r.err)
    d = parse_dump(r.out)
    eq(d['ftpd_banner'], 'second', 'the last -o wins')
    eq(int(d['idle_session_timeout']), 20, '-o overrides the file')
    r = sf('-t', '-c', a, '-o', 'no_such_option=1')
    eq(r.rc, 2, 'exit status for a bad -o')
    contains(r.err, b'no_such_option', 'stderr')
    r = sf('-t', '-c', a, '-o', 'idle_session_timeout=abc')
    eq(r.rc, 2, 'exit status for a bad -o value')
    contains(r.err, b'idle_session_timeout', 'stderr')


@sockftpd_only
def test_leading_zero_is_octal():
    # vsftpd: a number with a leading 0 is octal, for every number option.
    a = conf('idle_session_timeout=010\nanon_umask=22\nlocal_umask=022\n')
    r = sf('-t', '-c', a)
    eq(r.rc, 0, 'exit status (stderr %r)' % r.err)
    d = parse_dump(r.out)
    eq(int(d['idle_session_timeout'], 0), 8, 'idle_session_timeout=010')
    eq(int(d['anon_umask'], 8), 22, 'anon_umask=22 is decimal 22 (026)')
    eq(int(d['local_umask'], 8), 0o22, 'local_umask=022')


def test_leading_zero_octal_in_session():
    # The same seen by a client: STAT reports the idle timeout.
    with Server(TREE, conf={'idle_session_timeout': '010'}) as s:
        c = s.login()
        r = c.cmd('STAT', 211)
        timeouts = [l for l in r.lines if 'timeout' in l.lower()]
        check(timeouts, 'STAT shows no session timeout: %s' % r)
        check(re.search(r'\b8\b', timeouts[0]), 'idle_session_timeout=010 '
              'is 8 seconds: %s' % timeouts[0])


@sockftpd_only
def test_empty_value_is_unset():
    a = conf('ftpd_banner=\nanon_root=%s\n' % TREE.path)
    r = sf('-t', '-c', a)
    eq(r.rc, 0, 'empty value accepted (stderr %r)' % r.err)


def _expected_rc(name, kind, status, value):
    """What -t should say about name=value on top of anonymous_enable=YES."""
    on = value.upper() in ('YES', 'TRUE', '1') if kind == 'BOOL' else \
        value not in ('', '0')
    if status == 'REFUSE' and on:
        return 2
    if name in ('ssl_sslv2', 'ssl_sslv3') and on:
        return 2
    if name == 'anonymous_enable' and not on:
        return 2                   # and local_enable=NO: nobody may log in
    if name == 'connect_from_port_20' and on and not ROOT:
        return 2                   # ftp_data_port 20 needs root
    if name == 'chown_uploads' and on and not ROOT:
        return 2                   # giving files away needs root
    if name == 'session_support' and on and not ROOT:
        return 2                   # utmp and wtmp need root
    if name == 'log_format' and value not in ('', 'vsftpd', 'json'):
        return 2
    return 0


_CERT = []


def _test_cert():
    """A self-signed certificate with its key, made once."""
    if not _CERT:
        need_tool('openssl')
        d = tempdir()
        path = os.path.join(d, 'cert.pem')
        r = run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048',
                 '-nodes', '-days', '2', '-subj', '/CN=localhost',
                 '-keyout', path, '-out', path], timeout_s=60)
        eq(r.rc, 0, 'openssl req')
        os.chmod(path, 0o600)
        _CERT.append(path)
    return _CERT[0]


@sockftpd_only
@timeout(120)
def test_every_option_good_and_bad_value():
    # Every option of options.def through the real binary: good values are
    # accepted (or refused when the option is REFUSE and switched on), bad
    # values fail with the file, the line and the option named.
    opts, aliases = _options_def()
    special_good = {'pasv_address': ['127.0.0.1'],
                    'hide_file': ['{*.bak,tmp*}'], 'deny_file': ['{*.x}'],
                    'download_file': ['{*.iso}'], 'upload_file': ['{*.up}'],
                    'cmds_allowed': ['USER,PASS,QUIT,RETR'],
                    'cmds_denied': ['DELE,RMD']}
    special_bad = {'pasv_address': ['not-an-address', '300.1.1.1']}
    cases = []
    for name, (kind, status, lo, hi) in sorted(opts.items()):
        if kind == 'BOOL':
            good, bad = ['YES', 'no', 'True', 'FALSE', '1', '0'], \
                ['maybe', '2', 'yess']
        elif kind == 'UINT':
            good, bad = [str(lo), str(hi)], [str(hi + 1), 'abc', '-1', '12x']
        elif kind == 'MODE':
            # vsftpd: a leading 0 means octal, otherwise decimal.
            good, bad = ['022', '0', '0777', '18'], ['0999', '08', 'abc']
        else:
            good, bad = special_good.get(name, ['/some/path x']), \
                special_bad.get(name, [])
        if SANITIZERS:              # each run costs an ASan start-up
            good, bad = good[:1], bad[:1]
        for value, is_bad in [(v, False) for v in good] + \
                [(v, True) for v in bad]:
            text = 'anonymous_enable=YES\n%s=%s\n' % (name, value)
            if name == 'anonymous_enable':
                text = '%s=%s\n' % (name, value)
            if name in ('ssl_enable', 'implicit_ssl') and not is_bad:
                # -t loads the certificate: give it one.
                text += 'rsa_cert_file=%s\n' % _test_cert()
            want = 2 if is_bad else _expected_rc(name, kind, status, value)
            cases.append((name, value, is_bad, text, want))

    def one(case):
        name, value, is_bad, text, want = case
        a = conf(text)
        r = sf('-t', '-c', a, record=False)
        if r.rc != want:
            return '%s=%s: exit %s, want %s (%s)' % (
                name, value, r.rc, want, r.err.decode()[:200].strip())
        if is_bad and (name.encode() not in r.err or
                       ('%s:%d' % (a, text.count('\n'))).encode()
                       not in r.err):
            return '%s=%s: message lacks file:line or the name: %r' % (
                name, value, r.err[:300])
        return None
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        wrong = [w for w in pool.map(one, cases) if w]
    for alias, canonical in sorted(aliases.items()):
        r = sf('-t', '-c', conf('anonymous_enable=YES\n%s=NO\n' % alias),
               record=False)
        if r.rc != 0:
            wrong.append('alias %s=NO: exit %s' % (alias, r.rc))
    check(not wrong, '%d wrong answers:\n  %s' % (len(wrong),
                                                   '\n  '.join(wrong)))


@sockftpd_only
def test_version_and_help():
    r = sf('-V')
    eq(r.rc, 0, '-V exit status')
    with open(os.path.join(TOP_SRCDIR, 'configure.ac')) as f:
        m = re.search(r'AC_INIT\(\[sockftpd\],\s*\[([^\]]+)\]', f.read())
    check(m, 'version in configure.ac')
    contains(r.out, b'sockftpd', '-V')
    contains(r.out, m.group(1).encode(), '-V')
    r = sf('-h')
    eq(r.rc, 0, '-h exit status')
    for flag in (b'-c', b'-o', b'-t', b'--list-options', b'-V'):
        contains(r.out, flag, '-h')
    r = sf('--no-such-flag')
    check(r.rc not in (0, None), 'unknown flag accepted: %s' % r.rc)
    check(r.err, 'no message for an unknown flag')
    r = sf('-c')
    check(r.rc not in (0, None), '-c without a file accepted')


@sockftpd_only
def test_list_options():
    r = sf('--list-options')
    eq(r.rc, 0, '--list-options exit status')
    listed = set(l.split()[0] for l in r.out.decode().splitlines()
                 if l.strip())
    opts, aliases = _options_def()
    missing = sorted(set(opts) - listed)
    eq(missing, [], 'options missing from --list-options')
    missing = sorted(set(aliases) - listed)
    eq(missing, [], 'aliases missing from --list-options')
    check(len(opts) > 100, 'only %d options in options.def' % len(opts))


@sockftpd_only
def test_aliases():
    a = conf('ssl_tlsv1_2=NO\n')
    r = sf('-t', a)
    eq(r.rc, 0, 'alias accepted (stderr %r)' % r.err)
    eq(_bool(parse_dump(r.out)['ssl_tlsv12']), False, 'ssl_tlsv1_2 -> ssl_tlsv12')


@sockftpd_only
def test_not_a_socket():
    a = conf('anon_root=%s\n' % TREE.path)
    with open(os.devnull, 'rb') as devnull:
        r = sf('-c', a, stdin=devnull)
    eq(r.rc, 3, 'exit status with stdin /dev/null')
    contains(r.err, b'socket', 'message on stderr')
    eq(r.out, b'', 'nothing on stdout')
    rfd, wfd = os.pipe()
    try:
        r = sf('-c', a, stdin=rfd)
    finally:
        os.close(rfd)
        os.close(wfd)
    eq(r.rc, 3, 'exit status with stdin a pipe')
    with open(os.devnull, 'rb') as devnull:
        r = sf('-c', a, stdin=devnull,
               env={'LISTEN_FDS': '1', 'LISTEN_PID': '1'})
    eq(r.rc, 3, 'exit status with a foreign LISTEN_PID')


BAD = [
    # (line, what must appear in the message, vsftpd's OOPS text or None)
    ('anon_rot=/srv/ftp', ['anon_rot', 'anon_root'],
     'unrecognised variable in config file: anon_rot'),
    ('anonymous_enable=maybe', ['anonymous_enable'],
     'bad bool value in config file for: anonymous_enable'),
    ('anonymous_enable', ['anonymous_enable'],
     'missing value in config file for: anonymous_enable'),
    ('idle_session_timeout=12abc', ['idle_session_timeout'], None),
    ('accept_timeout=-1', ['accept_timeout'], None),
    ('pasv_min_port=70000', ['pasv_min_port'], None),
    ('accept_timeout=0', ['accept_timeout'], None),
    ('anon_umask=089', ['anon_umask'], None),
    ('max_login_fails=99999999999999999999', ['max_login_fails'], None),
    ('hide_idz=YES', ['hide_idz', 'hide_ids'],
     'unrecognised variable in config file: hide_idz'),
]


@sockftpd_only
def test_bad_configs_with_t():
    for line, words, _ in BAD:
        a = conf('# comment\n\nanonymous_enable=YES\n%s\nhide_ids=YES\n' % line)
        r = sf('-t', '-c', a)
        eq(r.rc, 2, 'exit status for %r (stderr %r)' % (line, r.err))
        eq(r.out, b'', 'stdout for %r' % line)
        err = r.err.decode()
        contains(err, '%s:4' % a, 'message for %r names file:line' % line)
        for w in words:
            contains(err, w, 'message for %r' % line)


@sockftpd_only
def test_config_file_errors():
    r = sf('-t', '-c', '/nonexistent/ftp.conf')
    eq(r.rc, 2, 'missing file')
    contains(r.err, b'/nonexistent/ftp.conf', 'message')
    for mode in (0o666, 0o620, 0o602):
        a = conf('anonymous_enable=YES\n', mode=mode)
        os.chmod(a, mode)
        r = sf('-t', '-c', a)
        eq(r.rc, 2, 'config file with mode %o' % mode)
        contains(r.err, a.encode(), 'message for mode %o' % mode)
    a = conf('anonymous_enable=YES\n', mode=0o644)
    r = sf('-t', '-c', a)
    eq(r.rc, 0, 'config file with mode 644')
    if ROOT:
        os.chown(a, 65534, 65534)
        r = sf('-t', '-c', a)
        eq(r.rc, 2, 'config file owned by another user')
        contains(r.err, a.encode(), 'message')


REFUSED = ['tcp_wrappers=YES', 'ssl_sslv3=YES',
           # TLS without a certificate (the default rsa_cert_file is
           # vsftpd's, missing on Debian): -t loads it, and says so.
           'ssl_enable=YES', 'implicit_ssl=YES']


@sockftpd_only
def test_refused_options_with_t():
    for line in REFUSED:
        a = conf('anonymous_enable=YES\n%s\n' % line)
        r = sf('-t', '-c', a)
        eq(r.rc, 2, 'exit status for %s (stderr %r)' % (line, r.err))
        contains(r.err, line.split('=')[0].encode(), 'message for %s' % line)


def _refused_session(s, expect_words=()):
    c = s.ctrl(greet=False)
    r = c.reply()
    check(c.at_eof(), 'connection still open after a config error')
    not_contains(b''.join(l for d, l in c.transcript if d == '<'), b'220 ',
                 'what the client got')
    if IS_VSFTPD:
        check(r.first.startswith('500 OOPS'), 'vsftpd OOPS: %s' % r)
    else:
        eq(r.code, 421, 'reply to a session with a bad config: %s' % r)
        not_contains(str(r), s.conf_path, 'the reply (no file names)')
        s.wait_sessions_gone()
        log = s.log()
        for w in expect_words:
            contains(log, w, 'the launcher log (stderr)')
    return r


def test_session_with_bad_config_gets_421():
    for line, words, oops in BAD[:3] + BAD[-1:]:
        text = conf_text(Server(TREE).options) + line + '\n'
        with Server(TREE, raw_conf=text) as s:
            r = _refused_session(s, words + ['%s:%d' % (
                s.conf_path, text.count('\n'))])
            if IS_VSFTPD:
                eq(str(r), '500 OOPS: ' + oops, 'vsftpd text')


@sockftpd_only
def test_session_with_refused_option_gets_421():
    for line in ('tcp_wrappers=YES',):
        k, v = line.split('=')
        with Server(TREE, conf={k: v}) as s:
            _refused_session(s, [k])
    # A certificate that cannot be read is a session that cannot start.
    with Server(TREE, conf={'ssl_enable': True,
                            'rsa_cert_file': '/nonexistent.pem'}) as s:
        _refused_session(s, ['rsa_cert_file', '/nonexistent.pem'])


@sockftpd_only
def test_session_with_todo_option_warns():
    # A not-yet-implemented option is never silently ignored: the session
    # runs and its log names the option.
    with Server(TREE, conf={'better_stou': True}) as s:
        c = s.login()
        c.cmd('QUIT', 221)
        s.wait_sessions_gone()
        contains(s.log(), 'better_stou', 'the launcher log (stderr)')



@sockftpd_only
def test_check_warns_about_a_readable_key():
    # -t loads the certificate, and says when the private key could be
    # read by anyone but root (group or others, or a session user).
    key = _test_cert()
    base = 'anonymous_enable=YES\nssl_enable=YES\nrsa_cert_file=%s\n' % key
    r = sf('-t', '-c', conf(base))
    eq(r.rc, 0, '-t exit status (stderr %r)' % r.err)
    not_contains(r.out, b'private key', '-t output with a 0600 key')
    os.chmod(key, 0o640)
    try:
        r = sf('-t', '-c', conf(base))
        eq(r.rc, 0, '-t exit status')
        contains(r.out, b'warning: the TLS private key', '-t output')
    finally:
        os.chmod(key, 0o600)
    # Owned by the user anonymous sessions run as (ftp_username).
    if ROOT:
        ftp = pwd.getpwnam('ftp')
        os.chown(key, ftp.pw_uid, -1)
        try:
            r = sf('-t', '-c', conf(base))
            contains(r.out, b'warning: the TLS private key',
                     '-t output for a key owned by ftp')
        finally:
            os.chown(key, 0, -1)


main()
