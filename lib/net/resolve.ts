import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { refusal, type AllowList } from './allow-list';
import { OutboundError } from './errors';
import { hostOf, portOf } from './target';

export type ResolvedAddress = { address: string; family: 4 | 6 };

/** Turns a host name into addresses. A port, so tests can map a name to 127.0.0.1 without DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * Resolves the URL's host once and checks every address it gave (one refused address refuses
 * the call: a name must not mix reachable and unreachable answers). The caller connects only to
 * the addresses returned here, so a second DNS answer (rebinding) never decides the target.
 */
export async function resolveChecked(url: URL, allow: AllowList, resolver: Resolver, signal: AbortSignal): Promise<ResolvedAddress[]> {
  const hostname = hostOf(url);
  const family = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (family) {
    addresses = [{ address: hostname, family: family as 4 | 6 }];
  } else {
    try {
      addresses = await abortable(resolver(hostname), signal);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new OutboundError('network', `Could not resolve ${hostname}: ${(err as Error).message}`);
    }
    if (!addresses.length) throw new OutboundError('network', `${hostname} has no address`);
  }
  const port = portOf(url);
  for (const a of addresses) {
    const reason = refusal(allow, { hostname, port, address: a.address });
    if (reason) throw new OutboundError('blocked', reason);
  }
  return addresses;
}

/** DNS lookups cannot be cancelled; the call stops waiting for one when its signal fires. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}
