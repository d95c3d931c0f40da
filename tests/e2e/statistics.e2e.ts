import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { STATISTICS_TABLES } from '@app/statistics';
import { DECLINE_REASONS } from '@app/domain';
import { eventually } from '../support/async';
import { CAST, consentBody, OPEN_CASE_BODY, PERSONAL, referralBody } from '../support/fixtures';
import { AgencyKeys, registerAgency, startTestApp, TestApp } from '../support/test-app';
import { as, Caller, command, expectProblem, get, Json, openCase, post } from './helpers/api';

/** A known data set: 40 cases whose attributes cycle, so every count can be worked out here. */
const SEXES = ['female', 'male', 'female', 'transgender', 'female'];
const AGES = ['adult', 'child', 'adult'];
const PROVINCES = ['punjab', 'sindh', 'punjab', 'balochistan'];
const CITIZENSHIPS = ['PK', 'PK', 'AF', 'PK', 'BD'];
const EXPLOITATION = [
  ['forced-labour'],
  ['sexual-exploitation'],
  ['forced-labour', 'bonded-labour'],
  // Not known yet: in no row by form of exploitation, in every total.
  [],
];
const CASES = 40;

interface Spec {
  sex: string;
  ageGroup: string;
  province: string;
  citizenship: string;
  exploitationTypes: string[];
  identifiedAt: string;
  referred: boolean;
  acknowledged: boolean;
  accepted: boolean;
}

const specs: Spec[] = Array.from({ length: CASES }, (_, i) => ({
  sex: SEXES[i % SEXES.length],
  ageGroup: AGES[i % AGES.length],
  province: PROVINCES[i % PROVINCES.length],
  citizenship: CITIZENSHIPS[i % CITIZENSHIPS.length],
  exploitationTypes: EXPLOITATION[i % EXPLOITATION.length],
  identifiedAt: `2026-0${1 + (i % 3)}-1${i % 10}T08:00:00Z`,
  referred: i % 2 === 0,
  acknowledged: i % 4 === 0,
  accepted: i % 8 === 0,
}));

