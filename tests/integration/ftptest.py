# SPDX-License-Identifier: GPL-2.0-or-later
"""Harness for the sockftpd integration tests: launchers, clients, demo tree.

Each NNN-name.py test imports this module, defines test_* functions and calls
main().  main() runs every test with an alarm, prints PASS/FAIL/SKIP lines, and
on a failure prints the control transcripts, the launcher's stderr and the
config that were involved.  Exit status: 0 passed, 1 failed, 77 all skipped
(automake SKIP), 99 the harness itself could not run (automake ERROR).

Environment (set by `make check`; everything has a fallback for direct runs):
  SOCKFTPD                 the binary under test
  SYSTEMD_SOCKET_ACTIVATE  XINETD   launcher paths
  SOCKFTPD_SANITIZERS=1    ASan/UBSan build: longer timeouts
  top_srcdir top_builddir
  FTPTEST_SERVER=vsftpd    run the same tests against Debian's vsftpd (as
                           root), to check the expectations shared with it
  FTPTEST_KEEP=1           keep temporary trees and logs
  FTPTEST_SLOW=N           multiply every timeout by N
  FTPTEST_RUN_ALL=1        with FTPTEST_SERVER=vsftpd: run the sockftpd-only
                           tests too (they should fail: shows they can)
"""

import contextlib
import ctypes
import ftplib
import hashlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

# --- where things are --------------------------------------------------------

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRCDIR = os.environ.get('top_srcdir') or os.path.normpath(
    os.path.join(HERE, '..', '..'))
TOP_BUILDDIR = os.environ.get('top_builddir') or TOP_SRCDIR

TARGET = os.environ.get('FTPTEST_SERVER', 'sockftpd')
if TARGET not in ('sockftpd', 'vsftpd'):
    print('FTPTEST_SERVER must be sockftpd or vsftpd', file=sys.stderr)
    sys.exit(99)
IS_VSFTPD = TARGET == 'vsftpd'
IS_SOCKFTPD = not IS_VSFTPD

SOCKFTPD = os.environ.get('SOCKFTPD') or os.path.join(
    TOP_BUILDDIR, 'src', 'sockftpd')
VSFTPD = os.environ.get('VSFTPD') or '/usr/sbin/vsftpd'
SERVER = VSFTPD if IS_VSFTPD else SOCKFTPD


def _find(env, name, extra=()):
    path = os.environ.get(env)
    if path:
        return path
    found = shutil.which(name, path=os.pathsep.join(
        [os.environ.get('PATH', '')] + list(extra)))
    return found


SYSTEMD_SOCKET_ACTIVATE = _find('SYSTEMD_SOCKET_ACTIVATE',
                                'systemd-socket-activate',
                                ['/usr/bin', '/lib/systemd',
                                 '/usr/lib/systemd'])
XINETD = _find('XINETD', 'xinetd', ['/usr/sbin', '/sbin'])

ROOT = os.geteuid() == 0
SANITIZERS = os.environ.get('SOCKFTPD_SANITIZERS') == '1'
SLOW = float(os.environ.get('FTPTEST_SLOW') or (3 if SANITIZERS else 1))
KEEP = os.environ.get('FTPTEST_KEEP') == '1'
VSFTPD_EMPTY = '/var/run/vsftpd/empty'

# Sanitizer variables are passed explicitly: systemd-socket-activate hands its
# children only TERM, PATH, USER and HOME, and xinetd only what passenv names.
PASS_ENV = ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS')

SANITIZER_MARKERS = ('ERROR: AddressSanitizer', 'ERROR: LeakSanitizer',
                     'runtime error:', 'UndefinedBehaviorSanitizer',
                     'AddressSanitizer:DEADLYSIGNAL',
                     'Sanitizer has encountered a fatal error',
                     'SUMMARY: AddressSanitizer',
                     'SUMMARY: UndefinedBehaviorSanitizer')


def T(seconds):
    """A timeout scaled for slow (sanitizer) builds."""
    return seconds * SLOW


# --- results -----------------------------------------------------------------

class Skip(Exception):
    """Raised by a test (or a helper) that cannot run here."""


class TestTimeout(BaseException):
    """Raised in the main thread when a test exceeds its time limit (a
    BaseException, so that no "except Exception" in a test swallows it)."""


def skip(reason):
    raise Skip(reason)


def skip_file(reason):
    """Skip every test of this file: automake SKIP (77)."""
    print('SKIP: whole file: %s' % reason)
    sys.exit(77)


def need_root():
    if not ROOT:
        skip('needs root')


def need_tool(name, path=None):
    found = path or shutil.which(name)
    if not found or not os.access(found, os.X_OK):
        skip('%s is not installed' % name)
    return found


def sockftpd_only(fn):
    """A sockftpd extension or a deliberate difference from vsftpd."""
    def wrapper():
        if IS_VSFTPD and os.environ.get('FTPTEST_RUN_ALL') != '1':
            skip('sockftpd behaviour (differs from vsftpd by design)')
        return fn()
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.timeout = getattr(fn, 'timeout', None)
    return wrapper


def timeout(seconds):
    """Decorator: this test's time limit (default 30 s, scaled by SLOW)."""
    def deco(fn):
        fn.timeout = seconds
        return fn
    return deco


# Everything a failing test should show: transcripts, logs, commands.
_artifacts = []


def _register(obj):
    _artifacts.append(obj)
    return obj


def note(text):
    """Free text printed with the artifacts if the test fails."""
    _artifacts.append(_Note(text))


class _Note:
    def __init__(self, text):
        self.text = text

    def report(self):
        return 'note: %s' % self.text

    def cleanup(self):
        pass


def _short(data, limit=300):
    if isinstance(data, bytes):
        text = repr(data)[2:-1]
    else:
        text = data
    if len(text) > limit:
        text = text[:limit] + '...[%d chars]' % len(text)
    return text


# --- assertions ------------------------------------------------------------

def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def eq(got, want, what='value'):
    if got != want:
        if isinstance(got, bytes) and isinstance(want, bytes) and \
                (len(got) > 200 or len(want) > 200):
            raise AssertionError(
                '%s: got %d bytes sha256 %s, want %d bytes sha256 %s' % (
                    what, len(got), hashlib.sha256(got).hexdigest()[:16],
                    len(want), hashlib.sha256(want).hexdigest()[:16]))
        raise AssertionError('%s: got %r, want %r' % (what, got, want))


def contains(haystack, needle, what='output'):
    if needle not in haystack:
        raise AssertionError('%s does not contain %r: %s' % (
            what, needle, _short(haystack, 2000)))


def not_contains(haystack, needle, what='output'):
    if needle in haystack:
        raise AssertionError('%s contains %r: %s' % (
            what, needle, _short(haystack, 2000)))


def wait_for(pred, timeout_s, what, interval=0.02):
    """Poll pred() until it returns a true value; fail after timeout_s."""
    deadline = time.monotonic() + T(timeout_s)
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('timed out after %.1fs waiting for %s' % (
                T(timeout_s), what))
        time.sleep(interval)


# --- processes -----------------------------------------------------------------

def _set_subreaper():
    # Session processes whose parent exits are reparented to us instead of
    # init, so teardown can find and kill them.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)      # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def _ppid_map():
    children = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name, 'rb') as f:
                data = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may contain spaces and parens.
        rest = data[data.rfind(b')') + 2:].split()
        if len(rest) < 2:
            continue
        children.setdefault(int(rest[1]), []).append(int(name))
    return children


def descendants(pid, children=None):
    children = children if children is not None else _ppid_map()
    out = []
    todo = list(children.get(pid, []))
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def proc_status(pid):
    """/proc/PID/status as a dict (empty if the process is gone)."""
    out = {}
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                key, _, value = line.partition(':')
                out[key] = value.strip()
    except OSError:
        pass
    return out


def proc_state(pid):
    state = proc_status(pid).get('State')
    return state[:1] if state else 'gone'


def alive(pid):
    state = proc_state(pid)
    return state not in ('gone', 'Z', 'X')


