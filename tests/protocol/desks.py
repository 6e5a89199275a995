#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two check-in desks and the city server, as TAP.

Usage: desks.py PATH/TO/dangqun-server PATH/TO/dangqun-cli

Two staff desks of 440310 (A and B) sign in to a server seeded with a small
440310 demo and share an activity with two places and a waitlist. While the
server is down: the same member is checked in at A and then at B; the same
walk-in is registered and checked in at both; and each desk gives the last
place to a different member. After the server is back and both desks sync:
both replicas are identical, the member has one attendance with A's (the
earliest) time seen at two desks, the walk-in is one registration, and the
last place went to one of the two while the other waits — the same on
both desks. No rule of the sync engine knows about any of this: the
registration ids and the per-desk check-in rows converge by the merge rule.
"""

import json
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dqproto import Server, TempDir, add_user, main_guard, run, text  # noqa: E402

PINGSHAN = '440310'
USERS = {'desk-a': 'Desk-A-Pw1', 'desk-b': 'Desk-B-Pw2'}


class Desk:
    def __init__(self, cli, tmp, user, url):
        self.cli = cli
        self.user = user
        self.dir = tmp.sub(user)
        self.url = url

    def run(self, *args, stdin=None):
        return run([self.cli, '--data-dir', self.dir] + list(args), stdin=stdin, timeout=300)

    def json(self, *args):
        cp = self.run(*args)
        if cp.returncode != 0:
            raise RuntimeError('%s: %s' % (' '.join(args), text(cp.stderr)))
        return json.loads(text(cp.stdout))

    def lines(self, *args):
        cp = self.run(*args)
        return [json.loads(line) for line in text(cp.stdout).splitlines() if line.strip()]

    def login(self):
        return self.run('login', '--server', self.url, '--user', self.user, '--password-stdin',
                        stdin=USERS[self.user] + '\n').returncode

    def sync(self):
        return self.run('sync').returncode

    def dump(self, tables):
        cp = self.run('dump')
        return [line for line in text(cp.stdout).splitlines()
                if any('"table":"%s"' % t in line for t in tables)]


def main(tap):
    server_bin, cli = (os.path.abspath(a) for a in sys.argv[1:3])
    tmp = TempDir('dq-desks-')
    server = None
    try:
        data = tmp.sub('server')
        cp = run([server_bin, 'seed', '--demo', '--district', PINGSHAN, '--scale', '0.05', '--data-dir', data],
                 timeout=600)
        tap.ok(cp.returncode == 0, 'server seeded', text(cp.stderr))
        for user, password in USERS.items():
            add_user(server_bin, data, user, PINGSHAN, 'staff', password)
        server = Server(server_bin, data, tmp.sub('server.log'))
        server.start()
        url = 'http://127.0.0.1:%d' % server.port
        a, b = (Desk(cli, tmp, u, url) for u in USERS)
        tap.ok(a.login() == 0 and b.login() == 0, 'both desks sign in')
        tap.ok(a.sync() == 0 and b.sync() == 0, 'both desks bootstrap')

        # An activity with two places and a waitlist, and five members.
        activity = text(a.run('new', 'activity', 'district=' + PINGSHAN, 'title=社区志愿服务日', 'kind=志愿服务',
                              'starts_at=2026-12-05T09:00:00+08:00', 'ends_at=2026-12-05T11:00:00+08:00',
                              'capacity=2', 'waitlist=1', 'volunteer_hours=2').stdout).strip()
        members = [m['id'] for m in a.lines('list', 'member', '--limit', '5')]
        first = a.json('register', activity, '--member', members[0])
        tap.eq(first['status'], 'registered', 'A registers a member')
        tap.ok(a.sync() == 0 and b.sync() == 0, 'both desks have the activity and the registration')

        # The server goes down; both desks keep working.
        server.stop()
        at_a = a.json('checkin', activity, 'DQ1:M:' + members[0])
        tap.eq(at_a['status'], 'checked_in', 'A checks the member in offline (card)')
        time.sleep(0.05)
        at_b = b.json('checkin', activity, 'DQ1:M:' + members[0])
        tap.eq(at_b['status'], 'checked_in', 'B checks the same member in offline: it has not heard of A')
        tap.ok(at_a['checked_in_at'] < at_b['checked_in_at'], 'A was first', (at_a, at_b))

        walk_a = a.json('register', activity, '--name', '钟晓晴', '--phone', '13823456789')
        walk_b = b.json('register', activity, '--name', '钟晓晴', '--phone', '138 2345 6789')
        tap.eq(walk_a['registration'], walk_b['registration'], 'the same walk-in gets the same id at both desks')
        tap.eq(a.json('checkin', activity, '13823456789')['status'] in ('checked_in', 'waitlisted'), True,
               'A checks the walk-in by phone')
        b.json('checkin', activity, '13823456789')

        last_a = a.json('register', activity, '--member', members[1])
        last_b = b.json('register', activity, '--member', members[2])
        tap.ok(last_a['status'] in ('registered', 'waitlisted') and last_b['status'] in ('registered', 'waitlisted'),
               'each desk registers another member offline', (last_a, last_b))

        server.start_on_same_port()
        tap.ok(a.sync() == 0 and b.sync() == 0 and a.sync() == 0, 'both desks sync after the outage')

        tables = ('registration', 'checkin', 'activity')
        tap.eq(a.dump(tables), b.dump(tables), 'both replicas hold the same registrations and check-ins')

        for desk, name in ((a, 'A'), (b, 'B')):
            again = desk.json('checkin', activity, 'DQ1:M:' + members[0])
            tap.eq(again['status'], 'already', '%s: the member is checked in already' % name)
            tap.eq(again['checked_in_at'], at_a['checked_in_at'], '%s: one attendance, the earliest time' % name)
            tap.eq(again['desks'], 2, '%s: it says two desks saw the member' % name)

        regs = a.lines('list', 'registration', '--where', 'activity_id=' + activity)
        walkins = [r for r in regs if r.get('phone') == '13823456789' or r['id'] == walk_a['registration']]
        tap.eq(len(walkins), 1, 'the walk-in is one person after sync')
        tap.eq(len(regs), 4, 'four registrations: member, walk-in and the two last ones')

        # Places: two, in order of registration; the rest wait, alike on both desks.
        states = []
        for desk in (a, b):
            got = {}
            for m in members[1:3]:
                r = desk.json('register', activity, '--member', m)
                got[m] = (r['status'], r.get('position'))
            states.append(got)
        tap.eq(states[0], states[1], 'both desks agree who has a place and who waits')
        waiting = [s for s, _ in states[0].values()]
        tap.eq(sorted(waiting), ['already', 'already'], 'neither registration was lost')
        positions = sorted(p for _, p in states[0].values() if p is not None)
        tap.eq(positions, [1, 2], 'with the walk-in in the second place, the two wait as 1 and 2', states)
    finally:
        if server:
            server.kill()
        tmp.remove()


if __name__ == '__main__':
    main_guard(main)
