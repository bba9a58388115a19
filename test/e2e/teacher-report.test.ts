/**
 * Teachers file reports over the real WeCom envelope, from a cold start to a case number, and follow them.
 * Every exchange is what the teacher sees in WeCom: the decrypted passive reply.
 */
import { DEMO_WECOM } from '../../src/config';
import { newMsgId, plaintextXml } from '../../src/tools/wecom-peer';
import { removeDir, startTestApp, useChatApp } from '../helpers/start-test-app';
import { BURDEN_ANSWERS } from '../helpers/burden-answers';

describe('teachers report over WeCom', () => {
  const app = useChatApp(new Date('2026-11-23T02:00:00Z'));
  const say = app.say;

  async function fillBurden(user: string): Promise<void> {
    for (const [answer, next] of BURDEN_ANSWERS) expect(await say(user, answer)).toMatch(next);
  }

  it('files an anonymous burden report and shows the receipt code once', async () => {
    await fillBurden('demo-teacher');
    const summary = await say('demo-teacher', '是');
    expect(summary).toContain('请核对');
    expect(summary).toContain('2. 事项名称：防溺水知识网络答题');
    expect(summary).toContain('2026年11月2日（星期一）');
    const done = await say('demo-teacher', '提交');
    expect(done).toMatch(/案件编号 NX-2026-\d{6}/);
    const receipt = done.match(/回执码是：(\S+)/)?.[1];
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    // The receipt alone follows the case, typed in lowercase by anyone.
    expect(await say('someone-else', `查询 ${receipt!.toLowerCase()}`)).toMatch(/已提交/);
    // The account lists its own anonymous case.
    expect(await say('demo-teacher', '我的反映')).toMatch(/NX-2026-\d{6}　负担反映　已转交/);
    // A mistyped receipt finds nothing.
    const typo = receipt!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await say('someone-else', `查询 ${typo}`)).toContain('没有找到');
  });

  it('goes back keeping answers, re-asks a bad date, and edits from the summary', async () => {
    expect(await say('u-edit', '反映')).toMatch(/属于哪一类/);
    expect(await say('u-edit', '社会事务进校园')).toMatch(/事项名称/);
    expect(await say('u-edit', '交通安全签名')).toMatch(/牵头/);
    expect(await say('u-edit', '返回')).toMatch(/之前填写的是：交通安全签名[\s\S]*事项名称/);
    expect(await say('u-edit', '交通安全万人签名')).toMatch(/牵头/);
    expect(await say('u-edit', '县交警大队')).toMatch(/哪天开展/);
    expect(await say('u-edit', '下个月的某天吧')).toMatch(/没看懂这个日期|具体到哪一天|还没到/);
    expect(await say('u-edit', '上周三')).toMatch(/日期是 2026年11月18日（星期三）[\s\S]*在哪里/);
    for (const a of ['本校', '全体学生', '组织学生签名并拍照上传', '现场签名', '不清楚', '跳过']) await say('u-edit', a);
    // Not in the directory: the school is asked.
    expect(await say('u-edit', '某某中学')).toMatch(/匿名还是实名/);
    expect(await say('u-edit', '否')).toContain('请核对');
    expect(await say('u-edit', '改 2')).toMatch(/事项名称/);
    const summary = await say('u-edit', '交通安全承诺书签名');
    expect(summary).toContain('2. 事项名称：交通安全承诺书签名');
    const done = await say('u-edit', '提交');
    expect(done).toMatch(/已提交，案件编号 NX-2026-\d{6}/);
    expect(done).not.toContain('回执码');
  });

  it('cancels half way and keeps nothing', async () => {
    await say('u-cancel', '反映');
    await say('u-cancel', '1');
    expect(await say('u-cancel', '取消')).toContain('已取消');
    expect(await say('u-cancel', '我的反映')).toContain('还没有提交过');
  });

  it('re-asks with a hint for an image, emoji-only or over-long text', async () => {
    await say('u-bad', '反映');
    await say('u-bad', '1');
    await say('u-bad', '检查');
    await say('u-bad', '县局');
    await say('u-bad', '昨天');
    await say('u-bad', '学校');
    await say('u-bad', '全体');
    const long = await say('u-bad', '很'.repeat(101));
    expect(long).toMatch(/101 个字，超过了 100 个字/);
    const image = await app.t.peer.send('u-bad', { kind: 'image', mediaId: 'media-1' }, app.clock);
    expect(image.replyText).toMatch(/需要文字回答/);
    expect(await say('u-bad', '😀'.repeat(100))).toMatch(/开展形式/); // 100 emoji are 100 characters
  });

  it('takes evidence images, downloading them while the media id is valid', async () => {
    await say('u-img', '举报');
    await say('u-img', '某街道办');
    await say('u-img', '要求教师周末上街执勤');
    await say('u-img', '上周六');
    expect(await say('u-img', '某路口')).toMatch(/证据/);
    const img = await app.t.peer.send('u-img', { kind: 'image', mediaId: 'media-ok-1' }, app.clock);
    expect(img.replyText).toMatch(/已收到第 1 张图片/);
    const gone = await app.t.peer.send('u-img', { kind: 'image', mediaId: 'expired-media' }, app.clock);
    expect(gone.replyText).toMatch(/没能保存/);
    expect(await say('u-img', '完成')).toMatch(/学校/);
    await say('u-img', '银川市第二十一中学');
    expect(await say('u-img', '跳过')).toMatch(/联系您核实/);
    const summary = await say('u-img', '否');
    expect(summary).toContain('证据：1 张图片');
    expect(summary).toContain('匿名或实名：匿名（举报默认匿名）'); // skipped: the default holds
    expect(await say('u-img', '提交')).toMatch(/已匿名提交[\s\S]*回执码/);
  });

  it('handles the same message delivered twice mid-flow once', async () => {
    await say('u-dup', '反映');
    const plaintext = plaintextXml(DEMO_WECOM, 'u-dup', { kind: 'text', text: '1', msgId: newMsgId() }, app.clock);
    const [a, b] = await Promise.all([app.t.peer.post(plaintext, app.clock), app.t.peer.post(plaintext, app.clock)]);
    expect([a.replyText, b.replyText].filter(Boolean)).toHaveLength(1);
    expect(await say('u-dup', '返回')).toMatch(/之前填写的是：监督检查评比考核/);
  });

  it('keeps two users apart', async () => {
    await Promise.all([say('u-a', '反映'), say('u-b', '举报')]);
    const [a, b] = await Promise.all([say('u-a', '1'), say('u-b', '某局')]);
    expect(a).toMatch(/事项名称/);
    expect(b).toMatch(/发生了什么/);
  });

  it('tells an idle draft it expired, and 继续 resumes it', async () => {
    await say('u-idle', '反映');
    await say('u-idle', '1');
    app.clock = new Date(app.clock.getTime() + 25 * 3600 * 1000);
    expect(await say('u-idle', '检查')).toMatch(/超过 24 小时/);
    expect(await say('u-idle', '继续')).toMatch(/欢迎回来[\s\S]*事项名称/);
    expect(await say('u-idle', '检查')).toMatch(/牵头/);
  });
});

describe('a restart mid-flow', () => {
  it('continues the conversation after the restart', async () => {
    const first = await startTestApp();
    const dataDir = first.dataDir;
    await first.peer.say('u-restart', '反映');
    expect((await first.peer.say('u-restart', '1')).replyText).toMatch(/事项名称/);
    await first.stop();
    const second = await startTestApp({ dataDir });
    try {
      expect((await second.peer.say('u-restart', '督查考核')).replyText).toMatch(/牵头/);
    } finally {
      await second.stop();
      removeDir(dataDir);
    }
  });
});