def _reap(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    except OSError:
        pass


_known_children = set()   # launchers and client processes we started


def _kill_tree(pids, grace):
    pids = [p for p in pids if p != os.getpid()]
    for sig, wait_s in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        for p in pids:
            try:
                os.kill(p, sig)
            except OSError:
                pass
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            for p in pids:
                _reap(p)
            if not any(alive(p) for p in pids):
                return True
            time.sleep(0.02)
    for p in pids:
        _reap(p)
    return not any(alive(p) for p in pids)


def _orphans():
    """Processes reparented to us (subreaper) that we did not start."""
    children = _ppid_map()
    out = []
    for p in children.get(os.getpid(), []):
        if p in _known_children:
            continue
        out.append(p)
        out.extend(descendants(p, children))
    return out


class Run:
    """A finished client command, kept for the failure report."""

    def __init__(self, argv, rc, out, err, elapsed):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err
        self.elapsed = elapsed

    def report(self):
        return 'command: %s\n  exit %s after %.2fs\n  stdout: %s\n  stderr: %s' % (
            ' '.join(self.argv), self.rc, self.elapsed,
            _short(self.out, 3000), _short(self.err, 3000))

    def cleanup(self):
        pass


def run(argv, timeout_s=30, env=None, input=None, cwd=None, stdin=None,
        pass_fds=(), preexec_fn=None, record=True):
    """Run a command with a hard timeout (the whole process group is killed).

    Returns a Run with rc (None on timeout), out and err as bytes; it is
    shown in the failure report unless record=False."""
    argv = [str(a) for a in argv]
    full_env = dict(os.environ)
    full_env.update(env or {})
    t0 = time.monotonic()
    proc = subprocess.Popen(
        argv, stdin=stdin if stdin is not None else
        (subprocess.PIPE if input is not None else subprocess.DEVNULL),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env,
        cwd=cwd, start_new_session=True, pass_fds=pass_fds,
        preexec_fn=preexec_fn)
    _known_children.add(proc.pid)
    try:
        out, err = proc.communicate(input=input, timeout=T(timeout_s))
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        _kill_tree([proc.pid] + descendants(proc.pid), 0.5)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        rc = None
        err += b'\n[ftptest: killed after %.0fs]' % T(timeout_s)
    finally:
        _known_children.discard(proc.pid)
    result = Run(argv, rc, out, err, time.monotonic() - t0)
    return _register(result) if record else result


def tempdir(prefix='ftptest-tmp-'):
    """A temporary directory removed when the test file ends."""
    d = tempfile.mkdtemp(prefix=prefix)
    _temp_dirs.append(d)
    return d


def client_env(tmp=None):
    """A clean environment for ftp clients: their own HOME, UTF-8 locale."""
    home = tmp or tempfile.mkdtemp(prefix='ftptest-home-')
    if not tmp:
        _temp_dirs.append(home)
    return {'HOME': home, 'LC_ALL': 'C.UTF-8', 'LANG': 'C.UTF-8'}


# --- ports ---------------------------------------------------------------------

def family_of(addr):
    return socket.AF_INET6 if ':' in addr else socket.AF_INET


def check_loopback(addr):
    if addr == '::1' or addr.startswith('127.'):
        return
    raise ValueError('only loopback addresses are allowed: %s' % addr)


def free_port(addr='127.0.0.1'):
    """A port that was free a moment ago (bind port 0, close)."""
    check_loopback(addr)
    s = socket.socket(family_of(addr), socket.SOCK_STREAM)
    try:
        s.bind((addr, 0))
        return s.getsockname()[1]
    finally:
        s.close()


def have_ipv6():
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.bind(('::1', 0))
        s.close()
        return True
    except OSError:
        return False


def _listening_inodes(port):
    """Inodes of sockets in LISTEN state on this local port."""
    out = set()
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    local, state, inode = fields[1], fields[3], fields[9]
                    if state == '0A' and int(local.rsplit(':', 1)[1], 16) == port:
                        out.add(inode)
        except OSError:
            pass
    return out


def _socket_inodes(pid):
    out = set()
    try:
        for fd in os.listdir('/proc/%d/fd' % pid):
            try:
                link = os.readlink('/proc/%d/fd/%s' % (pid, fd))
            except OSError:
                continue
            if link.startswith('socket:['):
                out.add(link[8:-1])
    except OSError:
        pass
    return out


# --- the demo tree ---------------------------------------------------------------

_temp_dirs = []

OLD_MTIME = 1577934245          # 2020-01-02 03:04:05 UTC
RECENT_MTIME_OFFSET = 3600      # files "recent": one hour ago


class Tree:
    """A temporary anon_root.  files: relative path (bytes) -> content."""

    def __init__(self, path):
        self.path = path
        self.files = {}          # world-readable regular files
        self.unreadable = []     # files anonymous users may not read

    def local(self, rel):
        if isinstance(rel, str):
            rel = rel.encode()
        return os.path.join(os.fsencode(self.path), rel.lstrip(b'/'))

    def data(self, rel):
        if isinstance(rel, str):
            rel = rel.encode()
        return self.files[rel.lstrip(b'/')]

    def add(self, rel, content, mode=0o644, mtime=None):
        if isinstance(rel, str):
            rel = rel.encode()
        full = self.local(rel)
        os.makedirs(os.path.dirname(full), mode=0o755, exist_ok=True)
        with open(full, 'wb') as f:
            f.write(content)
        os.chmod(full, mode)
        if mtime is not None:
            os.utime(full, (mtime, mtime))
        if mode & 0o004:
            self.files[rel] = content
        else:
            self.unreadable.append(rel)
        return full

    def mkdir(self, rel, mode=0o755):
        full = self.local(rel)
        os.makedirs(full, exist_ok=True)
        os.chmod(full, mode)
        return full

    def symlink(self, rel, target):
        os.symlink(target, self.local(rel))


def _random_bytes(n, seed):
    # Deterministic per seed, but incompressible and full of CR, LF and NUL.
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha512(b'%s-%d' % (seed, counter)).digest()
        counter += 1
    return bytes(out[:n])


TEXT = (b'Line one of a text file.\n'
        b'Line two, with a tab\tand trailing space \n'
        b'\n'
        b'Last line.\n')
SECRET = b'secret: anonymous users must never read this\n'
MESSAGE = b'Welcome to pub/sub.\nThis is the .message file.\n'
UTF8_NAME = 'grüße 日本.txt'
LATIN1_NAME = b'latin1-\xe9t\xe9.txt'
BIG_RANDOM = 3 * 1024 * 1024 + 17
SPARSE_SIZE = 5 * 1024 * 1024 * 1024 + 123     # beyond 4 GiB
SPARSE_MARK_AT = SPARSE_SIZE - 4096
SPARSE_MARK = b'MARK beyond 4 GiB: sockftpd-ftptest\n'


def make_tree(big=False, sparse=False, special=False):
    """Build the demo tree; world-readable, owned by the invoking user.

    /README.txt            text with LF line ends (ASCII mode tests)
    /empty.txt             0 bytes
    /old.txt               mtime 2020-01-02 03:04:05 UTC
    /secret.txt            mode 0600: not world-readable
    /link-inside           -> pub/small.bin
    /abslink-inside        -> /pub/small.bin (absolute, inside the root)
    /link-outside          -> /etc/passwd
    /dirlink-outside       -> /etc
    /.dotfile-root
    /pub/random.bin        3 MiB + 17 random bytes
    /pub/small.bin         1000 random bytes
    /pub/file with spaces.txt, /pub/grüße 日本.txt, /pub/latin1-\\xe9t\\xe9.txt
    /pub/-la               a file named like ls flags
    /pub/.dotfile
    /pub/sub/.message      shown with dirmessage_enable
    /pub/sub/deep.txt
    /weird/ff\\xffname      a name with byte 0xff (Telnet IAC)
    big:    /pub/zeros-64m.bin  sparse 64 MiB of zeros
    sparse: /huge.bin           sparse, SPARSE_SIZE bytes, SPARSE_MARK near the end
    special: /special/fifo (a named pipe), /special/loop (-> loop),
             /special/devzero (-> /dev/zero)
    """
    path = tempfile.mkdtemp(prefix='ftptest-tree-')
    _temp_dirs.append(path)
    os.chmod(path, 0o755)
    t = Tree(path)
    now = time.time()
    recent = int(now - RECENT_MTIME_OFFSET)
    t.add('README.txt', TEXT, mtime=recent)
    t.add('empty.txt', b'', mtime=recent)
    t.add('old.txt', b'old file\n', mtime=OLD_MTIME)
    t.add('secret.txt', SECRET, mode=0o600)
    t.add('.dotfile-root', b'dot\n')
    t.mkdir('pub')
    t.add('pub/random.bin', _random_bytes(BIG_RANDOM, b'random'))
    t.add('pub/small.bin', _random_bytes(1000, b'small'))
    t.add('pub/file with spaces.txt', b'spaces in the name\n')
    t.add(('pub/' + UTF8_NAME).encode(), 'UTF-8 name: grüße\n'.encode())
    t.add(b'pub/' + LATIN1_NAME, b'a name that is not UTF-8\n')
    t.add('pub/-la', b'a file named -la\n')
    t.add('pub/.dotfile', b'a dotfile\n')
    t.mkdir('pub/sub')
    t.add('pub/sub/.message', MESSAGE)
    t.add('pub/sub/deep.txt', b'deep\n')
    t.mkdir('weird')
    t.add(b'weird/ff\xffname', b'name with 0xff\n')
    t.symlink('link-inside', 'pub/small.bin')
    t.symlink('abslink-inside', '/pub/small.bin')
    t.symlink('link-outside', '/etc/passwd')
    t.symlink('dirlink-outside', '/etc')
    if big:
        full = t.local('pub/zeros-64m.bin')
        with open(full, 'wb') as f:
            f.truncate(64 * 1024 * 1024)
        os.chmod(full, 0o644)
    if sparse:
        full = t.local('huge.bin')
        with open(full, 'wb') as f:
            f.truncate(SPARSE_SIZE)
            f.seek(SPARSE_MARK_AT)
            f.write(SPARSE_MARK)
        os.chmod(full, 0o644)
    if special:
        t.mkdir('special')
        os.mkfifo(t.local('special/fifo'))
        os.chmod(t.local('special/fifo'), 0o644)
        t.symlink('special/loop', 'loop')
        t.symlink('special/devzero', '/dev/zero')
    for d in ('pub/sub', 'pub', 'weird'):
        os.utime(t.local(d), (recent, recent))
    return t


# --- servers -------------------------------------------------------------------

def _fmt_value(v):
    if v is True:
        return 'YES'
    if v is False:
        return 'NO'
    return str(v)


def conf_text(options):
    return ''.join('%s=%s\n' % (k, _fmt_value(v))
                   for k, v in options.items() if v is not None)


LINGER = 5      # seconds a session may take to exit after its client left


def write_file(path, text, mode=0o644):
    data = text.encode() if isinstance(text, str) else text
    with open(path, 'wb') as f:
        f.write(data)
    os.chmod(path, mode)
    return path


class Server:
    """One launcher (and the servers it spawns) on a loopback address.

    launcher: 'inetd'  systemd-socket-activate --inetd -l ADDR:PORT -a SERVER CONF
              'fd3'    the same without --inetd (LISTEN_FDS=1, socket on fd 3)
              'xinetd' xinetd -dontfork with one UNLISTED service (root only)
    conf: dict of options on top of the base (anonymous_enable, anon_root);
          a value of None removes an option.  raw_conf: exact file contents.
    """

    def __init__(self, tree=None, conf=None, launcher='inetd',
                 addr='127.0.0.1', args=(), raw_conf=None, user=None,
                 binary=None, conf_mode=0o600, env=None):
        check_loopback(addr)
        if launcher not in ('inetd', 'fd3', 'xinetd'):
            raise ValueError(launcher)
        # tests/valgrind.sh: valgrind 3.19 lacks openat2, which a session
        # started unprivileged needs.
        if user is not None and os.environ.get('FTPTEST_NO_UNPRIVILEGED'):
            skip('an unprivileged start cannot run here (no openat2)')
        # tests/valgrind.sh: xinetd's sessions are found by process name,
        # which valgrind changes; the inetd and fd3 launchers suffice.
        if launcher == 'xinetd' and os.environ.get('FTPTEST_NO_XINETD'):
            skip('xinetd sessions are not tracked under valgrind')
        self.tree = tree
        self.launcher = launcher
        self.addr = addr
        self.args = list(args)
        self.user = user
        self.env = dict(env or {})      # extra environment for the server
        self.binary = binary or SERVER
        self.conf_mode = conf_mode
        self.options = {'anonymous_enable': True}
        if tree is not None:
            self.options['anon_root'] = tree.path
        if IS_VSFTPD:
            self.options.update({
                'listen': False, 'listen_ipv6': False,
                'seccomp_sandbox': False,
                'secure_chroot_dir': VSFTPD_EMPTY})
        elif SANITIZERS:
            # ASan reserves terabytes of address space; RLIMIT_AS kills it.
            self.options['address_space_limit'] = 0
        self.options.update(conf or {})
        self.raw_conf = raw_conf
        self.proc = None
        self.port = None
        self.dir = None
        self.log_text = ''
        self.sanitizer_report = None
        self.lingering = ''
        self.argv = None
        _register(self)

    # -- lifecycle
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, etype, evalue, tb):
        self.stop()
        if etype is None and self.sanitizer_report:
            raise AssertionError('sanitizer report in server log:\n%s' %
                                 self.sanitizer_report)
        if etype is None and self.lingering:
            raise AssertionError(
                'session processes still running %.0fs after every client '
                'connection was closed:\n%s' % (T(LINGER), self.lingering))
        return False

    @property
    def conf_path(self):
        return os.path.join(self.dir, 'ftp.conf')

    @property
    def log_path(self):
        return os.path.join(self.dir, 'launcher.log')

    def config(self):
        return self.raw_conf if self.raw_conf is not None else \
            conf_text(self.options)

    def _argv(self):
        if self.launcher == 'xinetd':
            return [XINETD, '-dontfork', '-stayalive', '-f',
                    os.path.join(self.dir, 'xinetd.conf'),
                    '-pidfile', os.path.join(self.dir, 'xinetd.pid'),
                    '-filelog', os.path.join(self.dir, 'xinetd.log')]
        if self.addr == '::1':
            listen = '[::1]:%d' % self.port
        else:
            listen = '%s:%d' % (self.addr, self.port)
        argv = [SYSTEMD_SOCKET_ACTIVATE, '-l', listen, '-a']
        if self.launcher == 'inetd':
            argv.append('--inetd')
        for name in PASS_ENV:
            if name in os.environ:
                argv += ['-E', name]
        for name, value in sorted(self.env.items()):
            argv += ['-E', '%s=%s' % (name, value)]
        return argv + [self.binary, self.conf_path] + self.args

    def _xinetd_conf(self):
        return (
            'defaults\n{\n'
            '\tlog_type = FILE %(dir)s/xinetd.log\n'
            '\tlog_on_success = PID HOST EXIT DURATION\n'
            '\tlog_on_failure = HOST\n'
            '}\n'
            'service ftptest\n{\n'
            '\ttype = UNLISTED\n'
            '\tid = ftptest-%(port)d\n'
            '\tsocket_type = stream\n'
            '\tprotocol = tcp\n'
            '\twait = no\n'
            '\tuser = root\n'
            '\tserver = %(server)s\n'
            '\tserver_args = %(args)s\n'
            '\tport = %(port)d\n'
            '\tbind = %(addr)s\n'
            '\tflags = %(flags)s\n'
            '\tinstances = 100\n'
            '\tper_source = UNLIMITED\n'
            '\tcps = 10000 1\n'
            '%(passenv)s'
            '}\n') % {
                'dir': self.dir, 'port': self.port, 'server': self.binary,
                'args': ' '.join([self.conf_path] + self.args),
                'addr': self.addr,
                'flags': 'IPv6' if self.addr == '::1' else 'IPv4',
                'passenv': ''.join('\tpassenv = %s\n' % ' '.join(present)
                                   for present in [[n for n in PASS_ENV
                                                    if n in os.environ]]
                                   if present)}

    def start(self):
        if not os.access(self.binary, os.X_OK):
            raise AssertionError('server binary not found: %s' % self.binary)
        if self.launcher == 'xinetd':
            need_root()
            if not XINETD or not os.access(XINETD, os.X_OK):
                skip('xinetd is not installed')
        elif not SYSTEMD_SOCKET_ACTIVATE:
            skip('systemd-socket-activate is not installed')
        if IS_VSFTPD:
            need_root()
            os.makedirs(VSFTPD_EMPTY, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix='ftptest-srv-')
        _temp_dirs.append(self.dir)
        os.chmod(self.dir, 0o755)
        write_file(self.conf_path, self.config(), self.conf_mode)
        preexec = None
        if self.user is not None:
            need_root()
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            os.chown(self.conf_path, pw.pw_uid, pw.pw_gid)

            def preexec():
                os.setgroups([])
                os.setgid(pw.pw_gid)
                os.setuid(pw.pw_uid)
        last_error = None
        for _attempt in range(5):
            self.port = free_port(self.addr)
            if self.launcher == 'xinetd':
                write_file(os.path.join(self.dir, 'xinetd.conf'),
                           self._xinetd_conf())
            self.argv = self._argv()
            log = open(self.log_path, 'ab')
            try:
                env = dict(os.environ)
                if self.user is not None:
                    env['HOME'] = '/'
                    env['USER'] = self.user
                self.proc = subprocess.Popen(
                    self.argv, stdin=subprocess.DEVNULL, stdout=log,
                    stderr=log, start_new_session=True, cwd=self.dir,
                    env=env, preexec_fn=preexec)
            finally:
                log.close()
            _known_children.add(self.proc.pid)
            ok, last_error = self._wait_listening()
            if ok:
                return self
            self._kill()
            if 'in use' not in self.read_log():
                break
        raise AssertionError('launcher did not start: %s\n%s' % (
            last_error, self.read_log()))

    def _wait_listening(self):
        deadline = time.monotonic() + T(10)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False, 'launcher exited with %s' % self.proc.returncode
            if _listening_inodes(self.port) & _socket_inodes(self.proc.pid):
                return True, None
            time.sleep(0.01)
        return False, 'port %d not listening after %.0fs' % (self.port, T(10))

    def _kill(self):
        if self.proc is None:
            return
        pids = [self.proc.pid] + self.session_pids()
        _kill_tree(pids, 2)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        _known_children.discard(self.proc.pid)
        # Whatever sessions were orphaned meanwhile.
        rest = [p for p in _orphans() if self._is_server_pid(p)]
        if rest:
            _kill_tree(rest, 0.5)

    def stop(self):
        if self.proc is None:
            return
        # Close the clients first, so that sessions end the way they do in
        # real life (and sanitizers get to check them at exit); a session
        # that outlives its client by LINGER seconds is reported.
        try:
            mine = _artifacts[_artifacts.index(self) + 1:]
        except ValueError:
            mine = []
        for a in mine:
            if isinstance(a, (Ctrl, FTP, _Closer)):
                with contextlib.suppress(Exception):
                    a.cleanup()
        deadline = time.monotonic() + T(LINGER)
        while self.session_pids() and time.monotonic() < deadline:
            time.sleep(0.02)
        self.lingering = ', '.join(
            '%d (%s)' % (p, proc_status(p).get('Name', '?'))
            for p in self.session_pids())
        self._kill()
        self.proc = None
        self.log_text = self.read_log()
        for marker in SANITIZER_MARKERS:
            if marker in self.log_text:
                self.sanitizer_report = self.log_text
                break

    def read_log(self):
        text = ''
        for name in ('launcher.log', 'xinetd.log'):
            path = os.path.join(self.dir or '/nonexistent', name)
            try:
                with open(path, 'rb') as f:
                    data = f.read()
            except OSError:
                continue
            text += data.decode('utf-8', 'replace')
        return text

    def log(self):
        """The launcher's stderr so far (includes the server's stderr in
        inetd and fd3 modes)."""
        return self.read_log() if self.proc is not None else self.log_text

    def report(self):
        return ('server: %s via %s on %s port %s\n  argv: %s\n'
                '  config:\n%s  launcher log:\n%s') % (
                    TARGET, self.launcher, self.addr, self.port,
                    ' '.join(self.argv or []),
                    ''.join('    ' + l + '\n'
                            for l in self.config().splitlines()),
                    ''.join('    ' + l + '\n'
                            for l in self.log()[-6000:].splitlines()))

    def cleanup(self):
        self.stop()

    # -- sessions
    def _is_server_pid(self, pid):
        try:
            exe = os.readlink('/proc/%d/exe' % pid)
        except OSError:
            return True    # cannot tell (e.g. other user): assume it is
        return os.path.basename(exe).split(' ')[0] in (
            os.path.basename(self.binary), 'xinetd')

    def session_pids(self):
        """Server processes now running for this launcher's sessions."""
        if self.proc is None:
            return []
        children = _ppid_map()
        pids = descendants(self.proc.pid, children)
        for p in children.get(os.getpid(), []):
            if p not in _known_children and self._is_server_pid(p):
                pids.append(p)
                pids.extend(descendants(p, children))
        return [p for p in pids if alive(p)]

    def wait_sessions_gone(self, timeout_s=5):
        wait_for(lambda: not self.session_pids(), timeout_s,
                 'all session processes to exit')

    # -- clients
    @property
    def host(self):
        return self.addr

    @property
    def url(self):
        if ':' in self.addr:
            return 'ftp://[%s]:%d' % (self.addr, self.port)
        return 'ftp://%s:%d' % (self.addr, self.port)

    def ctrl(self, greet=True, **kw):
        """A raw control connection (greeting read unless greet=False)."""
        c = Ctrl(self.addr, self.port, **kw)
        if greet:
            c.greeting()
        return c

    def login(self, **kw):
        c = self.ctrl(**kw)
        c.login()
        return c

    def ftp(self, login=True, encoding='utf-8', timeout_s=10):
        f = FTP(encoding=encoding)
        f.connect(self.addr, self.port, timeout=T(timeout_s))
        if login:
            f.login('anonymous', 'ftptest@example.org')
        return f