function countBy(keyOf: (s: Spec) => string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const spec of specs) {
    for (const key of [keyOf(spec)].flatMap((k) => k)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('statistics and the research export (API on PostgreSQL)', () => {
  let test: TestApp;
  let db: Client;
  let fia: AgencyKeys;
  let shelter: AgencyKeys;
  let lead: Caller;
  let auditor: Caller;
  const caseIds: string[] = [];

  beforeAll(async () => {
    test = await startTestApp('statistics', { RATE_LIMIT_PER_MINUTE: '0' });
    db = new Client({ connectionString: test.database.url });
    await db.connect();
    fia = await registerAgency(test, CAST.fiaLahore);
    shelter = await registerAgency(test, CAST.darUlAmanLahore);
    const oversight = await registerAgency(test, CAST.oversightCell);
    lead = as(fia, 'officer');
    auditor = as(oversight, 'auditor');
    for (const spec of specs) {
      const caseId = await openCase(test, lead, {
        ...OPEN_CASE_BODY,
        identifiedAt: spec.identifiedAt,
        location: { province: spec.province, district: `${spec.province}-district` },
        victim: {
          ...OPEN_CASE_BODY.victim,
          sex: spec.sex,
          ageGroup: spec.ageGroup,
          citizenship: spec.citizenship,
        },
        exploitationTypes: spec.exploitationTypes,
      });
      caseIds.push(caseId);
      if (!spec.referred) continue;
      await command(test, lead, `/v1/cases/${caseId}/consents`, consentBody(shelter.agencyId));
      const { referralId } = await command(
        test,
        lead,
        `/v1/cases/${caseId}/referrals`,
        referralBody(shelter.agencyId),
      );
      const referral = `/v1/cases/${caseId}/referrals/${referralId}`;
      if (!spec.acknowledged) continue;
      await command(test, as(shelter), `${referral}/acknowledge`);
      if (spec.accepted) await command(test, as(shelter), `${referral}/accept`, {});
      else
        await command(test, as(shelter), `${referral}/decline`, {
          reason: 'no-capacity',
          note: 'Full this week',
        });
    }
    await test.projected();
  });

  afterAll(async () => {
    await db?.end();
    await test?.close();
  });

  const victims = (who: Caller, query: Record<string, string>) =>
    get(test, who, '/v1/statistics/victims', { query }).expect(200);
  const referrals = (who: Caller, query: Record<string, string>) =>
    get(test, who, '/v1/statistics/referrals', { query }).expect(200);

  it('counts victims exactly as the data set says, for auditors, by up to three dimensions', async () => {
    const res = await victims(auditor, {
      groupBy: 'sex,province',
      from: '2026-01-01',
      to: '2026-12-31',
    });
    expect(res.body).toMatchObject({
      from: '2026-01-01',
      to: '2026-12-31',
      groupBy: ['sex', 'province'],
      k: 1,
      total: CASES,
    });
    const expected = countBy((s) => [`${s.sex}|${s.province}`]);
    expect(new Map(res.body.items.map((i: Json) => [`${i.sex}|${i.province}`, i.count]))).toEqual(
      expected,
    );
    expect(res.body.items.every((i: Json) => i.suppressed === false)).toBe(true);

    // A victim with several forms of exploitation counts once in each.
    const byType = await victims(auditor, { groupBy: 'exploitationType' });
    const types = countBy((s) => s.exploitationTypes);
    expect(new Map(byType.body.items.map((i: Json) => [i.exploitationType, i.count]))).toEqual(
      types,
    );
    expect(byType.body.total).toBe(CASES);

    const three = await victims(auditor, { groupBy: 'citizenship,ageGroup,month' });
    const expectedThree = countBy((s) => [
      `${s.citizenship === 'PK' ? 'PK' : 'foreign'}|${s.ageGroup}|${s.identifiedAt.slice(0, 7)}`,
    ]);
    expect(
      new Map(
        three.body.items.map((i: Json) => [`${i.citizenship}|${i.ageGroup}|${i.month}`, i.count]),
      ),
    ).toEqual(expectedThree);
    // A period with no victim publishes its zero: a zero singles nobody out.
    const empty = await victims(lead, { from: '2020-01-01', to: '2020-12-31', groupBy: 'sex' });
    expect(empty.body).toMatchObject({ total: 0, items: [] });
    // The period selects by identifiedAt, inclusive.
    const january = await victims(auditor, { from: '2026-01-01', to: '2026-01-31' });
    expect(january.body.total).toBe(
      specs.filter((s) => s.identifiedAt.startsWith('2026-01')).length,
    );
  });

  it('suppresses small counts for everyone but auditors, and enough others that none can be worked out', async () => {
    const res = await victims(lead, { groupBy: 'sex,province' });
    expect(res.body.k).toBe(5);
    const expected = countBy((s) => [`${s.sex}|${s.province}`]);
    for (const item of res.body.items as Json[]) {
      const truth = expected.get(`${item.sex}|${item.province}`)!;
      if (item.suppressed) expect(item.count).toBeNull();
      else {
        expect(item.count).toBe(truth);
        expect(truth === 0 || truth >= 5).toBe(true);
      }
      if (truth > 0 && truth < 5) expect(item.suppressed).toBe(true);
    }
    // No line (a sex across provinces, a province across sexes) hides exactly one cell: its
    // margin, asked for separately, would give it away.
    for (const [dimension, other] of [
      ['sex', 'province'],
      ['province', 'sex'],
    ]) {
      const lines = new Map<string, Json[]>();
      for (const item of res.body.items as Json[]) {
        lines.set(item[dimension], [...(lines.get(item[dimension]) ?? []), item]);
      }
      for (const [, line] of lines) {
        expect(line.filter((i) => i.suppressed).length).not.toBe(1);
        expect(other).toBeDefined();
      }
    }
  });

  it('answers CSV with Accept: text/csv, the same columns, suppressed cells empty', async () => {
    const res = await get(test, lead, '/v1/statistics/victims', {
      query: { groupBy: 'sex' },
      headers: { accept: 'text/csv' },
    }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = res.text.trim().split('\n');
    expect(header).toBe('sex,count,suppressed');
    const json = await victims(lead, { groupBy: 'sex' });
    expect(lines).toEqual(
      json.body.items.map((i: Json) => `${i.sex},${i.count ?? ''},${i.suppressed}`),
    );
  });

  it('counts the referral funnel and its times by receiving agency type', async () => {
    const res = await get(test, auditor, '/v1/statistics/referrals', {
      query: { groupBy: 'toAgencyType' },
    }).expect(200);
    const referred = specs.filter((s) => s.referred);
    const acknowledged = referred.filter((s) => s.acknowledged);
    const accepted = acknowledged.filter((s) => s.accepted);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        toAgencyType: 'shelter',
        issued: referred.length,
        acknowledged: acknowledged.length,
        accepted: accepted.length,
        declined: acknowledged.length - accepted.length,
        // Every code, the absent ones as zeros.
        declinedByReason: {
          ...Object.fromEntries(DECLINE_REASONS.map((reason) => [reason, 0])),
          'no-capacity': acknowledged.length - accepted.length,
        },
        completedSuccessful: 0,
        withdrawn: 0,
        overdue: 0,
        hoursToAcknowledge: { median: expect.any(Number), p90: expect.any(Number) },
      }),
    ]);
    const cases = await get(test, auditor, '/v1/statistics/cases', {
      query: { groupBy: 'province' },
    }).expect(200);
    const byProvince = countBy((s) => [s.province]);
    expect(new Map(cases.body.items.map((i: Json) => [i.province, i.opened]))).toEqual(byProvince);
    expect(cases.body.items.every((i: Json) => i.openAtEnd === i.opened && i.closed === 0)).toBe(
      true,
    );
  });

  it('fills the GLOTIP table: girls and boys are children, the rest of sex or age other', async () => {
    const res = await get(test, auditor, '/v1/statistics/glotip', {
      query: { year: '2026' },
    }).expect(200);
    const category = (s: Spec) =>
      s.sex === 'female'
        ? s.ageGroup === 'adult'
          ? 'women'
          : 'girls'
        : s.sex === 'male'
          ? s.ageGroup === 'adult'
            ? 'men'
            : 'boys'
          : 'other';
    for (const row of res.body.rows as Json[]) {
      const withType = specs.filter((s) => s.exploitationTypes.includes(row.exploitationType));
      for (const column of ['women', 'girls', 'men', 'boys', 'other']) {
        expect(row[column]).toBe(withType.filter((s) => category(s) === column).length);
      }
      expect(row.total).toBe(withType.length);
    }
    expect(
      res.body.byCitizenship.map((r: Json) => r.total).reduce((a: number, b: number) => a + b, 0),
    ).toBe(CASES);
  });

  it('refuses an unknown dimension, too many, or a bad date, with problem+json', async () => {
    const unknown = await get(test, lead, '/v1/statistics/victims', {
      query: { groupBy: 'sex,ayesha-bibi' },
    });
    expectProblem(unknown, 400, 'groupBy');
    // What was sent is never repeated.
    expect(JSON.stringify(unknown.body)).not.toContain('ayesha');
    // Year 0 does not exist in PostgreSQL, and years below 100 are read as 19xx by Date.UTC.
    for (const from of ['0000-01-01', '0050-06-15']) {
      expectProblem(
        await get(test, lead, '/v1/statistics/referrals', { query: { from } }),
        400,
        'from',
      );
    }
    expectProblem(
      await get(test, auditor, '/v1/exports/htcds', { query: { to: '0050-06-15' } }),
      400,
      'to',
    );
    expectProblem(
      await get(test, lead, '/v1/statistics/victims', {
        query: { groupBy: 'sex,province,month,ageGroup' },
      }),
      400,
      'groupBy',
    );
    expectProblem(
      await get(test, lead, '/v1/statistics/referrals', { query: { from: '2026-13-01' } }),
      400,
      'from',
    );
    expectProblem(
      await get(test, lead, '/v1/statistics/cases', {
        query: { from: '2026-02-01', to: '2026-01-01' },
      }),
      400,
      'to',
    );
    expectProblem(
      await get(test, lead, '/v1/statistics/glotip', { query: { year: 'soon' } }),
      400,
      'year',
    );
  });

  it('keeps counting a case after its personal data is erased, and holds no name, CNIC or free text', async () => {
    await command(
      test,
      as(fia, 'supervisor'),
      `/v1/cases/${caseIds[0]}/personal-data`,
      { justification: 'Victim asked' },
      'delete',
    );
    await test.projected();
    expect((await victims(auditor, {})).body.total).toBe(CASES);
    for (const table of STATISTICS_TABLES) {
      const { rows } = await db.query(
        `SELECT coalesce(string_agg(t::text, ' '), '') AS dump FROM ${table} t`,
      );
      for (const secret of [
        PERSONAL.fullName,
        PERSONAL.cnic,
        PERSONAL.phone,
        'Needs a safe place to stay',
        'Full this week',
        'Victim asked',
      ]) {
        expect(rows[0].dump).not.toContain(secret);
      }
    }
  });

  it('exports k-anonymous HTCDS rows to auditors only', async () => {
    const res = await get(test, auditor, '/v1/exports/htcds', {
      query: { from: '2026-01-01', to: '2026-12-31' },
    }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = res.text.trim().split('\n');
    const columns = header.split(',');
    expect(columns).toEqual(
      expect.arrayContaining([
        'prs_Gender',
        'prs_Citizenship',
        'vic_TraffickingStatus',
        'vic_TypeOfExploitation',
        'cas_Status',
      ]),
    );
    const k = Number(res.headers['x-export-k']);
    expect(k).toBe(11);
    expect(lines.length + Number(res.headers['x-export-suppressed-rows'])).toBe(CASES);
    const rows = lines.map((line) =>
      Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])),
    );
    const classes = new Map<string, number>();
    for (const row of rows) {
      const key = [
        'prs_Gender',
        'sr_AgeBand',
        'prs_Citizenship',
        'sr_Province',
        'sr_District',
        'sr_Registered',
      ]
        .map((c) => row[c])
        .join('|');
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    expect([...classes.values()].every((n) => n >= k)).toBe(true);
    expect(res.text).not.toContain(PERSONAL.fullName);
    expect(res.headers['x-export-generalised']).toMatch(/month=/);
    // HTCDS 2.0's own picklist values, or empty where ours has none.
    const values = (column: string) => new Set(rows.flatMap((r) => r[column].split(';')));
    const within = (column: string, allowed: string[]) =>
      expect([...values(column)].filter((v) => !allowed.includes(v))).toEqual([]);
    within('prs_Gender', [
      'Feminine',
      'Masculine',
      'TransgenderFeminine',
      'TransgenderMasculine',
      'NonConforming',
      'NonSpecifiedUnknown',
    ]);
    within('vic_TraffickingStatus', [
      'PossibleVictimOfTrafficking',
      'ActualVictimOfTrafficking',
      'NotAVictimOfTrafficking',
      '',
    ]);
    within('vic_TypeOfExploitation', ['ForcedLabour', 'SexualExploitation', 'Both', 'Other']);
    // In the order of what the rows say, not of when the cases were registered.
    const said = rows.map((r) => columns.map((c) => r[c]).join('\u0000'));
    expect(said).toEqual([...said].sort());
    expect(res.headers['x-export-period']).toBe('2026-01-01/2026-12-31');
    expectProblem(await get(test, lead, '/v1/exports/htcds'), 403);
  });

  it('exports whole months: a day asked for is its month', async () => {
    const day = await get(test, auditor, '/v1/exports/htcds', {
      query: { from: '2026-02-17', to: '2026-02-17' },
    }).expect(200);
    const month = await get(test, auditor, '/v1/exports/htcds', {
      query: { from: '2026-02-01', to: '2026-02-28' },
    }).expect(200);
    expect(day.headers['x-export-period']).toBe('2026-02-01/2026-02-28');
    expect(day.text).toBe(month.text);
    // The whole month's cases, not the 17th's alone.
    const exported = month.text.trim().split('\n').length - 1;
    expect(exported + Number(month.headers['x-export-suppressed-rows'])).toBe(
      specs.filter((s) => s.identifiedAt.startsWith('2026-02')).length,
    );
    expect(specs.filter((s) => s.identifiedAt.startsWith('2026-02-17')).length).toBeLessThan(
      specs.filter((s) => s.identifiedAt.startsWith('2026-02')).length,
    );
  });

  it('counts a case closed and reopened as closed in the period, and open at its end', async () => {
    const figures = async () =>
      (await get(test, auditor, '/v1/statistics/cases').expect(200)).body.items[0];
    const before = await figures();
    const caseId = await openCase(test, lead, {
      ...OPEN_CASE_BODY,
      identifiedAt: specs[0].identifiedAt,
    });
    await command(test, lead, `/v1/cases/${caseId}/close`, { reason: 'lost-contact' });
    await command(test, lead, `/v1/cases/${caseId}/reopen`, { reason: 'Contact again' });
    await test.projected();
    const reopened = await figures();
    expect(reopened).toMatchObject({
      opened: before.opened + 1,
      closed: before.closed + 1,
      openAtEnd: before.openAtEnd + 1,
    });
    expect(reopened.closedByReason['lost-contact']).toBe(before.closedByReason['lost-contact'] + 1);
    // Closed again, for another reason: one case closed, by its last closure's reason.
    await command(test, lead, `/v1/cases/${caseId}/close`, { reason: 'reintegrated' });
    await test.projected();
    const closed = await figures();
    expect(closed).toMatchObject({
      opened: before.opened + 1,
      closed: before.closed + 1,
      openAtEnd: before.openAtEnd,
    });
    expect(closed.closedByReason).toEqual({
      ...before.closedByReason,
      reintegrated: before.closedByReason.reintegrated + 1,
    });
  });

  it('answers anew as soon as the projection moves, the same answer until then', async () => {
    const asked = async () => (await victims(auditor, { groupBy: 'sex' })).body;
    const before = await asked();
    expect(await asked()).toEqual(before);
    await openCase(test, lead, { ...OPEN_CASE_BODY, identifiedAt: specs[0].identifiedAt });
    await test.projected();
    const after = await asked();
    expect(after.total).toBe(before.total + 1);
    expect(await asked()).toEqual(after);
  });

  it('rebuilds the statistics from the log while serving, to the same figures', async () => {
    /** Each statistics table (the one its name finds) and how often a statement analyzed and vacuumed it. */
    const maintenance = async () => {
      const { rows } = await db.query<{
        relname: string;
        relid: number;
        analyzed: number;
        vacuumed: number;
      }>(
        `SELECT relname, relid::int AS relid, analyze_count::int AS analyzed,
                vacuum_count::int AS vacuumed
           FROM pg_stat_user_tables WHERE relid = ANY($1::text[]::regclass[])`,
        [[...STATISTICS_TABLES]],
      );
      return Object.fromEntries(rows.map((row) => [row.relname, row]));
    };
    const maintainedBefore = await maintenance();
    const before = (await victims(auditor, { groupBy: 'sex,exploitationType' })).body;
    const referralsBefore = (await referrals(auditor, { groupBy: 'urgency,service' })).body;
    const started = await post(
      test,
      test.adminKey,
      '/v1/admin/projections/statistics/rebuild',
    ).expect(202);
    expect(started.body).toMatchObject({ name: 'statistics', subscription: 'statistics.v1' });
    let progress: Json = started.body;
    for (let i = 0; i < 200 && progress.state !== 'done' && progress.state !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      progress = (await get(test, test.adminKey, '/v1/admin/projections/statistics').expect(200))
        .body;
    }
    expect(progress).toMatchObject({
      state: 'done',
      step: null,
      eventsPerSecond: expect.any(Number),
    });
    expect(progress.eventsHandled).toBeGreaterThan(CASES);
    await test.projected();
    expect((await victims(auditor, { groupBy: 'sex,exploitationType' })).body).toEqual(before);
    expect((await referrals(auditor, { groupBy: 'urgency,service' })).body).toEqual(
      referralsBefore,
    );
    // New tables in place of the old, analyzed and vacuumed by the rebuild itself: these
    // counts are of ANALYZE and VACUUM statements only, not of autovacuum's runs.
    await eventually(
      async () => {
        const now = await maintenance();
        return STATISTICS_TABLES.every(
          (table) =>
            now[table].relid !== maintainedBefore[table].relid &&
            now[table].analyzed >= 1 &&
            now[table].vacuumed >= 1,
        );
      },
      { what: 'the rebuilt statistics tables analyzed and vacuumed' },
    );
    expectProblem(
      await post(test, as(fia, 'admin'), '/v1/admin/projections/statistics/rebuild'),
      403,
    );
    expectProblem(await post(test, test.adminKey, '/v1/admin/projections/nothing/rebuild'), 404);
    expectProblem(await post(test, as(fia, 'admin'), '/v1/admin/projections/rebuild'), 403);
    expectProblem(await post(test, as(fia, 'auditor'), '/v1/admin/projections/rebuild'), 403);
    // What an operator runs: every projection, followed to the end, with its rate; the case
    // list and the inbox come back as they were.
    const lists = async () => [
      (await get(test, lead, '/v1/cases?limit=200').expect(200)).body,
      (await get(test, as(shelter), '/v1/referrals/inbox?limit=200').expect(200)).body,
    ];
    const listsBefore = await lists();
    expect(listsBefore[0].items.length).toBeGreaterThan(0);
    expect(listsBefore[1].items.length).toBeGreaterThan(0);
    const port = (test.app.getHttpServer().address() as { port: number }).port;
    const cli = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          'apps/projections-cli/src/main.ts',
          '--all',
          '--url',
          `http://127.0.0.1:${port}`,
        ],
        {
          cwd: join(__dirname, '../..'),
          env: { ...process.env, BOOTSTRAP_ADMIN_KEY: test.adminKey },
        },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout }),
      ),
    );
    expect(cli.code).toBe(0);
    // One read of the log feeds both: the same events, at the same rate.
    const rebuilt = [...cli.stdout.matchAll(/(\S+): rebuilt, (\d+) events at \d+ events\/s/g)];
    expect(rebuilt.map((m) => m[1])).toEqual(['read-models', 'statistics']);
    expect(rebuilt[0][2]).toBe(rebuilt[1][2]);
    expect(Number(rebuilt[0][2])).toBeGreaterThan(CASES);
    const listed = (await get(test, test.adminKey, '/v1/admin/projections').expect(200)).body;
    expect(listed.items.map((p: Json) => [p.name, p.state])).toEqual([
      ['read-models', 'done'],
      ['statistics', 'done'],
    ]);
    await test.projected();
    expect((await victims(auditor, { groupBy: 'sex,exploitationType' })).body).toEqual(before);
    expect(await lists()).toEqual(listsBefore);
  });
});
