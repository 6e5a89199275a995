#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Protocol conformance of dangqun-server, as TAP.

Usage: conformance.py PATH/TO/dangqun-server

Runs real server processes on 127.0.0.1 (port 0) over temporary data
folders and speaks sync-protocol.md to them from the outside: every
endpoint, every status and error code, scope and transfer rules, paging,
gzip, limits, hostile input, restart and restore. Each check states the
exact expectation; a failure prints what was sent and what came back.
"""

import copy
import gzip
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import sys
import threading
import time
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dqproto import (HEX16, HEX32, Api, Clock, Server, TempDir, add_user, describe, encode_json,  # noqa: E402
                     hlc_of, main_guard, merge, new_node, now_ms, raw_request, run, short,
                     read_message, request, Resp, text, uuid7)

CITY = '440300'
PINGSHAN = '440310'
LUOHU = '440303'
FUTIAN = '440304'
NANSHAN = '440305'

# name: (district, role, password)
USERS = {
    'admin': (CITY, 'admin', 'Adm1n-Pass-7Qz!'),
    'ps1': (PINGSHAN, 'staff', 'Ps1-Pass-4Kx?'),
    'ps2': (PINGSHAN, 'staff', 'Ps2-Pass-9Hw%'),
    'lh': (LUOHU, 'staff', 'Lh-Pass-3Jv&'),
    'ns': (NANSHAN, 'staff', 'Ns-Pass-8Tb*'),
    'ft': (FUTIAN, 'staff', 'Ft-Pass-2Mq^'),
}

# Values that must never reach a log.
PHONE = '13800138000'
PHONE2 = '13900139000'
ID_NUMBER = '440304199001011233'  # valid GB 11643: male, born 1990-01-01

SKEW_MS = 11 * 60 * 1000
MAX_CHANGES = 10000
MAX_BODY = 16 * 1024 * 1024


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def strip_author(c):
    c = dict(c)
    c.pop('author', None)
    return c


def canon(c):
    return json.dumps(strip_author(c), sort_keys=True, ensure_ascii=False)


class Ctx:
    """What the checks share: the server, tokens, nodes, one clock."""

    def __init__(self, tap, binary, tmp):
        self.tap = tap
        self.binary = binary
        self.tmp = tmp
        self.clock = Clock()
        self.servers = []
        self.tokens = {}
        self.all_tokens = []
        self.nodes = {name: new_node() for name in USERS}
        self.api = None
        self.server = None
        self.rows = {}  # names of rows made by the checks -> ids
        self.admin_cursor = None
        self.admin_state = {}
        self.server_time_ms = now_ms()

    def change(self, table, row, values, hlc=None, node=None, user=None):
        return {'table': table, 'row': row, 'hlc': hlc or self.clock.tick(),
                'node': node or self.nodes[user or 'ps1'], 'values': values}

    def push(self, user, changes, **kw):
        kw.setdefault('node', self.nodes[user])
        r = self.api.push(self.tokens[user], changes, **kw)
        if isinstance(r.json, dict) and is_int(r.json.get('time_ms')):
            self.server_time_ms = r.json['time_ms']
        return r

    def push_ok(self, user, changes, **kw):
        r = self.push(user, changes, **kw)
        if r.status != 200 or not isinstance(r.json, dict) or r.json.get('rejected'):
            raise AssertionError('setup push by %s failed: %r' % (user, r))
        return r

    def pull_all(self, user, since=None, limit=None):
        return self.api.pull_all(self.tokens[user], since=since, limit=limit)

    def admin_refresh(self):
        changes, cursor, _ = self.api.pull_all(self.tokens['admin'], since=self.admin_cursor)
        merge(changes, self.admin_state)
        self.admin_cursor = cursor
        return self.admin_state

    def cells(self, table, row):
        """The server's cells of a row, as the admin sees them."""
        return copy.deepcopy(self.admin_refresh().get((table, row)))

    def login_all(self):
        for name, (_, _, pw) in USERS.items():
            tok = self.api.token(name, pw)
            self.tokens[name] = tok
            self.all_tokens.append(tok)


def rejected_codes(r):
    if not isinstance(r.json, dict) or not isinstance(r.json.get('rejected'), list):
        return None
    return [(x.get('index'), x.get('error')) for x in r.json['rejected']]


def push_result(r):
    if not isinstance(r.json, dict):
        return None
    return (r.status, r.json.get('applied'), r.json.get('stale'), rejected_codes(r))


def no_leak(current, new_district=None):
    """A rejection's `current` for a row outside the caller's scope: nothing,
    or only the district change that the transfer rule allows."""
    if current is None or current == []:
        return True
    if new_district is None or not isinstance(current, list):
        return False
    return all(set(c.get('values', {})) == {'district'} and
               c['values']['district'] == new_district for c in current)


# Checks -----------------------------------------------------------------------

def check_startup(ctx, first_line):
    t = ctx.tap
    t.ok(re.match(r'^listening on http://127\.0\.0\.1:\d+$', first_line) is not None,
         'serve prints "listening on http://HOST:PORT" as its first stdout line',
         'got %r' % first_line)
    t.ok(ctx.server.port not in (0, None), 'the port printed is the real one (port 0 picked a free port)',
         'port %r' % ctx.server.port)


def check_health(ctx):
    t, api = ctx.tap, ctx.api
    r = api.health()
    j = r.json if isinstance(r.json, dict) else {}
    t.eq(r.status, 200, 'GET health: 200', repr(r))
    t.ok((r.headers.get('content-type') or '').startswith('application/json'),
         'GET health: Content-Type application/json', repr(r))
    t.eq(j.get('status'), 'ok', 'health: status is "ok"', repr(r))
    t.ok(isinstance(j.get('version'), str) and re.match(r'^\d+\.\d+\.\d+', j['version']),
         'health: version is a version string', repr(r))
    t.ok(isinstance(j.get('node'), str) and HEX32.match(j['node']),
         'health: node is 32 lowercase hex digits', repr(r))
    t.ok(is_int(j.get('time_ms')) and abs(j['time_ms'] - now_ms()) < 60000,
         'health: time_ms is an integer of Unix milliseconds, now', repr(r))
    r2 = api.health()
    t.eq((r2.json or {}).get('node'), j.get('node'), 'health: node is the same on every call')
    ctx.server_node = j.get('node')
    r3 = api.health(headers={'Authorization': 'Bearer not-a-token'})
    t.eq(r3.status, 200, 'health needs no token (a bad one is ignored)', repr(r3))


def check_session(ctx):
    t, api = ctx.tap, ctx.api
    for name, (district, role, pw) in USERS.items():
        r = api.login(name, pw, node=ctx.nodes[name])
        j = r.json if isinstance(r.json, dict) else {}
        t.eq(r.status, 200, 'session: %s logs in (200)' % name, repr(r))
        good = (isinstance(j.get('token'), str) and len(j['token']) >= 16 and
                j.get('user') == name and j.get('role') == role and
                isinstance(j.get('districts'), list) and
                all(isinstance(d, str) for d in j['districts']) and
                is_int(j.get('expires_ms')) and is_int(j.get('time_ms')) and
                j['expires_ms'] > j['time_ms'] and abs(j['time_ms'] - now_ms()) < 60000)
        t.ok(good, 'session: %s gets token, user, role %s, districts, expires_ms > time_ms, time_ms'
             % (name, role), repr(r))
        if role == 'staff':
            t.eq(j.get('districts'), [district], 'session: %s has districts [%s]' % (name, district),
                 repr(r))
        if j.get('token'):
            ctx.tokens[name] = j['token']
            ctx.all_tokens.append(j['token'])

    r1 = api.login('ps1', USERS['ps1'][2])
    t.ok(r1.status == 200 and r1.json.get('token') != ctx.tokens.get('ps1'),
         'session: every login gets a new token', repr(r1))
    if r1.status == 200:
        ctx.all_tokens.append(r1.json['token'])

    wrong = api.login('ft', 'not-the-password')
    t.ok(wrong.is_error(401, 'invalid_credentials'),
         'session: wrong password -> 401 invalid_credentials', repr(wrong))
    unknown = api.login('nobody-at-all', 'whatever-password')
    t.ok(unknown.is_error(401, 'invalid_credentials'),
         'session: unknown user -> 401 invalid_credentials', repr(unknown))
    t.eq(unknown.json, wrong.json, 'session: unknown user and wrong password get the same body')

    r = api.login('ft', '')
    t.ok(r.is_error(401, 'invalid_credentials'), 'session: empty password -> 401 invalid_credentials',
         repr(r))

    bad = ctx.api_raw_session(b'this is not json')
    t.ok(bad.is_error(400, 'bad_json'), 'session: a body that is not JSON -> 400 bad_json', repr(bad))


def check_auth(ctx):
    t, api = ctx.tap, ctx.api
    r = api.pull(None)
    t.ok(r.is_error(401, 'unauthorized'), 'pull without a token -> 401 unauthorized', repr(r))
    r = api.pull('x' * 43)
    t.ok(r.is_error(401, 'unauthorized'), 'pull with a made-up token -> 401 unauthorized', repr(r))
    r = api.pull(ctx.tokens['ft'] + 'A')
    t.ok(r.is_error(401, 'unauthorized'), 'pull with a real token plus one character -> 401 unauthorized',
         repr(r))
    r = api.pull(ctx.tokens['ft'][:-1])
    t.ok(r.is_error(401, 'unauthorized'), 'pull with a real token less its last character -> 401',
         repr(r))
    r = request(api.port, 'GET', '/api/v1/changes', headers={'Authorization': 'Basic ' +
                                                            ctx.tokens['ft']})
    t.ok(r.is_error(401, 'unauthorized'), 'pull with the token in a Basic header -> 401 unauthorized',
         repr(r))
    row = uuid7()
    r = api.push(None, [ctx.change('notice', row, {'district': FUTIAN, 'title': 'no token'},
                                   user='ft')])
    t.ok(r.is_error(401, 'unauthorized'), 'push without a token -> 401 unauthorized', repr(r))
    r = api.push('bogus-token', [ctx.change('notice', row, {'district': FUTIAN, 'title': 'bad token'},
                                            user='ft')])
    t.ok(r.is_error(401, 'unauthorized'), 'push with a made-up token -> 401 unauthorized', repr(r))
    t.eq(ctx.cells('notice', row), None, 'pushes refused with 401 applied nothing')
    r = api.pull(ctx.tokens['ft'])
    t.eq(r.status, 200, 'pull with a good token -> 200', repr(r))