# --- control connections -------------------------------------------------------

class Reply:
    def __init__(self, code, lines, raw):
        self.code = code
        self.lines = lines           # text lines without CRLF
        self.raw = raw               # bytes as received

    @property
    def text(self):
        """The text after the code on the last line."""
        return self.lines[-1][4:]

    @property
    def first(self):
        return self.lines[0]

    def __str__(self):
        return '\n'.join(self.lines)

    def __repr__(self):
        return 'Reply(%r)' % str(self)


class ConnectionClosed(AssertionError):
    pass


class ReplyTimeout(AssertionError):
    pass


class Ctrl:
    """A raw control connection that keeps a transcript.

    Strict about the wire: every reply line must end in CRLF and multi-line
    replies must follow RFC 959 (ddd- ... ddd )."""

    def __init__(self, host, port, timeout_s=10, source=None):
        self.host, self.port = host, port
        self.timeout = T(timeout_s)
        self.transcript = []
        self.buf = b''
        self.closed = False
        fam = family_of(host)
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        if source:
            check_loopback(source)
            self.sock.bind((source, 0))
        _register(self)
        self.sock.connect((host, port))
        self.local_addr = self.sock.getsockname()[0]

    @classmethod
    def from_socket(cls, sock, timeout_s=10):
        """Wrap an already connected control socket."""
        c = cls.__new__(cls)
        c.host, c.port = sock.getpeername()[:2]
        c.timeout = T(timeout_s)
        c.transcript, c.buf, c.closed, c.sock = [], b'', False, sock
        c.local_addr = sock.getsockname()[0]
        sock.settimeout(c.timeout)
        _register(c)
        return c

    # -- transcript
    def report(self):
        lines = ['control transcript (%s:%s):' % (self.host, self.port)]
        shown = self.transcript[-80:]
        if len(self.transcript) > 80:
            lines.append('  ... %d earlier lines' % (len(self.transcript) - 80))
        for direction, data in shown:
            lines.append('  %s %s' % (direction, _short(data, 200)))
        return '\n'.join(lines)

    def cleanup(self):
        self.close()

    def close(self):
        if not self.closed:
            self.closed = True
            with contextlib.suppress(OSError):
                self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- sending
    def sendraw(self, data, oob=False):
        self.transcript.append(('>' if not oob else '>OOB', data))
        if oob:
            self.sock.send(data, socket.MSG_OOB)
        else:
            self.sock.sendall(data)

    def send(self, line):
        if isinstance(line, str):
            line = line.encode('utf-8', 'surrogateescape')
        self.sendraw(line + b'\r\n')

    # -- receiving
    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            self.transcript.append(('<', b'[no reply: timed out]'))
            raise ReplyTimeout('no complete reply from the server in time')
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(65536)
        except ConnectionResetError:
            data = b''
        except socket.timeout:
            self.transcript.append(('<', b'[no reply: timed out]'))
            raise ReplyTimeout('no complete reply from the server in time '
                               '(%r pending)' % self.buf[:200]) from None
        if not data:
            self.transcript.append(('<', b'[EOF]'))
            raise ConnectionClosed('control connection closed by server')
        self.buf += data

    def readline(self, timeout_s=None):
        deadline = time.monotonic() + (T(timeout_s) if timeout_s else
                                       self.timeout)
        while b'\n' not in self.buf:
            self._fill(deadline)
        line, _, self.buf = self.buf.partition(b'\n')
        line += b'\n'
        self.transcript.append(('<', line))
        return line

    def reply(self, timeout_s=None):
        raw = self.readline(timeout_s)
        lines = [raw]
        m = re.match(rb'^(\d{3})([ -])', raw)
        if not m:
            raise AssertionError('malformed reply line: %r' % raw)
        if m.group(2) == b'-':
            end = m.group(1) + b' '
            while True:
                line = self.readline(timeout_s)
                lines.append(line)
                if line.startswith(end):
                    break
        for line in lines:
            if not line.endswith(b'\r\n'):
                raise AssertionError('reply line not ended by CRLF: %r' % line)
        text = [l[:-2].decode('utf-8', 'surrogateescape') for l in lines]
        return Reply(int(m.group(1)), text, b''.join(lines))

    def expect(self, code, text=None, timeout_s=None):
        r = self.reply(timeout_s)
        match_code(r, code)
        if text is not None and r.text != text and r.first[4:] != text:
            raise AssertionError('reply %r: want text %r' % (str(r), text))
        return r

    def cmd(self, line, code=None, text=None, timeout_s=None):
        self.send(line)
        if code is None:
            return self.reply(timeout_s)
        return self.expect(code, text, timeout_s)

    def greeting(self):
        return self.expect(220)

    def login(self, user='anonymous', password='ftptest@example.org'):
        r = self.cmd('USER %s' % user)
        if r.code == 331:
            r = self.cmd('PASS %s' % password)
        match_code(r, 230)
        return r

    def at_eof(self, timeout_s=5):
        """True if the server closes the connection within timeout_s (any
        pending replies are read and kept in the transcript)."""
        deadline = time.monotonic() + T(timeout_s)
        try:
            while True:
                while b'\n' in self.buf:
                    self.readline()
                self._fill(deadline)
        except ConnectionClosed:
            return True
        except ReplyTimeout:
            self.transcript.pop()
            return False

    # -- data connections
    def pasv(self):
        r = self.cmd('PASV', 227)
        m = re.search(r'(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)', r.text)
        check(m, 'cannot parse 227 reply: %s' % r)
        n = [int(x) for x in m.groups()]
        return '%d.%d.%d.%d' % tuple(n[:4]), n[4] * 256 + n[5]

    def epsv(self):
        r = self.cmd('EPSV', 229)
        m = re.search(r'\((.)\1\1(\d+)\1\)', r.text)
        check(m, 'cannot parse 229 reply: %s' % r)
        return self.host, int(m.group(2))

    def open_passive(self, how='pasv', source=None):
        """Send PASV/EPSV and connect; returns the data socket."""
        host, port = self.pasv() if how == 'pasv' else self.epsv()
        return connect(host, port, source=source)

    def listen_active(self, how='port', addr=None):
        """Listen and send PORT/EPRT; returns the listening socket."""
        addr = addr or self.local_addr
        ls = socket.socket(family_of(addr), socket.SOCK_STREAM)
        ls.bind((addr, 0))
        ls.listen(1)
        ls.settimeout(self.timeout)
        port = ls.getsockname()[1]
        _register(_Closer(ls))
        if how == 'port':
            self.cmd('PORT %s,%d,%d' % (addr.replace('.', ','),
                                        port >> 8, port & 255), 200)
        else:
            proto = 2 if ':' in addr else 1
            self.cmd('EPRT |%d|%s|%d|' % (proto, addr, port), 200)
        return ls

    def transfer(self, command, how='pasv', binary=True, rest=None,
                 expect_final=226):
        """Run one data command; returns (data, 150 reply, final reply)."""
        data_sock, prelim = self.start_transfer(command, how=how,
                                                binary=binary, rest=rest)
        data = recv_all(data_sock, self.timeout)
        final = self.reply()
        match_code(final, expect_final)
        return data, prelim, final

    def retr(self, path, **kw):
        if isinstance(path, bytes):
            return self.transfer(b'RETR ' + path, **kw)[0]
        return self.transfer('RETR ' + path, **kw)[0]

    def listing(self, command='LIST', **kw):
        kw.setdefault('binary', None)
        return self.transfer(command, **kw)[0]


