/**
 * 专项整治相关信息统计表 (新教领秘〔2024〕2号 附件1): one row per bureau in the jurisdiction (the org itself first,
 * then those below it, top down), from the directory's 附件1 fields. Schools have no row: they have no bureau.
 */
import type { OrgRow } from '../../store/org.model';

export interface ContactRow {
  n: number;
  unit: string;
  department: string;
  head: string;
  officePhone: string;
  mobile: string;
  wechat: string;
  hotline: string;
  mailbox: string;
}

export function contactRows(orgs: readonly OrgRow[]): ContactRow[] {
  return orgs
    .filter((o) => o.active && o.bureauName)
    .map((o, i) => ({
      n: i + 1,
      unit: o.bureauName,
      department: o.contact?.department ?? '',
      head: o.contact?.name ?? '',
      officePhone: o.contact?.officePhone ?? '',
      mobile: o.contact?.mobile ?? '',
      wechat: o.contact?.wechat ?? '',
      hotline: o.contact?.hotline ?? '',
      mailbox: o.contact?.mailbox ?? '',
    }));
}