def check_paging(ctx):
    t, api = ctx.tap, ctx.api
    tok = ctx.tokens['ns']
    pushed = [ctx.change('notice', uuid7(), {'district': NANSHAN, 'title': '南山通知 %02d' % i},
                         user='ns') for i in range(30)]
    r = ctx.push('ns', pushed)
    t.eq(push_result(r), (200, 30, 0, []), 'push of 30 new rows: 200, applied 30, stale 0, none rejected',
         repr(r))
    t.ok(isinstance(r.json, dict) and is_int(r.json.get('time_ms')), 'push response has time_ms', repr(r))

    changes, cursor, pages = api.pull_all(tok, limit=7)
    sizes = [len(p['changes']) for p in pages]
    mores = [p['more'] for p in pages]
    t.eq(sorted(canon(c) for c in changes), sorted(canon(c) for c in pushed),
         'pull limit=7 from the start: every change exactly once across the pages')
    t.eq(len(changes), len(set(canon(c) for c in changes)), 'pull limit=7: no change twice')
    t.eq(sizes, [7, 7, 7, 7, 2], 'pull limit=7 over 30 changes: pages of 7, 7, 7, 7, 2')
    t.eq(mores, [True, True, True, True, False], 'pull: more is true until the last page')
    t.ok(all(isinstance(p['cursor'], str) and p['cursor'] != '' for p in pages),
         'pull: every cursor is a non-empty string', short(pages, 400))
    t.ok(all(is_int(p.get('time_ms')) for p in pages), 'pull: every page has time_ms')
    t.ok(all(c.get('author', 'ns') == 'ns' for c in changes),
         'pull: author, where given, is the user who pushed', short(changes[:3]))
    t.ok(all({'changes', 'cursor', 'more', 'time_ms'} <= set(p) for p in pages),
         'pull: every page has changes, cursor, more, time_ms', short(pages[0], 300))
    t.ok(all(set(c) - {'author'} == {'table', 'row', 'hlc', 'node', 'values'} and HEX16.match(c['hlc'])
             and HEX32.match(c['node']) and isinstance(c['values'], dict) for c in changes),
         'pull: every change has table, row, hlc (16 hex), node (32 hex), values', short(changes[:2]))

    first = api.pull(tok, limit=7)
    zero = api.pull(tok, since='0', limit=7)
    t.ok(first.status == 200 and zero.status == 200 and
         first.json['changes'] == zero.json['changes'] and
         first.json['cursor'] == zero.json['cursor'],
         'pull: since=0 is the same as no since', repr(zero))
    whole = api.pull(tok)
    t.ok(whole.status == 200 and len(whole.json['changes']) == 30 and whole.json['more'] is False,
         'pull without limit (default 1000): all 30 in one page, more false', repr(whole))
    end = api.pull(tok, since=cursor)
    t.ok(end.status == 200 and end.json['changes'] == [] and end.json['more'] is False,
         'pull from the last cursor: no changes, more false', repr(end))

    later = []
    for i in range(3):
        c = ctx.change('notice', uuid7(), {'district': NANSHAN, 'title': '后来 %d' % i}, user='ns')
        later.append(c)
        ctx.push_ok('ns', [c])
    r = api.pull(tok, since=cursor)
    got = r.json['changes'] if r.status == 200 else None
    t.eq([canon(c) for c in got or []], [canon(c) for c in later],
         'pull from a saved cursor: exactly the 3 changes pushed since, oldest first', repr(r))
    ctx.rows['ns_cursor'] = r.json['cursor'] if r.status == 200 else cursor

    for bad in ('garbage', 'not a cursor!', "'; DROP TABLE changes; --", '\u515a'):
        r = api.pull(tok, since=bad)
        t.ok(r.is_error(400, 'bad_cursor'), 'pull since=%r -> 400 bad_cursor' % bad, repr(r))


def check_push(ctx):
    t, api = ctx.tap, ctx.api
    org, member = uuid7(), uuid7()
    ctx.rows['org'], ctx.rows['member'] = org, member
    h_org = ctx.clock.tick()
    h1 = ctx.clock.tick()
    b1 = [ctx.change('org', org, {'district': PINGSHAN, 'name': '坪山区测试党委', 'kind': '党委'}, hlc=h_org),
          ctx.change('member', member, {'district': PINGSHAN, 'name': '王芳', 'org_id': org,
                                        'category': '正式', 'phone': PHONE, 'job': '教师'}, hlc=h1)]
    batch = str(uuid.uuid4())
    body = encode_json({'node': ctx.nodes['ps1'], 'batch': batch, 'changes': b1})
    r = api.push_raw(ctx.tokens['ps1'], body)
    t.eq(push_result(r), (200, 2, 0, []), 'push 2 new rows: applied 2, stale 0, rejected []', repr(r))
    before = (ctx.cells('org', org), ctx.cells('member', member))
    t.ok(before[1] is not None and before[1]['name'] == ['王芳', h1, ctx.nodes['ps1']],
         'pushed cells are on the server with their stamps', short(before))
    r = api.push_raw(ctx.tokens['ps1'], body)
    t.eq(push_result(r), (200, 0, 2, []), 're-push of the same batch: applied 0, stale 2', repr(r))
    t.eq((ctx.cells('org', org), ctx.cells('member', member)), before,
         're-push of the same batch leaves the server state unchanged')
    r = ctx.push('ps1', b1)
    t.eq(push_result(r), (200, 0, 2, []), 'the same changes in a new batch: applied 0, stale 2', repr(r))

    old = ctx.change('member', member, {'name': 'STALE-NAME'}, hlc=hlc_of((int(h1, 16) >> 16) - 1))
    r = ctx.push('ps1', [old])
    t.eq(push_result(r), (200, 0, 1, []), 'an older stamp: stale 1', repr(r))
    t.eq(ctx.cells('member', member)['name'][0], '王芳', 'an older stamp does not change the cell')

    h2 = ctx.clock.tick()
    r = ctx.push('ps1', [ctx.change('member', member, {'name': '王芳芳'}, hlc=h2)])
    t.eq(push_result(r), (200, 1, 0, []), 'a newer stamp: applied 1', repr(r))
    t.eq(ctx.cells('member', member)['name'], ['王芳芳', h2, ctx.nodes['ps1']],
         'a newer stamp replaces the cell')

    # phone still has stamp h1, name has h2: a stamp between wins phone only.
    mid = hlc_of(int(h1, 16) >> 16, (int(h1, 16) & 0xffff) + 1)
    if not (h1 < mid < h2):
        mid = None
    if mid:
        r = ctx.push('ps1', [ctx.change('member', member, {'name': 'LOSES', 'phone': PHONE2}, hlc=mid)])
        t.eq(push_result(r), (200, 1, 0, []), 'a change winning one cell of two counts as applied', repr(r))
        cells = ctx.cells('member', member)
        t.eq((cells['name'][0], cells['phone'][0]), ('王芳芳', PHONE2),
             'the merge is per cell: phone won, name kept its newer value')
    else:
        t.ok(False, 'could not make a stamp between two others', '%s %s' % (h1, h2))

    # Equal hlc: the greater node wins, whatever the order of arrival.
    notice = uuid7()
    ctx.rows['ps_notice'] = notice
    H = ctx.clock.tick()
    ctx.push_ok('ps1', [ctx.change('notice', notice, {'district': PINGSHAN, 'title': 'A'}, hlc=H,
                                   node='1' * 32)])
    r = ctx.push('ps1', [ctx.change('notice', notice, {'title': 'B'}, hlc=H, node='f' * 32)])
    t.eq(push_result(r), (200, 1, 0, []), 'same hlc, greater node: applied', repr(r))
    r = ctx.push('ps1', [ctx.change('notice', notice, {'title': 'C'}, hlc=H, node='0' * 32)])
    t.eq(push_result(r), (200, 0, 1, []), 'same hlc, smaller node: stale', repr(r))
    t.eq(ctx.cells('notice', notice)['title'], ['B', H, 'f' * 32],
         'same hlc: the cell holds the greater node\'s value')

    # A change written by a LAN peer, relayed by this desk.
    relayed = uuid7()
    peer = new_node()
    hr = ctx.clock.tick()
    r = ctx.push('ps1', [ctx.change('notice', relayed, {'district': PINGSHAN, 'title': '转发'},
                                    hlc=hr, node=peer)])
    t.eq(push_result(r), (200, 1, 0, []), 'a change whose node is not the pusher\'s: applied', repr(r))
    t.eq(ctx.cells('notice', relayed), {'district': [PINGSHAN, hr, peer], 'title': ['转发', hr, peer]},
         'a relayed change keeps its own node and hlc')

    # Delete and undelete travel as a cell.
    hd = ctx.clock.tick()
    r = ctx.push('ps1', [ctx.change('notice', relayed, {'deleted': 1}, hlc=hd)])
    t.eq(push_result(r), (200, 1, 0, []), 'delete (deleted=1) is applied', repr(r))
    t.eq(ctx.cells('notice', relayed).get('deleted', [None])[0], 1, 'a deleted row keeps its cells, deleted=1')
    r = ctx.push('ps1', [ctx.change('notice', relayed, {'deleted': 0})])
    t.eq(ctx.cells('notice', relayed).get('deleted', [None])[0], 0, 'undelete by writing deleted=0')

    # Order within a batch does not matter: a cell before its row's creation.
    later_row = uuid7()
    hc = ctx.clock.tick()
    hn = ctx.clock.tick()
    r = ctx.push('ps1', [ctx.change('notice', later_row, {'title': '新'}, hlc=hn),
                         ctx.change('notice', later_row, {'district': PINGSHAN, 'title': '旧'}, hlc=hc)])
    t.eq(push_result(r), (200, 2, 0, []),
         'a batch updating a row before the change that creates it: both applied', repr(r))
    cells = ctx.cells('notice', later_row) or {}
    t.eq(cells.get('title', [None])[0], '新', 'order within a batch does not matter: the newer title won')

    # Every value kind round-trips: text, integers, null.
    b = uuid7()
    vals = {'district': PINGSHAN, 'name': '坪山大厦', 'floors': 300, 'enterprises': 0,
            'address': None, 'members': 1000000}
    hb = ctx.clock.tick()
    ctx.push_ok('ps1', [ctx.change('building', b, vals, hlc=hb)])
    cells = ctx.cells('building', b) or {}
    t.eq({k: v[0] for k, v in cells.items()}, vals, 'text, integers (0, max) and null round-trip')


