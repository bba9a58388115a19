import pino from 'pino';
import type { LogLevel } from './config';

/**
 * pino, with every field that could carry a secret or a person's words redacted. Message contents are
 * logged only at debug, by the code that chooses to.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      base: { app: 'jianfu-bot' },
      redact: {
        paths: ['secret', '*.secret', 'token', '*.token', 'aesKey', '*.aesKey', 'robotKey', '*.robotKey', 'robotSecret', '*.robotSecret', 'adminToken', 'authorization', '*.authorization', 'access_token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
