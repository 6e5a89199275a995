# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared helpers of the protocol tests (conformance.py, e2e.py).

Standard library only. Everything here speaks sync-protocol.md from the
outside: a TAP reporter, a dangqun-server process, an HTTP client that sees
the raw bytes (so gzip can be checked), stamps and ids as the protocol
writes them, a last-writer-wins merge to compute what a replica should hold,
and an HTTP proxy that can lose one response after the server committed.
"""

import gzip
import http.client
import json
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))

# Children (server, cli) inherit this environment: C locale with UTF-8, and
# the project's leak suppressions for sanitizer builds.
CHILD_ENV = dict(os.environ)
CHILD_ENV.setdefault('LANG', 'C.UTF-8')
CHILD_ENV['LC_ALL'] = 'C.UTF-8'
_lsan = os.path.normpath(os.path.join(HERE, '..', 'lsan.supp'))
if 'LSAN_OPTIONS' not in CHILD_ENV and os.path.exists(_lsan):
    CHILD_ENV['LSAN_OPTIONS'] = 'suppressions=' + _lsan

HEX16 = re.compile(r'^[0-9a-f]{16}$')
HEX32 = re.compile(r'^[0-9a-f]{32}$')
UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')


# TAP ----------------------------------------------------------------------

class Tap:
    """Numbered checks printed as they happen; the plan comes last."""

    def __init__(self):
        self.n = 0
        self.failed = []
        self.t0 = time.monotonic()

    @staticmethod
    def _clean(text):
        # '#' would start a TAP directive; newlines would break the line.
        return ' '.join(str(text).replace('#', 'No.').split())

    def ok(self, cond, desc, diag=None):
        self.n += 1
        desc = self._clean(desc)
        if cond:
            print('ok %d - %s' % (self.n, desc), flush=True)
        else:
            self.failed.append((self.n, desc))
            print('not ok %d - %s' % (self.n, desc), flush=True)
            text = diag() if callable(diag) else diag
            for line in str(text if text is not None else 'check failed').splitlines() or ['']:
                print('# ' + line[:2000], flush=True)
        return bool(cond)

    def eq(self, got, want, desc, extra=None):
        def diag():
            d = 'expected: %s\n     got: %s' % (short(want), short(got))
            if extra:
                d += '\n' + (extra() if callable(extra) else str(extra))
            return d
        return self.ok(got == want, desc, diag)

    def note(self, text):
        for line in str(text).splitlines():
            print('# ' + line, flush=True)

    def section(self, name, fn, *args):
        """Runs one group of checks; an unexpected exception is a failure."""
        t = time.monotonic()
        try:
            fn(*args)
        except Exception:  # noqa: BLE001 - reported as a failed check
            self.ok(False, '%s: ran to completion' % name, traceback.format_exc())
        self.note('section %s: %.2f s' % (name, time.monotonic() - t))

    def finish(self):
        print('1..%d' % self.n, flush=True)
        self.note('%d checks, %d failed, %.1f s' % (self.n, len(self.failed),
                                                  time.monotonic() - self.t0))
        for n, desc in self.failed:
            self.note('FAILED %d - %s' % (n, desc))
        return 1 if self.failed else 0


def short(value, limit=1500):
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) > limit:
        text = text[:limit] + '…(%d chars)' % len(text)
    return text


# Ids and stamps -------------------------------------------------------------

def uuid7():
    """A lowercase UUID version 7 (time-ordered), as the protocol prefers."""
    ms = int(time.time() * 1000)
    rand = int.from_bytes(os.urandom(10), 'big')
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xfff) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def new_node():
    return secrets.token_hex(16)


def now_ms():
    return int(time.time() * 1000)


def hlc_of(ms, counter=0):
    return '%016x' % ((ms << 16) | counter)


def hlc_ms(hlc):
    return int(hlc, 16) >> 16


class Clock:
    """A replica's hybrid logical clock: readings only go up."""

    def __init__(self):
        self.last = 0

    def tick(self):
        value = max(now_ms() << 16, self.last + 1)
        self.last = value
        return '%016x' % value

    def receive(self, hlc):
        value = int(hlc, 16)
        if (value >> 16) <= now_ms() + 600000:
            self.last = max(self.last, value)


