#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""sockftpd against Debian's vsftpd and against this machine's ceilings.

Run it through bench/run, which installs what is missing first; see
doc/performance.md for the method.  In short: three launchers
(systemd-socket-activate --inetd on 127.0.0.1, ports picked at run time)
serve sockftpd, vsftpd and bench/trivftpd (the ceiling); each round runs
every workload against all three, back to back, in an order that rotates
from round to round; the table gives medians over the rounds and, for the
ratios, the median of the per-round ratios.  Two more launchers serve
sockftpd and vsftpd with FTPS (one self-signed certificate per run) for
the FTPS download, fetched by ftpbench's ftps mode (OpenSSL), in the same
rounds; its ceiling is openssl speed for the negotiated cipher.  The
servers' CPU time comes from a cgroup around each launcher; their memory
from /proc/PID/smaps_rollup; the start-up instruction count from
callgrind.

Results go to stdout, progress to stderr; --markdown FILE also writes the
report section of doc/performance.md.  Needs root (chroot, vsftpd).
"""

import argparse
import datetime
import glob
import os
import platform
import pwd
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
GIB = 1 << 30
SMALL_FILES = 1000
SMALL_SIZE = 4096
TARGETS = ('sockftpd', 'vsftpd', 'ceiling')
VSFTPD = '/usr/sbin/vsftpd'
# TLS 1.3 cipher suites and the openssl speed cipher of their record layer.
TLS13_EVP = {'TLS_AES_256_GCM_SHA384': 'aes-256-gcm',
             'TLS_AES_128_GCM_SHA256': 'aes-128-gcm',
             'TLS_CHACHA20_POLY1305_SHA256': 'chacha20-poly1305'}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(argv, **kw):
    return subprocess.run(argv, check=True, **kw)


# --- building ------------------------------------------------------------------

def build_sockftpd(builddir):
    """configure --enable-werror and make src/sockftpd in builddir."""
    conf = os.path.join(TOP, 'configure')
    stale = not os.path.exists(conf) or any(
        os.path.getmtime(os.path.join(TOP, f)) > os.path.getmtime(conf)
        for f in ('configure.ac', 'Makefile.am'))
    quiet = dict(stdout=subprocess.DEVNULL)
    if stale:
        log('bench: autoreconf -fi')
        run(['autoreconf', '-fi'], cwd=TOP, **quiet,
            stderr=subprocess.DEVNULL)
    os.makedirs(builddir, exist_ok=True)
    if not os.path.exists(os.path.join(builddir, 'Makefile')):
        log('bench: configure in %s' % builddir)
        run([conf, '--sysconfdir=/etc', '--enable-werror'], cwd=builddir,
            **quiet)
    log('bench: make src/sockftpd')
    run(['make', '-j%d' % (os.cpu_count() or 1), 'src/sockftpd'],
        cwd=builddir, **quiet)
    return os.path.join(builddir, 'src', 'sockftpd')


def build_tools(outdir):
    run(['make', '-s', '-C', HERE, 'OUT=' + outdir],
        stdout=subprocess.DEVNULL)
    return outdir


# --- processes, CPU accounting ---------------------------------------------------

def descendants(pid):
    """Every process below pid, deepest last, from /proc."""
    parent = {}
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % d) as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rindex(')') + 2:].split()
        parent[int(d)] = int(fields[1])
    out, frontier = [], [pid]
    while frontier:
        nxt = [p for p, pp in parent.items() if pp in frontier]
        out += nxt
        frontier = nxt
    return out


def proc_state(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            st = f.read()
    except OSError:
        return None
    return st[st.rindex(')') + 2]


def smaps_kib(pid, field):
    """A field of /proc/PID/smaps_rollup in KiB, None if the kernel lacks
    it (Pss_Dirty is new in Linux 6.0)."""
    with open('/proc/%d/smaps_rollup' % pid) as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1])
    return None


class CpuGroup:
    """A cgroup around one launcher: CPU time of it and all it starts.

    cgroup v2 (cpu.stat usage_usec) where it is mounted, else the v1
    cpuacct controller; without either, cpu() returns None."""

    def __init__(self, name):
        self.path = None
        self.kind = None
        mounts = []
        with open('/proc/mounts') as f:
            for line in f:
                dev, mnt, typ, opts = line.split()[:4]
                mounts.append((mnt, typ, opts.split(',')))
        cands = [('v2', m) for m, t, o in mounts if t == 'cgroup2'] + \
            [('v1', m) for m, t, o in mounts
             if t == 'cgroup' and 'cpuacct' in o]
        for kind, mnt in cands:
            path = os.path.join(mnt, 'sockftpd-bench-%d-%s' %
                                (os.getpid(), name))
            try:
                os.mkdir(path)
            except OSError:
                continue
            self.path, self.kind = path, kind
            if self.cpu() is None:
                os.rmdir(path)
                self.path = None
                continue
            break

    def enter(self):
        """Move the calling process in (preexec_fn of the launcher)."""
        if self.path:
            with open(os.path.join(self.path, 'cgroup.procs'), 'w') as f:
                f.write(str(os.getpid()))

    def cpu(self):
        if not self.path:
            return None
        try:
            if self.kind == 'v2':
                with open(os.path.join(self.path, 'cpu.stat')) as f:
                    for line in f:
                        k, v = line.split()
                        if k == 'usage_usec':
                            return int(v) / 1e6
                return None
            with open(os.path.join(self.path, 'cpuacct.usage')) as f:
                return int(f.read()) / 1e9
        except OSError:
            return None

    def remove(self):
        for _ in range(50):
            if not self.path:
                return
            try:
                os.rmdir(self.path)
                self.path = None
            except OSError:
                time.sleep(0.02)


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def listening_inodes(port):
    """Socket inodes listening on 127.0.0.1:port (from /proc/net/tcp)."""
    want = '0100007F:%04X' % port
    out = set()
    with open('/proc/net/tcp') as f:
        for line in f.readlines()[1:]:
            fl = line.split()
            if fl[1] == want and fl[3] == '0A':
                out.add(fl[9])
    return out


def fd_inodes(pid):
    out = set()
    for fd in glob.glob('/proc/%d/fd/*' % pid):
        try:
            t = os.readlink(fd)
        except OSError:
            continue
        if t.startswith('socket:['):
            out.add(t[8:-1])
    return out


class Launcher:
    """systemd-socket-activate --inetd on 127.0.0.1 for one server."""

    def __init__(self, name, argv, env=None, cgroup=True):
        self.name = name
        self.argv = argv
        self.env = env or {}
        self.cg = CpuGroup(name) if cgroup else None
        self.proc = None
        self.port = None

    def start(self):
        sa = shutil.which('systemd-socket-activate') or \
            '/usr/bin/systemd-socket-activate'
        for _ in range(10):
            port = free_port()
            argv = [sa, '--inetd', '-l', '127.0.0.1:%d' % port, '-a']
            for k, v in sorted(self.env.items()):
                argv += ['-E', '%s=%s' % (k, v)]
            self.proc = subprocess.Popen(
                argv + self.argv, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                preexec_fn=self.cg.enter if self.cg else None)
            # Ours only if the listening socket is among its descriptors.
            deadline = time.time() + 5
            while time.time() < deadline and self.proc.poll() is None:
                if listening_inodes(port) & fd_inodes(self.proc.pid):
                    self.port = port
                    return self
                time.sleep(0.02)
            self.stop()
        raise RuntimeError('%s: the launcher did not start' % self.name)

    def sessions(self):
        return descendants(self.proc.pid) if self.proc else []

    def wait_idle(self, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if not [p for p in self.sessions() if proc_state(p) != 'Z']:
                return True
            time.sleep(0.01)
        log('bench: %s: sessions still running after %ds' %
            (self.name, timeout))
        return False

    def cpu(self):
        return self.cg.cpu() if self.cg else None

    def stop(self):
        left = self.sessions()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for p in left:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        self.proc = None


# --- the client ------------------------------------------------------------------

class ClientError(Exception):
    pass


def client(tools, *args, timeout=300):
    """Run ftpbench; its key=value results, numbers as floats (the ftps
    mode's protocol, cipher and OpenSSL version stay strings)."""
    argv = [os.path.join(tools, 'ftpbench')] + [str(a) for a in args]
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout)
    if p.returncode != 0:
        raise ClientError('%s: %s' % (' '.join(argv[1:3]),
                                      p.stderr.strip()[-300:]))
    out = {}
    for k, v in (kv.split('=', 1) for kv in p.stdout.split()):
        try:
            out[k] = float(v)
        except ValueError:
            out[k] = v
    return out