class _Closer:
    def __init__(self, sock):
        self.sock = sock

    def report(self):
        return None

    def cleanup(self):
        with contextlib.suppress(OSError):
            self.sock.close()


def track(sock):
    """Close this socket when the test ends; returns it."""
    _register(_Closer(sock))
    return sock


def telnet_quote(data):
    """A command argument as an RFC 854 client sends it: 0xff doubled.
    vsftpd does not undo the doubling, so against it bytes go out raw."""
    if IS_VSFTPD:
        return data
    return data.replace(b'\xff', b'\xff\xff')


def match_code(r, code):
    """code: an int, a tuple of ints, or a one-digit string class like '5'."""
    if isinstance(code, str):
        ok = str(r.code).startswith(code)
    elif isinstance(code, (tuple, list, set)):
        ok = r.code in code
    else:
        ok = r.code == code
    if not ok:
        raise AssertionError('unexpected reply %r, wanted %s' % (str(r), code))


def connect(host, port, source=None, timeout_s=10):
    s = socket.socket(family_of(host), socket.SOCK_STREAM)
    s.settimeout(T(timeout_s))
    if source:
        check_loopback(source)
        s.bind((source, 0))
    _register(_Closer(s))
    s.connect((host, port))
    return s


def recv_all(sock, timeout_s, limit=None):
    """Read until EOF (or limit bytes) with an overall deadline."""
    deadline = time.monotonic() + timeout_s
    chunks = []
    total = 0
    try:
        while limit is None or total < limit:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError('data connection: no EOF within %.1fs '
                                     '(%d bytes read)' % (timeout_s, total))
            sock.settimeout(remaining)
            want = 1 << 20 if limit is None else min(1 << 20, limit - total)
            data = sock.recv(want)
            if not data:
                break
            chunks.append(data)
            total += len(data)
    finally:
        if limit is None:
            sock.close()
    return b''.join(chunks)


