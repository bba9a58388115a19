/**
 * What reaches the log: at the production level (info) no secret, no message content, no receipt code and
 * no user id of an anonymous reporter; at debug still no secret. Checked on a real run with a failing send.
 */
import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_REPORT_SECRET, DEMO_WECOM, loadConfig } from '../../src/config';
import { createLogger } from '../../src/create-logger';
import { startApp } from '../../src/main';
import { createWecomPeer } from '../../src/tools/wecom-peer';
import { removeDir, tempDataDir } from '../helpers/start-test-app';

async function runAndCapture(level: 'info' | 'debug'): Promise<{ log: string; receipt: string; robotKeys: string[] }> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const dataDir = tempDataDir();
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: level });
  const app = await startApp({ config, logger: createLogger(level, sink) });
  const peer = createWecomPeer({ url: app.url, ...DEMO_WECOM });
  let receipt = '';
  try {
    for (const text of ['举报', '某街道办', '要求教师上街执勤秘密内容', '昨天', '某路口', '跳过', '某某小学', '跳过']) await peer.say('secret-teacher', text);
    const submitted = await peer.say('secret-teacher', '否');
    expect(submitted.replyText).toContain('请核对');
    receipt = (await peer.say('secret-teacher', '提交')).replyText?.match(/回执码是：(\S+)/)?.[1] ?? '';
    expect(receipt).not.toBe('');
    // An anonymous complaint from a teacher of the directory goes to 永宁县教育局, whose official claims and closes it.
    for (const text of ['举报', '某街道办', '要求教师上街执勤秘密内容', '昨天', '某路口', '跳过', '跳过', '否']) await peer.say('zhaoyan', text);
    const filed = (await peer.say('zhaoyan', '提交')).replyText ?? '';
    const caseNumber = filed.match(/NX-\d{4}-\d{6}/)?.[0] ?? '';
    expect(caseNumber).not.toBe('');
    expect((await peer.say('demo-official', `认领 ${caseNumber}`)).replyText).toContain('已认领');
    expect((await peer.say('demo-official', `办结 ${caseNumber} 已处理`)).replyText).toContain('整改措施');
    for (const text of ['已责令停止', '1']) await peer.say('demo-official', text);
    expect((await peer.say('demo-official', '跳过')).replyText).toContain('已办结');
    expect((await peer.say('zhaoyan', '没有')).replyText).toContain('重新交办');
    // A send that WeCom refuses for good is logged: its line must not name the person either.
    app.fakeWecom!.failNext(81013);
    await app.outbox.enqueue([{ id: 'probe', destination: { kind: 'user', channel: 'wecom', userId: 'secret-teacher' }, reply: { kind: 'text', text: '秘密内容' } }], new Date());
    await app.relay.runOnce();
  } finally {
    await app.stop();
    removeDir(dataDir);
  }
  const directory = readFileSync(join(__dirname, '../../templates/demo/directory.yaml'), 'utf8');
  const robotKeys = [...directory.matchAll(/robot_key:\s*"?([0-9a-zA-Z-]{16,})/g)].map((m) => m[1]!);
  return { log: lines.join(''), receipt, robotKeys };
}

describe('log privacy', () => {
  it('keeps secrets, contents, receipts and anonymous reporters out of the info log', async () => {
    const { log, receipt, robotKeys } = await runAndCapture('info');
    expect(log).toContain('listening');
    expect(log).toContain('send failed for good');
    expect(log).not.toContain('wecom inbound'); // a debug line
    for (const secret of [DEMO_WECOM.secret, DEMO_WECOM.aesKey, DEMO_REPORT_SECRET, ...robotKeys]) expect(log).not.toContain(secret);
    expect(log).not.toContain('秘密内容');
    expect(log).not.toContain(receipt);
    expect(log).not.toContain('secret-teacher');
    expect(log).not.toContain('zhaoyan');
    expect(log).toContain('report routed');
  });

  it('keeps secrets and anonymous reporters out of the debug log too', async () => {
    const { log, receipt } = await runAndCapture('debug');
    expect(log).toContain('wecom inbound');
    for (const secret of [DEMO_WECOM.secret, DEMO_WECOM.aesKey, DEMO_REPORT_SECRET]) expect(log).not.toContain(secret);
    expect(log).not.toContain('秘密内容');
    expect(log).not.toContain(receipt);
    expect(log).not.toContain('secret-teacher');
    expect(log).not.toContain('zhaoyan');
  });
});
