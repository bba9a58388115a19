/**
 * Safe, faithful XML for WeCom payloads: `<xml>` with flat children becomes a `Record<string, string>`.
 * Faithful: every value stays the exact string that was sent (`<Content> 007 </Content>` is " 007 ", never
 * the number 7), with or without CDATA. Safe: DOCTYPE and entity declarations are refused outright (no
 * expansion bombs, no external entities) and nothing any input can contain makes it throw.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const CDATA = '#cdata';
const TEXT = '#text';

const parser = new XMLParser({
  // Ordered nodes keep CDATA apart from text, so entities are decoded in text only, as XML requires.
  preserveOrder: true,
  cdataPropName: CDATA,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  // Entities are decoded below (the five predefined and numeric references only): nothing is expanded.
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name] ?? whole; // unknown names are left as they were sent
    const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    const valid = cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
    return valid ? String.fromCodePoint(cp) : whole;
  });
}

/** fast-xml-parser's ordered output: each node is `{ name: children[] }` or `{ '#text': string }`. */
type OrderedNode = Record<string, unknown>;

function nodeName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

/** The text of a leaf element, or undefined when the element has child elements. */
function leafText(children: unknown): string | undefined {
  if (!Array.isArray(children)) return undefined;
  let out = '';
  for (const child of children as OrderedNode[]) {
    const name = nodeName(child);
    if (name === TEXT) out += decodeEntities(String(child[TEXT]));
    else if (name === CDATA) {
      const inner = child[CDATA];
      if (!Array.isArray(inner)) return undefined;
      for (const t of inner as OrderedNode[]) out += String(t[TEXT] ?? '');
    } else return undefined;
  }
  return out;
}

/**
 * The children of the single `<xml>` root as strings, or null for anything else: not XML, another root,
 * several roots, a DOCTYPE or ENTITY declaration, or the same field twice (ambiguous, so refused).
 * Children that contain elements themselves (e.g. template-card selections) are left out.
 */
export function parseXml(input: string): Record<string, string> | null {
  try {
    if (typeof input !== 'string') return null;
    const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
    if (XMLValidator.validate(xml) !== true) return null;
    const doc: unknown = parser.parse(xml);
    if (!Array.isArray(doc)) return null;
    const roots = (doc as OrderedNode[]).filter((n) => nodeName(n) !== TEXT);
    const root = roots[0];
    if (roots.length !== 1 || !root || nodeName(root) !== 'xml') return null;
    const children = root['xml'];
    if (!Array.isArray(children)) return null;

    // No prototype: a field named like an Object method can neither pollute nor shadow anything.
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    const seen = new Set<string>();
    for (const child of children as OrderedNode[]) {
      const name = nodeName(child);
      if (name === undefined || name === TEXT || name === CDATA) continue; // text between fields
      if (seen.has(name)) return null;
      seen.add(name);
      const text = leafText(child[name]);
      if (text !== undefined) fields[name] = text;
    }
    return fields;
  } catch {
    return null;
  }
}