class FTP(ftplib.FTP):
    """ftplib.FTP that records its control transcript for failure reports."""

    def __init__(self, *args, **kw):
        self.transcript = []
        super().__init__(*args, **kw)
        _register(self)

    def putline(self, line):
        self.transcript.append(('>', line))
        super().putline(line)

    def getline(self):
        line = super().getline()
        self.transcript.append(('<', line))
        return line

    def report(self):
        lines = ['ftplib transcript:']
        for direction, data in self.transcript[-80:]:
            lines.append('  %s %s' % (direction, _short(data, 200)))
        return '\n'.join(lines)

    def cleanup(self):
        with contextlib.suppress(Exception):
            self.close()

    def retr_bytes(self, path):
        chunks = []
        self.retrbinary('RETR %s' % path, chunks.append)
        return b''.join(chunks)


# --- listing parsers -------------------------------------------------------------

LIST_RE = re.compile(
    rb'^(?P<type>[-dlpscb])(?P<perm>[-rwxsStT]{9}) +(?P<links>\d+) '
    rb'(?P<owner>\S+) +(?P<group>\S+) +(?P<size>\d+) '
    rb'(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) '
    rb'(?P<day>\d\d) (?P<time>[ \d]\d:\d\d|  \d{4}| \d{4}) (?P<name>.+)$')


