/** Directory CSV import through the admin API: bearer token, row-level errors, nothing half loaded. */
import { removeDir, startTestApp, type TestApp } from '../helpers/start-test-app';
import { personModel } from '../../src/store/person.model';

const TOKEN = 'admin-token-for-tests-0123456789';

describe('POST /admin/directory/<table>.csv', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await t.stop();
    removeDir(t.dataDir);
  });

  const post = (table: string, csv: string, token = TOKEN) =>
    fetch(`${t.app.url}/admin/directory/${table}.csv`, { method: 'POST', body: csv, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } });

  it('refuses a wrong token with 401 and no detail', async () => {
    const res = await post('people', 'x', 'wrong-token-wrong-token');
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
  });

  it('loads people onto the demo schools, and then knows them', async () => {
    const csv = '\ufeffuser_id,name,roles,org\r\nnew-teacher-1,"Li, Ming",teacher,NX-YC-YN-S01\r\n';
    const res = await post('people', csv);
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ loaded: true });
    expect(await t.app.store.collection(personModel).findOne({ _id: 'wecom:new-teacher-1' })).toMatchObject({ name: 'Li, Ming', orgId: 'NX-YC-YN-S01' });
  });

  it('reports every bad row with its line and writes nothing', async () => {
    const people = t.app.store.collection(personModel);
    const badRole = 'user_id,name,roles,org\nok-teacher,Wang,teacher,NX-YC-YN-S01\nbad-teacher,Zhao,wizard,NX-YC-YN-S01\n';
    const res = await post('people', badRole);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { loaded: boolean; errors: Array<{ where: string; field: string }> };
    expect(body).toMatchObject({ loaded: false, errors: [expect.objectContaining({ where: 'people.csv line 3', field: 'roles' })] });
    // Checked against the store: an org that does not exist.
    const lost = await post('people', 'user_id,name,roles,org\nok-teacher,Wang,teacher,NX-YC-YN-S01\nlost-teacher,Qian,teacher,NO-SUCH-ORG\n');
    expect(lost.status).toBe(422);
    expect(JSON.stringify(await lost.json())).toContain('NO-SUCH-ORG');
    // ok-teacher stood in both files: loaded by neither.
    expect(await people.findOne({ _id: 'wecom:ok-teacher' })).toBeNull();
  });

  it('answers an unknown table with 404', async () => {
    expect((await post('teachers', 'a,b\n')).status).toBe(404);
  });
});