def check_rejections(ctx):
    t = ctx.tap
    ahead = hlc_of(ctx.server_time_ms + SKEW_MS)
    okay_ahead = hlc_of(now_ms() + 8 * 60 * 1000)
    n = {}

    def c(table, values, row=None, hlc=None):
        return ctx.change(table, row or uuid7(), values, hlc=hlc, user='ft')

    ids = {}
    batch = [
        c('notice', {'district': FUTIAN, 'title': 'good 0'}),                          # 0
        c('nosuch', {'zzz': 1}, row='NOT-A-UUID'),                                      # 1 bad_row
        c('notice', {'district': FUTIAN, 'title': 'upper'}, row=str(uuid.uuid4()).upper()),  # 2
        c('nosuch', {'zzz': 1}),                                                        # 3 unknown_table
        c('notice', {'district': FUTIAN, 'title': 5, 'zzz': 'x'}),                      # 4 unknown_column
        c('notice', {'district': FUTIAN, 'title': 12}),                                 # 5 bad_value type
        c('notice', {'district': FUTIAN, 'title': 'x' * 201}),                          # 6 too long
        c('org', {'district': FUTIAN, 'name': '福田某党小组', 'kind': '党小组'}),         # 7 bad code
        c('notice', {'district': '999999', 'title': 'bad district'}),                   # 8 bad code
        c('notice', {'district': FUTIAN, 'title': 12}, hlc=ahead),                      # 9 bad_value first
        c('notice', {'district': FUTIAN, 'title': 'from the future'}, hlc=ahead),       # 10 clock_skew
        c('notice', {'district': PINGSHAN, 'title': 'future elsewhere'}, hlc=ahead),    # 11 clock_skew first
        c('notice', {'district': PINGSHAN, 'title': 'not my district'}),                # 12 forbidden
        c('notice', {'district': CITY, 'title': 'city notice by staff'}),               # 13 forbidden
        c('notice', {'district': FUTIAN, 'title': 'good 14'}),                          # 14
        c('notice', {'district': FUTIAN, 'title': 1.5}),                                # 15 float
        c('notice', {'district': FUTIAN, 'title': 'bool', 'deleted': True}),            # 16 boolean
        c('notice', {'district': FUTIAN, 'title': {'a': 1}}),                           # 17 object
        c('member', {'district': FUTIAN, 'name': '张' * 51, 'org_id': uuid7(),
                     'category': '正式'}),                                              # 18 too long
        c('notice', {'district': None, 'title': 'null district'}),                      # 19
        c('notice', {'district': FUTIAN, 'title': ['x']}),                              # 20 array
        c('building', {'district': FUTIAN, 'name': '大楼', 'floors': 2 ** 60}),          # 21 > 2^53
        c('building', {'district': FUTIAN, 'name': '大楼', 'floors': 301}),              # 22 range
        c('notice', {'district': FUTIAN, 'title': 'good 23'}),                          # 23
        c('notice', {'district': FUTIAN, 'title': 'eight minutes ahead'}, hlc=okay_ahead),  # 24
    ]
    expected = [(1, 'bad_row'), (2, 'bad_row'), (3, 'unknown_table'), (4, 'unknown_column'),
                (5, 'bad_value'), (6, 'bad_value'), (7, 'bad_value'), (8, 'bad_value'),
                (9, 'bad_value'), (10, 'clock_skew'), (11, 'clock_skew'), (12, 'forbidden'),
                (13, 'forbidden'), (15, 'bad_value'), (16, 'bad_value'), (17, 'bad_value'),
                (18, 'bad_value'), (19, 'bad_value'), (20, 'bad_value'), (21, 'bad_value'),
                (22, 'bad_value')]
    good = [0, 14, 23, 24]
    r = ctx.push('ft', batch)
    t.eq(r.status, 200, 'a batch with rejections still answers 200', repr(r))
    codes = rejected_codes(r) or []
    names = {1: 'malformed id', 2: 'uppercase id', 3: 'unknown table', 4: 'unknown column before bad value',
             5: 'number for text', 6: 'text too long', 7: 'invalid org kind', 8: 'invalid district code',
             9: 'bad value before clock skew', 10: 'hlc 11 minutes ahead', 11: 'clock skew before forbidden',
             12: 'staff creating a row in another district', 13: 'staff creating a city row',
             15: 'fraction', 16: 'boolean', 17: 'object', 18: 'member name too long',
             19: 'null district', 20: 'array', 21: 'integer beyond 2^53', 22: 'integer out of range'}
    got = dict((i, e) for i, e in codes)
    for i, code in expected:
        t.eq(got.get(i), code, 'rejection %d (%s): %s' % (i, names[i], code), lambda: repr(r))
    t.eq(codes, expected, 'rejected lists exactly these, in index order', repr(r))
    t.ok(isinstance(r.json, dict) and all(x.get('current', 'absent') is None
                                          for x in r.json.get('rejected', [])),
         'current is null for every rejected change of a row the server does not have', repr(r))
    t.eq((r.json or {}).get('applied'), len(good), 'the %d valid changes of the batch are applied' % len(good),
         repr(r))
    t.eq((r.json or {}).get('stale'), 0, 'stale 0', repr(r))
    t.ok(is_int((r.json or {}).get('time_ms')), 'push response has time_ms', repr(r))
    h = ctx.api.health()
    t.ok(isinstance(h.json, dict) and is_int(h.json.get('time_ms')) and abs(h.json['time_ms'] - now_ms()) < 5000,
         'time_ms stays the server\'s wall clock after it merged a stamp 8 minutes ahead', repr(h))
    state = ctx.admin_refresh()
    present = [i for i, ch in enumerate(batch) if (ch['table'], ch['row']) in state]
    t.eq(present, good, 'exactly the valid changes reached the server (8 minutes ahead is not skew)')
    ctx.rows['ft_good'] = batch[0]['row']


def check_current(ctx):
    t = ctx.tap
    ft_row = ctx.rows['ft_good']
    r = ctx.push('ft', [ctx.change('notice', ft_row, {'title': 'y' * 201}, user='ft')])
    rej = (r.json or {}).get('rejected') or [{}]
    t.eq(rejected_codes(r), [(0, 'bad_value')], 'bad value on an existing row: rejected', repr(r))
    cur = rej[0].get('current')
    t.ok(isinstance(cur, list) and all(x.get('table') == 'notice' and x.get('row') == ft_row for x in cur),
         'current is a list of changes of that row', repr(r))
    t.eq(merge(cur or []).get(('notice', ft_row)), ctx.cells('notice', ft_row),
         'current holds the server\'s winning cells with their stamps')

    # City row: readable by staff, writable by admin only.
    city = uuid7()
    ctx.rows['city'] = city
    r = ctx.push('admin', [ctx.change('notice', city, {'district': CITY, 'title': '全市通知'}, user='admin')])
    t.eq(push_result(r), (200, 1, 0, []), 'admin creates a city (440300) row', repr(r))
    r = ctx.push('ps1', [ctx.change('notice', city, {'title': '坪山改的'})])
    t.eq(rejected_codes(r), [(0, 'forbidden')], 'staff writing a city row: forbidden', repr(r))
    cur = ((r.json or {}).get('rejected') or [{}])[0].get('current')
    t.eq(merge(cur or []).get(('notice', city)), ctx.cells('notice', city),
         'forbidden on a city row: current holds its cells (staff may read them)')
    r = ctx.push('admin', [ctx.change('notice', city, {'title': '全市通知（修订）'}, user='admin')])
    t.eq(push_result(r), (200, 1, 0, []), 'admin writes the city row', repr(r))

    member = ctx.rows['member']
    before = ctx.cells('member', member)
    r = ctx.push('lh', [ctx.change('member', member, {'name': 'LH-FORBIDDEN-NAME'}, user='lh')])
    t.eq(rejected_codes(r), [(0, 'forbidden')], 'staff of 440303 writing a 440310 row: forbidden', repr(r))
    cur = ((r.json or {}).get('rejected') or [{}])[0].get('current', 'absent')
    t.ok(no_leak(cur), 'forbidden on another district\'s row: current carries none of its cells', repr(r))
    r = ctx.push('lh', [ctx.change('member', member, {'district': LUOHU}, user='lh')])
    t.eq(rejected_codes(r), [(0, 'forbidden')], 'staff taking another district\'s row into its own: forbidden',
         repr(r))
    t.eq(ctx.cells('member', member), before, 'forbidden changes left the row as it was')

    r = ctx.push('ps1', [ctx.change('member', member, {'name': 'SKEW-NAME'},
                                    hlc=hlc_of(ctx.server_time_ms + SKEW_MS))])
    t.eq(rejected_codes(r), [(0, 'clock_skew')], 'an existing row, hlc 11 minutes ahead: clock_skew', repr(r))
    cur = ((r.json or {}).get('rejected') or [{}])[0].get('current')
    t.eq(merge(cur or []).get(('member', member)), before, 'clock_skew: current holds the row\'s cells')


def check_bad_json(ctx):
    t, api = ctx.tap, ctx.api
    tok = ctx.tokens['ft']
    markers = []

    def valid(title):
        row = uuid7()
        markers.append(row)
        return ctx.change('notice', row, {'district': FUTIAN, 'title': title}, user='ft')

    node = ctx.nodes['ft']
    full = encode_json({'node': node, 'batch': str(uuid.uuid4()),
                        'changes': [valid('trunc 1'), valid('trunc 2')]})
    bad_ch = valid('with a bad sibling')
    cases = [
        ('not JSON', b'this is not json'),
        ('empty body', b''),
        ('truncated JSON', full[:-12]),
        ('JSON with trailing garbage', full + b'xyz'),
        ('a top-level array', encode_json([valid('in array')])),
        ('a string', b'"changes"'),
        ('no changes member', encode_json({'node': node, 'batch': str(uuid.uuid4())})),
        ('changes is an object', encode_json({'node': node, 'batch': str(uuid.uuid4()), 'changes': {}})),
        ('changes holds numbers', encode_json({'node': node, 'batch': str(uuid.uuid4()),
                                               'changes': [1, 2]})),
        ('a change without values', encode_json({'node': node, 'batch': str(uuid.uuid4()), 'changes': [
            bad_ch, {'table': 'notice', 'row': uuid7(), 'hlc': ctx.clock.tick(), 'node': node}]})),
        ('values is a list', encode_json({'node': node, 'batch': str(uuid.uuid4()), 'changes': [
            valid('list sibling'), {'table': 'notice', 'row': uuid7(), 'hlc': ctx.clock.tick(), 'node': node,
                                    'values': ['x']}]})),
        ('invalid UTF-8', encode_json({'node': node, 'batch': str(uuid.uuid4()),
                                       'changes': [valid('PLACEHOLDER')]}).replace(b'PLACEHOLDER',
                                                                                   b'\xff\xfe\xfd')),
    ]
    for name, body in cases:
        r = api.push_raw(tok, body)
        t.ok(r.is_error(400, 'bad_json'), 'push with %s -> 400 bad_json' % name, repr(r))
    state = ctx.admin_refresh()
    t.eq([m for m in markers if ('notice', m) in state], [],
         'nothing of a bad_json body was applied (not even its valid changes)')


def check_too_large(ctx):
    t, api = ctx.tap, ctx.api
    tok = ctx.tokens['ft']
    over = [ctx.change('notice', uuid7(), {'district': FUTIAN, 'title': '多 %d' % i}, user='ft')
            for i in range(MAX_CHANGES + 1)]
    r = ctx.push('ft', over)
    t.ok(r.is_error(413, 'too_large'), 'push of 10001 changes -> 413 too_large', repr(r))
    t.eq(ctx.cells('notice', over[0]['row']), None, 'nothing of the 10001 changes was applied')
    at = over[1:]
    r = ctx.push('ft', at)
    t.eq(push_result(r), (200, MAX_CHANGES, 0, []), 'push of exactly 10000 changes: 200, all applied',
         repr(r))

    marker = uuid7()
    head_obj = encode_json({'node': ctx.nodes['ft'], 'batch': str(uuid.uuid4()), 'changes': [
        ctx.change('notice', marker, {'district': FUTIAN, 'title': 'padded'}, user='ft')]})
    body = head_obj[:-1] + b' ' * (MAX_BODY + 1024) + b'}'
    head = ('POST /api/v1/changes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n'
            'Content-Type: application/json\r\nContent-Length: %d\r\n\r\n' % (tok, len(body))).encode()
    r, note = raw_request(api.port, head, body)
    t.ok(r is not None and r.is_error(413, 'too_large'), 'a body over 16 MiB -> 413 too_large',
         '%r %s' % (r, note))

    chunked = b''.join(b'%x\r\n%s\r\n' % (len(body[i:i + (1 << 20)]), body[i:i + (1 << 20)])
                       for i in range(0, len(body), 1 << 20)) + b'0\r\n\r\n'
    head = ('POST /api/v1/changes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n'
            'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' % tok).encode()
    r, note = raw_request(api.port, head, chunked)
    t.ok(r is not None and r.is_error(413, 'too_large'),
         'a chunked body (no Content-Length) over 16 MiB -> 413 too_large', '%r %s' % (r, note))

    gz = gzip.compress(body)
    head = ('POST /api/v1/changes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n'
            'Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n'
            % (tok, len(gz))).encode()
    r, note = raw_request(api.port, head, gz)
    t.ok(r is not None and r.is_error(413, 'too_large'),
         'a gzip body of %d bytes that inflates past 16 MiB -> 413 too_large' % len(gz), '%r %s' % (r, note))
    t.eq(ctx.cells('notice', marker), None, 'nothing of the oversized bodies was applied')


