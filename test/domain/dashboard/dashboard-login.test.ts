/**
 * The dashboard's passwordless login on the embedded store: a link is for officials only, valid 10 minutes,
 * redeemed once even when two redeem it at the same time; a session lasts 8 hours and ends when the person
 * stops being an official. Only hashes of the secrets are stored.
 */
import { createDashboardLogin, LINK_TTL_MS, SESSION_TTL_MS } from '../../../src/domain/dashboard/dashboard-login';
import { demoDirectoryPath } from '../../../src/domain/directory/directory-file';
import { createDirectoryRepo } from '../../../src/domain/directory/directory-repo';
import { loadDirectoryFile } from '../../../src/domain/directory/load-directory-file';
import type { StoreEngine } from '../../../src/store/collection';
import { dashboardLoginModel } from '../../../src/store/dashboard-login.model';
import { personModel } from '../../../src/store/person.model';
import { createEmbeddedStore } from '../../../src/store/engines/embedded-store';

describe('dashboard login', () => {
  let store: StoreEngine;
  const clock = { now: new Date('2026-11-23T02:00:00Z') };
  const official = { channel: 'wecom' as const, userId: 'demo-official' };
  beforeAll(async () => {
    // The store's TTL reads the same clock as the login: rows expire when the test says so.
    store = await createEmbeddedStore('', { inMemory: true, now: () => clock.now });
    await loadDirectoryFile(store, demoDirectoryPath(), clock.now);
  });
  afterAll(() => store.close());
  const login = () => createDashboardLogin({ store, directory: createDirectoryRepo(store), now: () => clock.now });

  it('gives links to officials only and stores no secret', async () => {
    expect(await login().issueLink({ channel: 'wecom', userId: 'demo-teacher' })).toBeNull();
    expect(await login().issueLink({ channel: 'wecom', userId: 'nobody' })).toBeNull();
    const link = (await login().issueLink(official))!;
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt.getTime() - clock.now.getTime()).toBe(LINK_TTL_MS);
    const rows = await store.collection(dashboardLoginModel).find({});
    expect(JSON.stringify(rows)).not.toContain(link.token);
  });

  it('redeems a link once, even twice at the same time', async () => {
    const { token } = (await login().issueLink(official))!;
    const both = await Promise.all([login().redeem(token), login().redeem(token)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const session = both.find(Boolean)!;
    expect(session.viewer).toMatchObject({ userKey: 'wecom:demo-official', org: { _id: 'NX-YC-YN' } });
    expect(await login().redeem(token)).toBeNull();
    expect(await login().redeem('not a token')).toBeNull();
  });

  it('lets a link lapse after 10 minutes and a session after 8 hours', async () => {
    const start = clock.now;
    try {
      const { token } = (await login().issueLink(official))!;
      clock.now = new Date(start.getTime() + LINK_TTL_MS);
      expect(await login().redeem(token)).toBeNull();
      const fresh = (await login().issueLink(official))!;
      const s = (await login().redeem(fresh.token))!;
      clock.now = new Date(clock.now.getTime() + SESSION_TTL_MS - 1000);
      expect(await login().viewerOf(s.session)).not.toBeNull();
      clock.now = new Date(clock.now.getTime() + 1000);
      expect(await login().viewerOf(s.session)).toBeNull();
    } finally {
      clock.now = start;
    }
  });

  it('ends a session when the person is no longer an official of that org', async () => {
    const s = (await login().redeem((await login().issueLink(official))!.token))!;
    await store.collection(personModel).updateOne({ _id: 'wecom:demo-official' }, { $set: { roles: ['teacher'] } });
    try {
      expect(await login().viewerOf(s.session)).toBeNull();
    } finally {
      await store.collection(personModel).updateOne({ _id: 'wecom:demo-official' }, { $set: { roles: ['official'] } });
    }
    expect(await login().viewerOf(s.session)).not.toBeNull();
    await login().logout(s.session);
    expect(await login().viewerOf(s.session)).toBeNull();
  });
});
