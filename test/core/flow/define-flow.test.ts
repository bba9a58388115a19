/** The flow engine on its own: commands anywhere, optional steps, the summary and its edits. */
import { defineFlow, type FlowState } from '../../../src/core/flow/define-flow';
import type { HandlerContext, Turn } from '../../../src/core/handler';
import { loadTemplates } from '../../../src/core/templates';
import { loadCommands } from '../../../src/core/commands';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const templates = loadTemplates(join(root, 'templates', 'messages'));
const commands = loadCommands(join(root, 'templates', 'commands.yaml'));

function ctx(text: string): HandlerContext {
  return {
    inbound: { channel: 'wecom', kind: 'text', text, userId: 'u', dedupeKey: text, sentAt: new Date(), chat: { kind: 'single', id: 'u' }, mentioned: true },
    now: new Date('2026-11-23T02:00:00Z'),
    templates,
    t: (id, vars) => templates.render(id, vars),
    commands,
    command: commands.match(text),
  };
}

/** A field's parser that takes any text as it is. */
const echo = (c: { inbound: unknown }) => ({ ok: true as const, value: (c.inbound as { text: string }).text });

const submitted: Array<Record<string, unknown>> = [];
const flow = defineFlow({
  id: 'test-flow',
  version: 1,
  idleMs: 60_000,
  startCommands: ['report'],
  intro: 'flow.restarted',
  fields: [
    { key: 'a', label: 'report.label_item', prompt: 'report.ask_item', parse: echo },
    { key: 'b', label: 'report.label_place', prompt: 'report.ask_place', optional: true, parse: echo },
    { key: 'c', label: 'report.label_scope', prompt: 'report.ask_scope', when: (ans) => ans.a !== 'short', parse: echo },
  ],
  async submit(answers) {
    submitted.push(answers);
    return [{ kind: 'text', text: 'done' }];
  },
});

async function run(...texts: string[]): Promise<{ turn: Turn<FlowState>; said: string }> {
  let turn = await flow.start(ctx(texts[0]!));
  for (const text of texts.slice(1)) {
    if (turn.state === null) throw new Error(`flow ended before "${text}"`);
    turn = await flow.step(turn.state, ctx(text));
  }
  return { turn, said: turn.replies.map((r) => (r.kind === 'text' ? r.text : '')).join('\n') };
}

describe('defineFlow: fields not asked on the way, and a preview', () => {
  const shown = defineFlow({
    id: 'edit-only',
    version: 1,
    idleMs: 60_000,
    startCommands: ['report'],
    intro: 'flow.restarted',
    fields: [
      { key: 'a', label: 'report.label_item', prompt: 'report.ask_item', parse: echo },
      {
        key: 'd',
        label: 'report.label_form',
        prompt: 'report.ask_form',
        editOnly: true,
        parse: echo,
        show: (v, _ctx, answers) => (v === undefined ? `default for ${String(answers?.a)}` : `chosen ${String(v)}`),
      },
    ],
    preview: async (answers) => `PREVIEW ${String(answers.a)}/${String(answers.d ?? '-')}`,
    submit: async () => [{ kind: 'text', text: 'done' }],
  });
  const step = async (state: FlowState | null, text: string) => {
    const turn = state === null ? await shown.start(ctx(text)) : await shown.step(state, ctx(text));
    return { state: turn.state, said: turn.replies.map((r) => (r.kind === 'text' ? r.text : '')).join('\n') };
  };

  it('shows the default in the summary without asking, asks it on 改, and puts the preview before the footer', async () => {
    let t = await step(null, '反映');
    t = await step(t.state, 'x');
    expect(t.said).toContain('2. 开展形式：default for x');
    expect(t.said).not.toContain('开展形式是什么');
    expect(t.said.indexOf('PREVIEW x/-')).toBeLessThan(t.said.indexOf('确认无误'));
    t = await step(t.state, '改 2');
    expect(t.said).toContain('开展形式是什么');
    t = await step(t.state, 'y');
    expect(t.said).toContain('2. 开展形式：chosen y');
    expect(t.said).toContain('PREVIEW x/y');
  });
});

describe('defineFlow', () => {
  it('refuses to skip a required step and skips an optional one', async () => {
    expect((await run('反映', '跳过')).said).toContain('必填');
    const { turn } = await run('反映', 'x', '跳过');
    expect(turn.state?.answers).toEqual({ a: 'x', b: null });
  });

  it('asks a conditional step only when it applies, and a summary edit can make it apply', async () => {
    const { turn, said } = await run('反映', 'short', 'p');
    expect(said).toContain('请核对');
    expect(said).not.toContain('实施范围');
    const edited = await run('反映', 'short', 'p', '改 1', 'long');
    expect(edited.said).toContain('涉及哪些范围'); // c now applies and was never answered
    expect(turn.state?.cursor).toBeNull();
  });

  it('answers an edit number out of range with the range', async () => {
    expect((await run('反映', 'x', 'p', 's', '改 9')).said).toContain('1 到 3');
    expect((await run('反映', 'x', 'p', 's', '改三')).said).toContain('涉及哪些范围');
  });

  it('gives step help, restarts, cancels', async () => {
    expect((await run('反映', '帮助')).said).toContain('返回');
    const restarted = await run('反映', 'x', '重新开始');
    expect(restarted.turn.state?.answers).toEqual({});
    const cancelled = await run('反映', 'x', '取消');
    expect(cancelled.turn.state).toBeNull();
    expect(cancelled.said).toContain('已取消');
  });

  it('submits once from the summary with the answers and a stable draft id', async () => {
    const before = submitted.length;
    const { turn } = await run('反映', 'x', 'p', 's', '提交');
    expect(turn.state).toBeNull();
    expect(submitted.slice(before)).toEqual([{ a: 'x', b: 'p', c: 's' }]);
  });
});