def check_gzip(ctx):
    t, api = ctx.tap, ctx.api
    tok = ctx.tokens['ns']
    plain = api.pull(tok)
    gz = api.pull(tok, headers={'Accept-Encoding': 'gzip'})
    t.eq(gz.headers.get('content-encoding'), 'gzip', 'pull with Accept-Encoding: gzip -> Content-Encoding: gzip',
         repr(gz))
    t.ok(gz.decode_error is None and gz.raw[:2] == b'\x1f\x8b', 'the gzip pull body is gzip data',
         '%s %r' % (gz.decode_error, gz.raw[:20]))
    t.ok(isinstance(gz.json, dict) and isinstance(plain.json, dict) and
         gz.json['changes'] == plain.json['changes'] and gz.json['cursor'] == plain.json['cursor'],
         'the decoded gzip pull equals the plain one', repr(gz))
    t.ok('content-encoding' not in plain.headers or plain.headers['content-encoding'] == 'identity',
         'without Accept-Encoding the response is not compressed', repr(plain))
    h = api.health(headers={'Accept-Encoding': 'gzip, deflate'})
    t.ok(h.headers.get('content-encoding') == 'gzip' and isinstance(h.json, dict) and
         h.json.get('status') == 'ok', 'health with Accept-Encoding: gzip, deflate -> gzip', repr(h))

    row = uuid7()
    r = ctx.push('ns', [ctx.change('notice', row, {'district': NANSHAN, 'title': '压缩的请求'}, user='ns')],
                 gzip_body=True)
    t.eq(push_result(r), (200, 1, 0, []), 'a push with Content-Encoding: gzip is accepted', repr(r))
    t.eq((ctx.cells('notice', row) or {}).get('title', [None])[0], '压缩的请求',
         'the gzip request body was read right')
    row2 = uuid7()
    r = ctx.push('ns', [ctx.change('notice', row2, {'district': NANSHAN, 'title': '双向压缩'}, user='ns')],
                 gzip_body=True, headers={'Accept-Encoding': 'gzip'})
    t.ok(r.headers.get('content-encoding') == 'gzip' and push_result(r) == (200, 1, 0, []),
         'a gzip push asking for gzip: gzip response, applied 1', repr(r))
    e = api.pull(None, headers={'Accept-Encoding': 'gzip'})
    t.ok(e.is_error(401, 'unauthorized'), 'an error response with Accept-Encoding: gzip decodes to the error',
         repr(e))


def check_extras(ctx):
    t, api = ctx.tap, ctx.api
    r = ctx.push('ft', [])
    t.eq(push_result(r), (200, 0, 0, []), 'an empty batch: 200, applied 0, stale 0', repr(r))

    dup = ctx.change('notice', uuid7(), {'district': FUTIAN, 'title': '同一个变更两次'}, user='ft')
    r = ctx.push('ft', [dup, dup])
    t.eq(push_result(r), (200, 1, 1, []), 'the same change twice in one batch: applied 1, stale 1', repr(r))

    spoof = uuid7()
    ch = ctx.change('notice', spoof, {'district': FUTIAN, 'title': '冒名'}, user='ft')
    ch['author'] = 'admin'
    ch['x_future_field'] = {'anything': [1, 2]}
    body = encode_json({'node': ctx.nodes['ft'], 'batch': str(uuid.uuid4()), 'changes': [ch],
                        'x_client': 'dangqun 9.9'})
    r = api.push_raw(ctx.tokens['ft'], body)
    t.eq(push_result(r), (200, 1, 0, []), 'unknown extra fields in the body and in a change are ignored', repr(r))
    got, _, _ = ctx.pull_all('ft')
    mine = [c for c in got if c['row'] == spoof]
    t.ok(mine and all(c.get('author', 'ft') == 'ft' for c in mine),
         'a pushed "author" is not believed: pulls name the user who pushed (ft)', short(mine))
    t.ok(all('x_future_field' not in c for c in mine), 'unknown fields of a change are not stored and sent on',
         short(mine))
    cp = run([ctx.binary, 'audit', 'notice', spoof, '--data-dir', ctx.data_dir], timeout=60)
    out = text(cp.stdout)
    t.ok(cp.returncode == 0 and re.search(r'\bft\b', out) and not re.search(r'\badmin\b', out),
         'the audit records the real pusher, not the claimed author', describe(cp))

    bad = [
        ctx.change('member; DROP TABLE member; --', uuid7(), {'name': 'x'}, user='ft'),
        ctx.change('notice', uuid7(), {'district': FUTIAN, 'title" = 1; --': 'x'}, user='ft'),
        ctx.change('notice', uuid7(), {'district': FUTIAN, 'title': 'id', 'id': uuid7()}, user='ft'),
        ctx.change('sqlite_master', uuid7(), {'name': 'x'}, user='ft'),
        ctx.change('notice', uuid7(), {'district': FUTIAN, 'title': 'rowid', 'rowid': 1}, user='ft'),
        ctx.change('notice', uuid7(), {'district': FUTIAN, 'title': 'stamps', '_stamps': 'x'}, user='ft'),
    ]
    r = ctx.push('ft', bad)
    t.eq(rejected_codes(r), [(0, 'unknown_table'), (1, 'unknown_column'), (2, 'unknown_column'),
                             (3, 'unknown_table'), (4, 'unknown_column'), (5, 'unknown_column')],
         'SQL in a table name, SQL in a column name, id, sqlite_master, rowid, internal names: unknown',
         repr(r))

    r = request(api.port, 'POST', '/api/v1/changes', body=b'\x1f\x8b\x08\x00 definitely not gzip',
                headers={'Content-Encoding': 'gzip'}, token=ctx.tokens['ft'])
    t.ok(r.is_error(400, 'bad_json'), 'Content-Encoding: gzip with a body that is not gzip -> 400 bad_json',
         repr(r))
    r = request(api.port, 'POST', '/api/v1/changes', body=gzip.compress(b'{"node": "x", "changes": [')[:-4],
                headers={'Content-Encoding': 'gzip'}, token=ctx.tokens['ft'])
    t.ok(r.is_error(400, 'bad_json'), 'a truncated gzip body -> 400 bad_json', repr(r))


def check_json_edges(ctx):
    """The push body is JSON by RFC 8259: every valid form is read right,
    every invalid one is 400 bad_json, and nothing crashes the server."""
    t, api = ctx.tap, ctx.api
    tok = ctx.tokens['ft']
    node = ctx.nodes['ft']

    def body_with(title_json, extra=b''):
        row = uuid7()
        head = ('{"node":"%s","batch":"%s","changes":[{"table":"notice","row":"%s","hlc":"%s","node":"%s",'
                '"values":{"district":"%s","title":' % (node, uuid.uuid4(), row, ctx.clock.tick(), node,
                                                         FUTIAN)).encode()
        return row, head + title_json + b'}}]' + extra + b'}'

    # Valid escapes, read as JSON says.
    cases = [
        (b'"\\u00e9\\u00E9 \\/ \\b\\f\\n\\r\\t \\" \\\\"', '\u00e9\u00e9 / \b\f\n\r\t " \\'),
        (b'"\\ud83d\\ude00 \\uD83C\\uDDE8\\uD83C\\uDDF3"', '\U0001F600 \U0001F1E8\U0001F1F3'),
        (b'"\\u515a\\u7fa4\\u901a \xe5\x85\x9a"', '\u515a\u7fa4\u901a \u515a'),
        (b'"\x7f raw DEL and \xc2\xa0 nbsp"', '\x7f raw DEL and \u00a0 nbsp'),
    ]
    for raw, want in cases:
        row, body = body_with(raw)
        r = api.push_raw(tok, body)
        got = (ctx.cells('notice', row) or {}).get('title', [None])[0]
        t.ok(push_result(r) == (200, 1, 0, []) and got == want,
             'JSON string %s is read as %r' % (raw.decode('utf-8', 'replace'), want),
             '%r\nstored %r' % (r, got))

    row, body = body_with(b'"spaced"')
    spaced = re.sub(rb'([,:{}\[\]])', rb' \t\r\n\1 \n\t ', body)
    r = api.push_raw(tok, b'\n \t' + spaced + b'\r\n ')
    t.eq(push_result(r), (200, 1, 0, []), 'whitespace (space, tab, CR, LF) between every token is JSON', repr(r))

    # Integers at the protocol's bounds, in a money column (no other limit).
    org = uuid7()
    ok_fund, big_fund = uuid7(), uuid7()
    r = ctx.push('ft', [ctx.change('fund', ok_fund, {'district': FUTIAN, 'org_id': org,
                                                     'amount_fen': 2 ** 53 - 1}, user='ft'),
                        ctx.change('fund', big_fund, {'district': FUTIAN, 'org_id': org,
                                                      'amount_fen': 2 ** 53 + 1}, user='ft')])
    t.eq(push_result(r), (200, 1, 0, [(1, 'bad_value')]), 'an integer 2^53-1 is taken, 2^53+1 is bad_value',
         repr(r))
    t.eq((ctx.cells('fund', ok_fund) or {}).get('amount_fen', [None])[0], 2 ** 53 - 1,
         '2^53-1 comes back exactly')

    invalid = [
        ('a leading zero', b'012'),
        ('a plus sign', b'+1'),
        ('a bare minus', b'-'),
        ('a trailing dot', b'1.'),
        ('NaN', b'NaN'),
        ('Infinity', b'Infinity'),
        ('single quotes', b"'x'"),
        ('a raw newline inside a string', b'"line\nbreak"'),
        ('a raw tab inside a string', b'"tab\there"'),
        ('an unknown escape', b'"\\x41"'),
        ('a short \\u escape', b'"\\u12"'),
        ('an unterminated string', b'"open'),
        ('a misspelled literal', b'nul'),
        ('a comment', b'/* c */ "x"'),
        ('a trailing comma in an object', b'"x",'),
        ('invalid UTF-8 (overlong)', b'"\xc0\xaf"'),
        ('invalid UTF-8 (encoded surrogate)', b'"\xed\xa0\x80"'),
        ('invalid UTF-8 (truncated sequence)', b'"\xe5\x85"'),
    ]
    rows = []
    for name, raw in invalid:
        row, body = body_with(raw)
        rows.append(row)
        r = api.push_raw(tok, body)
        t.ok(r.is_error(400, 'bad_json'), 'a body with %s -> 400 bad_json' % name, repr(r))
    r = api.push_raw(tok, b'{"node":"%s","batch":"x","changes":[],}' % node.encode())
    t.ok(r.is_error(400, 'bad_json'), 'a trailing comma after the last member -> 400 bad_json', repr(r))
    r = api.push_raw(tok, b'{"node":"%s","changes":[] "batch":"x"}' % node.encode())
    t.ok(r.is_error(400, 'bad_json'), 'a missing comma between members -> 400 bad_json', repr(r))
    row, body = body_with(b'[' * 100000 + b']' * 100000)
    rows.append(row)
    r = api.push_raw(tok, body)
    t.ok(r.is_error(400, 'bad_json') or rejected_codes(r) == [(0, 'bad_value')],
         'a value nested 100000 deep: 400 bad_json or bad_value', repr(r))
    deep = b'{"node":"%s","batch":"x","changes":[],"x":%s%s}' % (node.encode(), b'{"a":' * 50000, b'1' + b'}' * 50000)
    r = api.push_raw(tok, deep)
    t.ok(r.status in (200, 400), 'an unknown member nested 50000 deep: answered (200 or 400)', repr(r))
    h = api.health()
    t.eq(h.status, 200, 'the server is still up after the malformed bodies')
    state = ctx.admin_refresh()
    t.eq([x for x in rows if ('notice', x) in state], [], 'nothing of the malformed bodies was applied')


