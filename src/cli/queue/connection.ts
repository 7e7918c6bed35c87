/**
 * Reaching Redis: `--redis URL` parsed and checked before any BullMQ object is made. BullMQ's
 * ioredis connections retry forever by design (a worker must outlive a Redis restart), so a
 * mistyped URL or a server that is down would make `queue submit` hang; instead one probe
 * connection with no retries fails fast with one line (UsageError, exit 2).
 */
import { Redis } from 'ioredis';
import { UsageError } from '../../errors.ts';

/** Most milliseconds the probe waits for the TCP connection and the reply. */
const PROBE_TIMEOUT_MS = 5000;

/** Checks the form of a Redis URL (`redis://[user:pass@]host[:port][/db]`, or `rediss://`). */
export function parseRedisUrl(url: string | undefined): string {
  if (url === undefined || url === '') throw new UsageError('--redis URL is required (e.g. --redis redis://127.0.0.1:6379)');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--redis must be a URL like redis://host:6379, got "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new UsageError(`--redis must start with redis:// or rediss://, got "${url}"`);
  if (!u.hostname) throw new UsageError(`--redis: no host in "${url}"`);
  if (u.pathname.length > 1 && !/^\/\d+$/.test(u.pathname))
    throw new UsageError(`--redis: the path must be a database number (/0 … /15), got "${u.pathname}"`);
  return url;
}

/** The URL without its password, for messages and reports. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Connects once without retries and asks for the server version (BullMQ needs Redis ≥ 5; it
 * checks again itself). Throws a one-line UsageError when Redis cannot be reached.
 * @returns the server's version string.
 */
export async function probeRedis(url: string): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: PROBE_TIMEOUT_MS,
    commandTimeout: PROBE_TIMEOUT_MS,
    retryStrategy: () => null,
    reconnectOnError: () => false,
  });
  // The socket's error (ECONNREFUSED, ENOTFOUND, …) arrives as an 'error' event; the rejected
  // connect() only says "Connection is closed".
  let socketError: NodeJS.ErrnoException | undefined;
  client.on('error', (e: NodeJS.ErrnoException) => {
    socketError ??= e;
  });
  try {
    await client.connect();
    const info = await client.info('server');
    return /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown';
  } catch (e) {
    const err = socketError ?? (e as NodeJS.ErrnoException);
    const why = err.code === 'ECONNREFUSED' ? 'connection refused (is redis-server running there?)' : err.message.split('\n')[0];
    throw new UsageError(`cannot reach Redis at ${safeUrl(url)}: ${err.code === 'ENOTFOUND' ? `no such host (${err.message})` : why}`);
  } finally {
    client.disconnect();
  }
}

/**
 * BullMQ connection options for a URL. `maxRetriesPerRequest: null` is what BullMQ requires of
 * a Worker's connections (a blocking wait for jobs must not be cut by ioredis' retry limit).
 */
export function bullConnection(url: string) {
  return { url, maxRetriesPerRequest: null };
}
