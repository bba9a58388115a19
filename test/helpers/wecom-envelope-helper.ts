/**
 * The one place tests build WeCom callbacks: fixtures are plaintext payloads, re-encrypted and re-signed here
 * with test secrets, through the same `sealMessage` the local chat client uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawRequest } from '../../src/core/channel';
import { seal, sealMessage, type EnvelopeConfig } from '../../src/channels/wecom/envelope';

/** Test secrets: the shape of real ones, worth nothing. The corp id is the one in test/fixtures/wecom. */
export const TEST_WECOM = {
  corpId: 'ww7e5t0c0rp0000001',
  agentId: '1000002',
  token: 'testtoken',
  aesKey: 'JG+aotTaJ/Y9K9CkMTfe1gOlRqS5nGmPlq4mD8lMTuo',
  secret: 'test-app-secret-0123456789',
} as const;

export const TEST_ENVELOPE: EnvelopeConfig = { token: TEST_WECOM.token, aesKey: TEST_WECOM.aesKey, receiveId: TEST_WECOM.corpId };

/** The fixture's creation time is irrelevant to freshness: the request is signed "now". */
export const TEST_NOW = new Date('2025-01-01T03:33:20Z');

/** test/fixtures/wecom/<name>.xml, e.g. "text.basic". */
export function loadWecomFixture(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'wecom', `${name}.xml`), 'utf8');
}

/** A message callback POST as WeCom sends it, for `plaintextXml` encrypted and signed with `cfg` at `now`. */
export function signAndSeal(plaintextXml: string, cfg: EnvelopeConfig = TEST_ENVELOPE, now: Date = TEST_NOW): RawRequest {
  const { query, body } = sealMessage(cfg, plaintextXml, now, { agentId: TEST_WECOM.agentId });
  return { method: 'POST', query: { ...query }, headers: { 'content-type': 'text/xml' }, body: Buffer.from(body, 'utf8') };
}

/** A URL-check GET whose echostr decrypts to `echo`. */
export function signUrlCheck(echo: string, cfg: EnvelopeConfig = TEST_ENVELOPE, now: Date = TEST_NOW): RawRequest {
  const s = seal(cfg, echo, now);
  return {
    method: 'GET',
    query: { msg_signature: s.signature, timestamp: s.timestamp, nonce: s.nonce, echostr: s.encrypt },
    headers: {},
    body: Buffer.alloc(0),
  };
}
