import fc from 'fast-check';
import { parseXml } from '../../../src/channels/wecom/parse-xml';

describe('parseXml', () => {
  it('keeps every value a string, exactly as sent', () => {
    expect(parseXml('<xml><Content> 007 </Content><MsgId>4561255354251345929</MsgId><B>true</B></xml>')).toEqual({
      Content: ' 007 ',
      MsgId: '4561255354251345929',
      B: 'true',
    });
  });

  it('accepts values with and without CDATA, and empty elements', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <A><![CDATA[x]]></A>\n  <B>y</B>\n  <C/>\n  <D></D>\n</xml>\n';
    expect(parseXml(xml)).toEqual({ A: 'x', B: 'y', C: '', D: '' });
  });

  it('decodes entities in text but not in CDATA', () => {
    expect(parseXml('<xml><T>a &amp; b &lt;c&gt; &#20013;&#x6587;</T><C><![CDATA[a &amp; <b>]]></C></xml>')).toEqual({
      T: 'a & b <c> 中文',
      C: 'a &amp; <b>',
    });
  });

  it('joins a CDATA section split around "]]>"', () => {
    expect(parseXml('<xml><C><![CDATA[a]]]]><![CDATA[>b]]></C></xml>')).toEqual({ C: 'a]]>b' });
  });

  it('leaves nested elements out of the flat record', () => {
    expect(parseXml('<xml><A>1</A><Card><Item>x</Item></Card></xml>')).toEqual({ A: '1' });
  });

  it.each([
    ['not XML', 'hello'],
    ['empty', ''],
    ['JSON', '{"encrypt":"abc"}'],
    ['another root', '<root><A>1</A></root>'],
    ['two roots', '<xml><A>1</A></xml><xml><A>2</A></xml>'],
    ['unclosed tag', '<xml><A>1</xml>'],
    ['a DOCTYPE', '<!DOCTYPE xml><xml><A>1</A></xml>'],
    ['an entity declaration', '<!DOCTYPE x [<!ENTITY e "boom">]><xml><A>&e;</A></xml>'],
    ['an external entity', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><A>&e;</A></xml>'],
    ['a lowercase doctype', '<!doctype x><xml><A>1</A></xml>'],
    ['a duplicated field', '<xml><MsgType>text</MsgType><MsgType>event</MsgType></xml>'],
    ['a prototype-polluting name', '<xml><__proto__>x</__proto__></xml>'],
    ['a reserved name', '<xml><constructor>x</constructor></xml>'],
  ])('returns null for %s', (_label, input) => {
    expect(parseXml(input)).toBeNull();
  });

  it('has no prototype: a missing field is undefined, never an inherited method', () => {
    const fields = parseXml('<xml><A>1</A></xml>');
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(fields?.['toString']).toBeUndefined();
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const r = parseXml(s);
        expect(r === null || typeof r === 'object').toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes decoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const r = parseXml(Buffer.from(bytes).toString('utf8'));
        expect(r === null || typeof r === 'object').toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on XML-like noise', () => {
    const piece = fc.constantFrom('<xml>', '</xml>', '<A>', '</A>', '<![CDATA[', ']]>', '<!DOCTYPE', '&amp;', '&#x0;', '<', '>', '/', '"', 'x', ' ', '<?xml?>', '<!--', '-->', '<__proto__>');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const r = parseXml(pieces.join(''));
        expect(r === null || typeof r === 'object').toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