def check_paging_while_writing(ctx):
    """Rows change between the pages of one pull: nothing is skipped."""
    t, api = ctx.tap, ctx.api
    tok = ctx.tokens['ns']
    rows = [uuid7() for _ in range(12)]
    ctx.push_ok('ns', [ctx.change('notice', r, {'district': NANSHAN, 'title': '分页中 %d' % i}, user='ns')
                       for i, r in enumerate(rows)])
    seen = []
    cursor = None
    pages = 0
    while True:
        r = api.pull(tok, since=cursor, limit=4)
        if r.status != 200:
            raise AssertionError('pull failed: %r' % r)
        seen.extend(r.json['changes'])
        cursor = r.json['cursor']
        pages += 1
        if pages <= 6:
            # One row already delivered, one not yet, and one new row.
            ctx.push_ok('ns', [
                ctx.change('notice', rows[0], {'body': '第%d页后改的' % pages}, user='ns'),
                ctx.change('notice', rows[-1], {'body': '第%d页后改的尾' % pages}, user='ns'),
                ctx.change('notice', uuid7(), {'district': NANSHAN, 'title': '第%d页后新增' % pages},
                           user='ns')])
        if not r.json['more'] and pages > 6:
            break
        if pages > 1000:
            raise AssertionError('paging never ends')
    fresh, _, _ = api.pull_all(tok)
    t.ok(merge(seen) == merge(fresh),
         'rows written between pages (before and after the cursor): paging ends with the same state '
         'as a fresh pull (%d pages)' % pages,
         lambda: short([k for k in set(merge(seen)) | set(merge(fresh))
                        if merge(seen).get(k) != merge(fresh).get(k)][:5]))


def check_concurrency(ctx):
    """Writers push while readers page: every reader ends with the server's
    state, and the counts add up."""
    t, api = ctx.tap, ctx.api
    tok = ctx.tokens['ns']
    rows = [uuid7() for _ in range(10)]
    ctx.push_ok('ns', [ctx.change('notice', r, {'district': NANSHAN, 'title': '并发 %d' % i}, user='ns')
                       for i, r in enumerate(rows)])
    _, start, _ = api.pull_all(tok)
    stop = threading.Event()
    errors = []
    applied = []

    def writer(k):
        rnd = random.Random(k)
        node = new_node()
        clock = Clock()
        try:
            for i in range(40):
                changes = [{'table': 'notice', 'row': rnd.choice(rows), 'hlc': clock.tick(), 'node': node,
                            'values': {'body': 'w%d-%d-%d' % (k, i, j)}} for j in range(3)]
                changes.append({'table': 'notice', 'row': uuid7(), 'hlc': clock.tick(), 'node': node,
                                'values': {'district': NANSHAN, 'title': 'w%d-%d' % (k, i)}})
                r = api.push(tok, changes, node=node)
                if r.status != 200 or r.json.get('rejected'):
                    errors.append(repr(r))
                    return
                applied.append(r.json['applied'] + r.json['stale'])
        except Exception as e:  # noqa: BLE001
            errors.append('writer %d: %s' % (k, e))

    def reader(k, out):
        cursor = start
        state = {}
        try:
            while True:
                done = stop.is_set()
                r = api.pull(tok, since=cursor, limit=3 + k)
                if r.status != 200:
                    errors.append(repr(r))
                    return
                merge(r.json['changes'], state)
                cursor = r.json['cursor']
                if done and not r.json['more']:
                    break
        except Exception as e:  # noqa: BLE001
            errors.append('reader %d: %s' % (k, e))
        out.append(state)

    outs = [[] for _ in range(3)]
    writers = [threading.Thread(target=writer, args=(k,)) for k in range(6)]
    readers = [threading.Thread(target=reader, args=(k, outs[k])) for k in range(3)]
    t0 = time.monotonic()
    for th in writers + readers:
        th.start()
    for th in writers:
        th.join(timeout=240)
    stop.set()
    for th in readers:
        th.join(timeout=240)
    t.note('6 writers x 40 pushes, 3 readers: %.2f s' % (time.monotonic() - t0))
    t.eq(errors, [], 'concurrent pushes and pulls: no error')
    t.eq(sum(applied), 6 * 40 * 4, 'every pushed change was counted applied or stale')
    fresh, _, _ = api.pull_all(tok, since=start)
    want = merge(fresh)
    for k, out in enumerate(outs):
        got = out[0] if out else None
        t.ok(got == want, 'reader %d paging during the writes ends with exactly the server\'s state' % k,
             lambda: 'rows differing: %s' % short([x for x in set(got or {}) | set(want)
                                                   if (got or {}).get(x) != want.get(x)][:5]))


def check_inflight(ctx):
    """SIGTERM while a push is being received: the push is answered and kept."""
    t = ctx.tap
    changes = [ctx.change('notice', uuid7(), {'district': PINGSHAN, 'title': '关机时在途 %d' % i})
               for i in range(3000)]
    body = encode_json({'node': ctx.nodes['ps1'], 'batch': str(uuid.uuid4()), 'changes': changes})
    head = ('POST /api/v1/changes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n'
            'Content-Type: application/json\r\nContent-Length: %d\r\n\r\n'
            % (ctx.tokens['ps1'], len(body))).encode()
    sock = socket.create_connection(('127.0.0.1', ctx.server.port), timeout=60)
    sock.sendall(head + body[:-1])
    time.sleep(0.3)
    sock.sendall(body[-1:])
    ctx.server.proc.send_signal(15)
    result = []

    def read():
        try:
            m = read_message(sock.makefile('rb'), True, 'POST')
            if m is not None:
                result.append(Resp(m.status, '', {k.lower(): v for k, v in m.headers}, m.body))
        except OSError as e:
            result.append('error: %s' % e)

    th = threading.Thread(target=read)
    th.start()
    th.join(timeout=60)
    sock.close()
    r = result[0] if result else None
    t.ok(r is not None and not isinstance(r, str) and push_result(r) == (200, 3000, 0, []),
         'SIGTERM during a push: the push is still answered (200, applied 3000)', repr(r))
    try:
        rc = ctx.server.proc.wait(timeout=30)
    except Exception:  # noqa: BLE001
        rc = None
    t.eq(rc, 0, 'and the server then exits with status 0', ctx.server.log_tail())
    ctx.server.kill()
    ctx.server.start()
    ctx.api = Api(ctx.server.port)
    present = [c['row'] for c in (changes[0], changes[-1]) if ctx.cells('notice', c['row'])]
    t.eq(len(present), 2, 'after restart the pushed rows are there')


HOSTILE = [
    'He said "hello" and \'bye\'',
    'back\\slash \\n \\" \\\\ end\\',
    '\u202eRTL override\u202c and \u200f marks',
    '😀👩\u200d👩\u200d👧🇨🇳 表情 emoji',
    "'; DROP TABLE member; --",
    "Robert'); DELETE FROM notice WHERE 1=1;--",
    'line1\nline2\r\nline3\ttab',
    '<script>alert(1)</script>&amp;&lt;',
    '%s%n%x%d {0} ${HOME} $(id) `id`',
    '\u2028\u2029 separators \ufeff bom',
    'e\u0301 combining, ﬁ, 𠀀 astral',
    '  leading and trailing spaces  ',
    '\x01\x07\x1b[31m control \x7f chars',
    '{"table":"member","row":"x"}',
    '\\u0000 is not a NUL',
    '\u515a\u7fa4\u901a \u00a0 nbsp',
]


def check_hostile(ctx):
    t = ctx.tap
    tok = ctx.tokens['ps1']
    rows = []
    changes = []
    for i, s in enumerate(HOSTILE):
        n, m = uuid7(), uuid7()
        rows.append((s, n, m))
        changes.append(ctx.change('notice', n, {'district': PINGSHAN, 'title': s}))
        changes.append(ctx.change('member', m, {'district': PINGSHAN, 'name': s[:50], 'org_id': ctx.rows['org'],
                                                'category': '预备'}))
    half = len(changes) // 2
    r1 = ctx.push('ps1', changes[:half])
    r2 = ctx.push('ps1', changes[half:], ascii_only=True)
    t.eq((push_result(r1), push_result(r2)), ((200, half, 0, []), (200, len(changes) - half, 0, [])),
         'hostile strings (raw UTF-8 and \\u-escaped) are all accepted', '%r\n%r' % (r1, r2))
    got, _, _ = ctx.pull_all('ps1')
    state = merge(got)
    for s, n, m in rows:
        title = (state.get(('notice', n)) or {}).get('title', [None])[0]
        name = (state.get(('member', m)) or {}).get('name', [None])[0]
        t.ok(isinstance(title, str) and title.encode('utf-8') == s.encode('utf-8') and
             isinstance(name, str) and name.encode('utf-8') == s[:50].encode('utf-8'),
             'hostile string %r comes back byte for byte (notice.title, member.name)' % s,
             'sent %r\ngot title %r, name %r' % (s, title, name))


