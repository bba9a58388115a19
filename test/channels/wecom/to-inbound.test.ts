import { createHash } from 'node:crypto';
import { parseXml } from '../../../src/channels/wecom/parse-xml';
import { toInbound } from '../../../src/channels/wecom/to-inbound';
import { loadWecomFixture } from '../../helpers/wecom-envelope-helper';

const inbound = (xml: string) => toInbound(parseXml(xml) ?? {}, xml);
const msg = (fields: string) =>
  `<xml><ToUserName>corp</ToUserName><FromUserName>u1</FromUserName><CreateTime>1735700000</CreateTime>${fields}</xml>`;

describe('toInbound', () => {
  it('maps a text message, MsgId kept a string', () => {
    expect(inbound(loadWecomFixture('text.basic'))).toEqual({
      channel: 'wecom',
      chat: { kind: 'single', id: 'zhangsan' },
      mentioned: true,
      kind: 'text',
      dedupeKey: '7440000000000000001',
      userId: 'zhangsan',
      sentAt: new Date(1735700000 * 1000),
      text: '我要反映一个问题',
    });
  });

  it('keeps text content exactly: padding, digits, markup in CDATA', () => {
    expect(inbound(loadWecomFixture('text.padded-number'))).toMatchObject({ text: ' 007 ', dedupeKey: '9223372036854775807' });
    expect(inbound(loadWecomFixture('text.cdata'))).toMatchObject({ text: 'a < b & "c" ]]> <tag/>' });
  });

  it('maps an image', () => {
    expect(inbound(loadWecomFixture('image.basic'))).toMatchObject({
      kind: 'image',
      mediaId: '1K9y0Y1ex3gLfAYX_LWYi3sMcXqiECgsKeEbvFXYHnNeK27Xl3sbhJlDw8dTxtlAw',
      picUrl: 'https://wework.qpic.cn/wwpic/000000_example/0',
      dedupeKey: '7440000000000000004',
    });
  });

  it('maps events, lowercased, deduplicated by a hash of the plaintext', () => {
    const xml = loadWecomFixture('event.click');
    expect(inbound(xml)).toEqual({
      channel: 'wecom',
      chat: { kind: 'single', id: 'zhaoliu' },
      mentioned: true,
      kind: 'event',
      event: 'click',
      eventKey: 'report_burden',
      userId: 'zhaoliu',
      sentAt: new Date(1735700005 * 1000),
      dedupeKey: createHash('sha256').update(xml).digest('hex'),
    });
    expect(inbound(loadWecomFixture('event.enter_agent'))).toMatchObject({ kind: 'event', event: 'enter_agent' });
    expect(inbound(loadWecomFixture('event.enter_agent'))).not.toHaveProperty('eventKey');
    expect(inbound(msg('<MsgType>event</MsgType><Event>CLICK</Event><EventKey>k</EventKey>'))).toMatchObject({ event: 'click' });
  });

  it('gives two clicks in the same second different dedupe keys', () => {
    const a = inbound(msg('<MsgType>event</MsgType><Event>click</Event><EventKey>a</EventKey>'));
    const b = inbound(msg('<MsgType>event</MsgType><Event>click</Event><EventKey>b</EventKey>'));
    expect(a?.dedupeKey).not.toBe(b?.dedupeKey);
  });

  it.each([
    ['voice', loadWecomFixture('voice.basic')],
    ['an unknown type', msg('<MsgType>hologram</MsgType><MsgId>1</MsgId>')],
    ['text without Content', msg('<MsgType>text</MsgType><MsgId>1</MsgId>')],
    ['text without MsgId', msg('<MsgType>text</MsgType><Content>x</Content>')],
    ['an image without MediaId', msg('<MsgType>image</MsgType><MsgId>1</MsgId>')],
    ['an event without Event', msg('<MsgType>event</MsgType>')],
    ['no sender', '<xml><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId></xml>'],
    ['a non-numeric CreateTime', '<xml><FromUserName>u</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId></xml>'],
  ])('returns null for %s', (_label, xml) => {
    expect(inbound(xml)).toBeNull();
  });
});
