/**
 * The fields of 专项整治相关信息统计表 (新教领秘〔2024〕2号 附件1) on an org record: the responsible department, its
 * contact, the complaint hotline and mailbox. Same keys in the YAML file and as orgs CSV columns; the record's
 * own text and mobile checks are passed in, so that each kind of value is checked one way.
 */
import { z } from 'zod';
import type { OrgContact } from '../../store/org.model';

type Text = z.ZodType<string, unknown>;

/** Office phones and hotlines as bureaus publish them: 0951-5556789, (0951)5556789, 12345, 400-123-4567 (with 转 for an extension). */
const phone = (textOf: Text) =>
  textOf.pipe(
    z
      .string()
      .trim()
      .regex(/^[0-9+()\uFF08\uFF09\- \u3001,\uFF0C\u8F6C]{3,40}$/, 'is not a phone number (digits, dashes and brackets; several separated by commas)')
      .refine((s) => (s.match(/\d/g) ?? []).length >= 3, 'is not a phone number (too few digits)'),
  );
const mailbox = (textOf: Text) =>
  textOf.pipe(z.string().trim().max(100, 'is longer than 100 characters').regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'is not an e-mail address'));
/** WeChat ids: 6-20 letters, digits, _ and -, beginning with a letter (a mobile number is accepted too). */
const wechat = (textOf: Text) =>
  textOf.pipe(z.string().trim().regex(/^(?:[A-Za-z][A-Za-z0-9_-]{5,19}|1[3-9]\d{9})$/, 'is not a WeChat id (6-20 letters, digits, _ or -, starting with a letter)'));

export function orgContactFields(base: { textOf: Text; optionalText: z.ZodOptional<Text>; mobile: Text }) {
  return {
    department: base.optionalText,
    contact_name: base.optionalText,
    contact_phone: phone(base.textOf).optional(),
    contact_mobile: base.mobile.optional(),
    contact_wechat: wechat(base.textOf).optional(),
    hotline: phone(base.textOf).optional(),
    mailbox: mailbox(base.textOf).optional(),
  };
}

type ContactKeys = 'department' | 'contact_name' | 'contact_phone' | 'contact_mobile' | 'contact_wechat' | 'hotline' | 'mailbox';

export function contactFromRecord(rec: Partial<Record<ContactKeys, string>>): OrgContact | undefined {
  const contact: OrgContact = {
    ...(rec.department ? { department: rec.department } : {}),
    ...(rec.contact_name ? { name: rec.contact_name } : {}),
    ...(rec.contact_phone ? { officePhone: rec.contact_phone } : {}),
    ...(rec.contact_mobile ? { mobile: rec.contact_mobile } : {}),
    ...(rec.contact_wechat ? { wechat: rec.contact_wechat } : {}),
    ...(rec.hotline ? { hotline: rec.hotline } : {}),
    ...(rec.mailbox ? { mailbox: rec.mailbox } : {}),
  };
  return Object.keys(contact).length > 0 ? contact : undefined;
}
