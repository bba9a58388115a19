/**
 * Alert messages to group robots, folded into digests when more wait than a robot's minute allows.
 *
 * Alerts are not put in the outbox directly: they wait in `alert_posts`, and `flush` decides per robot, from
 * what that robot was given in the last window (`robot_windows`), whether they go one by one or as a digest
 * (plan-robot-window.ts). The relay still enforces the platform limit on every outbox row; this is what keeps
 * a burst of alerts from becoming a backlog of single messages hours long.
 *
 * Exactly once. A flush holds the robot's lease in the store (several instances), and calls in one process
 * run one after the other. Its steps are ordered so that a crash anywhere repeats no message and loses none:
 * record the window (a crash after it only costs the robot a slot), mark the posts 'planned' with their
 * message id, queue the outbox rows (ids derived from the posts, so queueing twice queues once), mark them
 * 'sent'. A later flush queues 'planned' posts again under the same ids.
 */
import { createHash } from 'node:crypto';
import { isAppError } from '../../core/errors';
import type { MarkdownReply, RobotDestination } from '../../core/message';
import type { Logger, OutboundMessage, OutboxPort } from '../../core/ports';
import type { StoreEngine } from '../../store/collection';
import { alertPostModel, type AlertPostRow } from '../../store/alert-post.model';
import type { LeaseRepo } from '../../store/lease-repo';
import { robotWindowModel } from '../../store/robot-window.model';
import { composeDigest, digestGroups, type DigestEntry, type Render } from './compose-alert';
import { planRobotWindow, recentSends } from './plan-robot-window';
import { robotId } from './robot-id';

export interface AlertPostRequest {
  alertId: string;
  level: number;
  caseNumber: string;
  destination: RobotDestination;
  reply: MarkdownReply;
  digest: DigestEntry;
}

export interface FlushResult {
  /** Outbox messages queued by this flush. */
  messages: number;
  /** Alerts that went inside a digest. */
  folded: number;
  /** Alerts still waiting for a slot. */
  waiting: number;
  /** When the first waiting alert may go (flush again then). */
  nextAt?: Date;
}

export interface AlertPoster {
  /** Queues alert messages; the same (alert, level, robot) twice queues one. Call flush() after. */
  post(requests: readonly AlertPostRequest[]): Promise<void>;
  flush(): Promise<FlushResult>;
}

export interface AlertPosterDeps {
  store: StoreEngine;
  outbox: OutboxPort;
  leases: LeaseRepo;
  /** This instance's id (lease owner). */
  owner: string;
  now: () => Date;
  render: Render;
  limit: number;
  windowMs: number;
  logger?: Pick<Logger, 'warn'>;
}

const LEASE_MS = 30_000;
const KEEP_MS = 30 * 86_400_000;
const BATCH = 500;

interface Planned {
  id: string;
  posts: AlertPostRow[];
}

