import { Client } from 'pg';
import type { Response } from 'supertest';
import { portOf, rawRequest } from '../support/raw-http';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST, consentBody, OPEN_CASE_BODY } from '../support/fixtures';
import { as, AUDIT_PURPOSE, Caller, consentAndRefer, command, Json, openCase } from './helpers/api';

/**
 * Every route the service documents in /docs-json, sent each class of hostile input that applies
 * to it: text no field may hold (NUL, lone surrogates, control characters, line breaks outside
 * free text) in each string of an otherwise valid body, in query and path parameters and in the
 * headers the service records; bodies nested 25,000 deep, reserved field names, bodies that are
 * not JSON in UTF-8; paths and headers Fastify or Node refuse before any route runs. Each answer
 * must be a 4xx application/problem+json that names the field where there is one and echoes no
 * personal data, and nothing may have changed: not a case, an event, an agency or a key.
 */

type Op = { method: 'get' | 'post' | 'put' | 'delete'; path: string; docs: Json };

const PERSONAL = OPEN_CASE_BODY.victim.personal;
/** Field names of free text, where line breaks and tabs are allowed (the API contract). */
const FREE_TEXT = new Set([
  'reason',
  'notes',
  'note',
  'rationale',
  'justification',
  'reasonNotSuccessful',
  'address',
]);

/** A valid body for every documented route that takes one: hostile variants start from it. */
function validBodies(ids: { shelter: string; fia: string }): Record<string, Json> {
  const reason = { reason: 'Victim asked for it' };
  return {
    'put /v1/admin/agencies/{agencyId}': {
      name: 'FIA Lahore circle',
      type: 'fia',
      province: 'punjab',
      services: ['legal-aid'],
      notification: {
        webhookUrl: 'https://fia.example.org/hooks',
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      },
    },
    'post /v1/admin/api-keys': { agencyId: ids.fia, role: 'officer', label: 'case system' },
    'post /v1/cases': OPEN_CASE_BODY,
    'post /v1/cases/{caseId}/screenings': {
      traffickingStatus: 'possible',
      crimeType: 'tip',
      indicators: ['debt-bondage'],
      notes: 'Reasonable grounds.\nSee the interview.',
    },
    'post /v1/cases/{caseId}/consents': consentBody(ids.shelter),
    'post /v1/cases/{caseId}/referrals': {
      toAgencyId: ids.shelter,
      services: ['shelter'],
      urgency: 'routine',
      reason: 'Needs a safe place',
      acknowledgeWithinHours: 24,
      consentOverride: { justification: 'Imminent danger to the victim' },
    },
    'post /v1/cases/{caseId}/referrals/{referralId}/acknowledge': {},
    'post /v1/cases/{caseId}/referrals/{referralId}/accept': { note: 'Bed available' },
    'post /v1/cases/{caseId}/referrals/{referralId}/decline': {
      reason: 'no-capacity',
      note: 'Full this week',
    },
    'post /v1/cases/{caseId}/referrals/{referralId}/complete': {
      outcome: 'not-successful',
      reasonNotSuccessful: 'Left the shelter',
      servicesDelivered: ['shelter'],
    },
    'post /v1/cases/{caseId}/referrals/{referralId}/withdraw': reason,
    'post /v1/cases/{caseId}/assistance-decisions': {
      service: 'medical',
      decision: 'granted',
      rationale: 'Needs care',
    },
    'post /v1/cases/{caseId}/protection-measures': {
      measure: 'shelter-placement',
      decision: 'granted',
      rationale: 'At risk',
    },
    'post /v1/cases/{caseId}/transfers': { toAgencyId: ids.shelter, reason: 'Moved district' },
    'post /v1/cases/{caseId}/transfers/{transferId}/accept': reason,
    'post /v1/cases/{caseId}/transfers/{transferId}/decline': reason,
    'post /v1/cases/{caseId}/close': { reason: 'reintegrated' },
    'post /v1/cases/{caseId}/reopen': reason,
    'delete /v1/cases/{caseId}/personal-data': { justification: 'Victim asked for erasure' },
  };
}

/** Every string leaf of a body, with its field path as errors name it. */
function stringLeaves(value: unknown, path = ''): Array<{ path: string; key: string }> {
  if (typeof value === 'string') return [{ path, key: path.split('.').pop()! }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) =>
    stringLeaves(item, path ? `${path}.${key}` : key),
  );
}