# HTTP -----------------------------------------------------------------------

class Resp:
    def __init__(self, status, reason, headers, raw):
        self.status = status
        self.reason = reason
        self.headers = headers  # lowercase name -> value (last wins)
        self.raw = raw          # the body as received
        self.body = raw
        self.decode_error = None
        if headers.get('content-encoding', '').lower() == 'gzip':
            try:
                self.body = gzip.decompress(raw)
            except Exception as e:  # noqa: BLE001
                self.decode_error = 'gzip: %s' % e
        try:
            self.json = json.loads(self.body.decode('utf-8')) if self.body else None
        except Exception as e:  # noqa: BLE001
            self.json = None
            self.decode_error = self.decode_error or 'json: %s' % e

    def __repr__(self):
        return 'HTTP %d %s; headers %s; body %s' % (
            self.status, self.reason, short(self.headers, 400),
            short(self.json) if self.json is not None else repr(self.body[:600]))

    def err(self):
        """The error code of an error body, or None."""
        if isinstance(self.json, dict):
            return self.json.get('error')
        return None

    def is_error(self, status, code):
        return (self.status == status and isinstance(self.json, dict)
                and self.json.get('error') == code
                and isinstance(self.json.get('message'), str)
                and self.json.get('message') != '')


def encode_json(obj, ascii_only=False):
    return json.dumps(obj, ensure_ascii=ascii_only, separators=(',', ':')).encode('utf-8')


def request(port, method, path, body=None, headers=None, token=None, timeout=120,
            host='127.0.0.1'):
    """One HTTP/1.1 request on a new connection; returns Resp."""
    h = dict(headers or {})
    if token is not None:
        h['Authorization'] = 'Bearer ' + token
    if body is not None and not isinstance(body, (bytes, bytearray)):
        body = encode_json(body)
    if body is not None:
        h.setdefault('Content-Type', 'application/json')
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        raw = r.read()
        headers_out = {k.lower(): v for k, v in r.getheaders()}
        return Resp(r.status, r.reason, headers_out, raw)
    finally:
        conn.close()


class Message:
    """One HTTP message read off a socket, with its bytes as they came."""

    def __init__(self):
        self.start = ''
        self.headers = []
        self.raw = b''
        self.body = b''

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    @property
    def status(self):
        return int(self.start.split(' ', 2)[1])


def read_message(rfile, is_response, request_method=None, on_expect=None):
    """Reads one HTTP/1.1 message from a buffered reader; None at EOF."""
    line = rfile.readline(65537)
    while line in (b'\r\n', b'\n'):
        line = rfile.readline(65537)
    if not line:
        return None
    m = Message()
    raw = [line]
    m.start = line.decode('latin-1').rstrip('\r\n')
    while True:
        h = rfile.readline(65537)
        if not h:
            raise ConnectionError('EOF in headers')
        raw.append(h)
        if h in (b'\r\n', b'\n'):
            break
        k, _, v = h.decode('latin-1').partition(':')
        m.headers.append((k.strip(), v.strip()))
    if not is_response and on_expect is not None and \
            (m.header('expect') or '').lower() == '100-continue':
        on_expect()
    body = []
    te = (m.header('transfer-encoding') or '').lower()
    cl = m.header('content-length')
    no_body = False
    if is_response:
        st = m.status
        no_body = st < 200 or st in (204, 304) or request_method == 'HEAD'
    if no_body:
        pass
    elif 'chunked' in te:
        while True:
            size_line = rfile.readline(65537)
            if not size_line:
                raise ConnectionError('EOF in chunked body')
            raw.append(size_line)
            size = int(size_line.split(b';')[0].strip(), 16)
            if size == 0:
                while True:
                    t = rfile.readline(65537)
                    if not t:
                        break
                    raw.append(t)
                    if t in (b'\r\n', b'\n'):
                        break
                break
            data = rfile.read(size)
            crlf = rfile.readline(65537)
            raw.append(data)
            raw.append(crlf)
            body.append(data)
    elif cl is not None:
        n = int(cl)
        data = rfile.read(n)
        if len(data) != n:
            raise ConnectionError('EOF in body')
        raw.append(data)
        body.append(data)
    elif is_response:
        data = rfile.read()
        raw.append(data)
        body.append(data)
    m.raw = b''.join(raw)
    m.body = b''.join(body)
    return m