export function createAlertPoster(deps: AlertPosterDeps): AlertPoster {
  const posts = deps.store.collection(alertPostModel);
  const windows = deps.store.collection(robotWindowModel);
  let chain: Promise<unknown> = Promise.resolve();

  const message = (m: Planned): OutboundMessage => {
    const [first] = m.posts;
    const reply: MarkdownReply =
      m.posts.length === 1 && !m.id.startsWith('alert-digest:')
        ? { kind: 'markdown', title: first!.title, text: first!.markdown }
        : composeDigest(deps.render, m.posts.map(entryOf));
    return { id: m.id, destination: first!.destination, reply };
  };

  async function settle(planned: Planned[], now: Date): Promise<void> {
    await deps.outbox.enqueue(planned.map(message), now);
    await posts.updateMany(
      { messageId: { $in: planned.map((m) => m.id) }, status: 'planned' },
      { $set: { status: 'sent', sentAt: now, expiresAt: new Date(now.getTime() + KEEP_MS) } },
    );
  }

  async function flushRobot(robot: string, out: FlushResult): Promise<void> {
    const now = deps.now();
    const sort = { createdAt: 1 as const, _id: 1 as const };
    const unfinished = await posts.find({ robotId: robot, status: 'planned' }, { sort });
    if (unfinished.length > 0) {
      const byMessage = new Map<string, AlertPostRow[]>();
      for (const p of unfinished) byMessage.set(p.messageId!, [...(byMessage.get(p.messageId!) ?? []), p]);
      await settle([...byMessage].map(([id, ps]) => ({ id, posts: ps })), now);
    }
    const queued = await posts.find({ robotId: robot, status: 'queued' }, { sort, limit: BATCH });
    const win = await windows.findOne({ _id: robot });
    const plan = planRobotWindow(win?.sends ?? [], queued.length, now, deps.limit, deps.windowMs);
    if (!plan) return;
    if (plan.mode === 'wait') {
      out.waiting += queued.length;
      if (!out.nextAt || plan.retryAt < out.nextAt) out.nextAt = plan.retryAt;
      return;
    }
    const planned: Planned[] =
      plan.mode === 'each'
        ? queued.slice(0, plan.count).map((p) => ({ id: `alert:${p._id}`, posts: [p] }))
        : digestGroups(queued, entryOf, deps.render)
            .slice(0, plan.maxMessages)
            .map((group) => ({ id: `alert-digest:${robot}:${digestKey(group)}`, posts: group }));
    const sent = planned.reduce((n, m) => n + m.posts.length, 0);
    const sends = [...recentSends(win?.sends ?? [], now, deps.windowMs), ...planned.map(() => now)];
    await windows.updateOne({ _id: robot }, { $set: { sends, updatedAt: now } }, { upsert: true });
    for (const m of planned) {
      await posts.updateMany({ _id: { $in: m.posts.map((p) => p._id) }, status: 'queued' }, { $set: { status: 'planned', messageId: m.id } });
    }
    await settle(planned, now);
    out.messages += planned.length;
    if (plan.mode === 'digest') out.folded += sent;
    out.waiting += queued.length - sent;
  }

  async function flushAll(): Promise<FlushResult> {
    const out: FlushResult = { messages: 0, folded: 0, waiting: 0 };
    const open = await posts.find({ status: { $in: ['queued', 'planned'] } }, { sort: { createdAt: 1 }, limit: 5 * BATCH });
    for (const robot of new Set(open.map((p) => p.robotId))) {
      const lease = `alert-post:${robot}`;
      if (!(await deps.leases.acquire(lease, deps.owner, deps.now(), LEASE_MS))) continue; // another instance has it
      try {
        await flushRobot(robot, out);
      } catch (e) {
        deps.logger?.warn({ err: e, robotId: robot }, 'alert flush failed for a robot; its posts wait for the next flush');
      } finally {
        await deps.leases.release(lease, deps.owner).catch(() => undefined);
      }
    }
    return out;
  }

  return {
    async post(requests) {
      const now = deps.now();
      for (const r of requests) {
        const robot = robotId(r.destination);
        try {
          await posts.insertOne({
            _id: `${r.alertId}:L${r.level}:${robot}`,
            robotId: robot,
            destination: r.destination,
            caseNumber: r.caseNumber,
            level: r.level,
            title: r.reply.title,
            markdown: r.reply.text,
            digestHeading: r.digest.heading,
            digestItem: r.digest.item,
            status: 'queued',
            createdAt: now,
          });
        } catch (e) {
          if (!isAppError(e, 'duplicate_key')) throw e;
        }
      }
    },
    flush() {
      const run = chain.then(flushAll);
      chain = run.catch(() => undefined);
      return run;
    },
  };
}

const entryOf = (p: AlertPostRow): DigestEntry => ({ heading: p.digestHeading, item: p.digestItem });

function digestKey(group: readonly AlertPostRow[]): string {
  return createHash('sha256').update(group.map((p) => p._id).join('\n')).digest('hex').slice(0, 16);
}
