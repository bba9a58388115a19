/**
 * What the inbox and the conversations keep while they work is sealed: the raw rows name nobody and hold no
 * words in clear, yet read back whole; a row sealed under another secret is never handled.
 */
import type { Inbound } from '../../src/core/message';
import { createConversationRepo } from '../../src/store/conversation-repo';
import { conversationModel } from '../../src/store/conversation.model';
import { createInboxRepo } from '../../src/store/inbox-repo';
import { inboxModel } from '../../src/store/inbox.model';
import { createEmbeddedStore } from '../../src/store/engines/embedded-store';
import type { StoreEngine } from '../../src/store/collection';
import { testRecordSealer } from '../helpers/test-sealer';

const T = new Date('2026-11-23T02:00:00Z');
const inbound: Inbound = { kind: 'text', channel: 'wecom', userId: 'zhaoyan', text: '要求教师上街执勤', dedupeKey: '4561255354251345929', sentAt: T, chat: { kind: 'single', id: 'zhaoyan' }, mentioned: true };

describe('sealed rows', () => {
  let engines: { store: StoreEngine };
  beforeEach(async () => {
    // The store's TTL reads the same clock as the rows' times.
    engines = { store: await createEmbeddedStore('', { inMemory: true, now: () => T }) };
  });
  afterEach(async () => {
    await engines.store.close();
  });

  it('keeps a delivery under way sealed in the inbox, and gives it back whole for a takeover', async () => {
    const inbox = createInboxRepo(engines.store.collection(inboxModel), testRecordSealer());
    expect(await inbox.claim('wecom:4561255354251345929', inbound, T, 1000)).toBe('claimed');
    const raw = JSON.stringify(await engines.store.collection(inboxModel).find({}));
    expect(raw).not.toContain('zhaoyan');
    expect(raw).not.toContain('执勤');
    expect(await inbox.takeExpired(new Date(T.getTime() + 2000), 1000)).toEqual({ key: 'wecom:4561255354251345929', inbound });
  });

  it('never takes over a delivery sealed under another secret', async () => {
    const rows = engines.store.collection(inboxModel);
    await createInboxRepo(rows, testRecordSealer('another-secret-0123456789-abcdefghijklmn')).claim('wecom:1', inbound, T, 1000);
    const inbox = createInboxRepo(rows, testRecordSealer());
    expect(await inbox.takeExpired(new Date(T.getTime() + 2000), 1000)).toBeNull();
    expect(await rows.findOne({ _id: 'wecom:1' })).toMatchObject({ status: 'done' });
    expect(await inbox.takeExpired(new Date(T.getTime() + 4000), 1000)).toBeNull();
  });

  it('keeps a draft under a keyed hash with its state sealed, and reads it back', async () => {
    const conversations = createConversationRepo(engines.store.collection(conversationModel), testRecordSealer());
    const state = { answers: { reporterName: '赵燕', content: '要求教师上街执勤', skipped: undefined }, trail: ['content'] };
    const draft = { handlerId: 'complaint', handlerVersion: 1, state, idleAt: new Date(T.getTime() + 3_600_000) };
    expect(await conversations.save('wecom:zhaoyan', null, draft, T)).toBe(true);
    const raw = JSON.stringify(await engines.store.collection(conversationModel).find({}));
    for (const clear of ['zhaoyan', '赵燕', '执勤', 'reporterName']) expect(raw).not.toContain(clear);
    const loaded = await conversations.load('wecom:zhaoyan');
    expect(loaded).toMatchObject({ handlerId: 'complaint', rev: 1, state: { answers: { reporterName: '赵燕', content: '要求教师上街执勤' }, trail: ['content'] } });
    expect(await conversations.load('wecom:sunhao')).toBeNull();
    expect(await conversations.save('wecom:zhaoyan', 1, { ...draft, state: { trail: [] } }, T)).toBe(true);
    expect((await conversations.load('wecom:zhaoyan'))?.state).toEqual({ trail: [] });
    expect(await conversations.clear('wecom:zhaoyan', 2)).toBe(true);
    expect(await engines.store.collection(conversationModel).count({})).toBe(0);
  });
});
