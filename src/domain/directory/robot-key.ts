/**
 * Checks a group robot's credentials. Operators often paste the whole webhook URL; it is accepted and reduced
 * to its key (WeCom `key=`, DingTalk `access_token=`), the URL's host telling the channel. Problems never quote
 * the key or the secret.
 */
import type { PlatformId } from '../../core/message';
import type { GroupDestination } from '../../store/org.model';

const WECOM_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DINGTALK_TOKEN = /^[A-Za-z0-9]{32,128}$/;
const DINGTALK_SECRET = /^SEC[A-Za-z0-9]{20,128}$/;

export type RobotCheck =
  | { ok: true; destination: Omit<GroupDestination, 'name'> }
  | { ok: false; field: 'key' | 'secret' | 'channel'; problem: string };

export function normaliseRobot(input: { channel?: PlatformId; key: string; secret?: string }): RobotCheck {
  let key = input.key.trim();
  let channel = input.channel;
  if (/^https?:\/\//i.test(key)) {
    const fromUrl = keyFromWebhookUrl(key);
    if (!fromUrl) return { ok: false, field: 'key', problem: 'is a URL but not a WeCom or DingTalk robot webhook URL with its key' };
    if (channel && channel !== fromUrl.channel) {
      return { ok: false, field: 'channel', problem: `is ${channel} but the webhook URL is a ${fromUrl.channel} one` };
    }
    key = fromUrl.key;
    channel = fromUrl.channel;
  }
  channel ??= 'wecom';
  const secret = input.secret?.trim() || undefined;
  if (channel === 'wecom') {
    if (!WECOM_KEY.test(key)) return { ok: false, field: 'key', problem: 'does not look like a WeCom group-robot key (a UUID: 8-4-4-4-12 hex digits)' };
    if (secret) return { ok: false, field: 'secret', problem: 'WeCom group robots have no secret; leave it empty' };
    return { ok: true, destination: { channel, robotKey: key } };
  }
  if (!DINGTALK_TOKEN.test(key)) return { ok: false, field: 'key', problem: 'does not look like a DingTalk robot access token (32-128 letters and digits)' };
  if (secret && !DINGTALK_SECRET.test(secret)) {
    return { ok: false, field: 'secret', problem: 'does not look like a DingTalk signing secret (SEC followed by letters and digits)' };
  }
  return { ok: true, destination: { channel, robotKey: key, ...(secret ? { robotSecret: secret } : {}) } };
}

function keyFromWebhookUrl(text: string): { channel: PlatformId; key: string } | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (host === 'qyapi.weixin.qq.com') {
    const key = url.searchParams.get('key');
    return key ? { channel: 'wecom', key } : null;
  }
  if (host === 'oapi.dingtalk.com' || host === 'api.dingtalk.com') {
    const key = url.searchParams.get('access_token');
    return key ? { channel: 'dingtalk', key } : null;
  }
  return null;
}