def check_nul(ctx):
    t = ctx.tap
    a, b, c = uuid7(), uuid7(), uuid7()
    r = ctx.push('ps1', [ctx.change('notice', a, {'district': PINGSHAN, 'title': 'before NUL'}),
                         ctx.change('notice', b, {'district': PINGSHAN, 'title': 'abc\u0000def'}),
                         ctx.change('notice', c, {'district': PINGSHAN, 'title': 'after NUL'})])
    t.eq(push_result(r), (200, 2, 0, [(1, 'bad_value')]),
         'a NUL inside a string: that change bad_value, the others applied', repr(r))
    t.ok(isinstance(r.json, dict) and (r.json.get('rejected') or [{}])[0].get('current', 'x') is None,
         'NUL in a new row: current null', repr(r))
    t.eq((ctx.cells('notice', b), (ctx.cells('notice', a) or {}).get('title', [None])[0],
          (ctx.cells('notice', c) or {}).get('title', [None])[0]), (None, 'before NUL', 'after NUL'),
         'the NUL row is absent (not cut short to "abc"); its siblings are there')
    before = ctx.cells('notice', a)
    r = ctx.push('ps1', [ctx.change('notice', a, {'title': 'x\u0000y'})])
    t.eq(rejected_codes(r), [(0, 'bad_value')], 'a NUL in an update of an existing row: bad_value', repr(r))
    t.eq(ctx.cells('notice', a), before, 'the row keeps its value (not "x")')
    m = ctx.rows['member']
    before = ctx.cells('member', m)
    r = ctx.push('ps1', [ctx.change('member', m, {'job': 'ends with NUL\u0000'})], ascii_only=True)
    t.eq(rejected_codes(r), [(0, 'bad_value')], 'a trailing NUL in member.job: bad_value', repr(r))
    t.eq(ctx.cells('member', m), before, 'member unchanged after the NUL')

    a, b, c = uuid7(), uuid7(), uuid7()
    r = ctx.push('ps1', [ctx.change('notice', a, {'district': PINGSHAN, 'title': 'gzip before NUL'}),
                         ctx.change('notice', b, {'district': PINGSHAN, 'title': '\u0000 leading NUL'}),
                         ctx.change('notice', c, {'district': PINGSHAN, 'title': 'gzip after NUL'})],
                 gzip_body=True)
    t.eq(push_result(r), (200, 2, 0, [(1, 'bad_value')]),
         'a NUL in a gzip-compressed push: that change bad_value, the others applied', repr(r))
    t.eq(ctx.cells('notice', b), None, 'the NUL row of the gzip push is absent')

    lone = uuid7()
    body = encode_json({'node': ctx.nodes['ps1'], 'batch': str(uuid.uuid4()), 'changes': [
        ctx.change('notice', lone, {'district': PINGSHAN, 'title': 'SURROGATE'})]}).replace(
            b'SURROGATE', b'x\\ud800y')
    r = ctx.api.push_raw(ctx.tokens['ps1'], body)
    t.ok(r.is_error(400, 'bad_json') or rejected_codes(r) == [(0, 'bad_value')],
         'a lone surrogate escape (\\ud800) is refused: 400 bad_json or bad_value', repr(r))
    t.eq(ctx.cells('notice', lone), None, 'and nothing of it is stored (no U+FFFD stand-in)')


def check_scope(ctx):
    t = ctx.tap
    lo, lm = uuid7(), uuid7()
    ctx.rows['lh_member'] = lm
    ctx.push_ok('lh', [ctx.change('org', lo, {'district': LUOHU, 'name': '罗湖区某楼宇党委', 'kind': '党委'},
                                  user='lh'),
                       ctx.change('member', lm, {'district': LUOHU, 'name': '李雷', 'org_id': lo,
                                                 'category': '正式', 'phone': PHONE}, user='lh')])
    city2 = uuid7()
    ctx.push_ok('admin', [ctx.change('notice', city2, {'district': CITY, 'title': '全市：七一活动安排'},
                                     user='admin')])
    admin = ctx.admin_refresh()
    district = {k: (v.get('district') or [None])[0] for k, v in admin.items()}

    ps1, _, _ = ctx.pull_all('ps1')
    outside = [c for c in ps1 if district.get((c['table'], c['row'])) not in (PINGSHAN, CITY)]
    t.eq(outside, [], 'staff of 440310 receives no cell of any row outside 440310 and 440300')
    t.ok(('notice', city2) in {(c['table'], c['row']) for c in ps1}, 'staff of 440310 reads city rows')
    lh, _, _ = ctx.pull_all('lh')
    outside = [c for c in lh if district.get((c['table'], c['row'])) not in (LUOHU, CITY)]
    t.eq(outside, [], 'staff of 440303 receives no cell of any row outside 440303 and 440300')
    t.ok(('member', lm) in {(c['table'], c['row']) for c in lh} and
         ('notice', city2) in {(c['table'], c['row']) for c in lh},
         'staff of 440303 reads its own rows and city rows')
    ns, _, _ = ctx.pull_all('ns')
    t.ok(('notice', city2) in {(c['table'], c['row']) for c in ns}, 'staff of 440305 reads city rows too')
    t.eq(merge(ps1).get(('notice', city2)), admin.get(('notice', city2)),
         'staff see the city row\'s cells exactly as the server holds them')

    seen = {d for d in district.values()}
    t.ok({PINGSHAN, LUOHU, NANSHAN, FUTIAN, CITY} <= seen,
         'admin reads every district', 'districts seen by admin: %s' % sorted(d for d in seen if d))
    r = ctx.push('admin', [ctx.change('member', lm, {'job': '管理员改的'}, user='admin'),
                           ctx.change('member', ctx.rows['member'], {'job': '管理员也改了'}, user='admin')])
    t.eq(push_result(r), (200, 2, 0, []), 'admin writes rows of 440303 and 440310', repr(r))
    r = ctx.push('admin', [ctx.change('notice', uuid7(), {'district': LUOHU, 'title': '区里'}, user='admin')])
    t.eq(push_result(r), (200, 1, 0, []), 'admin creates a row in any district', repr(r))
    ps1b, _, _ = ctx.pull_all('ps1')
    t.eq(merge(ps1b).get(('member', ctx.rows['member']), {}).get('job', [None])[0], '管理员也改了',
         'staff receive the admin\'s write to their row')
    r = ctx.push('ps1', [ctx.change('member', lm, {'job': 'PS1-FORBIDDEN'})])
    t.eq(rejected_codes(r), [(0, 'forbidden')], 'staff of 440310 writing a 440303 row: forbidden', repr(r))
    t.ok(no_leak(((r.json or {}).get('rejected') or [{}])[0].get('current', 'absent')),
         'and current leaks none of that row\'s cells', repr(r))


def check_transfer(ctx):
    t = ctx.tap
    tr = uuid7()
    ctx.rows['transfer'] = tr
    vals = {'district': PINGSHAN, 'name': '转接测试人', 'org_id': ctx.rows['org'], 'category': '预备',
            'phone': PHONE, 'id_number': ID_NUMBER, 'gender': '1', 'birth_date': '1990-01-01',
            'job': '工程师', 'address': '坪山区坪山街道'}
    h0 = ctx.clock.tick()
    ctx.push_ok('ps1', [ctx.change('member', tr, vals, hlc=h0)])
    ctx.push_ok('ps1', [ctx.change('member', tr, {'education': '20'})])
    _, c_ps2, _ = ctx.pull_all('ps2')
    _, c_lh, _ = ctx.pull_all('lh')
    _, c_ns, _ = ctx.pull_all('ns')

    hm = ctx.clock.tick()
    r = ctx.push('ps1', [ctx.change('member', tr, {'district': LUOHU}, hlc=hm)])
    t.eq(push_result(r), (200, 1, 0, []), 'staff moves its member to 440303 by writing district: applied',
         repr(r))
    full = ctx.cells('member', tr)

    old, c_ps2b, _ = ctx.pull_all('ps2', since=c_ps2)
    t.eq([strip_author(c) for c in old],
         [{'table': 'member', 'row': tr, 'hlc': hm, 'node': ctx.nodes['ps1'], 'values': {'district': LUOHU}}],
         'the old district\'s reader receives one change carrying only the new district')
    new, c_lhb, _ = ctx.pull_all('lh', since=c_lh)
    t.eq(merge(new).get(('member', tr)), full,
         'the new district\'s reader receives every cell of the row, with stamps')
    other, _, _ = ctx.pull_all('ns', since=c_ns)
    t.eq([c for c in other if c['row'] == tr], [], 'a third district hears nothing of the transfer')
    fresh, _, _ = ctx.pull_all('ps2')
    t.ok(all(set(c['values']) == {'district'} and c['values']['district'] == LUOHU
             for c in fresh if c['row'] == tr),
         'a fresh replica of the old district gets at most the district of the row',
         short([c for c in fresh if c['row'] == tr]))

    r = ctx.push('ps1', [ctx.change('member', tr, {'job': 'PS1-AFTER-TRANSFER'})])
    t.eq(rejected_codes(r), [(0, 'forbidden')], 'the old district can no longer write the row', repr(r))
    t.ok(no_leak(((r.json or {}).get('rejected') or [{}])[0].get('current', 'absent'), LUOHU),
         'and that rejection\'s current carries nothing but the district', repr(r))

    r = ctx.push('lh', [ctx.change('member', tr, {'job': '罗湖的新工作'}, user='lh')])
    t.eq(push_result(r), (200, 1, 0, []), 'the new district writes the row', repr(r))
    old2, c_ps2c, _ = ctx.pull_all('ps2', since=c_ps2b)
    t.eq([c for c in old2 if c['row'] == tr], [], 'the old district receives nothing of later writes')

    hb = ctx.clock.tick()
    r = ctx.push('lh', [ctx.change('member', tr, {'district': PINGSHAN}, hlc=hb, user='lh')])
    t.eq(push_result(r), (200, 1, 0, []), 'the row moves back to 440310', repr(r))
    back, _, _ = ctx.pull_all('ps2', since=c_ps2c)
    t.eq(merge(back).get(('member', tr)), ctx.cells('member', tr),
         'moved back, the row arrives whole at 440310 again')
    lh_after, _, _ = ctx.pull_all('lh', since=c_lhb)
    t.eq([c['values'] for c in lh_after if c['row'] == tr], [{'district': PINGSHAN}],
         'and 440303 receives only its new district')

    # Into the city: still readable by both districts, so 440303 gets it whole.
    cm = uuid7()
    ctx.push_ok('ps1', [ctx.change('notice', cm, {'district': PINGSHAN, 'title': '升级为全市通知',
                                                  'body': '正文'})])
    _, c_lh2, _ = ctx.pull_all('lh')
    _, c_ps2d, _ = ctx.pull_all('ps2')
    r = ctx.push('ps1', [ctx.change('notice', cm, {'district': CITY})])
    t.eq(push_result(r), (200, 1, 0, []), 'staff moves its own row into the city district: applied', repr(r))
    got, _, _ = ctx.pull_all('lh', since=c_lh2)
    t.eq(merge(got).get(('notice', cm)), ctx.cells('notice', cm),
         'a row moved into 440300 arrives whole at another district')
    got, _, _ = ctx.pull_all('ps2', since=c_ps2d)
    t.ok(merge(got).get(('notice', cm), {}).get('district', [None])[0] == CITY,
         'the old district still reads it and learns its new district', short(got))
    r = ctx.push('ps1', [ctx.change('notice', cm, {'title': '改不了了'})])
    t.eq(rejected_codes(r), [(0, 'forbidden')], 'once a city row, staff can no longer write it', repr(r))


