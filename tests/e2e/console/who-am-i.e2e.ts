import { Client } from 'pg';
import { CAST } from '../../support/fixtures';
import { AgencyKeys, registerAgency, startTestApp, TestApp } from '../../support/test-app';
import { expectProblem, get, Json, Role } from '../helpers/api';

/** GET /v1/me: the agency and role of the key that asks, never the key itself. */
describe('GET /v1/me', () => {
  let test: TestApp;
  let shelter: AgencyKeys;

  beforeAll(async () => {
    test = await startTestApp('who_am_i');
    shelter = await registerAgency(test, { ...CAST.darUlAmanLahore, name: 'Dar-ul-Aman Lahore' });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('answers 401 problem+json without a key or with an unknown one', async () => {
    expectProblem(await test.http.get('/v1/me'), 401);
    expectProblem(await get(test, 'not-a-key-of-this-service', '/v1/me'), 401);
  });

  it.each<Role>(['officer', 'supervisor', 'auditor', 'admin'])(
    'names the agency and the %s role of the key, and the key id only',
    async (role) => {
      const res = await get(test, shelter[role], '/v1/me').expect(200);
      const db = new Client({ connectionString: test.database.url });
      await db.connect();
      const { rows } = await db
        .query<{ key_id: string }>(
          'SELECT key_id::text FROM api_keys WHERE agency_id = $1 AND role = $2',
          [shelter.agencyId, role],
        )
        .finally(() => db.end());
      expect(res.body).toEqual({
        agencyId: 'dar-ul-aman-lahore',
        agencyName: 'Dar-ul-Aman Lahore',
        agencyType: 'shelter',
        role,
        keyId: rows[0].key_id,
      });
      expect(res.text).not.toContain(shelter[role]);
    },
  );

  it('names the service administration for the bootstrap key, which belongs to no agency', async () => {
    const res = await get(test, test.adminKey, '/v1/me').expect(200);
    expect(res.body).toEqual({
      agencyId: 'system',
      agencyName: null,
      agencyType: null,
      role: 'admin',
      keyId: 'bootstrap',
    });
  });

  it('is documented in the OpenAPI description', async () => {
    const docs = (await test.http.get('/docs-json').expect(200)).body as Json;
    const operation = docs.paths['/v1/me']?.get as Json;
    expect(operation).toBeDefined();
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '401']);
  });
});
