/**
 * An AI bot image as the platform serves it: AES-256-CBC with the bot's EncodingAESKey (IV: the key's first
 * 16 bytes), PKCS#7 padded to 32-byte blocks, as the callback envelope but with no random or length prefix.
 */
import { createDecipheriv } from 'node:crypto';
import { ChannelApiError } from '../../core/errors';

export function decryptBotMedia(aesKey: string, data: Buffer): Buffer {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new ChannelApiError('WeCom AI bot image: not whole AES blocks', false);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > 32 || pad > plain.length) throw new ChannelApiError('WeCom AI bot image: bad padding', false);
  return plain.subarray(0, plain.length - pad);
}