def parse_list(data, crlf=True):
    """Parse an ls -l style listing (vsftpd's format); CRLF line ends
    (crlf=False for output a client has converted to LF).

    Returns name (bytes) -> dict; a symlink's name has ' -> target' split off."""
    eol = b'\r\n' if crlf else b'\n'
    check(data == b'' or data.endswith(eol),
          'listing does not end with %r: %r' % (eol, data[-50:]))
    if crlf:
        check(data.count(b'\n') == data.count(b'\r\n'),
              'listing has bare LF line ends: %r' % data[:300])
    entries = {}
    for line in data.split(eol)[:-1]:
        if line.startswith(b'total '):
            continue
        m = LIST_RE.match(line)
        check(m, 'LIST line not in ls -l format: %r' % line)
        e = {k: m.group(k) for k in ('type', 'perm', 'owner', 'group',
                                     'month', 'day', 'time')}
        e['links'] = int(m.group('links'))
        e['size'] = int(m.group('size'))
        e['line'] = line
        name = m.group('name')
        if e['type'] == b'l' and b' -> ' in name:
            name, _, e['target'] = name.partition(b' -> ')
        entries[name] = e
    return entries


def parse_nlst(data, crlf=True):
    eol = b'\r\n' if crlf else b'\n'
    check(data == b'' or data.endswith(eol),
          'NLST output does not end with %r: %r' % (eol, data[-50:]))
    return data.split(eol)[:-1]


def parse_facts(line):
    """'type=file;size=3; name' -> (name, {fact_lower: value})."""
    facts_part, sep, name = line.partition(b' ')
    check(sep, 'MLSx line without space before the name: %r' % line)
    facts = {}
    for item in facts_part.split(b';'):
        if not item:
            continue
        k, eq_, v = item.partition(b'=')
        check(eq_, 'MLSx fact without "=": %r in %r' % (item, line))
        facts[k.decode().lower()] = v.decode('utf-8', 'surrogateescape')
    check(facts_part.endswith(b';'), 'MLSx facts must end with ";": %r' % line)
    return name, facts


def parse_mlsd(data):
    check(data == b'' or data.endswith(b'\r\n'),
          'MLSD output does not end with CRLF: %r' % data[-50:])
    out = {}
    for line in data.split(b'\r\n')[:-1]:
        name, facts = parse_facts(line)
        out[name] = facts
    return out


def mode_string(st_mode):
    out = ''
    for who in (6, 3, 0):
        bits = (st_mode >> who) & 7
        out += 'r' if bits & 4 else '-'
        out += 'w' if bits & 2 else '-'
        out += 'x' if bits & 1 else '-'
    return out


def utc_stamp(t):
    return time.strftime('%Y%m%d%H%M%S', time.gmtime(t))


# --- the runner -----------------------------------------------------------------

def _alarm(signum, frame):
    raise TestTimeout('test exceeded its time limit')


def _cleanup_artifacts():
    for a in reversed(_artifacts):
        with contextlib.suppress(Exception):
            a.cleanup()


def _report_artifacts():
    for a in _artifacts:
        try:
            text = a.report()
        except Exception as e:       # pragma: no cover
            text = 'cannot report %r: %s' % (a, e)
        if text:
            for line in text.splitlines():
                print('    ' + line)


def _sweep():
    # Anything still running that we started or inherited (subreaper).
    rest = [p for p in descendants(os.getpid()) if p not in _known_children]
    if rest:
        _kill_tree(rest, 0.5)


def _remove_temp():
    if KEEP:
        if _temp_dirs:
            print('kept: %s' % ' '.join(_temp_dirs))
        return
    for d in _temp_dirs:
        shutil.rmtree(d, ignore_errors=True)


def main(default_timeout=30):
    """Run the test_* functions of __main__ in definition order.

    Arguments on the command line select tests by name (substring)."""
    _set_subreaper()
    signal.signal(signal.SIGALRM, _alarm)
    mod = sys.modules['__main__']
    tests = [(n, f) for n, f in list(vars(mod).items())
             if n.startswith('test_') and callable(f)]
    wanted = sys.argv[1:]
    if wanted:
        tests = [(n, f) for n, f in tests if any(w in n for w in wanted)]
    if IS_SOCKFTPD and not os.access(SOCKFTPD, os.X_OK):
        print('ERROR: the server binary %s is missing (build it first)'
              % SOCKFTPD)
        sys.exit(99)
    print('target: %s (%s), %s' % (TARGET, SERVER,
                                   'root' if ROOT else 'unprivileged'))
    passed = failed = skipped = 0
    t_start = time.monotonic()
    for name, fn in tests:
        _artifacts.clear()
        limit = T(getattr(fn, 'timeout', None) or default_timeout)
        t0 = time.monotonic()
        status, detail = 'PASS', ''
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            fn()
        except Skip as e:
            status, detail = 'SKIP', str(e)
        except KeyboardInterrupt:
            raise
        except BaseException as e:       # noqa: B902 - report everything
            status = 'FAIL'
            detail = ''.join(traceback.format_exception(type(e), e,
                                                        e.__traceback__))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            _cleanup_artifacts()
        except TestTimeout:
            pass
        dt = time.monotonic() - t0
        if status == 'PASS':
            passed += 1
            print('PASS: %s (%.2fs)' % (name, dt))
        elif status == 'SKIP':
            skipped += 1
            print('SKIP: %s: %s' % (name, detail))
        else:
            failed += 1
            print('FAIL: %s (%.2fs)' % (name, dt))
            for line in detail.rstrip().splitlines():
                print('    ' + line)
            _report_artifacts()
        sys.stdout.flush()
        _sweep()
    _remove_temp()
    print('%s: %d passed, %d failed, %d skipped in %.1fs' % (
        os.path.basename(sys.argv[0]), passed, failed, skipped,
        time.monotonic() - t_start))
    if failed:
        sys.exit(1)
    if passed == 0:
        sys.exit(77)
    sys.exit(0)


# --- uploads and file management (100-*.py and later) ----------------------------

def session_user():
    """The passwd entry anonymous sessions run as: ftp (ftp_username) when the
    tests run as root, else the invoking user."""
    if ROOT:
        return pwd.getpwnam('ftp')
    return pwd.getpwuid(os.getuid())


def writable_dir(tree, rel, mode=0o755):
    """A directory in tree that the anonymous session can write to: owned by
    session_user(), with this mode.  Returns its path on the server side."""
    full = tree.mkdir(rel, mode)
    if ROOT:
        pw = session_user()
        os.chown(full, pw.pw_uid, pw.pw_gid)
    os.chmod(full, mode)
    return full


def upload_tree(*dirs):
    """A small anon_root: /README.txt and the writable directories given
    (default: /up).  The root stays 0755 and owned by the invoking user, so a
    session running as ftp cannot write to it (vsftpd refuses a writable
    chroot)."""
    path = tempfile.mkdtemp(prefix='ftptest-up-')
    _temp_dirs.append(path)
    os.chmod(path, 0o755)
    t = Tree(path)
    t.add('README.txt', TEXT)
    for rel in dirs or ('up',):
        writable_dir(t, rel)
    return t


def random_bytes(n, seed=b'upload'):
    """n deterministic, incompressible bytes full of CR, LF and NUL."""
    return _random_bytes(n, seed)


def read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


