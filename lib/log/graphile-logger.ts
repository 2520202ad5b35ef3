import { Logger } from 'graphile-worker';
import { log } from './logger';

/**
 * graphile-worker logs through our structured logger: its errors and warnings as such, its
 * chatter at debug, and failures the caller expects (a retry by design, not a fault) at debug.
 */
export function quietGraphileLogger(expected: (message: string) => boolean = () => false): Logger {
  const queue = log.child({ source: 'graphile-worker' });
  return new Logger(() => (level, message) => {
    if (level === 'error' && !expected(message)) queue.error(message);
    else if (level === 'warning') queue.warn(message);
    else queue.debug(message);
  });
}