function withValue(body: Json, path: string, value: unknown): Json {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node: Json = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  node[keys[keys.length - 1]] = value;
  return copy;
}

/** JSON text of arrays nested `levels` deep (too deep for JSON.stringify to build). */
function deeplyNested(levels: number): string {
  return `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;
}

/** A body's JSON text with one more member, written as raw JSON text. */
function withMember(body: Json, name: string, valueJson: string): string {
  const rest = JSON.stringify(body).slice(1);
  return `{${JSON.stringify(name)}: ${valueJson}${rest === '}' ? '}' : `, ${rest}`}`;
}

/** Percent-encodes UTF-16 code units as (generalised) UTF-8 bytes, lone surrogates included. */
function percentEncode(value: string): string {
  let out = '';
  for (const unit of value.split('').map((c) => c.charCodeAt(0))) {
    if (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(unit))) out += String.fromCharCode(unit);
    else if (unit < 0x80) out += `%${unit.toString(16).padStart(2, '0')}`;
    else if (unit < 0x800) out += hex(0xc0 | (unit >> 6), 0x80 | (unit & 63));
    else out += hex(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 63), 0x80 | (unit & 63));
  }
  return out;
}

function hex(...bytes: number[]): string {
  return bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
}

const HOSTILE_TEXT: Record<string, string> = {
  'a NUL': 'Islam\u0000abad',
  'a lone high surrogate': 'Islam\ud800abad',
  'a lone low surrogate': 'Islam\udc00abad',
  'a C0 control character': 'Islam\u0007abad',
  DEL: 'Islam\u007fabad',
  'a C1 control character': 'Islam\u0085abad',
  'an escape sequence': 'Islam\u001b[2Jabad',
  'a bidirectional override': 'Islam\u202eabad',
};

describe('hostile input on every documented route', () => {
  let test: TestApp;
  let db: Client;
  let port: number;
  let lead: Caller;
  let auditor: Caller;
  let ops: Op[];
  let bodies: Record<string, Json>;
  let ids: Record<string, string>;
  let before: string;

  beforeAll(async () => {
    test = await startTestApp('hostile', { RATE_LIMIT_PER_MINUTE: '0' });
    db = new Client({ connectionString: test.database.url });
    await db.connect();
    port = portOf(test.app.getHttpServer());
    const fia = await registerAgency(test, CAST.fiaLahore);
    const shelter = await registerAgency(test, CAST.darUlAmanLahore);
    lead = as(fia, 'supervisor');
    auditor = as(fia, 'auditor');
    const caseId = await openCase(test, lead);
    const referralId = await consentAndRefer(test, lead, caseId, shelter.agencyId);
    const transfer = await command(test, lead, `/v1/cases/${caseId}/transfers`, {
      toAgencyId: shelter.agencyId,
      reason: 'Moved district',
    });
    await command(test, lead, `/v1/cases/${caseId}/consents`, consentBody(shelter.agencyId));
    const { rows } = await db.query<{ key_id: string }>(
      "SELECT key_id::text FROM api_keys WHERE role = 'auditor' LIMIT 1",
    );
    ids = {
      caseId,
      referralId,
      transferId: transfer.transferId as string,
      agencyId: fia.agencyId,
      keyId: rows[0].key_id,
    };
    bodies = validBodies({ shelter: shelter.agencyId, fia: fia.agencyId });
    const docs = (await test.http.get('/docs-json').expect(200)).body as Json;
    ops = Object.entries<Json>(docs.paths).flatMap(([path, methods]) =>
      Object.entries<Json>(methods).map(([method, doc]) => ({
        method: method as Op['method'],
        path,
        docs: doc,
      })),
    );
    await test.projected();
    before = await snapshot();
  });

  afterAll(async () => {
    await db?.end();
    await test?.close();
  });

  /** Everything a request could have changed, as one comparable text. */
  async function snapshot(): Promise<string> {
    const { rows } = await db.query(`SELECT
      (SELECT count(*) FROM events) AS events,
      (SELECT md5(string_agg(t::text, ',' ORDER BY case_id)) FROM case_summaries t) AS cases,
      (SELECT md5(string_agg(t::text, ',' ORDER BY referral_id)) FROM referral_inbox t) AS inbox,
      (SELECT md5(string_agg(t::text, ',' ORDER BY agency_id)) FROM agencies t) AS agencies,
      (SELECT md5(string_agg(t::text, ',' ORDER BY key_id)) FROM api_keys t) AS keys,
      (SELECT count(*) FROM case_keys) AS case_keys`);
    return JSON.stringify(rows[0]);
  }

  const key = (op: Op) => `${op.method} ${op.path}`;
  const isAdmin = (op: Op) => op.path.startsWith('/v1/admin');
  // Routes only auditors may call (the rest take the lead agency's supervisor).
  const isAudit = (op: Op) =>
    /\/(access-log|audit-bundle)$/.test(op.path) ||
    op.path.startsWith('/v1/audit/') ||
    op.path.startsWith('/v1/exports/');
  const authFor = (op: Op) => (isAdmin(op) ? test.adminKey : isAudit(op) ? auditor.key : lead.key);
  const params = (op: Op, where: string): Json[] =>
    (op.docs.parameters ?? []).filter((p: Json) => p.in === where);
  const concrete = (op: Op, override: Record<string, string> = {}) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => override[name] ?? ids[name]);
  const apiOps = () => ops.filter((op) => op.path.startsWith('/v1/'));
  const withBody = () => apiOps().filter((op) => op.docs.requestBody);

  function send(
    op: Op,
    options: { body?: unknown; raw?: string | Buffer; type?: string; headers?: Json; url?: string },
  ) {
    let req = test.http[op.method](options.url ?? concrete(op)).set(
      'authorization',
      `Bearer ${authFor(op)}`,
    );
    if (!isAdmin(op)) req = req.set('x-officer-id', 'officer-7');
    if (isAudit(op)) req = req.set('x-purpose', AUDIT_PURPOSE);
    for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
    if (options.raw !== undefined) {
      return req.set('content-type', options.type ?? 'application/json').send(options.raw);
    }
    return options.body === undefined ? req : req.send(options.body as object);
  }

  /** Collects what is wrong with each answer, so one run reports every route at once. */
  function checker() {
    const failures: string[] = [];
    return {
      failures,
      check(
        label: string,
        res: Response | { status: number; headers: Json; text: string; body: Json },
        expected: { status?: number; field?: string },
      ) {
        const problems: string[] = [];
        if (res.status < 400 || res.status >= 500) problems.push(`status ${res.status}`);
        if (expected.status && res.status !== expected.status) {
          problems.push(`status ${res.status}, expected ${expected.status}`);
        }
        if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) {
          problems.push(`content-type ${res.headers['content-type']}`);
        }
        const body = res.body as Json;
        if (!body?.type || !body?.title || !body?.status || !body?.detail) {
          problems.push('not a problem document');
        }
        const fields = ((body?.errors ?? []) as Json[]).map((e) => e.field);
        // A rule over every item of a list (an enum, a code pattern) names the list.
        const accepted = expected.field && [expected.field, expected.field.replace(/\.\d+$/, '')];
        if (accepted && !fields.some((field) => accepted.includes(field))) {
          problems.push(`errors name ${JSON.stringify(fields)}, not ${expected.field}`);
        }
        for (const value of Object.values(PERSONAL)) {
          if (res.text.includes(value)) problems.push('echoes personal data');
        }
        for (const value of Object.values(HOSTILE_TEXT)) {
          if (res.text.includes(value) || res.text.includes(JSON.stringify(value).slice(1, -1))) {
            problems.push('echoes the value it refused');
          }
        }
        if (problems.length > 0) failures.push(`${label}: ${problems.join('; ')} (${res.text})`);
      },
    };
  }

  it('has a valid body for every documented route that takes one', () => {
    expect(withBody().map(key).sort()).toEqual(Object.keys(bodies).sort());
    expect(apiOps().length).toBeGreaterThanOrEqual(25);
  });

  it.each(Object.keys(HOSTILE_TEXT))(
    '%s in any string field of a body: 400 naming it',
    async (name) => {
      const { failures, check } = checker();
      for (const op of withBody()) {
        const valid = bodies[key(op)];
        for (const leaf of stringLeaves(valid)) {
          const res = await send(op, { body: withValue(valid, leaf.path, HOSTILE_TEXT[name]) });
          check(`${key(op)} ${leaf.path}`, res, { status: 400, field: leaf.path });
        }
        // In a field name, too.
        const res = await send(op, { body: { ...valid, [`x${HOSTILE_TEXT[name]}`]: 1 } });
        check(`${key(op)} field name`, res, { status: 400 });
      }
      expect(failures).toEqual([]);
    },
  );

  it('a line break or tab in a single-line field: 400 naming it', async () => {
    const { failures, check } = checker();
    for (const op of withBody()) {
      const valid = bodies[key(op)];
      for (const leaf of stringLeaves(valid).filter((l) => !FREE_TEXT.has(l.key))) {
        for (const breaker of ['\n', '\r', '\t', '\u2028', '\u2029']) {
          const res = await send(op, { body: withValue(valid, leaf.path, `Lahore${breaker}x`) });
          check(`${key(op)} ${leaf.path} ${JSON.stringify(breaker)}`, res, {
            status: 400,
            field: leaf.path,
          });
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('deep nesting, as an extra field or inside one: 400', async () => {
    const { failures, check } = checker();
    for (const op of withBody()) {
      const valid = bodies[key(op)];
      const deep = deeplyNested(25_000);
      const extra = await send(op, { raw: withMember(valid, 'x', deep) });
      check(`${key(op)} extra`, extra, { status: 400, field: 'body' });
      for (const leaf of stringLeaves(valid).slice(0, 1)) {
        const marker = '"__deep__"';
        const inside = JSON.stringify(withValue(valid, leaf.path, '__deep__')).replace(
          marker,
          deep,
        );
        const res = await send(op, { raw: inside });
        check(`${key(op)} in ${leaf.path}`, res, { status: 400, field: 'body' });
      }
      const justDeeper = await send(op, { raw: withMember(valid, 'x', deeplyNested(40)) });
      check(`${key(op)} 40 levels`, justDeeper, { status: 400 });
    }
    expect(failures).toEqual([]);
  });

  it.each(['constructor', 'prototype', '__proto__'])(
    'a field named %s, at the top or nested: 400 naming it',
    async (name) => {
      const { failures, check } = checker();
      for (const op of withBody()) {
        const valid = bodies[key(op)];
        const top = withMember(valid, name, '{"x": 1}');
        check(`${key(op)} top`, await send(op, { raw: top }), { status: 400, field: name });
        // Inside an object the body does have (location, victim, notification, ...).
        const parent = Object.keys(valid).find(
          (k) => typeof valid[k] === 'object' && valid[k] !== null && !Array.isArray(valid[k]),
        );
        if (parent) {
          const inner = withMember(valid[parent], name, '1');
          const nested = JSON.stringify({ ...valid, [parent]: '__inner__' }).replace(
            '"__inner__"',
            inner,
          );
          check(`${key(op)} in ${parent}`, await send(op, { raw: nested }), {
            status: 400,
            field: `${parent}.${name}`,
          });
        }
      }
      expect(failures).toEqual([]);
    },
  );

  it('bodies that are not JSON in UTF-8: 415 or 400', async () => {
    const { failures, check } = checker();
    for (const op of withBody()) {
      const json = JSON.stringify(bodies[key(op)]);
      const form = new URLSearchParams(
        Object.entries(bodies[key(op)]).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
      const cases: Array<[string, { raw: string | Buffer; type: string }, number]> = [
        ['form', { raw: form, type: 'application/x-www-form-urlencoded' }, 415],
        ['JSON sent as a form', { raw: json, type: 'application/x-www-form-urlencoded' }, 415],
        ['JSON as text/plain', { raw: json, type: 'text/plain' }, 415],
        ['multipart', { raw: json, type: 'multipart/form-data; boundary=x' }, 415],
        ['latin1 charset', { raw: json, type: 'application/json; charset=latin1' }, 415],
        [
          'bytes that are not UTF-8',
          { raw: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), type: 'application/json' },
          400,
        ],
        ['truncated JSON', { raw: json.slice(0, -1), type: 'application/json' }, 400],
        ['a JSON string', { raw: '"x"', type: 'application/json' }, 400],
        ['a JSON array', { raw: `[${json}]`, type: 'application/json' }, 400],
        ['JSON null', { raw: 'null', type: 'application/json' }, 400],
        ['a JSON number', { raw: '1', type: 'application/json' }, 400],
      ];
      for (const [label, body, status] of cases) {
        check(`${key(op)} ${label}`, await send(op, body), { status });
      }
    }
    expect(failures).toEqual([]);
  });

  it('hostile query parameters: 400 naming them', async () => {
    const { failures, check } = checker();
    for (const op of apiOps()) {
      for (const param of params(op, 'query')) {
        for (const [name, value] of Object.entries(HOSTILE_TEXT)) {
          const res = await send(op, {
            url: `${concrete(op)}?${param.name}=${percentEncode(value)}`,
          });
          check(`${key(op)} ?${param.name} ${name}`, res, { status: 400, field: param.name });
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('hostile path parameters: 400 or 414', async () => {
    const { failures, check } = checker();
    for (const op of apiOps()) {
      for (const param of params(op, 'path')) {
        const body = bodies[key(op)];
        for (const [label, value, status] of [
          ['NUL', '%00', 400],
          ['C1 control', '%C2%85', 400],
          ['lone surrogate', '%ED%A0%80', 400],
          ['bad percent-encoding', '%ZZ', 400],
          ['over the length limit', 'a'.repeat(300), 414],
        ] as const) {
          const res = await send(op, { url: concrete(op, { [param.name]: value }), body });
          check(`${key(op)} {${param.name}} ${label}`, res, { status });
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('hostile Idempotency-Key and X-Officer-Id on every write: 400 naming them', async () => {
    const { failures, check } = checker();
    for (const op of apiOps().filter((o) => o.method === 'post' || o.method === 'delete')) {
      const body = bodies[key(op)];
      const cases: Array<[string, Json, string]> = [
        ['C1 control in Idempotency-Key', { 'idempotency-key': 'k\u0085y' }, 'Idempotency-Key'],
        ['long Idempotency-Key', { 'idempotency-key': 'k'.repeat(256) }, 'Idempotency-Key'],
      ];
      if (!isAdmin(op)) {
        cases.push(['C1 control in X-Officer-Id', { 'x-officer-id': 'o\u0085' }, 'X-Officer-Id']);
      }
      for (const [label, headers, field] of cases) {
        check(`${key(op)} ${label}`, await send(op, { body, headers }), { status: 400, field });
      }
    }
    expect(failures).toEqual([]);
  });

  it('requests Node refuses before any route: problem+json too', async () => {
    const { failures, check } = checker();
    for (const op of ops) {
      const path = concrete(op);
      const method = op.method.toUpperCase();
      const cases: Array<[string, string, number]> = [
        [
          'huge header',
          `${method} ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
          431,
        ],
        [
          'control byte in a header',
          `${method} ${path} HTTP/1.1\r\nHost: x\r\nX-Officer-Id: a\u0001b\r\nConnection: close\r\n\r\n`,
          400,
        ],
        [
          'bad percent-encoding',
          `${method} ${path}/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
          0,
        ],
      ];
      for (const [label, request, status] of cases) {
        const res = await rawRequest(port, request);
        let body: Json = {};
        try {
          body = JSON.parse(res.body);
        } catch {
          // reported below as not a problem document
        }
        check(`${key(op)} ${label}`, { ...res, text: res.body, body }, status ? { status } : {});
      }
    }
    // Without a Host header: answered by the service (here, 401 problem+json), not by Node.
    const noHost = await rawRequest(port, 'GET /v1/cases HTTP/1.1\r\nConnection: close\r\n\r\n');
    check(
      'no Host header',
      { ...noHost, text: noHost.body, body: JSON.parse(noHost.body) },
      { status: 401 },
    );
    const badMethod = await rawRequest(
      port,
      'FOO /v1/cases HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    check(
      'unknown method',
      { ...badMethod, text: badMethod.body, body: JSON.parse(badMethod.body) },
      { status: 400 },
    );
    expect(failures).toEqual([]);
  });

  it('changed nothing', async () => {
    expect(await snapshot()).toBe(before);
    const res = await test.http
      .get(`/v1/cases/${ids.caseId}`)
      .set('authorization', `Bearer ${lead.key}`)
      .expect(200);
    expect(res.body.version).toBe(5);
    expect(res.body.victim.personal.fullName).toBe(PERSONAL.fullName);
    // The read models kept up: nothing above could stall them.
    await test.projected();
    const ready = await test.http.get('/health/ready').expect(200);
    expect(ready.body.details.subscriptions['read-models.v1'].state).toBe('running');
  });
});