def rst_close(sock):
    """Close a socket with SO_LINGER 0: the peer gets a RST, not a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                    b'\x01\x00\x00\x00\x00\x00\x00\x00')
    sock.close()


def _ctrl_start_transfer(self, command, how='pasv', binary=True, rest=None):
    """Ctrl.start_transfer (and its alias start_upload): TYPE, a data
    connection, REST if given, then the data command; returns (data socket,
    150 reply).  The caller moves the data, closes the socket and reads the
    final reply."""
    if binary is not None:
        self.cmd('TYPE I' if binary else 'TYPE A', 200)
    if how in ('pasv', 'epsv'):
        data_sock = self.open_passive(how)
        if rest is not None:
            self.cmd('REST %d' % rest, 350)
        prelim = self.cmd(command)
        match_code(prelim, (125, 150))
    else:
        ls = self.listen_active(how)
        if rest is not None:
            self.cmd('REST %d' % rest, 350)
        prelim = self.cmd(command)
        match_code(prelim, (125, 150))
        data_sock, _ = ls.accept()
        ls.close()
        track(data_sock)
    data_sock.settimeout(self.timeout)
    return data_sock, prelim


def _ctrl_upload(self, command, data, how='pasv', binary=True, rest=None,
                 expect_final=226, chunk=65536):
    """Ctrl.upload: send data for STOR/APPE/STOU over a new data connection,
    close it (FIN), read the final reply; returns (150 reply, final reply)."""
    sock, prelim = self.start_upload(command, how=how, binary=binary,
                                     rest=rest)
    view = memoryview(data)
    for i in range(0, len(data), chunk):
        sock.sendall(view[i:i + chunk])
    sock.close()
    final = self.reply()
    match_code(final, expect_final)
    return prelim, final


Ctrl.start_transfer = _ctrl_start_transfer
Ctrl.start_upload = _ctrl_start_transfer
Ctrl.upload = _ctrl_upload


def session_file(tree, rel, content, mode=0o644, mtime=None):
    """A file in tree owned by session_user(), as if an earlier session had
    uploaded it (so that in-place writes are possible as that user)."""
    full = tree.add(rel, content, mode=mode, mtime=mtime)
    if ROOT:
        pw = session_user()
        os.chown(full, pw.pw_uid, pw.pw_gid)
    return full


# --- logs, limits and process titles (160-*.py and later) ------------------------

CTIME_DATE = (rb'(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) '
              rb'(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) '
              rb'[ 123]\d \d\d:\d\d:\d\d \d{4}')


def log_dir():
    """A temporary directory for log files (0755, like /var/log)."""
    d = tempfile.mkdtemp(prefix='ftptest-log-')
    _temp_dirs.append(d)
    os.chmod(d, 0o755)
    return d


def log_bytes(path):
    """The contents of a log file; b'' if it does not exist."""
    try:
        with open(path, 'rb') as f:
            return f.read()
    except FileNotFoundError:
        return b''


class _LogFile:
    def __init__(self, path):
        self.path = path

    def report(self):
        data = log_bytes(self.path)
        text = _short(data[-6000:], 6000)
        return 'log file %s (%d bytes, last 6000 shown):\n  %s' % (
            self.path, len(data), text.replace('\\n', '\n  '))

    def cleanup(self):
        pass


def show_log(path):
    """Show this log file in the failure report."""
    _register(_LogFile(path))
    return path


def log_lines(path):
    """The lines of a log file (bytes, without the LF).  Every line must
    end with LF: a missing LF at the end means a torn write."""
    data = log_bytes(path)
    check(data == b'' or data.endswith(b'\n'),
          '%s does not end with a line feed: %r' % (path, data[-200:]))
    return data.split(b'\n')[:-1]


def session_groups(server):
    """The processes of each session: one list per process the launcher
    started (or that was orphaned to us), that process first, then its
    descendants."""
    if server.proc is None:
        return []
    children = _ppid_map()
    tops = list(children.get(server.proc.pid, []))
    if server.launcher == 'xinetd':
        tops = [p for p in tops if server._is_server_pid(p)]
    for p in children.get(os.getpid(), []):
        if p not in _known_children and p != server.proc.pid and \
                server._is_server_pid(p):
            tops.append(p)
    out = []
    for top in tops:
        group = [top] + descendants(top, children)
        group = [p for p in group if alive(p)]
        if group:
            out.append(group)
    return out


def proc_cmdline(pid):
    """/proc/PID/cmdline as bytes (None if the process is gone)."""
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            return f.read()
    except OSError:
        return None


def proc_uid(pid):
    """The real uid of a process (None if it is gone)."""
    uids = proc_status(pid).get('Uid')
    return int(uids.split()[0]) if uids else None


def cpu_seconds(pids):
    """User plus system CPU time of these processes, in seconds."""
    ticks = os.sysconf('SC_CLK_TCK')
    total = 0
    for pid in pids:
        try:
            with open('/proc/%d/stat' % pid, 'rb') as f:
                data = f.read()
        except OSError:
            continue
        rest = data[data.rfind(b')') + 2:].split()
        total += int(rest[11]) + int(rest[12])      # utime, stime
    return total / ticks


def first_reply(server, source=None, timeout_s=10):
    """Connect and read the first reply (220, or 421 from a limit);
    returns (Ctrl, Reply)."""
    c = Ctrl(server.addr, server.port, timeout_s=timeout_s, source=source)
    return c, c.reply()


# --- system users, PAM services, session credentials (220-*.py and later) --------

def random_name(prefix='ftpt'):
    """A fresh name for a temporary user, group or PAM service."""
    return prefix + os.urandom(4).hex()


def _admin(argv, what, input=None, tries=50):
    # useradd and friends fail while another process holds the lock on
    # /etc/passwd or /etc/group (parallel make check): retry for a while.
    for _ in range(tries):
        r = run(argv, timeout_s=30, input=input, record=False)
        if r.rc == 0:
            return r
        if b'lock' not in r.err.lower():
            break
        time.sleep(0.1)
    raise AssertionError('%s failed (exit %s): %s' % (
        what, r.rc, r.err.decode('utf-8', 'replace').strip()))


@contextlib.contextmanager
def system_group(name=None):
    """(root) A temporary system group; yields its grp entry, removes it
    with groupdel afterwards."""
    import grp
    need_root()
    need_tool('groupadd', shutil.which('groupadd', path='/usr/sbin:/sbin'))
    name = name or random_name('ftpg')
    _admin(['groupadd', name], 'groupadd %s' % name)
    try:
        yield grp.getgrnam(name)
    finally:
        for _ in range(50):
            r = run(['groupdel', name], record=False)
            if r.rc in (0, 6) or b'lock' not in r.err.lower():
                break
            time.sleep(0.1)


def _remove_user(name):
    force = []
    for _ in range(50):
        r = run(['userdel', '--remove'] + force + [name], record=False)
        if r.rc in (0, 6, 12):      # removed, no such user, home not removed
            return
        if b'lock' in r.err.lower():
            time.sleep(0.1)
        elif force:
            break
        else:
            force = ['--force']     # e.g. a process of the user still runs
    print('warning: userdel %s failed (exit %s): %r' % (name, r.rc, r.err))


@contextlib.contextmanager
def system_user(password, name=None, home=None, shell='/bin/bash',
                groups=(), create_home=True):
    """(root) A temporary local user with this password (useradd, chpasswd);
    yields its pwd entry and removes it with userdel -r afterwards.

    home: default a new directory under a fresh 0755 temporary directory;
    created (mode 0755, owned by the user, empty: no skeleton files) unless
    create_home=False.  groups: supplementary group names.  The user gets
    its own primary group (USERGROUPS_ENAB), removed with it."""
    need_root()
    need_tool('useradd', shutil.which('useradd', path='/usr/sbin:/sbin'))
    name = name or random_name()
    if home is None:
        parent = tempdir('ftptest-home-')
        os.chmod(parent, 0o755)
        home = os.path.join(parent, name)
    skel = tempdir('ftptest-skel-')
    argv = ['useradd', '--shell', shell, '--home-dir', home]
    if create_home:
        argv += ['--create-home', '--skel', skel]
    else:
        argv += ['--no-create-home']
    if groups:
        argv += ['--groups', ','.join(groups)]
    _admin(argv + [name], 'useradd %s' % name)
    try:
        _admin(['chpasswd'], 'chpasswd %s' % name,
               input=('%s:%s\n' % (name, password)).encode())
        pw = pwd.getpwnam(name)
        if create_home:
            os.chmod(home, 0o755)
        yield pw
    finally:
        _remove_user(name)
        if create_home:
            shutil.rmtree(home, ignore_errors=True)


@contextlib.contextmanager
def pam_service(text, name=None, directory='/etc/pam.d'):
    """A temporary PAM service file (root for /etc/pam.d); yields the
    service name, removes the file afterwards."""
    name = name or random_name('sockftpd-test-')
    path = os.path.join(directory, name)
    check(not os.path.exists(path), '%s exists already' % path)
    write_file(path, text, 0o644)
    note('PAM service %s:\n%s' % (path, text))
    try:
        yield name
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def proc_ids(pid):
    """A process's credentials from /proc/PID/status: dict with uids and
    gids (real, effective, saved, fs), groups (sorted), name; None if the
    process is gone."""
    st = proc_status(pid)
    if not st.get('Uid'):
        return None
    return {'pid': pid, 'name': st.get('Name'),
            'uids': [int(x) for x in st['Uid'].split()],
            'gids': [int(x) for x in st['Gid'].split()],
            'groups': sorted(int(x) for x in st.get('Groups', '').split())}


def session_credentials(server):
    """proc_ids() of every process now running for the server's sessions."""
    out = []
    for p in server.session_pids():
        ids = proc_ids(p)
        if ids is not None:
            out.append(ids)
    return out