def raw_request(port, head, body, timeout=120):
    """Sends a request whose body the server may refuse before reading it
    all: the body goes from a thread, the response is read meanwhile.
    Returns (Resp or None, note)."""
    sock = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    note = []

    def send():
        try:
            sock.sendall(head)
            view = memoryview(body)
            for i in range(0, len(view), 1 << 16):
                sock.sendall(view[i:i + (1 << 16)])
        except OSError as e:
            note.append('send stopped: %s' % e)

    t = threading.Thread(target=send, daemon=True)
    t.start()
    try:
        rfile = sock.makefile('rb')
        m = read_message(rfile, True, 'POST')
        if m is None:
            return None, 'connection closed without a response; ' + '; '.join(note)
        headers = {k.lower(): v for k, v in m.headers}
        parts = m.start.split(' ', 2)
        return Resp(int(parts[1]), parts[2] if len(parts) > 2 else '', headers, m.body), \
            '; '.join(note)
    except OSError as e:
        return None, 'no response: %s; %s' % (e, '; '.join(note))
    finally:
        try:
            sock.close()
        except OSError:
            pass
        t.join(timeout=5)


# The protocol's calls --------------------------------------------------------

class Api:
    """The protocol's endpoints on one server port."""

    def __init__(self, port):
        self.port = port

    def health(self, headers=None):
        return request(self.port, 'GET', '/api/v1/health', headers=headers)

    def login(self, user, password, node=None):
        return request(self.port, 'POST', '/api/v1/session',
                       body={'username': user, 'password': password,
                             'node': node or new_node()})

    def token(self, user, password):
        r = self.login(user, password)
        if r.status != 200 or not isinstance(r.json, dict) or 'token' not in r.json:
            raise AssertionError('login of %s failed: %r' % (user, r))
        return r.json['token']

    def logout(self, token):
        return request(self.port, 'DELETE', '/api/v1/session', token=token)

    def pull(self, token, since=None, limit=None, headers=None, raw_query=None):
        q = []
        if since is not None:
            q.append('since=' + urlquote(since))
        if limit is not None:
            q.append('limit=%s' % limit)
        if raw_query is not None:
            q = [raw_query]
        path = '/api/v1/changes' + ('?' + '&'.join(q) if q else '')
        return request(self.port, 'GET', path, token=token, headers=headers)

    def pull_all(self, token, since=None, limit=None, max_pages=100000):
        """Every page until more is false: (changes, cursor, pages)."""
        changes = []
        pages = []
        cursor = since
        for _ in range(max_pages):
            r = self.pull(token, since=cursor, limit=limit)
            if r.status != 200 or not isinstance(r.json, dict):
                raise AssertionError('pull failed: %r' % r)
            pages.append(r.json)
            changes.extend(r.json['changes'])
            cursor = r.json['cursor']
            if not r.json['more']:
                return changes, cursor, pages
        raise AssertionError('pull never ended')

    def push(self, token, changes, node=None, batch=None, headers=None, gzip_body=False,
             ascii_only=False):
        body = encode_json({'node': node or new_node(), 'batch': batch or str(uuid.uuid4()),
                            'changes': changes}, ascii_only=ascii_only)
        h = dict(headers or {})
        if gzip_body:
            body = gzip.compress(body)
            h['Content-Encoding'] = 'gzip'
        return request(self.port, 'POST', '/api/v1/changes', body=body, headers=h,
                       token=token)

    def push_raw(self, token, body, headers=None):
        return request(self.port, 'POST', '/api/v1/changes', body=body, headers=headers,
                       token=token)


def urlquote(text):
    from urllib.parse import quote
    return quote(str(text), safe='')


# Merge ----------------------------------------------------------------------

