/**
 * The fields of 附件1 on orgs (responsible department, contact, complaint hotline and mailbox), in the YAML file
 * and the orgs CSV, checked with a sentence per problem; and the hotline a person is told about: their bureau's,
 * or the nearest one above that publishes one.
 */
import { complaintChannels } from '../../../src/domain/directory/complaint-channels';
import { parseDirectoryCsv } from '../../../src/domain/directory/directory-csv';
import { parseDirectoryYaml } from '../../../src/domain/directory/directory-file';
import { createDirectoryRepo } from '../../../src/domain/directory/directory-repo';
import { loadDirectory } from '../../../src/domain/directory/load-directory';
import { memoryStore, NOW } from './directory-helpers';

const YAML = `
orgs:
  - code: P
    name: Test Province
    bureau_name: Test Province Education Department
    region: TP
    hotline: 0999-1234567
    mailbox: complaints@example.cn
    cities:
      - code: P-C
        name: Alpha City
        bureau_name: Alpha City Education Bureau
        department: Personnel Office
        contact_name: Contact Person
        contact_phone: (0999)7654321
        contact_mobile: "+86 139 0000 0000"
        contact_wechat: alpha_city01
        schools:
          - { code: P-C-S1, name: Alpha School }
`;

describe('org contacts (附件1)', () => {
  it('reads them from the YAML file, and tells a school’s people the nearest published hotline', async () => {
    const parsed = parseDirectoryYaml(YAML);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.rows.orgs[1]!.contact).toEqual({
      department: 'Personnel Office',
      name: 'Contact Person',
      officePhone: '(0999)7654321',
      mobile: '13900000000',
      wechat: 'alpha_city01',
    });
    const store = await memoryStore();
    expect(await loadDirectory(store, parsed.rows, NOW)).toMatchObject({ ok: true });
    const dir = createDirectoryRepo(store);
    expect(await complaintChannels(dir, 'P-C-S1')).toEqual({ bureau: 'Test Province Education Department', hotline: '0999-1234567', mailbox: 'complaints@example.cn' });
    // Removed from the file: removed from the store.
    const without = parseDirectoryYaml(YAML.replace(/ {4}hotline: .*\n {4}mailbox: .*\n/, ''));
    if (!without.ok) throw new Error(JSON.stringify(without.errors));
    await loadDirectory(store, without.rows, NOW);
    expect((await dir.getOrg('P'))!.contact).toBeUndefined();
    expect(await complaintChannels(dir, 'P-C-S1')).toBeNull();
    await store.close();
  });

  it('reads them from the orgs CSV and says what is wrong with a value', () => {
    const csv = [
      'code,name,level,bureau_name,region,department,contact_name,contact_phone,contact_mobile,contact_wechat,hotline,mailbox',
      'P,Province,province,Province Bureau,TP,Office,Someone,0999-1,12345,x,0999-2,not-a-mailbox',
      'Q,Other,province,Other Bureau,TQ,,,,,,12345,q@example.cn',
    ].join('\n');
    const parsed = parseDirectoryCsv({ orgs: csv });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      { where: 'orgs.csv line 2', field: 'contact_mobile', problem: 'is not an 11-digit mainland mobile number' },
      { where: 'orgs.csv line 2', field: 'contact_wechat', problem: 'is not a WeChat id (6-20 letters, digits, _ or -, starting with a letter)' },
      { where: 'orgs.csv line 2', field: 'mailbox', problem: 'is not an e-mail address' },
    ]);
    const ok = parseDirectoryCsv({ orgs: csv.split('\n').filter((l) => !l.startsWith('P,')).join('\n') });
    expect(ok.ok && ok.rows.orgs[0]!.contact).toEqual({ hotline: '12345', mailbox: 'q@example.cn' });
  });
});
