import { createHash, randomBytes } from 'node:crypto';
import { createMediaStore, UNATTACHED_MEDIA_TTL_MS } from '../../../src/domain/reports/media-store';
import { createReportService } from '../../../src/domain/reports/report-service';
import type { StoreEngine } from '../../../src/store/collection';
import { MEDIA_MAX_BYTES, mediaModel } from '../../../src/store/media.model';
import { storeEngineCases } from '../../store/store-engine-cases';
import { ANON_TEACHER, SECRET, burdenDraft } from './report-fixtures';

describe.each(storeEngineCases('report media'))('media: $name', (engine) => {
  let clock = new Date('2026-03-15T02:00:00Z');
  let store: StoreEngine;
  beforeAll(async () => {
    store = await engine.open(() => clock);
  });
  afterAll(async () => {
    await store?.close();
    await engine.dispose();
  });
  beforeEach(async () => {
    clock = new Date('2026-03-15T02:00:00Z');
    await store.collection(mediaModel).deleteMany({});
  });
  const service = () => createReportService({ store, secret: SECRET, now: () => clock, region: 'NX' });

  it('keeps 2 MB of bytes exactly (stored as base64) with their SHA-256', async () => {
    const bytes = randomBytes(MEDIA_MAX_BYTES);
    const id = await service().saveMedia(bytes, 'Image/JPEG', ANON_TEACHER);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const got = (await service().getMedia(id))!;
    expect(Buffer.compare(got.bytes, bytes)).toBe(0);
    expect(got).toMatchObject({ contentType: 'image/jpeg', size: MEDIA_MAX_BYTES, sha256: createHash('sha256').update(bytes).digest('hex') });
    const row = (await store.collection(mediaModel).findOne({ _id: id }))!;
    expect(typeof row.base64).toBe('string');
  });

  it('refuses more than 2 MB, nothing, and a bad content type', async () => {
    await expect(service().saveMedia(new Uint8Array(MEDIA_MAX_BYTES + 1), 'image/jpeg', ANON_TEACHER)).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'evidence',
    });
    await expect(service().saveMedia(new Uint8Array(0), 'image/jpeg', ANON_TEACHER)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(service().saveMedia(Buffer.from('x'), 'jpeg', ANON_TEACHER)).rejects.toMatchObject({ field: 'contentType' });
    expect(await store.collection(mediaModel).count({})).toBe(0);
  });

  if (engine.injectableClock) {
    it('deletes media of an abandoned draft after the TTL, keeps media cited by a report', async () => {
      const s = service();
      const kept = await s.saveMedia(Buffer.from('cited'), 'image/png', ANON_TEACHER);
      const dropped = await s.saveMedia(Buffer.from('abandoned'), 'image/png', ANON_TEACHER);
      await s.submit(burdenDraft({ draftId: `media-${engine.name}`, evidence: [kept] }), ANON_TEACHER);
      clock = new Date(clock.getTime() + UNATTACHED_MEDIA_TTL_MS + 1000);
      expect(await s.getMedia(kept)).not.toBeNull();
      expect(await s.getMedia(dropped)).toBeNull();
    });
  }

  it('attaches idempotently and not to a second case', async () => {
    const media = createMediaStore(store, () => clock);
    const owner = 'a'.repeat(64);
    const id = await media.save(Buffer.from('x'), 'image/png', owner);
    await media.attach([id], owner, 'NX-2026-000001');
    await media.attach([id], owner, 'NX-2026-000001');
    expect(await media.countUsable([id], owner)).toBe(0);
    expect(await media.countUsable([id], owner, 'NX-2026-000001')).toBe(1);
    expect(await media.countUsable([id], 'b'.repeat(64))).toBe(0);
    expect((await media.get(id))!.caseNumber).toBe('NX-2026-000001');
  });
});