def check_logout(ctx):
    t, api = ctx.tap, ctx.api
    keep = ctx.tokens['ps2']
    tok = api.token('ps2', USERS['ps2'][2])
    ctx.all_tokens.append(tok)
    t.eq(api.pull(tok).status, 200, 'a new session can pull')
    r = api.logout(tok)
    t.ok(r.status == 204 and r.raw == b'', 'DELETE session -> 204 with no body', repr(r))
    r = api.pull(tok)
    t.ok(r.is_error(401, 'unauthorized'), 'pull with the ended session\'s token -> 401 unauthorized', repr(r))
    r = api.push(tok, [ctx.change('notice', uuid7(), {'district': PINGSHAN, 'title': 'after logout'},
                                  user='ps2')])
    t.ok(r.is_error(401, 'unauthorized'), 'push with the ended session\'s token -> 401 unauthorized', repr(r))
    t.eq(api.pull(keep).status, 200, 'another session of the same user still works')


def check_accounts(ctx):
    """user add/passwd/disable/enable/list on the data dir of a running server."""
    t, api, b, d = ctx.tap, ctx.api, ctx.binary, ctx.data_dir
    cp = add_user(b, d, 'tmpuser', PINGSHAN, 'staff', 'Tmp-Pass-One1')
    t.eq(cp.returncode, 0, 'user add while the server runs', describe(cp))
    r = api.login('tmpuser', 'Tmp-Pass-One1')
    t.eq(r.status, 200, 'a user added while the server runs can log in', repr(r))
    t1 = r.json.get('token') if isinstance(r.json, dict) else None
    ctx.all_tokens.append(t1)
    cp = run([b, 'user', 'passwd', 'tmpuser', '--password-stdin', '--data-dir', d], stdin='Tmp-Pass-Two2\n')
    t.eq(cp.returncode, 0, 'user passwd', describe(cp))
    r = api.login('tmpuser', 'Tmp-Pass-One1')
    t.ok(r.is_error(401, 'invalid_credentials'), 'after passwd the old password fails', repr(r))
    r = api.login('tmpuser', 'Tmp-Pass-Two2')
    t.eq(r.status, 200, 'after passwd the new password works', repr(r))
    t2 = r.json.get('token') if isinstance(r.json, dict) else None
    ctx.all_tokens.append(t2)
    r = api.pull(t1)
    t.ok(r.is_error(401, 'unauthorized'), 'passwd ended the sessions from before', repr(r))
    cp = run([b, 'user', 'disable', 'tmpuser', '--data-dir', d])
    t.eq(cp.returncode, 0, 'user disable', describe(cp))
    r = api.pull(t2)
    t.ok(r.is_error(401, 'unauthorized'), 'a disabled user\'s token gets 401 unauthorized', repr(r))
    r = api.push(t2, [ctx.change('notice', uuid7(), {'district': PINGSHAN, 'title': 'disabled'})])
    t.ok(r.is_error(401, 'unauthorized'), 'a disabled user cannot push', repr(r))
    r = api.login('tmpuser', 'Tmp-Pass-Two2')
    t.ok(r.is_error(401, 'invalid_credentials'), 'a disabled user cannot log in (401 invalid_credentials)',
         repr(r))
    cp = run([b, 'user', 'list', '--data-dir', d])
    line = [x for x in text(cp.stdout).splitlines() if re.search(r'\btmpuser\b', x)]
    t.ok(cp.returncode == 0 and len(line) == 1 and 'disabled' in line[0] and PINGSHAN in line[0] and
         all(re.search(r'\b%s\b' % u, text(cp.stdout)) for u in USERS),
         'user list shows every user, tmpuser with its district and as disabled', describe(cp))
    t.ok('Tmp-Pass' not in text(cp.stdout) + text(cp.stderr), 'user list shows no password', describe(cp))
    cp = run([b, 'user', 'enable', 'tmpuser', '--data-dir', d])
    r = api.login('tmpuser', 'Tmp-Pass-Two2')
    t.ok(cp.returncode == 0 and r.status == 200, 'user enable: the user logs in again', repr(r))
    if isinstance(r.json, dict):
        ctx.all_tokens.append(r.json.get('token'))


def check_audit(ctx):
    t = ctx.tap
    m = ctx.rows['member']
    cp = run([ctx.binary, 'audit', 'member', m, '--data-dir', ctx.data_dir], timeout=60)
    out = text(cp.stdout)
    t.eq(cp.returncode, 0, 'audit member ID: exit 0', describe(cp))
    for value, who in (('王芳', 'ps1'), ('王芳芳', 'ps1'), (PHONE2, 'ps1'), ('管理员也改了', 'admin')):
        t.ok(value in out, 'audit shows the accepted value %r' % value, describe(cp))
    t.ok(re.search(r'\bps1\b', out) and re.search(r'\badmin\b', out), 'audit names the users (ps1, admin)',
         describe(cp))
    t.ok(ctx.nodes['ps1'] in out and ctx.nodes['admin'] in out, 'audit names the nodes', describe(cp))
    for value in ('LH-FORBIDDEN-NAME', 'SKEW-NAME', 'ends with NUL'):
        t.ok(value not in out, 'audit has no rejected change (%s)' % value, describe(cp))
    tr = ctx.rows['transfer']
    cp = run([ctx.binary, 'audit', 'member', tr, '--data-dir', ctx.data_dir], timeout=60)
    out = text(cp.stdout)
    t.ok(cp.returncode == 0 and re.search(r'\blh\b', out) and re.search(r'\bps1\b', out) and
         '罗湖的新工作' in out and LUOHU in out,
         'audit of the transferred row shows both districts\' users and the move', describe(cp))


def check_restart(ctx):
    t = ctx.tap
    api = ctx.api
    node_before = ctx.server_node
    admin_all, _, _ = ctx.pull_all('admin')
    before = merge(admin_all)
    _, c_ps1, _ = ctx.pull_all('ps1')
    _, c_lh, _ = ctx.pull_all('lh')
    _, c_admin, _ = ctx.pull_all('admin')
    last = ctx.change('notice', uuid7(), {'district': PINGSHAN, 'title': '重启前最后一条'})
    ctx.push_ok('ps1', [last])
    merge([last], before)

    rc = ctx.server.stop()
    t.eq(rc, 0, 'SIGTERM: the server exits cleanly with status 0', ctx.server.log_tail())
    first = ctx.server.start()
    ctx.api = api = Api(ctx.server.port)
    t.ok(first.startswith('listening on http://127.0.0.1:'), 'the server starts again on the same data dir',
         first)
    h = api.health()
    t.eq((h.json or {}).get('node'), node_before, 'after restart: the server keeps its node')
    t.eq(api.pull(ctx.tokens['ps1']).status, 200, 'after restart: tokens issued before still work')
    after = merge(ctx.pull_all('admin')[0])
    t.eq(after == before, True, 'after restart: every cell and stamp is still there',
         lambda: 'rows before %d, after %d; differing: %s' % (
             len(before), len(after), short([k for k in set(before) | set(after)
                                             if before.get(k) != after.get(k)][:5])))
    r = api.pull(ctx.tokens['ps1'], since=c_ps1)
    t.ok(r.status == 200 and [strip_author(c) for c in r.json['changes']] == [last] and
         r.json['more'] is False,
         'after restart: a cursor from before still works (gets exactly the one newer change)', repr(r))
    c_ps1 = r.json['cursor'] if r.status == 200 else c_ps1
    r = api.pull(ctx.tokens['lh'], since=c_lh)
    t.ok(r.status == 200 and r.json['changes'] == [], 'after restart: an up-to-date cursor gets nothing',
         repr(r))
    r = api.pull(ctx.tokens['admin'], since=c_admin)
    t.ok(r.status == 200 and [strip_author(c) for c in r.json['changes']] == [last],
         'after restart: admin cursor gets the one newer change', repr(r))
    nxt = ctx.change('notice', uuid7(), {'district': PINGSHAN, 'title': '重启后第一条'})
    ctx.push_ok('ps1', [nxt])
    r = api.pull(ctx.tokens['ps1'], since=c_ps1)
    t.ok(r.status == 200 and [strip_author(c) for c in r.json['changes']] == [nxt],
         'after restart: new pushes flow to saved cursors', repr(r))
    ctx.admin_cursor = None
    ctx.admin_state = {}


