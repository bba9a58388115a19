/**
 * "后台": an official gets a one-time link to the dashboard (valid 10 minutes, usable once), scoped to their
 * org. Anyone else gets one sentence saying the dashboard is for bureau officials.
 */
import { defineHandler, say, type HandlerContext } from '../src/core/handler';
import { localTime } from './official-texts';

export interface DashboardLinkServices {
  dashboardLink: {
    issueLink(who: { channel: 'wecom' | 'dingtalk'; userId: string }): Promise<{ token: string; expiresAt: Date } | null>;
    /** Where people reach the server (PUBLIC_URL, or where it listens). */
    publicUrl(): string;
  };
}

export function createDashboardLoginHandler(services: DashboardLinkServices) {
  async function answer(ctx: HandlerContext) {
    const link = await services.dashboardLink.issueLink({ channel: ctx.inbound.channel, userId: ctx.inbound.userId });
    if (!link) return say(ctx.t('dashboard.officials_only'));
    const url = `${services.dashboardLink.publicUrl()}/dashboard/login?t=${link.token}`;
    return say(ctx.t('dashboard.link', { url, until: localTime(link.expiresAt) }));
  }
  return defineHandler<Record<string, never>>({
    id: 'dashboard-login',
    version: 1,
    idleMs: 0,
    inGroups: 'private',
    matches: (ctx) => ctx.command === 'dashboard',
    start: answer,
    step: (_state, ctx) => answer(ctx),
  });
}
