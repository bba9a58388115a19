/**
 * Passwordless login to the dashboard: an official asks in chat (后台) and gets a one-time link; opening it
 * makes a session. Secrets are 32 random bytes (base64url) handed out once; the store keeps their SHA-256.
 *
 * - A link is valid LINK_TTL_MS (10 minutes) and redeemed once: one atomic update sets `usedAt` only where
 *   it is unset and unexpired, so two tabs (or a replay) get one session between them.
 * - A session is valid SESSION_TTL_MS (8 hours), bound to the official and the org they had when they
 *   asked. Every request checks that the person is still an active official of that org: someone whose
 *   role or org changed loses the session at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PlatformId } from '../../core/message';
import type { StoreEngine } from '../../store/collection';
import { dashboardLoginModel, type LoginKind } from '../../store/dashboard-login.model';
import type { OrgRow } from '../../store/org.model';
import { personKey, type PersonRow } from '../../store/person.model';
import type { DirectoryRepo } from '../directory/directory-repo';

export const LINK_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 8 * 3600_000;

/** Who is looking, and the scope of everything they see. */
export interface Viewer {
  userKey: string;
  name: string;
  org: OrgRow;
}

export interface DashboardLogin {
  /** A fresh link secret for an active official; null for anyone else. */
  issueLink(who: { channel: PlatformId; userId: string }): Promise<{ token: string; expiresAt: Date } | null>;
  /** Redeems a link once: a session secret, or null (unknown, used, expired, or no longer an official). */
  redeem(token: string): Promise<{ session: string; expiresAt: Date; viewer: Viewer } | null>;
  /** The viewer of a live session, or null. */
  viewerOf(session: string): Promise<Viewer | null>;
  logout(session: string): Promise<void>;
}

const hash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
/** What a secret looks like: anything else is refused before the store is asked. */
const SECRET_FORM = /^[A-Za-z0-9_-]{43}$/;

export function createDashboardLogin(deps: { store: StoreEngine; directory: Pick<DirectoryRepo, 'findPerson' | 'getOrg'>; now: () => Date }): DashboardLogin {
  const rows = deps.store.collection(dashboardLoginModel);

  async function officialOf(person: PersonRow | null, orgId?: string): Promise<Viewer | null> {
    if (!person || !person.roles.includes('official') || !person.orgId) return null;
    if (orgId !== undefined && person.orgId !== orgId) return null;
    const org = await deps.directory.getOrg(person.orgId);
    return org && org.active ? { userKey: personKey(person.channel, person.userId), name: person.name, org } : null;
  }
  const personOf = (userKey: string) => {
    const i = userKey.indexOf(':');
    return deps.directory.findPerson(userKey.slice(0, i) as PlatformId, userKey.slice(i + 1));
  };

  async function create(kind: LoginKind, viewer: Viewer, ttlMs: number) {
    const secret = randomBytes(32).toString('base64url');
    const now = deps.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await rows.insertOne({ _id: hash(secret), kind, userKey: viewer.userKey, orgId: viewer.org._id, createdAt: now, expiresAt });
    return { secret, expiresAt };
  }

  return {
    async issueLink(who) {
      const viewer = await officialOf(await deps.directory.findPerson(who.channel, who.userId));
      if (!viewer) return null;
      const { secret, expiresAt } = await create('link', viewer, LINK_TTL_MS);
      return { token: secret, expiresAt };
    },
    async redeem(token) {
      if (!SECRET_FORM.test(token)) return null;
      const now = deps.now();
      const link = await rows.findOneAndUpdate(
        { _id: hash(token), kind: 'link', usedAt: { $exists: false }, expiresAt: { $gt: now } },
        { $set: { usedAt: now } },
      );
      if (!link) return null;
      const viewer = await officialOf(await personOf(link.userKey), link.orgId);
      if (!viewer) return null;
      const { secret, expiresAt } = await create('session', viewer, SESSION_TTL_MS);
      return { session: secret, expiresAt, viewer };
    },
    async viewerOf(session) {
      if (!SECRET_FORM.test(session)) return null;
      const row = await rows.findOne({ _id: hash(session), kind: 'session', expiresAt: { $gt: deps.now() } });
      return row ? officialOf(await personOf(row.userKey), row.orgId) : null;
    },
    async logout(session) {
      if (SECRET_FORM.test(session)) await rows.deleteMany({ _id: hash(session), kind: 'session' });
    },
  };
}
