#!/usr/bin/env python3
"""Sync benchmarks over loopback: dangqun-server and dangqun-cli replicas.

    bench/bench-sync.py BUILD_DIR [--scale X] [--runs N] [--phases b1,b2,city,load]

b1    a fresh replica's bootstrap of one district (440310) as staff: the
      time of `dangqun-cli sync`, bytes on the wire (both ways, counted by a
      proxy in front of the server), bytes per member row, replica size
b2    10,000 members edited offline (phone and address) on replica A, A
      pushes (`sync`), replica B (already bootstrapped) pulls (`sync`)
city  the same bootstrap for the whole city, as admin
load  20 replicas pushing and pulling for 60 s: changes/s, the slowest
      request (from the server's log), and nothing lost (every replica's
      dump of the district equals the server's at the end)

One JSON object per measurement on stdout; a summary table on stderr.
"""
import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PASSWORD = "bench-password-1"


class CountingProxy(threading.Thread):
    """A TCP proxy on 127.0.0.1 that counts the bytes each way."""

    def __init__(self, target_port):
        super().__init__(daemon=True)
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.up = 0
        self.down = 0
        self.lock = threading.Lock()

    def reset(self):
        with self.lock:
            up, down = self.up, self.down
            self.up = self.down = 0
        return up, down

    def pump(self, src, dst, upward):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                with self.lock:
                    if upward:
                        self.up += len(data)
                    else:
                        self.down += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def run(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self.pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client, False), daemon=True).start()


class Server:
    def __init__(self, binary, data_dir, log_path):
        self.binary = binary
        self.data_dir = data_dir
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [binary, "serve", "--data-dir", data_dir, "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            raise RuntimeError("server did not start: %r" % line)
        self.port = int(m.group(1))
        self.proxy = CountingProxy(self.port)
        self.proxy.start()
        self.url = "http://127.0.0.1:%d" % self.proxy.port

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


def run(cmd, stdin=None, check=True):
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr[-2000:]))
    return p


def add_user(server_bin, data_dir, name, role, district=None):
    cmd = [server_bin, "user", "add", name, "--role", role, "--password-stdin", "--data-dir", data_dir]
    if district:
        cmd[4:4] = ["--district", district]
    run(cmd, stdin=PASSWORD + "\n")


def replica_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            if f.startswith("replica.db"):
                total += os.path.getsize(os.path.join(root, f))
    return total