# --- the benchmark ---------------------------------------------------------------

class Bench:
    def __init__(self, a, sockftpd, tools):
        self.a = a
        self.sockftpd = sockftpd
        self.tools = tools
        self.dir = None
        self.launchers = {}
        self.res = {t: {} for t in TARGETS}   # target -> metric -> [values]
        self.ratio = {}                       # (metric, vs) -> [ratios]
        self.notes = []
        self.done_rounds = 0
        self.ftps_off = 'not set up'   # why FTPS is not measured, or None
        self.ftps_cipher = {}          # sockftpd, vsftpd -> 'TLSv1.3 SUITE'
        self.tls_ceiling = None        # MB/s, openssl speed, one core
        self.tls_evp = None
        self.ftps_openssl = '?'        # the client's OpenSSL version

    # -- data and configurations
    def setup(self):
        base = self.a.dir
        self.dir = os.path.join(base, 'sockftpd-bench.%d' % os.getpid())
        os.makedirs(self.dir, mode=0o755)
        fs = subprocess.run(['stat', '-f', '-c', '%T', self.dir],
                            stdout=subprocess.PIPE, text=True).stdout.strip()
        if fs != 'tmpfs':
            log('bench: warning: %s is %s, not tmpfs' % (self.dir, fs))
        ftp = pwd.getpwnam('ftp')
        self.root = os.path.join(self.dir, 'root')
        os.makedirs(os.path.join(self.root, 'small'))
        os.makedirs(os.path.join(self.root, 'up'))
        os.chown(os.path.join(self.root, 'up'), ftp.pw_uid, ftp.pw_gid)
        block = os.urandom(1 << 20)
        with open(os.path.join(self.root, 'big.bin'), 'wb') as f:
            for _ in range(GIB >> 20):
                f.write(block)
        for i in range(SMALL_FILES):
            with open(os.path.join(self.root, 'small', 'f%04d' % i),
                      'wb') as f:
                f.write(block[i:i + SMALL_SIZE])
        self.vsempty = os.path.join(self.dir, 'vsftpd-empty')
        os.mkdir(self.vsempty)
        common = ['anonymous_enable=YES', 'anon_root=' + self.root,
                  'write_enable=YES', 'anon_upload_enable=YES',
                  'anon_other_write_enable=YES']
        self.conf = {
            'sockftpd': self.write_conf('sockftpd.conf', common),
            'vsftpd': self.write_conf('vsftpd.conf', common + [
                'listen=NO', 'listen_ipv6=NO', 'local_enable=NO',
                'seccomp_sandbox=NO', 'secure_chroot_dir=' + self.vsempty]),
        }
        self.ftps_setup()

    def ftps_setup(self):
        """FTPS: one self-signed certificate for the run, and for both
        servers a configuration of their own (anonymous TLS, data over TLS
        required), served by launchers of their own."""
        status = subprocess.run([self.sockftpd, '--list-options'],
                                stdout=subprocess.PIPE, text=True).stdout
        if not any(line.split('\t')[0] == 'ssl_enable' and
                   line.split('\t')[3] == 'implemented'
                   for line in status.splitlines() if line.count('\t') >= 3):
            self.ftps_off = 'TLS not implemented in this sockftpd'
            return
        if self.a.no_ftps:
            self.ftps_off = '--no-ftps'
            return
        # Both servers read the key as root, before dropping privileges.
        self.tls_key = os.path.join(self.dir, 'ftps-key.pem')
        self.tls_cert = os.path.join(self.dir, 'ftps-cert.pem')
        old = os.umask(0o077)
        try:
            run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
                 '-days', '2', '-subj', '/CN=localhost', '-keyout',
                 self.tls_key, '-out', self.tls_cert],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            os.umask(old)
        for f in (self.tls_key, self.tls_cert):
            os.chmod(f, 0o600)
        tls = ['anonymous_enable=YES', 'anon_root=' + self.root,
               'ssl_enable=YES', 'allow_anon_ssl=YES',
               'force_anon_data_ssl=YES', 'rsa_cert_file=' + self.tls_cert,
               'rsa_private_key_file=' + self.tls_key]
        self.conf['sockftpd-ftps'] = self.write_conf('sockftpd-ftps.conf',
                                                     tls)
        self.conf['vsftpd-ftps'] = self.write_conf('vsftpd-ftps.conf', tls + [
            'listen=NO', 'listen_ipv6=NO', 'local_enable=NO',
            'seccomp_sandbox=NO', 'secure_chroot_dir=' + self.vsempty])
        self.ftps_off = None

    def write_conf(self, name, lines):
        path = os.path.join(self.dir, name)
        with open(path, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        os.chmod(path, 0o600)
        return path

    def argv(self, target, conf=None):
        if target == 'sockftpd':
            return [self.sockftpd, conf or self.conf['sockftpd']]
        if target == 'vsftpd':
            return [VSFTPD, conf or self.conf['vsftpd']]
        return [os.path.join(self.tools, 'trivftpd'), self.root]

    def start(self):
        for t in TARGETS:
            self.launchers[t] = Launcher(t, self.argv(t)).start()
            log('bench: %s on 127.0.0.1:%d' % (t, self.launchers[t].port))
        # One session each, so that no first-time cost lands in round 1.
        for t in TARGETS:
            client(self.tools, 'seq', self.launchers[t].port, 5)
            self.launchers[t].wait_idle()
        if self.ftps_off is None:
            self.ftps_start()

    def ftps_start(self):
        """The FTPS launchers, and one small download from each with
        ftpbench ftps: it checks the set-up (the data connection must
        resume the control connection's session) and tells the protocol
        and cipher suite negotiated (the ceiling is measured for that
        cipher)."""
        for t in ('sockftpd', 'vsftpd'):
            name = t + '-ftps'
            lc = Launcher(name, self.argv(t, self.conf[name])).start()
            self.launchers[name] = lc
            log('bench: %s on 127.0.0.1:%d' % (name, lc.port))
            try:
                r = client(self.tools, 'ftps', lc.port, 'small/f0000',
                           SMALL_SIZE, timeout=60)
            except (ClientError, subprocess.TimeoutExpired) as e:
                self.ftps_off = '%s: %s' % (name, e)
                log('bench: FTPS: ' + self.ftps_off)
                return
            finally:
                lc.wait_idle()
            self.ftps_cipher[t] = '%s %s' % (r['protocol'], r['cipher'])
            self.ftps_openssl = r['openssl']
        log('bench: FTPS: ' + ', '.join(
            '%s %s' % kv for kv in sorted(self.ftps_cipher.items())))

    def stop(self):
        for lc in self.launchers.values():
            lc.stop()
            if lc.cg:
                lc.wait_idle(2)
                lc.cg.remove()

    def cleanup(self):
        if self.dir and not self.a.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- one measurement: the client, then the server's CPU once idle
    def measure(self, t, *args):
        lc = self.launchers[t]
        lc.wait_idle()
        c0 = lc.cpu()
        r = client(self.tools, args[0], lc.port, *args[1:])
        lc.wait_idle()
        c1 = lc.cpu()
        r['server_cpu'] = None if c0 is None or c1 is None else c1 - c0
        return r

    def w_seq(self, t):
        n = self.a.sessions
        r = self.measure(t, 'seq', n)
        cpu = r['server_cpu']
        return {'seq_rate': r['rate'], 'seq_p50': r['p50_us'],
                'seq_p99': r['p99_us'], 'seq_ccpu': r['client_cpu_us'],
                'seq_scpu': None if cpu is None else cpu / n * 1e6}

    def w_conc(self, t, c, n):
        r = self.measure(t, 'conc', c, n)
        return {'conc%d_rate' % c: r['rate'], 'conc%d_p99' % c: r['p99_us']}

    def w_small(self, t):
        r = self.measure(t, 'small', 'small', SMALL_FILES, SMALL_SIZE)
        return {'small_rate': r['rate']}

    @staticmethod
    def best_of(runs, key):
        """A round's figure for a transfer: the best of its runs (noise
        from other work only ever slows a transfer down) and the server's
        CPU per GiB over all of them."""
        cpu = [r['server_cpu'] for r in runs]
        size = sum(r['bytes'] for r in runs)
        return {key + '_mbps': max(r['mbps'] for r in runs),
                key + '_cpu': None if None in cpu else sum(cpu) * GIB / size}

    def w_retr(self, t):
        return self.best_of([self.measure(t, 'retr', 'big.bin', GIB)
                             for _ in range(self.a.xfers)], 'retr')

    def w_stor(self, t):
        up = os.path.join(self.root, 'up')
        runs = []
        for _ in range(self.a.xfers):
            for f in os.listdir(up):
                os.unlink(os.path.join(up, f))
            runs.append(self.measure(t, 'stor', 'up/stor.bin',
                                     os.path.join(self.root, 'big.bin')))
            got = os.path.getsize(os.path.join(up, 'stor.bin'))
            if got != GIB:
                raise ClientError('STOR: the file has %d bytes' % got)
        for f in os.listdir(up):
            os.unlink(os.path.join(up, f))
        return self.best_of(runs, 'stor')

    def w_ftps(self, t):
        """FTPS RETR of 1 GiB with ftpbench ftps (it checks the size and
        that the data connection resumed the TLS session).  Timed like the
        plain RETR, from the end of the data connection's handshake to the
        226, without the two handshakes and the login before it; the
        client's CPU time (its own getrusage) over the same span."""
        if t == 'ceiling' or self.ftps_off is not None:
            return {}
        runs = [self.measure(t + '-ftps', 'ftps', 'big.bin', GIB)
                for _ in range(self.a.ftps_xfers)]
        out = self.best_of(runs, 'ftps')
        size = sum(r['bytes'] for r in runs)
        ccpu = sum(r['client_cpu_s'] for r in runs)
        out['ftps_ccpu'] = ccpu * GIB / size
        out['ftps_cbusy'] = ccpu / sum(r['seconds'] for r in runs)
        return out

    def w_mem(self, t):
        lc = self.launchers[t]
        lc.wait_idle()
        p = subprocess.Popen([os.path.join(self.tools, 'ftpbench'), 'idle',
                              str(lc.port)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
        try:
            if p.stdout.readline().strip() != 'ready':
                raise ClientError('idle: no login')
            time.sleep(0.3)
            pids = [x for x in lc.sessions() if proc_state(x) != 'Z']
            # Private_Dirty leaves out pages that the session's processes
            # share with each other (vsftpd's two processes, copy-on-write
            # after fork); Pss_Dirty summed counts each such page once.
            priv = [smaps_kib(x, 'Private_Dirty') for x in pids]
            pss = [smaps_kib(x, 'Pss_Dirty') for x in pids]
        finally:
            p.stdin.close()
            p.wait(30)
        return {'mem_kib': sum(priv), 'mem_procs': len(pids),
                'mem_pss': None if None in pss else sum(pss)}

    def workloads(self):
        a = self.a
        return [
            ('sequential sessions', self.w_seq),
            ('64 concurrent', lambda t: self.w_conc(t, 64, a.conc64)),
            ('256 concurrent', lambda t: self.w_conc(t, 256, a.conc256)),
            ('1000 small files', self.w_small),
            ('RETR 1 GiB', self.w_retr),
            ('STOR 1 GiB', self.w_stor),
            ('FTPS RETR 1 GiB', self.w_ftps),
            ('idle session memory', self.w_mem),
        ]

    def rounds(self, t_start):
        order = list(TARGETS)
        self.done_rounds = 0
        for rnd in range(self.a.rounds):
            t0 = time.time()
            # Rotate the order: each target runs first, second and third.
            o = order[rnd % 3:] + order[:rnd % 3]
            for wname, fn in self.workloads():
                got = {}
                for t in o:
                    try:
                        got[t] = fn(t)
                    except (ClientError, subprocess.TimeoutExpired) as e:
                        log('bench: %s, %s: %s' % (wname, t, e))
                        self.notes.append('round %d, %s, %s: error' %
                                          (rnd + 1, wname, t))
                        got[t] = {}
                for t, m in got.items():
                    for k, v in m.items():
                        self.res[t].setdefault(k, []).append(v)
                # Paired ratios: A and B of this round ran back to back.
                for k, v in got.get('sockftpd', {}).items():
                    for other in ('vsftpd', 'ceiling'):
                        w = got.get(other, {}).get(k)
                        if v is not None and w:
                            self.ratio.setdefault((k, other), []).append(
                                v / w)
            self.done_rounds = rnd + 1
            took = time.time() - t0
            log('bench: round %d/%d done in %.0fs (%.0fs since the start)' %
                (rnd + 1, self.a.rounds, took, time.time() - t_start))
            # The time budget: another round, the FTPS ceiling, the
            # start-up count (four programs under callgrind, about a
            # minute on a busy machine) and the report must fit; never
            # fewer than three rounds.
            left = self.a.budget - (time.time() - t_start)
            if rnd + 1 >= 3 and rnd + 1 < self.a.rounds and \
                    left < took * 1.2 + 90:
                self.notes.append('stopped after %d of %d rounds: time '
                                  'budget (--budget %d s)' %
                                  (rnd + 1, self.a.rounds, self.a.budget))
                log('bench: ' + self.notes[-1])
                break

    # -- start-up instructions (callgrind)
    def startup(self, target, shim=True):
        """User-space instructions from exec to the 220, summed over the
        session's processes; see doc/performance.md for the method."""
        base = os.path.join(self.dir, 'startup-%s%s' %
                            (target, '' if shim else '-noshim'))
        out = os.path.join(base, 'cg')
        # The same absolute path outside and inside both chroot
        # directories: callgrind opens its output file at the end, after
        # the session confined itself.
        root = os.path.join(base, 'root')
        empty = os.path.join(base, 'empty')
        for d in (out, root + out, empty + out):
            os.makedirs(d)
            os.chmod(d, 0o1777)
        conf = None
        if target == 'sockftpd':
            # valgrind does not handle seccomp(2): the filter fails to
            # load and the session ends with a 421.  Without it, then, as
            # vsftpd runs here.
            conf = self.write_conf('startup-sockftpd.conf', [
                'anonymous_enable=YES', 'anon_root=' + root,
                'seccomp_sandbox=NO'])
        elif target == 'vsftpd':
            conf = self.write_conf('startup-vsftpd.conf', [
                'anonymous_enable=YES', 'anon_root=' + root, 'listen=NO',
                'listen_ipv6=NO', 'local_enable=NO', 'seccomp_sandbox=NO',
                'secure_chroot_dir=' + empty])
        argv = self.argv(target, conf)
        if target == 'ceiling':
            argv = argv[:1] + [root]
        # A fork or clone dumps first, so that a child starts from zero
        # (callgrind's counters are copied into a forked child).
        vg = ['valgrind', '--tool=callgrind', '-q',
              '--callgrind-out-file=%s/out.%%p' % out]
        for fn in ('fork', '_Fork', '__libc_fork', 'vfork', 'clone',
                   '__clone', '__clone3', 'syscall'):
            vg.append('--dump-before=' + fn)
        env = {'LD_PRELOAD': os.path.join(self.tools, 'nofile_shim.so')} \
            if shim else {}
        lc = Launcher('startup-' + target, vg + argv, env=env,
                      cgroup=False).start()
        cl = subprocess.Popen([os.path.join(self.tools, 'ftpbench'),
                               'banner', str(lc.port)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
        try:
            if cl.stdout.readline().strip() != 'ready':
                raise ClientError('startup %s: no banner' % target)
            # Let every process settle in its first blocking call.
            time.sleep(1.5)
            pids = lc.sessions()
            for p in pids:
                os.kill(p, signal.SIGSTOP)
            # Deepest first, one at a time, each to its end (a parent
            # stopped meanwhile cannot react to its child's death).
            for p in reversed(pids):
                os.kill(p, signal.SIGTERM)
                os.kill(p, signal.SIGCONT)
                deadline = time.time() + 60
                while proc_state(p) not in (None, 'Z') and \
                        time.time() < deadline:
                    time.sleep(0.02)
        finally:
            cl.stdin.close()
            cl.wait(30)
            lc.stop()
        total = 0
        for f in glob.glob(out + '/out.*') + glob.glob(root + out + '/*') + \
                glob.glob(empty + out + '/*'):
            with open(f) as fh:
                for line in fh:
                    if line.startswith('summary:'):
                        total += int(line.split()[1])
        if total == 0:
            raise ClientError('startup %s: no callgrind output' % target)
        return total

    def startups(self):
        if shutil.which('valgrind') is None:
            self.notes.append('start-up instructions: valgrind missing')
            return
        for t in TARGETS:
            log('bench: start-up instructions of %s (callgrind)' % t)
            try:
                self.res[t]['startup'] = [self.startup(t)]
            except (ClientError, RuntimeError, OSError) as e:
                log('bench: %s' % e)
        try:
            self.startup_noshim = self.startup('sockftpd', shim=False)
        except (ClientError, RuntimeError, OSError) as e:
            self.startup_noshim = None
            log('bench: %s' % e)
        s, v = (self.res[t].get('startup', [None])[0]
                for t in ('sockftpd', 'vsftpd'))
        c = self.res['ceiling'].get('startup', [None])[0]
        if s and v:
            self.ratio[('startup', 'vsftpd')] = [s / v]
        if s and c:
            self.ratio[('startup', 'ceiling')] = [s / c]

    # -- FTPS: the ceiling and the note
    def ftps(self):
        """The FTPS ceiling: openssl speed on 16 KiB blocks (TLS records),
        one core, for the cipher both servers negotiated (AES-128-GCM if
        FTPS was not measured): no TLS sender can encrypt faster.  It
        gives the ceiling of MB/s and of server CPU per GiB."""
        suites = set(c.split()[-1] for c in self.ftps_cipher.values())
        suite = suites.pop() if len(suites) == 1 else None
        self.tls_evp = TLS13_EVP.get(suite, 'aes-128-gcm')
        if self.ftps_off is not None:
            self.ftps_note = 'FTPS: not measured (%s)' % self.ftps_off
        else:
            with open('/proc/sys/net/ipv4/tcp_available_ulp') as f:
                ulp = f.read().split()
            self.ftps_note = (
                'FTPS: client ftpbench ftps with OpenSSL %s (TLS 1.3, '
                'resuming the TLS session on the data connection), %d x 1 '
                'GiB per round and server; negotiated: %s; kernel TLS %s; '
                'ceiling: openssl speed -evp %s, 16 KiB blocks, one core' % (
                    self.ftps_openssl, self.a.ftps_xfers,
                    '; '.join('%s %s' % kv for kv in
                              sorted(self.ftps_cipher.items())),
                    'available' if 'tls' in ulp else
                    'not available (no "tls" in tcp_available_ulp)',
                    self.tls_evp))
        log('bench: ' + self.ftps_note)
        if self.a.no_openssl:
            return
        p = subprocess.run(['openssl', 'speed', '-elapsed', '-seconds', '2',
                            '-bytes', '16384', '-evp', self.tls_evp],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
        for line in p.stdout.splitlines():
            if line.upper().startswith(self.tls_evp.upper()) and \
                    line.strip().endswith('k'):
                self.tls_ceiling = float(line.split()[-1][:-1]) * 1e3 / 1e6
        if self.tls_ceiling:
            c = self.res['ceiling']
            c['ftps_mbps'] = [self.tls_ceiling]
            c['ftps_cpu'] = [GIB / 1e6 / self.tls_ceiling]
            for k, w in (('ftps_mbps', self.tls_ceiling),
                         ('ftps_cpu', GIB / 1e6 / self.tls_ceiling)):
                v = [x for x in self.res['sockftpd'].get(k, [])
                     if x is not None]
                if v:
                    self.ratio[(k, 'ceiling')] = [x / w for x in v]

    # -- the report
    ROWS = [
        # key, workload, metric, format, target text, check(ratio vs, ratio ceil)
        ('seq_rate', 'sequential sessions (connect, 220, login, QUIT)',
         'sessions/s', '%.0f', '>= 3x vsftpd, >= 50% of ceiling',
         lambda v, c: v >= 3 and c >= 0.5),
        ('seq_p50', '', 'connect to 220, p50 (us)', '%.0f', '', None),
        ('seq_p99', '', 'connect to 220, p99 (us)', '%.0f', '', None),
        ('seq_scpu', '', 'server CPU per session (us)', '%.0f', '', None),
        ('seq_ccpu', '', "client's CPU per session (us)", '%.0f', '', None),
        ('conc64_rate', '64 concurrent (login, EPSV, LIST, QUIT)',
         'sessions/s', '%.0f', '', None),
        ('conc64_p99', '', 'session time p99 (us)', '%.0f', '', None),
        ('conc256_rate', '256 concurrent (login, EPSV, LIST, QUIT)',
         'sessions/s', '%.0f', '', None),
        ('conc256_p99', '', 'session time p99 (us)', '%.0f', '', None),
        ('retr_mbps', 'RETR 1 GiB (tmpfs)', 'MB/s', '%.0f',
         '>= 95% of ceiling', lambda v, c: c >= 0.95),
        ('retr_cpu', '', 'server CPU s/GiB', '%.3f', '<= vsftpd',
         lambda v, c: v <= 1),
        ('stor_mbps', 'STOR 1 GiB (tmpfs)', 'MB/s', '%.0f',
         '>= 95% of ceiling', lambda v, c: c >= 0.95),
        ('stor_cpu', '', 'server CPU s/GiB', '%.3f', '', None),
        ('ftps_mbps', 'FTPS RETR 1 GiB (PROT P, TLS 1.3)', 'MB/s', '%.0f',
         '>= 3x vsftpd', lambda v, c: v >= 3),
        ('ftps_cpu', '', 'server CPU s/GiB', '%.3f', '', None),
        ('ftps_ccpu', '', "client's (ftpbench's) CPU s/GiB", '%.3f', '',
         None),
        ('ftps_cbusy', '', "client's CPU / transfer time", '%.2f', '', None),
        ('small_rate', '1000 files of 4 KiB, one session', 'files/s',
         '%.0f', '>= 1.5x vsftpd', lambda v, c: v >= 1.5),
        ('mem_kib', 'idle logged-in session', 'private dirty KiB', '%.0f',
         '<= 50% of vsftpd', lambda v, c: v <= 0.5),
        ('mem_pss', '', 'dirty KiB, shared ones once (Pss_Dirty)', '%.0f',
         '<= 50% of vsftpd', lambda v, c: v <= 0.5),
        ('mem_procs', '', 'processes', '%.0f', '', None),
        ('startup', 'start-up, exec to 220 (callgrind)', 'instructions',
         '%.0f', '', None),
    ]

    def med(self, t, k):
        v = [x for x in self.res[t].get(k, []) if x is not None]
        return statistics.median(v) if v else None

    def rmed(self, k, other):
        v = self.ratio.get((k, other))
        return statistics.median(v) if v else None

    def table(self, markdown):
        head = ['workload', 'metric', 'sockftpd', 'vsftpd', 'sockftpd/vsftpd',
                'ceiling', 'sockftpd/ceiling', 'target', 'holds']
        rows = []
        holds = []
        for key, wl, metric, fmt, target, check in self.ROWS:
            vals = [self.med(t, key) for t in TARGETS]
            rv, rc = self.rmed(key, 'vsftpd'), self.rmed(key, 'ceiling')
            ok = ''
            if check is not None:
                need_c = 'ceiling' in target
                need_v = 'vsftpd' in target
                if (need_v and rv is None) or (need_c and rc is None):
                    ok = 'n/a'
                else:
                    ok = 'yes' if check(rv if rv is not None else 0,
                                        rc if rc is not None else 0) \
                        else 'NO'
                holds.append((wl or metric, ok))
            rows.append([wl, metric] +
                        [fmt % v if v is not None else '-' for v in vals[:2]] +
                        ['%.2f' % rv if rv is not None else '-'] +
                        [fmt % vals[2] if vals[2] is not None else '-'] +
                        ['%.2f' % rc if rc is not None else '-',
                         target, ok])
        if markdown:
            lines = ['| ' + ' | '.join(head) + ' |',
                     '|' + '---|' * len(head)]
            lines += ['| ' + ' | '.join(r) + ' |' for r in rows]
            return '\n'.join(lines)
        widths = [max(len(r[i]) for r in rows + [head])
                  for i in range(len(head))]
        fmt_row = lambda r: '  '.join(c.ljust(w) for c, w in zip(r, widths))
        return '\n'.join([fmt_row(head)] + [fmt_row(r) for r in rows])

    def raw(self):
        out = []
        for t in TARGETS:
            for k in sorted(self.res[t]):
                v = self.res[t][k]
                out.append('%s %s: %s' % (t, k, ' '.join(
                    '-' if x is None else '%.4g' % x for x in v)))
        return '\n'.join(out)


def machine():
    cpu = '?'
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    mem = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / GIB
    vs = subprocess.run(['dpkg-query', '-W', '-f', '${Version}', 'vsftpd'],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                        text=True).stdout or '?'
    try:
        with open('/etc/debian_version') as f:
            deb = f.read().strip()
    except OSError:
        deb = '?'
    load = os.getloadavg()
    return ('%d x %s, %.0f GiB, Linux %s, Debian %s, vsftpd %s; '
            'load average at the start %.2f' %
            (os.cpu_count(), cpu, mem, platform.release(), deb, vs, load[0]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--sockftpd', help='use this binary instead of building')
    ap.add_argument('--rounds', type=int, default=7)
    ap.add_argument('--sessions', type=int, default=1000,
                    help='sequential sessions per round')
    ap.add_argument('--conc64', type=int, default=640,
                    help='sessions per round at concurrency 64')
    ap.add_argument('--conc256', type=int, default=1024,
                    help='sessions per round at concurrency 256')
    ap.add_argument('--budget', type=int, default=540,
                    help='seconds for the whole run, build included: no '
                    'new round starts past it (default 540)')
    ap.add_argument('--xfers', type=int, default=3,
                    help='RETR and STOR runs per round, best one counts')
    ap.add_argument('--quick', action='store_true',
                    help='3 rounds, fewer sessions: a smoke test')
    ap.add_argument('--no-startup', action='store_true',
                    help='skip the callgrind start-up count')
    ap.add_argument('--no-openssl', action='store_true',
                    help='skip openssl speed (the FTPS ceiling)')
    ap.add_argument('--no-ftps', action='store_true',
                    help='skip the FTPS workload')
    ap.add_argument('--ftps-xfers', type=int, default=1,
                    help='FTPS downloads of 1 GiB per round and server, '
                    'best one counts (default 1)')
    ap.add_argument('--dir', default='/dev/shm',
                    help='where the data goes (tmpfs; default /dev/shm)')
    ap.add_argument('--markdown', metavar='FILE',
                    help="write the report for doc/performance.md ('-': "
                    "stdout)")
    ap.add_argument('--keep', action='store_true',
                    help='keep the data directory')
    a = ap.parse_args()
    if a.quick:
        a.rounds, a.sessions, a.conc64, a.conc256 = 3, 200, 128, 256
    if os.geteuid() != 0:
        sys.exit('bench: run as root (vsftpd and chroot need it)')
    t_start = time.time()
    started = datetime.datetime.now()
    load0 = machine()
    tools = build_tools(os.path.join(TOP, 'build', 'bench', 'tools'))
    sockftpd = os.path.abspath(a.sockftpd) if a.sockftpd else \
        build_sockftpd(os.path.join(TOP, 'build', 'bench', 'sockftpd'))
    b = Bench(a, sockftpd, tools)
    try:
        b.setup()
        log('bench: data in %s' % b.dir)
        b.start()
        b.rounds(t_start)
        b.stop()
        b.ftps()
        if not a.no_startup:
            b.startups()
        log('bench: done in %.0fs' % (time.time() - t_start))
    finally:
        b.stop()
        b.cleanup()
    elapsed = time.time() - t_start
    load0 += ', at the end %.2f' % os.getloadavg()[0]
    cmd = 'sh bench/run' + ''.join(' ' + x for x in sys.argv[1:])
    print(b.table(False))
    print()
    print(b.ftps_note)
    if getattr(b, 'startup_noshim', None):
        print('start-up instructions of sockftpd without the shim: %d' %
              b.startup_noshim)
    for n in b.notes:
        print('note: ' + n)
    print()
    print('per-round values:')
    print(b.raw())
    print()
    print('machine: ' + load0)
    print('run time: %.0f s (%d rounds)' % (elapsed, b.done_rounds))
    if a.markdown:
        md = ['Run of %s with `%s` (%d rounds, %.0f s in all):' %
              (started.strftime('%Y-%m-%d'), cmd, b.done_rounds, elapsed),
              '',
              'Machine: ' + load0 + '.', '', b.table(True), '',
              b.ftps_note + '.']
        if getattr(b, 'startup_noshim', None):
            md.append('sockftpd start-up without the preloaded shim: '
                      '%d instructions.' % b.startup_noshim)
        md += ['note: ' + n for n in b.notes]
        text = '\n'.join(md) + '\n'
        if a.markdown == '-':
            sys.stdout.write('\n' + text)
        else:
            with open(a.markdown, 'w') as f:
                f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
