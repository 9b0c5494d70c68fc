# SPDX-License-Identifier: GPL-2.0-or-later
"""Control channel basics: greeting, login, informational commands, replies
that vsftpd gives in inetd mode, driven by python ftplib and a raw socket."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftptest import *  # noqa: E402,F401,F403

TREE = make_tree()
NOFAIL_DELAY = {'delay_failed_login': 0}


def test_banner_and_quit():
    with Server(TREE) as s:
        c = s.ctrl(greet=False)
        r = c.reply()
        eq(r.code, 220, 'greeting code')
        eq(len(r.lines), 1, 'greeting is one line')
        if IS_VSFTPD:
            eq(r.first, '220 (vsFTPd 3.0.3)', 'greeting')
        c.cmd('QUIT', 221, 'Goodbye.')
        check(c.at_eof(), 'connection still open after 221')
        s.wait_sessions_gone()


def test_ftpd_banner():
    with Server(TREE, conf={'ftpd_banner': 'Hello from the test suite'}) as s:
        c = s.ctrl(greet=False)
        r = c.expect(220)
        eq(r.first, '220 Hello from the test suite', 'ftpd_banner')


def test_banner_file():
    path = os.path.join(TREE.path, '..', os.path.basename(TREE.path) +
                        '-banner')
    _temp_dirs_file = write_file(path, 'First banner line\nSecond line\n')
    try:
        with Server(TREE, conf={'banner_file': _temp_dirs_file}) as s:
            c = s.ctrl(greet=False)
            r = c.expect(220)
            check(len(r.lines) >= 2, 'banner_file gives a multi-line 220: %s' % r)
            check(r.first.startswith('220-'), 'first line is 220-: %s' % r)
            contains(str(r), 'First banner line', '220 reply')
            contains(str(r), 'Second line', '220 reply')
            c.login()
    finally:
        os.unlink(path)


def test_login_anonymous_ftplib():
    with Server(TREE) as s:
        f = s.ftp(login=False)
        welcome = f.getwelcome()
        check(welcome.startswith('220'), 'welcome: %r' % welcome)
        r = f.login('anonymous', 'someone@example.org')
        check(r.startswith('230'), 'login reply %r' % r)
        eq(f.pwd(), '/', 'PWD after login')
        r = f.quit()
        check(r.startswith('221'), 'QUIT reply %r' % r)


def test_login_ftp_user():
    with Server(TREE) as s:
        c = s.ctrl()
        c.cmd('USER ftp', 331)
        c.cmd('PASS whatever', 230)
        c.cmd('PWD', 257, '"/" is the current directory')


def test_login_upper_lower_case_user():
    # vsftpd compares the anonymous names case-insensitively.
    with Server(TREE) as s:
        c = s.ctrl()
        c.cmd('USER Anonymous', 331)
        c.cmd('PASS x', 230)


def test_no_anon_password():
    with Server(TREE, conf={'no_anon_password': True}) as s:
        c = s.ctrl()
        c.cmd('USER anonymous', 230)
        c.cmd('SYST', 215)


def test_non_anonymous_user_refused():
    with Server(TREE, conf=NOFAIL_DELAY) as s:
        c = s.ctrl()
        r = c.cmd('USER root')
        if r.code == 331:       # a server may ask for the password first
            r = c.cmd('PASS secret')
        eq(r.code, 530, 'reply to a non-anonymous login: %s' % r)
        c.cmd('SYST', 530, 'Please login with USER and PASS.')
        # The session goes on: an anonymous login still works.
        c.login()


@sockftpd_only
def test_failed_logins_delayed_and_capped():
    # With anonymous-only service a USER other than anonymous/ftp is the
    # failed login.  vsftpd answers at once and never counts it; sockftpd
    # applies delay_failed_login and max_login_fails to it.
    with Server(TREE, conf={'max_login_fails': 2,
                            'delay_failed_login': 1}) as s:
        c = s.ctrl()
        t0 = time.monotonic()
        c.cmd('USER root', 530)
        check(time.monotonic() - t0 >= 0.9, '530 not delayed')
        c.cmd('USER admin', 530)
        check(c.at_eof(), 'connection still open after max_login_fails')


def test_anonymous_disabled():
    with Server(TREE, conf=dict(NOFAIL_DELAY, anonymous_enable=False,
                                local_enable=None)) as s:
        c = s.ctrl(greet=False)
        r = c.reply()
        if r.code == 220:
            r = c.cmd('USER anonymous')
            if r.code == 331:
                r = c.cmd('PASS x')
            eq(r.code, 530, 'anonymous login with anonymous_enable=NO')
        else:
            # vsftpd: 500 OOPS: vsftpd: both local and anonymous access
            # disabled!  sockftpd: 421.
            match_code(r, (421, 500))


def test_pass_before_user():
    with Server(TREE) as s:
        c = s.ctrl()
        c.cmd('PASS nothing', 503, 'Login with USER first.')
        c.login()


def test_commands_before_login():
    with Server(TREE) as s:
        c = s.ctrl()
        for cmd in ('SYST', 'PWD', 'CWD pub', 'LIST', 'NLST', 'RETR README.txt',
                    'SIZE README.txt', 'PASV', 'EPSV', 'PORT 127,0,0,1,4,1',
                    'HELP', 'STAT', 'NOOP', 'TYPE I', 'XYZZY', 'MLSD',
                    'SITE HELP', 'STOR x', 'DELE x', 'MKD x'):
            c.cmd(cmd, 530, 'Please login with USER and PASS.')
        r = c.cmd('FEAT', 211)
        check(len(r.lines) >= 2, 'FEAT before login is multi-line: %s' % r)
        c.login()
        c.cmd('SYST', 215)


def test_syst():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('SYST', 215, 'UNIX Type: L8')


def _feat_lines(r):
    check(r.first.startswith('211-'), 'FEAT reply starts with 211-: %s' % r)
    eq(r.lines[-1][:4], '211 ', 'FEAT end line')
    for line in r.lines[1:-1]:
        check(line.startswith(' '), 'FEAT feature line must start with a '
              'space (RFC 2389): %r' % line)
    return [l.strip() for l in r.lines[1:-1]]


def test_feat():
    with Server(TREE) as s:
        c = s.login()
        feats = _feat_lines(c.cmd('FEAT', 211))
        for f in ('EPRT', 'EPSV', 'MDTM', 'PASV', 'REST STREAM', 'SIZE',
                  'TVFS'):
            check(f in feats, 'FEAT lacks %s: %s' % (f, feats))
        if IS_SOCKFTPD:
            check('UTF8' in feats, 'FEAT lacks UTF8: %s' % feats)
            mlst = [f for f in feats if f.startswith('MLST ')]
            check(mlst, 'FEAT lacks MLST: %s' % feats)
            for fact in ('type', 'size', 'modify', 'perm', 'unique'):
                check(fact in mlst[0].lower(), 'MLST line lacks %s: %s' % (
                    fact, mlst[0]))


def test_feat_matches_config():
    # FEAT always matches what this configuration offers (vsftpd too).
    with Server(TREE, conf={'pasv_enable': False}) as s:
        c = s.login()
        feats = _feat_lines(c.cmd('FEAT', 211))
        check('PASV' not in feats and 'EPSV' not in feats,
              'FEAT offers PASV/EPSV with pasv_enable=NO: %s' % feats)
        c.cmd('PASV', '5')
        c.cmd('EPSV', '5')
    with Server(TREE, conf={'port_enable': False}) as s:
        c = s.login()
        feats = _feat_lines(c.cmd('FEAT', 211))
        check('EPRT' not in feats,
              'FEAT offers EPRT with port_enable=NO: %s' % feats)
        c.cmd('PORT 127,0,0,1,200,1', '5')


def test_opts_utf8():
    with Server(TREE) as s:
        c = s.login()
        r = c.cmd('OPTS UTF8 ON', 200)
        if IS_VSFTPD:
            eq(r.text, 'Always in UTF8 mode.', 'OPTS UTF8 ON')


def test_pwd_cwd_cdup():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('PWD', 257, '"/" is the current directory')
        c.cmd('CWD pub', 250, 'Directory successfully changed.')
        c.cmd('PWD', 257, '"/pub" is the current directory')
        c.cmd('CWD sub', 250)
        c.cmd('PWD', 257, '"/pub/sub" is the current directory')
        c.cmd('CDUP', 250, 'Directory successfully changed.')
        c.cmd('PWD', 257, '"/pub" is the current directory')
        c.cmd('CWD /pub/sub/..', 250)
        c.cmd('PWD', 257, '"/pub" is the current directory')
        c.cmd('CWD no-such-dir', 550, 'Failed to change directory.')
        c.cmd('CWD README.txt', 550, 'Failed to change directory.')
        c.cmd('PWD', 257, '"/pub" is the current directory')
        c.cmd('XCWD /pub/sub', 250)
        c.cmd('XPWD', 257, '"/pub/sub" is the current directory')
        c.cmd('XCUP', 250)
        c.cmd('XPWD', 257, '"/pub" is the current directory')
        c.cmd('CWD /', 250)
        c.cmd('CDUP', 250)
        c.cmd('PWD', 257, '"/" is the current directory')


def test_cwd_ftplib_names():
    # Names with spaces and UTF-8 through ftplib.
    with Server(TREE) as s:
        f = s.ftp()
        f.cwd('/pub')
        data = f.retr_bytes('file with spaces.txt')
        eq(data, TREE.data('pub/file with spaces.txt'), 'file with spaces')
        data = f.retr_bytes(UTF8_NAME)
        eq(data, TREE.data('pub/' + UTF8_NAME), 'UTF-8 name')
        eq(f.pwd(), '/pub', 'pwd')


def test_type():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('TYPE A', 200, 'Switching to ASCII mode.')
        c.cmd('TYPE I', 200, 'Switching to Binary mode.')
        c.cmd('TYPE L 8', 200, 'Switching to Binary mode.')
        c.cmd('TYPE A N', 200, 'Switching to ASCII mode.')
        c.cmd('type i', 200)
        c.cmd('TYPE X', 500, 'Unrecognised TYPE command.')
        c.cmd('TYPE', 500)


def test_mode_stru_allo():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('MODE S', 200)
        c.cmd('MODE B', 504, 'Bad MODE command.')
        c.cmd('MODE C', 504)
        c.cmd('STRU F', 200)
        c.cmd('STRU R', 504, 'Bad STRU command.')
        c.cmd('STRU P', 504)
        c.cmd('ALLO 1000', 202, 'ALLO command ignored.')


def test_noop_help():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('NOOP', 200, 'NOOP ok.')
        r = c.cmd('HELP', 214)
        check(len(r.lines) > 2, 'HELP is multi-line: %s' % r)
        for verb in ('RETR', 'LIST', 'PASV', 'EPSV', 'QUIT', 'CWD'):
            contains(str(r), verb, 'HELP')
        if IS_SOCKFTPD:
            contains(str(r), 'MLSD', 'HELP')


def test_stat():
    with Server(TREE) as s:
        c = s.login()
        r = c.cmd('STAT', 211)
        check(len(r.lines) > 2, 'STAT is multi-line: %s' % r)
        contains(str(r), '127.0.0.1', 'STAT (the client address)')
        r = c.cmd('STAT pub', 213)
        body = '\n'.join(r.lines[1:-1])
        contains(body, 'small.bin', 'STAT pub')
        contains(body, 'random.bin', 'STAT pub')
        eq(r.lines[0][:4], '213-', 'STAT pub first line')


def test_unknown_and_unimplemented():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('XYZZY', 500, 'Unknown command.')
        c.cmd('REIN', 502)
        c.cmd('ACCT billing', 502)
        c.cmd('SMNT /mnt', 502)
        c.cmd('NOOP', 200)


def test_http_verb():
    # Debian's vsftpd answers "500 HTTP protocol commands not allowed." and
    # closes (ALPACA); either way an HTTP request line is no FTP command.
    with Server(TREE) as s:
        c = s.login()
        c.cmd('GET / HTTP/1.0', 500)


@sockftpd_only
def test_http_verb_before_login_closes():
    # ALPACA: an HTTP request on the FTP port ends the session at once,
    # before any other line is read.
    with Server(TREE) as s:
        c = s.ctrl()
        c.cmd('GET / HTTP/1.1', 421)
        check(c.at_eof(), 'still open after an HTTP request line')


@sockftpd_only
def test_auth_without_tls():
    # No TLS in this configuration: AUTH is refused with 502 (before and
    # after login), PBSZ/PROT with 550 as vsftpd does with ssl_enable=NO,
    # and FEAT does not offer AUTH.
    with Server(TREE) as s:
        c = s.ctrl()
        c.cmd('AUTH TLS', 502)
        c.cmd('AUTH SSL', 502)
        c.cmd('PBSZ 0', 550)
        c.cmd('PROT P', 550)
        feats = c.cmd('FEAT', 211)
        check(b'AUTH' not in feats.raw, 'FEAT offers AUTH without TLS')
        c.cmd('USER anonymous', 331)
        c.cmd('PASS x@y', 230)
        c.cmd('AUTH TLS', 502)


def test_write_commands_refused():
    # write_enable=NO (the default): 550 Permission denied.
    with Server(TREE) as s:
        c = s.login()
        for cmd in ('STOR new.txt', 'APPE README.txt', 'STOU', 'DELE README.txt',
                    'MKD newdir', 'XMKD newdir', 'RMD pub', 'XRMD pub',
                    'RNFR README.txt', 'RNTO x', 'SITE CHMOD 777 README.txt'):
            c.cmd(cmd, 550, 'Permission denied.')
        check(os.path.exists(TREE.local('README.txt')), 'README.txt deleted')
        check(not os.path.exists(TREE.local('newdir')), 'newdir created')


def test_case_insensitive_commands():
    with Server(TREE) as s:
        c = s.ctrl()
        c.cmd('user anonymous', 331)
        c.cmd('pAsS x', 230)
        c.cmd('syst', 215)
        c.cmd('SySt', 215)
        c.cmd('cwd pub', 250)
        c.cmd('pwd', 257, '"/pub" is the current directory')
        c.cmd('noop', 200)


def test_bare_lf():
    with Server(TREE) as s:
        c = s.ctrl()
        c.sendraw(b'USER anonymous\n')
        c.expect(331)
        c.sendraw(b'PASS x\n')
        c.expect(230)
        c.sendraw(b'SYST\n')
        c.expect(215)
        c.sendraw(b'CWD pub\r\nPWD\n')
        c.expect(250)
        c.expect(257, '"/pub" is the current directory')


def test_pipelined_commands():
    with Server(TREE) as s:
        c = s.ctrl()
        c.sendraw(b'USER anonymous\r\nPASS x\r\nSYST\r\nPWD\r\nNOOP\r\n')
        c.expect(331)
        c.expect(230)
        c.expect(215)
        c.expect(257)
        c.expect(200)


def test_already_logged_in():
    with Server(TREE) as s:
        c = s.login()
        c.cmd('PASS again', 230)
        r = c.cmd('USER ftp')
        match_code(r, (503, 530))


def test_dirmessage():
    with Server(TREE, conf={'dirmessage_enable': True}) as s:
        c = s.login()
        r = c.cmd('CWD pub/sub', 250)
        check(len(r.lines) >= 3, '.message not shown: %s' % r)
        eq(r.lines[0], '250-Welcome to pub/sub.', 'message line 1')
        eq(r.lines[1], '250-This is the .message file.', 'message line 2')
        eq(r.lines[-1], '250 Directory successfully changed.', 'last line')
        r = c.cmd('CWD /pub', 250)
        eq(len(r.lines), 1, 'pub has no .message: %s' % r)
    with Server(TREE) as s:          # dirmessage_enable=NO by default
        c = s.login()
        r = c.cmd('CWD pub/sub', 250)
        eq(len(r.lines), 1, 'message shown with dirmessage_enable=NO: %s' % r)


def test_message_file():
    with Server(TREE, conf={'dirmessage_enable': True,
                            'message_file': 'deep.txt'}) as s:
        c = s.login()
        r = c.cmd('CWD pub/sub', 250)
        eq(r.lines[0], '250-deep', 'message_file=deep.txt')


def test_delay_successful_login():
    with Server(TREE, conf={'delay_successful_login': 1}) as s:
        c = s.ctrl()
        c.cmd('USER ftp', 331)
        t0 = time.monotonic()
        c.cmd('PASS x', 230)
        elapsed = time.monotonic() - t0
        check(0.9 <= elapsed <= T(4), '230 after %.2fs' % elapsed)


def test_cmds_denied():
    with Server(TREE, conf={'cmds_denied': 'SYST,NLST'}) as s:
        c = s.login()
        c.cmd('SYST', 550, 'Permission denied.')
        c.cmd('NLST', 550, 'Permission denied.')
        c.cmd('PWD', 257)


def test_cmds_allowed():
    allowed = 'USER,PASS,QUIT,PWD,CWD,SYST'
    with Server(TREE, conf={'cmds_allowed': allowed}) as s:
        c = s.login()
        c.cmd('SYST', 215)
        c.cmd('PWD', 257)
        c.cmd('NOOP', 550, 'Permission denied.')
        c.cmd('LIST', 550, 'Permission denied.')
        c.cmd('QUIT', 221)


def test_replies_end_with_crlf():
    # Ctrl.reply() fails on any reply line that does not end with CRLF;
    # here a long multi-line reply is read to exercise it.
    with Server(TREE) as s:
        c = s.login()
        r = c.cmd('HELP', 214)
        check(r.raw.count(b'\r\n') == len(r.lines), 'bare LF in %r' % r.raw)


main()
