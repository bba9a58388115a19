/**
 * Logging in to the dashboard as a person would: ask for the link in the chat (over the real WeCom envelope),
 * open it, press the button; the session cookie comes back. Shared by the HTTP and the browser tests.
 */
import { BURDEN_ANSWERS } from './burden-answers';
import type { ChatApp } from './start-test-app';

export const LINK = /(http:\/\/127\.0\.0\.1:\d+\/dashboard\/login\?t=[A-Za-z0-9_-]{43})/;

export async function linkFromChat(app: ChatApp, user: string): Promise<string> {
  const reply = await app.say(user, '后台');
  const m = LINK.exec(reply);
  if (!m) throw new Error(`no dashboard link in the reply: ${reply}`);
  return m[1]!;
}

/** POSTs the link's secret as the login page's form does; the response as it is (no redirect followed). */
export async function redeem(link: string): Promise<Response> {
  const u = new URL(link);
  return fetch(`${u.origin}/dashboard/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: u.origin },
    body: new URLSearchParams({ t: u.searchParams.get('t')! }).toString(),
    redirect: 'manual',
  });
}

export async function sessionCookie(app: ChatApp, user: string): Promise<string> {
  const res = await redeem(await linkFromChat(app, user));
  const set = res.headers.get('set-cookie') ?? '';
  const m = /^(jf_dash=[^;]+)/.exec(set);
  if (res.status !== 303 || !m) throw new Error(`login failed: ${res.status} ${set}`);
  return m[1]!;
}

/** Files the helper's burden report (社会事务进校园, 全校教师) as `user`, anonymous; returns the reply to 提交. */
export async function fileBurdenReport(app: ChatApp, user: string): Promise<string> {
  for (const [answer, next] of BURDEN_ANSWERS) {
    const reply = await app.say(user, answer);
    if (!next.test(reply)) throw new Error(`after ${JSON.stringify(answer)} the bot said: ${reply}`);
  }
  if (!(await app.say(user, '是')).includes('请核对')) throw new Error('no summary before submitting');
  return app.say(user, '提交');
}
