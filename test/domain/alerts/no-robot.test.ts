/** A bureau with no group robot in the directory: its alert goes to the nearest bureau above that has one. */
import { orgModel } from '../../../src/store/org.model';
import { createAlertHarness } from '../../helpers/alert-harness';
import { memoryEngines } from '../../helpers/memory-engines';
import { APP_VOTING, CITY, COUNTY } from './fixtures';

it('tells the city group when the county bureau has no group robot, and still names the county as handling it', async () => {
  const engines = await memoryEngines();
  try {
    const h = await createAlertHarness(engines.store, { now: new Date('2026-11-23T02:00:00Z') });
    await engines.store.collection(orgModel).updateOne({ _id: COUNTY }, { $set: { groups: [] } });
    const c = await h.file(APP_VOTING);
    expect(await h.robotRows(COUNTY)).toHaveLength(0);
    const [row] = await h.robotRows(CITY);
    expect(row!.reply.text).toContain(c);
    expect(row!.reply.text).toContain('**办理单位**：永宁县教育局');
  } finally {
    await engines.close();
  }
});