def expire_sessions(data_dir):
    """Sets every session expiry in the server's SQLite files to the past.
    Returns what it changed (empty when it found nothing to change)."""
    done = []
    for root, _, files in os.walk(data_dir):
        for f in files:
            path = os.path.join(root, f)
            try:
                with open(path, 'rb') as fh:
                    if fh.read(16) != b'SQLite format 3\x00':
                        continue
            except OSError:
                continue
            db = sqlite3.connect(path)
            try:
                # Plain tables only: full-text tables may need the owner's tokenizer.
                tables = [r[0] for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
                for tbl in tables:
                    try:
                        cols = [r[1] for r in db.execute('PRAGMA table_info("%s")' % tbl.replace('"', '""'))]
                    except sqlite3.DatabaseError:
                        continue
                    for col in cols:
                        if 'expir' not in col.lower():
                            continue
                        q = '"%s"' % tbl.replace('"', '""')
                        qc = '"%s"' % col.replace('"', '""')
                        kinds = {r[0] for r in db.execute('SELECT typeof(%s) FROM %s' % (qc, q))}
                        if kinds <= {'integer', 'real', 'null'}:
                            n = db.execute('UPDATE %s SET %s = 1 WHERE %s IS NOT NULL' % (q, qc, qc)).rowcount
                        else:
                            n = db.execute("UPDATE %s SET %s = '1970-01-01T00:00:00Z' WHERE %s IS NOT NULL"
                                           % (q, qc, qc)).rowcount
                        done.append('%s: %s.%s (%d rows)' % (os.path.relpath(path, data_dir), tbl, col, n))
                db.commit()
            finally:
                db.close()
    return done


def check_expired(ctx):
    t = ctx.tap
    tok = ctx.api.token('ns', USERS['ns'][2])
    ctx.all_tokens.append(tok)
    rc = ctx.server.stop()
    t.eq(rc, 0, 'SIGTERM again: exit status 0', ctx.server.log_tail())
    changed = expire_sessions(ctx.data_dir)
    t.ok(changed, 'found where the server keeps session expiry (a column named *expir*)',
         'no SQLite column with "expir" in its name under %s' % ctx.data_dir)
    t.note('expired sessions by editing: %s' % '; '.join(changed))
    ctx.server.start()
    ctx.api = Api(ctx.server.port)
    r = ctx.api.pull(tok)
    t.ok(r.is_error(401, 'unauthorized'), 'pull with an expired token -> 401 unauthorized', repr(r))
    r = ctx.api.login('ns', USERS['ns'][2])
    t.eq(r.status, 200, 'after expiry a new login works', repr(r))
    fresh = r.json.get('token') if isinstance(r.json, dict) else None
    ctx.all_tokens.append(fresh)
    t.eq(ctx.api.pull(fresh).status if fresh else None, 200, 'and its token pulls')


def check_logs(ctx, servers):
    t = ctx.tap
    logs = '\n'.join(s.log_text() for s in servers)
    secrets_ = [('password', pw) for _, _, pw in USERS.values()] + [
        ('password', 'Victim-Pass-5Rr'), ('password', 'Tmp-Pass-One1'), ('password', 'Tmp-Pass-Two2'),
        ('phone', PHONE), ('phone', PHONE2), ('ID number', ID_NUMBER)]
    secrets_ += [('token', tk) for tk in ctx.all_tokens]
    leaked = sorted({kind for kind, s in secrets_ if s and s in logs})
    t.eq(leaked, [], 'server logs hold no password, token, phone or ID number')
    t.ok(len(logs.strip().splitlines()) >= 10, 'the server logs requests (one line per request)',
         'log has %d lines' % len(logs.strip().splitlines()))


# Seeded server: limits at scale, restore from backup --------------------------

def check_seeded(ctx):
    t = ctx.tap
    d = ctx.tmp.sub('seeded')
    t0 = time.monotonic()
    cp = run([ctx.binary, 'seed', '--demo', '--district', PINGSHAN, '--data-dir', d], timeout=600)
    t.eq(cp.returncode, 0, 'seed --demo --district 440310: exit 0', describe(cp))
    t.note('seed took %.1f s' % (time.monotonic() - t0))
    users = {'cityadmin': (CITY, 'admin', 'City-Adm-1'), 'pstaff': (PINGSHAN, 'staff', 'P-Staff-2'),
             'lhstaff': (LUOHU, 'staff', 'L-Staff-3')}
    for name, (dist, role, pw) in users.items():
        cp = add_user(ctx.binary, d, name, dist, role, pw)
        t.eq(cp.returncode, 0, 'user add %s on the seeded data dir' % name, describe(cp))
    backup = ctx.tmp.sub('seeded-backup')
    shutil.copytree(d, backup)

    srv = Server(ctx.binary, d, ctx.tmp.sub('seeded.log'))
    ctx.servers.append(srv)
    srv.start()
    api = Api(srv.port)
    tok = {n: api.token(n, u[2]) for n, u in users.items()}
    ctx.all_tokens.extend(tok.values())

    t0 = time.monotonic()
    everything, _, pages = api.pull_all(tok['cityadmin'], limit=10000)
    t.note('admin bootstrap of %d changes in %d pages: %.1f s' % (len(everything), len(pages),
                                                                  time.monotonic() - t0))
    state = merge(everything)
    dists = {(v.get('district') or [None])[0] for v in state.values()}
    t.ok(len(state) > 20000 and dists <= {PINGSHAN, CITY},
         'the demo data is on the server: %d rows in 440310 and 440300' % len(state),
         'rows %d, districts %s' % (len(state), sorted(x for x in dists if x)))

    big = api.pull(tok['cityadmin'], limit=20000)
    cap = api.pull(tok['cityadmin'], limit=10000)
    t.ok(big.status == 200 and cap.status == 200 and len(cap.json['changes']) == 10000 and
         cap.json['more'] is True,
         'limit=10000 over more than 10000 changes: a page of 10000, more true', repr(cap)[:600])
    t.ok(big.status == 200 and len(big.json['changes']) <= 10000 and
         big.json['changes'] == cap.json['changes'] and big.json['cursor'] == cap.json['cursor'],
         'limit=20000 is capped at 10000: the same page as limit=10000',
         'limit=20000 gave %s changes' % (len(big.json['changes']) if big.json else big))
    dflt = api.pull(tok['cityadmin'])
    thousand = api.pull(tok['cityadmin'], limit=1000)
    t.ok(dflt.status == 200 and len(dflt.json['changes']) == 1000 and dflt.json['more'] is True and
         dflt.json['changes'] == thousand.json['changes'],
         'no limit: the default page of 1000', 'default page: %s changes' % (
             len(dflt.json['changes']) if dflt.json else dflt))

    gz = api.pull(tok['cityadmin'], limit=10000, headers={'Accept-Encoding': 'gzip'})
    t.ok(gz.headers.get('content-encoding') == 'gzip' and isinstance(gz.json, dict) and
         gz.json['changes'] == cap.json['changes'] and len(gz.raw) * 3 < len(cap.raw),
         'a 10000-change page with gzip: same changes, under a third of the bytes (%d vs %d)'
         % (len(gz.raw), len(cap.raw)), repr(gz)[:600])

    ps, c_ps, _ = api.pull_all(tok['pstaff'], limit=10000)
    t.ok(merge(ps) == state, 'staff of 440310 bootstraps exactly the server\'s rows of 440310 and 440300',
         'staff rows %d, admin rows %d' % (len(merge(ps)), len(state)))
    lh, c_lh, _ = api.pull_all(tok['lhstaff'], limit=10000)
    city_rows = {k: v for k, v in state.items() if v.get('district', [None])[0] == CITY}
    t.ok(merge(lh) == city_rows and len(city_rows) > 0,
         'staff of 440303 receives only the city rows of a 440310 demo (%d)' % len(city_rows),
         'received %d rows' % len(merge(lh)))

    # Restore from an older backup: cursors from after it are refused.
    new = [{'table': 'notice', 'row': uuid7(), 'hlc': ctx.clock.tick(), 'node': ctx.nodes['lh'],
            'values': {'district': LUOHU, 'title': '备份之后 %d' % i}} for i in range(3)]
    r = api.push(tok['lhstaff'], new, node=ctx.nodes['lh'])
    t.eq(push_result(r), (200, 3, 0, []), 'three changes pushed after the backup was taken', repr(r))
    _, c_future, _ = api.pull_all(tok['lhstaff'])
    t.eq(srv.stop(), 0, 'seeded server: SIGTERM exit 0', srv.log_tail())

    old = Server(ctx.binary, backup, ctx.tmp.sub('restored.log'))
    ctx.servers.append(old)
    old.start()
    api = Api(old.port)
    tl = api.token('lhstaff', users['lhstaff'][2])
    ctx.all_tokens.append(tl)
    r = api.pull(tl, since=c_future)
    t.ok(r.is_error(409, 'resync'), 'restored from an older backup: a cursor from after it -> 409 resync',
         repr(r))
    r = api.pull(tl)
    t.ok(r.status == 200 and not any(c['row'] in {x['row'] for x in new} for c in r.json['changes']),
         'after 409 a pull from the beginning works and holds the restored state', repr(r)[:600])
    # New writes on the restored server must not make the old cursor valid
    # again in a way that skips them.
    newer = [{'table': 'notice', 'row': uuid7(), 'hlc': ctx.clock.tick(), 'node': ctx.nodes['lh'],
              'values': {'district': LUOHU, 'title': '恢复之后 %d' % i}} for i in range(6)]
    for c in newer:
        api.push(tl, [c], node=ctx.nodes['lh'])
    r = api.pull(tl, since=c_future)
    if r.status == 200:
        got = {c['row'] for c in r.json['changes']}
        missing = [c['row'] for c in newer if c['row'] not in got]
        t.ok(not missing, 'restored + newer writes: the old cursor is refused (409) or skips nothing',
             'HTTP 200 and %d of the %d new changes skipped: %r' % (len(missing), len(newer), r))
    else:
        t.ok(r.is_error(409, 'resync'),
             'restored + newer writes: the old cursor is refused (409) or skips nothing', repr(r))
    t.eq(old.stop(), 0, 'restored server: SIGTERM exit 0', old.log_tail())


def check_throttle(ctx):
    t = ctx.tap
    d = ctx.tmp.sub('throttle')
    pw = 'Victim-Pass-5Rr'
    cp = add_user(ctx.binary, d, 'victim', PINGSHAN, 'staff', pw)
    t.eq(cp.returncode, 0, 'user add victim', describe(cp))
    srv = Server(ctx.binary, d, ctx.tmp.sub('throttle.log'))
    ctx.servers.append(srv)
    srv.start()
    api = Api(srv.port)
    statuses = []
    for i in range(30):
        r = api.login('victim', 'wrong-%d' % i)
        statuses.append(r.status)
        if r.status == 429:
            break
    t.ok(statuses and statuses[0] == 401 and statuses[-1] == 429 and set(statuses[:-1]) == {401},
         'repeated wrong passwords for one user: 401 and then 429 (after %d tries)' % len(statuses),
         'statuses %s; last %r' % (statuses, r))
    t.ok(r.is_error(429, 'too_many_attempts'), '429 body: too_many_attempts', repr(r))
    r = api.login('victim', pw)
    t.ok(r.is_error(429, 'too_many_attempts'), 'while throttled even the right password gets 429', repr(r))
    t.eq(srv.stop(), 0, 'throttle server: SIGTERM exit 0', srv.log_tail())

    d = ctx.tmp.sub('spray')
    cp = add_user(ctx.binary, d, 'someone', PINGSHAN, 'staff', 'Someone-Pass-1')
    srv = Server(ctx.binary, d, ctx.tmp.sub('spray.log'))
    ctx.servers.append(srv)
    srv.start()
    api = Api(srv.port)
    statuses = []
    for i in range(60):
        r = api.login('ghost-%d' % i, 'guess-%d' % i)
        statuses.append(r.status)
        if r.status == 429:
            break
    t.ok(statuses[-1] == 429 and set(statuses[:-1]) == {401},
         'failures for many users from one address: 401 and then 429 (after %d tries)' % len(statuses),
         'statuses %s' % statuses)
    t.eq(srv.stop(), 0, 'spray server: SIGTERM exit 0', srv.log_tail())


def main(tap):
    if len(sys.argv) != 2:
        raise SystemExit('usage: conformance.py PATH/TO/dangqun-server')
    binary = os.path.abspath(sys.argv[1])
    tmp = TempDir('dq-conformance-')
    ctx = Ctx(tap, binary, tmp)
    ctx.data_dir = tmp.sub('main')
    os.makedirs(ctx.data_dir)
    try:
        for name, (district, role, pw) in USERS.items():
            cp = add_user(binary, ctx.data_dir, name, district, role, pw)
            tap.ok(cp.returncode == 0, 'user add %s --district %s --role %s' % (name, district, role),
                   describe(cp))
        ctx.server = Server(binary, ctx.data_dir, tmp.sub('main.log'))
        ctx.servers.append(ctx.server)
        first = ctx.server.start()
        ctx.api = Api(ctx.server.port)

        def raw_session(body):
                    return request(ctx.api.port, 'POST', '/api/v1/session', body=body)
        ctx.api_raw_session = raw_session

        check_startup(ctx, first)
        tap.section('health', check_health, ctx)
        tap.section('session', check_session, ctx)
        if set(ctx.tokens) != set(USERS):
            ctx.login_all()
        for name, fn in (('auth', check_auth), ('paging', check_paging), ('push', check_push),
                         ('extras', check_extras), ('json_edges', check_json_edges), ('paging_while_writing', check_paging_while_writing),
                         ('concurrency', check_concurrency),
                         ('rejections', check_rejections), ('current', check_current),
                         ('bad_json', check_bad_json), ('gzip', check_gzip), ('hostile', check_hostile),
                         ('nul', check_nul), ('scope', check_scope), ('transfer', check_transfer),
                         ('logout', check_logout), ('accounts', check_accounts), ('audit', check_audit), ('too_large', check_too_large),
                         ('inflight', check_inflight), ('restart', check_restart), ('expired', check_expired)):
            tap.section(name, fn, ctx)
        tap.eq(ctx.server.stop(), 0, 'main server: SIGTERM exit 0', ctx.server.log_tail())
        tap.section('seeded', check_seeded, ctx)
        tap.section('throttle', check_throttle, ctx)
        check_logs(ctx, ctx.servers)
    finally:
        for s in ctx.servers:
            s.kill()
        tmp.remove()


if __name__ == '__main__':
    main_guard(main)