def describe_credentials(creds):
    return '\n'.join('pid %(pid)d %(name)s uids %(uids)s gids %(gids)s '
                     'groups %(groups)s' % c for c in creds)


# --- TLS: certificates, client contexts, FTPS connections (250-*.py and later) ---

import ssl  # noqa: E402

_tls_certs = {}


def tls_cert(kind='rsa', combined=False):
    """A self-signed certificate for CN=localhost, made once per test file
    (openssl req) in a temporary directory removed at the end.  kind: 'rsa'
    (2048 bits) or 'ec' (P-256).  Returns (cert path, key path); the key is
    mode 0600.  combined=True: the key and the certificate in one file,
    returned as (path, path)."""
    key = (kind, combined)
    if key in _tls_certs:
        return _tls_certs[key]
    if combined:
        crt, pem = tls_cert(kind)
        both = os.path.join(os.path.dirname(crt), '%s-both.pem' % kind)
        write_file(both, read_bytes(pem) + read_bytes(crt), 0o600)
        _tls_certs[key] = (both, both)
        return both, both
    if not shutil.which('openssl'):
        skip('openssl is not installed')
    d = tempdir('ftptest-tls-')
    os.chmod(d, 0o755)
    crt = os.path.join(d, '%s-cert.pem' % kind)
    pem = os.path.join(d, '%s-key.pem' % kind)
    newkey = {'rsa': ['-newkey', 'rsa:2048'],
              'ec': ['-newkey', 'ec', '-pkeyopt',
                     'ec_paramgen_curve:prime256v1']}[kind]
    r = run(['openssl', 'req', '-x509'] + newkey +
            ['-nodes', '-days', '2', '-subj', '/CN=localhost',
             '-keyout', pem, '-out', crt], timeout_s=60, record=False)
    check(r.rc == 0, 'openssl req failed: %r' % r.err)
    os.chmod(pem, 0o600)
    os.chmod(crt, 0o644)
    _tls_certs[key] = (crt, pem)
    return crt, pem


def tls_conf(kind='rsa', combined=False, **extra):
    """Server options for TLS: ssl_enable, rsa_cert_file and
    rsa_private_key_file (not given when combined), then extra."""
    crt, pem = tls_cert(kind, combined)
    conf = {'ssl_enable': True, 'rsa_cert_file': crt}
    if not combined:
        conf['rsa_private_key_file'] = pem
    conf.update(extra)
    return conf


TLS_VERSIONS = {'1.1': ssl.TLSVersion.TLSv1_1, '1.2': ssl.TLSVersion.TLSv1_2,
                '1.3': ssl.TLSVersion.TLSv1_3}


def tls_context(version=None, alpn=None, seclevel=None, tickets=True):
    """A client SSLContext that does not verify the server (self-signed).
    version: '1.2', '1.3' (or '1.1') to allow that version only; alpn: a
    list of protocols to offer; seclevel: an OpenSSL security level for
    the client (0 lets it speak TLS 1.1); tickets=False: no TLS 1.2
    session tickets (OP_NO_TICKET, as curl does), so that TLS 1.2 sessions
    resume by session ID from the server's cache."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if not tickets:
        ctx.options |= ssl.OP_NO_TICKET
    if seclevel is not None:
        ctx.set_ciphers('DEFAULT:@SECLEVEL=%d' % seclevel)
    if version is not None:
        ctx.minimum_version = ctx.maximum_version = TLS_VERSIONS[version]
    if alpn is not None:
        ctx.set_alpn_protocols(alpn)
    return ctx


def _ctrl_auth_tls(self, ctx=None, mech='TLS', server_hostname=None):
    """Ctrl.auth_tls: AUTH TLS (or SSL), 234, then the handshake on the
    control connection; every later line goes through TLS.  Returns the
    234 reply.  A handshake failure raises ssl.SSLError or OSError."""
    r = self.cmd('AUTH %s' % mech, 234)
    check(self.buf == b'', 'bytes after the 234 reply before the '
          'handshake: %r' % self.buf)
    self.tls_context = ctx or tls_context()
    self.transcript.append(('*', b'[TLS handshake]'))
    self.sock = self.tls_context.wrap_socket(
        self.sock, server_hostname=server_hostname)
    self.transcript.append(('*', ('[%s %s]' % (
        self.sock.version(), self.sock.cipher()[0])).encode()))
    return r


def _ctrl_tls_data(self, sock, reuse=True, server_hostname=None):
    """Ctrl.tls_data: the TLS client handshake on a data socket, resuming
    the control connection's session if reuse (else a fresh session).
    Returns the wrapped socket."""
    session = self.sock.session if reuse else None
    if reuse:
        check(session is not None, 'no TLS session on the control '
              'connection to resume')
    out = self.tls_context.wrap_socket(sock, server_hostname=server_hostname,
                                       session=session)
    track(out)
    self.data_resumed = out.session_reused
    return out


def _ctrl_tls_transfer(self, command, how='pasv', binary=True, reuse=True,
                       data=None, expect_final=226):
    """Ctrl.tls_transfer: one data command over a TLS data connection (PROT
    P must be in effect).  data: bytes to upload (ended by close_notify,
    as ftplib does) instead of reading.  Returns (bytes read, final reply)."""
    sock, _ = self.start_transfer(command, how=how, binary=binary)
    tsock = self.tls_data(sock, reuse=reuse)
    got = b''
    if data is not None:
        tsock.sendall(data)
        tsock = tsock.unwrap()
        tsock.close()
    else:
        got = recv_all(tsock, self.timeout)
    final = self.reply()
    match_code(final, expect_final)
    return got, final


Ctrl.auth_tls = _ctrl_auth_tls
Ctrl.tls_data = _ctrl_tls_data
Ctrl.tls_transfer = _ctrl_tls_transfer


def implicit_ctrl(server, ctx=None, server_hostname=None, greet=True,
                  timeout_s=10):
    """A control connection to an implicit_ssl server: the TLS handshake
    first, then (greet) the 220 inside TLS."""
    s = connect(server.addr, server.port, timeout_s=timeout_s)
    ctx = ctx or tls_context()
    ts = ctx.wrap_socket(s, server_hostname=server_hostname)
    c = Ctrl.from_socket(ts, timeout_s=timeout_s)
    c.tls_context = ctx
    c.transcript.append(('*', ('[implicit TLS %s %s]' % (
        ts.version(), ts.cipher()[0])).encode()))
    if greet:
        c.greeting()
    return c


class FTPS(FTP, ftplib.FTP_TLS):
    """ftplib.FTP_TLS with a transcript.  reuse=True: every data connection
    resumes the control connection's TLS session (what curl and lftp do,
    and what require_ssl_reuse demands); False: stock FTP_TLS."""

    def __init__(self, *args, reuse=True, implicit=False, **kw):
        self.reuse = reuse
        self.implicit = implicit
        kw.setdefault('context', tls_context())
        super().__init__(*args, **kw)

    def connect(self, host='', port=0, timeout=-999, source_address=None):
        if not self.implicit:
            return super().connect(host, port, timeout, source_address)
        # Implicit FTPS: the handshake before the greeting.
        self.host, self.port = host, port
        if timeout != -999:
            self.timeout = timeout
        self.sock = self.context.wrap_socket(
            socket.create_connection((host, port), self.timeout))
        self.af = self.sock.family
        self.file = self.sock.makefile('r', encoding=self.encoding)
        self.welcome = self.getresp()
        return self.welcome

    def ntransfercmd(self, cmd, rest=None):
        if not self.reuse:
            return super().ntransfercmd(cmd, rest)
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            conn = self.context.wrap_socket(conn, server_hostname=self.host,
                                            session=self.sock.session)
        return conn, size