def stamp_key(hlc, node):
    return (hlc, node)


def merge(changes, state=None):
    """Last-writer-wins over cells: {(table,row): {col: [value, hlc, node]}}."""
    state = {} if state is None else state
    for c in changes:
        row = state.setdefault((c['table'], c['row']), {})
        for col, value in c['values'].items():
            cur = row.get(col)
            if cur is None or (c['hlc'], c['node']) > (cur[1], cur[2]):
                row[col] = [value, c['hlc'], c['node']]
    return state


def values_of(state):
    """{(table,row): {col: value}} from a merged state."""
    return {k: {c: v[0] for c, v in cells.items()} for k, cells in state.items()}


def district_of(cells):
    d = cells.get('district')
    return d[0] if isinstance(d, list) else d


# Processes ------------------------------------------------------------------

def _die_with_parent():
    # Linux: the server gets SIGKILL if this test process dies without
    # cleaning up (PR_SET_PDEATHSIG), so no server outlives its test.
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)
    except Exception:  # noqa: BLE001
        pass


LISTEN_RE = re.compile(r'^listening on http://(127\.0\.0\.1):(\d+)$')


class Server:
    """One dangqun-server serve process; its log goes to a file."""

    def __init__(self, binary, data_dir, log_path):
        self.binary = binary
        self.data_dir = data_dir
        self.log_path = log_path
        self.proc = None
        self.port = None
        self.first_line = None
        self.stdout_lines = []

    def start(self, port=0, timeout=60):
        """Starts serving; returns the first stdout line. Raises on failure."""
        log = open(self.log_path, 'ab')
        self.proc = subprocess.Popen(
            [self.binary, 'serve', '--data-dir', self.data_dir, '--listen',
             '127.0.0.1:%d' % port],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, env=CHILD_ENV,
            preexec_fn=_die_with_parent)
        log.close()
        lines = queue.Queue()
        out = self.proc.stdout
        self.stdout_lines = []

        def drain():
            for line in iter(out.readline, b''):
                text = line.decode('utf-8', 'replace').rstrip('\n')
                self.stdout_lines.append(text)
                lines.put(text)
            lines.put(None)

        threading.Thread(target=drain, daemon=True).start()
        try:
            first = lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise RuntimeError('server printed nothing within %d s' % timeout)
        if first is None:
            rc = self.proc.wait(timeout=10)
            raise RuntimeError('server exited (%s) before listening; log: %s'
                               % (rc, self.log_tail()))
        self.first_line = first
        m = LISTEN_RE.match(first)
        if not m:
            self.kill()
            raise RuntimeError('unexpected first line %r' % first)
        self.port = int(m.group(2))
        return first

    def start_on_same_port(self, timeout=30):
        """Restarts on the port it had (clients keep their server URL)."""
        deadline = time.monotonic() + timeout
        port = self.port
        while True:
            try:
                return self.start(port=port)
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self, timeout=30):
        """SIGTERM; returns the exit status (None if it had to be killed)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n=30):
        try:
            with open(self.log_path, 'rb') as f:
                data = f.read().decode('utf-8', 'replace').splitlines()
            return '\n'.join(data[-n:])
        except OSError:
            return ''

    def log_text(self):
        try:
            with open(self.log_path, 'rb') as f:
                data = f.read().decode('utf-8', 'replace')
        except OSError:
            data = ''
        return data + '\n' + '\n'.join(self.stdout_lines)


def run(argv, stdin=None, timeout=300, cwd=None):
    """Runs a command; returns CompletedProcess with text output."""
    try:
        return subprocess.run(argv, input=stdin.encode('utf-8') if isinstance(stdin, str) else stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=CHILD_ENV, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired as e:
        cp = subprocess.CompletedProcess(argv, -999, e.stdout or b'', (e.stderr or b'') +
                                         b'\n[timed out after %d s]' % timeout)
        return cp


def text(b):
    return (b or b'').decode('utf-8', 'replace')


def describe(cp):
    return 'command: %s\nexit: %s\nstdout: %s\nstderr: %s' % (
        ' '.join(cp.args), cp.returncode, text(cp.stdout)[-1500:], text(cp.stderr)[-1500:])


def add_user(binary, data_dir, name, district, role, password):
    return run([binary, 'user', 'add', name, '--district', district, '--role', role,
                '--password-stdin', '--data-dir', data_dir], stdin=password + '\n')


# A proxy that can lose a response ---------------------------------------------

class Proxy:
    """HTTP/1.1 relay on 127.0.0.1:0 to a server port. Armed, it forwards the
    next POST /api/v1/changes, reads the server's whole response, and closes
    the client's connection without a byte of it. Every exchange is logged as
    (method, path, status, response JSON, dropped)."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.lock = threading.Lock()
        self.armed = False
        self.log = []
        self.closed = False
        self.conns = set()
        # Called with (method, path) once a request is with the server.
        self.on_forwarded = None
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self):
        with self.lock:
            self.armed = True

    def exchanges(self):
        with self.lock:
            return list(self.log)

    def close(self):
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass
        for c in list(self.conns):
            try:
                c.close()
            except OSError:
                pass

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.conns.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        upstream = None
        try:
            client.settimeout(300)
            crf = client.makefile('rb')
            urf = None
            while True:
                def expect():
                    client.sendall(b'HTTP/1.1 100 Continue\r\n\r\n')
                req = read_message(crf, False, on_expect=expect)
                if req is None:
                    return
                method, path = req.start.split(' ')[0], req.start.split(' ')[1]
                if upstream is None:
                    try:
                        upstream = socket.create_connection(('127.0.0.1', self.upstream_port),
                                                            timeout=300)
                    except OSError:
                        with self.lock:
                            self.log.append((method, path, None, None, 'upstream down'))
                        return  # the client sees its connection closed
                    urf = upstream.makefile('rb')
                raw = req.raw
                if req.header('expect'):
                    raw = re.sub(rb'(?im)^expect:[^\r\n]*\r?\n', b'', raw, count=1)
                upstream.sendall(raw)
                hook = self.on_forwarded
                if hook is not None:
                    hook(method, path)
                resp = read_message(urf, True, method)
                while resp is not None and 100 <= resp.status < 200:
                    resp = read_message(urf, True, method)
                if resp is None:
                    with self.lock:
                        self.log.append((method, path, None, None, 'upstream closed'))
                    return
                body_json = None
                try:
                    body = resp.body
                    if (resp.header('content-encoding') or '').lower() == 'gzip':
                        body = gzip.decompress(body)
                    body_json = json.loads(body.decode('utf-8')) if body else None
                except Exception:  # noqa: BLE001
                    body_json = None
                drop = False
                with self.lock:
                    if self.armed and method == 'POST' and path.startswith('/api/v1/changes'):
                        self.armed = False
                        drop = True
                    self.log.append((method, path, resp.status, body_json,
                                     'dropped' if drop else None))
                if drop:
                    return
                client.sendall(resp.raw)
                if (resp.header('connection') or '').lower() == 'close' or \
                        (req.header('connection') or '').lower() == 'close':
                    return
        except (OSError, ValueError, ConnectionError):
            return
        finally:
            for s in (client, upstream):
                if s is not None:
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    try:
                        s.close()
                    except OSError:
                        pass
            self.conns.discard(client)


class TempDir:
    def __init__(self, prefix):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def sub(self, *names):
        return os.path.join(self.path, *names)

    def remove(self):
        shutil.rmtree(self.path, ignore_errors=True)


def wait_until(fn, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > deadline:
            return v
        time.sleep(interval)


class Terminated(BaseException):
    pass


def _on_sigterm(signum, frame):
    # A harness timeout: unwind so that every finally kills its processes
    # and removes its folders.
    raise Terminated('terminated by signal %d' % signum)


def main_guard(fn):
    """Runs fn(tap) and exits with the TAP result; a crash is a failure."""
    tap = Tap()
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, _on_sigterm)
    try:
        fn(tap)
    except (Exception, Terminated):  # noqa: BLE001
        tap.ok(False, 'test program ran to the end', traceback.format_exc())
    sys.exit(tap.finish())