class Bench:
    def __init__(self, build, scale, runs, work):
        self.server_bin = os.path.join(build, "src/server/dangqun-server")
        self.cli_bin = os.path.join(build, "src/cli/dangqun-cli")
        self.scale = scale
        self.runs = runs
        self.work = work
        self.results = []

    def cli(self, data_dir, *args, stdin=None, check=True):
        return run([self.cli_bin, "--data-dir", data_dir] + list(args), stdin=stdin, check=check)

    def login(self, server, data_dir, user):
        self.cli(data_dir, "login", "--server", server.url, "--user", user, "--password-stdin",
                 stdin=PASSWORD + "\n")

    def timed_sync(self, server, data_dir):
        server.proxy.reset()
        t0 = time.monotonic()
        self.cli(data_dir, "sync")
        secs = time.monotonic() - t0
        up, down = server.proxy.reset()
        return secs, up, down

    def record(self, **fields):
        self.results.append(fields)
        print(json.dumps(fields, ensure_ascii=False), flush=True)

    def seeded_server(self, name, scope_args):
        data = os.path.join(self.work, name)
        if not os.path.exists(data):
            os.makedirs(data)
            t0 = time.monotonic()
            cmd = [self.server_bin, "seed", "--demo"] + scope_args + ["--data-dir", data]
            if self.scale != 1.0:
                cmd += ["--scale", str(self.scale)]
            run(cmd)
            self.record(phase="seed", scope=name, secs=round(time.monotonic() - t0, 2))
            add_user(self.server_bin, data, "staff", "staff", "440310")
            add_user(self.server_bin, data, "admin", "admin")
        return Server(self.server_bin, data, os.path.join(self.work, name + ".log"))

    def count_members(self, data_dir):
        p = self.cli(data_dir, "list", "member", "--where", "district=440310")
        return sum(1 for _ in p.stdout.splitlines())

    def b1(self):
        server = self.seeded_server("district", ["--district", "440310"])
        try:
            for i in range(self.runs):
                replica = os.path.join(self.work, "b1-%d" % i)
                shutil.rmtree(replica, ignore_errors=True)
                self.login(server, replica, "staff")
                secs, up, down = self.timed_sync(server, replica)
                members = self.count_members(replica)
                self.record(phase="b1", run=i, secs=round(secs, 3), bytes_up=up, bytes_down=down,
                            members=members, bytes_per_member_row=round(down / members, 1),
                            replica_mb=round(replica_size(replica) / 1e6, 1))
        finally:
            server.stop()

    def b2(self, edits=10000):
        server = self.seeded_server("district", ["--district", "440310"])
        try:
            a = os.path.join(self.work, "b2-a")
            b = os.path.join(self.work, "b2-b")
            for r in (a, b):
                shutil.rmtree(r, ignore_errors=True)
                self.login(server, r, "staff")
                self.cli(r, "sync")
            for i in range(self.runs):
                # Edit 10,000 members offline on A, through a CSV import (one
                # transaction), as PouchDB's bench edits them through bulkDocs.
                exported = self.cli(a, "export", "member", "--format", "csv", "--unmask").stdout
                rows = list(csv.DictReader(io.StringIO(exported)))
                rng = random.Random(20240601 + i)
                picked = rng.sample(rows, min(edits, len(rows)))
                out = io.StringIO()
                w = csv.DictWriter(out, fieldnames=["id", "phone", "address"], lineterminator="\n")
                w.writeheader()
                for row in picked:
                    w.writerow({"id": row["id"],
                                "phone": "13" + "".join(rng.choice("0123456789") for _ in range(9)),
                                "address": (row["address"] or "") + "(已更新)"})
                path = os.path.join(self.work, "b2-edits.csv")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(out.getvalue())
                t0 = time.monotonic()
                self.cli(a, "import", "member", path)
                edit_secs = time.monotonic() - t0
                push_secs, push_up, push_down = self.timed_sync(server, a)
                pull_secs, pull_up, pull_down = self.timed_sync(server, b)
                same = (self.cli(a, "dump").stdout == self.cli(b, "dump").stdout)
                self.record(phase="b2", run=i, edits=len(picked), edit_secs=round(edit_secs, 3),
                            push_secs=round(push_secs, 3), pull_secs=round(pull_secs, 3),
                            push_plus_pull_secs=round(push_secs + pull_secs, 3),
                            push_bytes_up=push_up, push_bytes_down=push_down,
                            pull_bytes_up=pull_up, pull_bytes_down=pull_down, replicas_equal=same)
        finally:
            server.stop()

    def city(self):
        server = self.seeded_server("city", ["--city"])
        try:
            for i in range(self.runs):
                replica = os.path.join(self.work, "city-%d" % i)
                shutil.rmtree(replica, ignore_errors=True)
                self.login(server, replica, "admin")
                secs, up, down = self.timed_sync(server, replica)
                self.record(phase="city", run=i, secs=round(secs, 3), bytes_up=up, bytes_down=down,
                            replica_mb=round(replica_size(replica) / 1e6, 1))
        finally:
            server.stop()

    def load(self, n_replicas=20, seconds=60):
        server = self.seeded_server("district", ["--district", "440310"])
        try:
            replicas = []
            for i in range(n_replicas):
                r = os.path.join(self.work, "load-%d" % i)
                shutil.rmtree(r, ignore_errors=True)
                self.login(server, r, "staff")
                self.cli(r, "sync")
                replicas.append(r)
            ids = [json.loads(l)["id"] for l in
                   self.cli(replicas[0], "list", "member", "--limit", "2000").stdout.splitlines()]
            counts = [0] * n_replicas
            deadline = time.monotonic() + seconds

            def worker(k):
                rng = random.Random(k)
                while time.monotonic() < deadline:
                    member = rng.choice(ids)
                    phone = "13" + "".join(rng.choice("0123456789") for _ in range(9))
                    self.cli(replicas[k], "set", "member", member, "phone=" + phone)
                    if self.cli(replicas[k], "sync", check=False).returncode == 0:
                        counts[k] += 1

            server.proxy.reset()
            with open(server.log.name) as log:
                log.seek(0, 2)
                start = log.tell()
            threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_replicas)]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - t0
            for r in replicas:  # everyone catches up
                self.cli(r, "sync")
            dumps = {self.cli(r, "dump").stdout for r in replicas}
            slowest = 0.0
            with open(server.log.name) as log:
                log.seek(start)
                for line in log:
                    m = re.search(r"(\d+(?:\.\d+)?) ?ms", line)
                    if m:
                        slowest = max(slowest, float(m.group(1)))
            up, down = server.proxy.reset()
            self.record(phase="load", replicas=n_replicas, secs=round(elapsed, 1),
                        synced_edits=sum(counts), changes_per_s=round(sum(counts) / elapsed, 1),
                        slowest_request_ms=slowest, replicas_equal=len(dumps) == 1,
                        bytes_up=up, bytes_down=down)
        finally:
            server.stop()


def summarize(results):
    by_phase = {}
    for r in results:
        by_phase.setdefault(r["phase"], []).append(r)
    for phase, rows in by_phase.items():
        keys = [k for k, v in rows[0].items() if isinstance(v, (int, float)) and k != "run"]
        line = []
        for k in keys:
            vals = [r[k] for r in rows if k in r]
            med = statistics.median(vals)
            line.append("%s %s [%s-%s]" % (k, med, min(vals), max(vals)))
        print("%-5s %s" % (phase, "; ".join(line)), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--phases", default="b1,b2")
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="dangqun-bench-")
    bench = Bench(args.build, args.scale, args.runs, work)
    for phase in args.phases.split(","):
        getattr(bench, phase)()
    summarize(bench.results)


if __name__ == "__main__":
    main()
