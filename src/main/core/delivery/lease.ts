import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/open';
import { said } from '../../../shared/messages';
import { inWriteTransaction, sql } from '../db/sql';

/**
 * One sender per connector (and one scheduler per data folder) across processes: a lease row in the
 * database, taken in a write transaction. Every new holder gets the next fence number; the holder proves it
 * still holds the lease in the same write transaction that counts each attempt (see `stillHeld`), so a process
 * that was paused past its lease (a closed laptop lid, SIGSTOP) and lost it sends nothing more.
 * Lease times are wall-clock time, whatever clock the caller uses for scheduling: they are shared by processes.
 */
export const DEFAULT_LEASE_TTL_MS = 20_000;

export interface LeaseHolder {
  pid: number;
  host: string;
  /** When the holder took the lease (epoch ms). */
  since: number;
}

export interface Lease {
  name: string;
  fence: number;
}

export type LeaseAttempt = { lease: Lease; busy?: undefined } | { lease?: undefined; busy: LeaseHolder };

interface LeaseRow {
  holder: string;
  pid: number;
  host: string;
  since: number;
  expires_at: number;
  fence: number;
}

export const connectorLease = (connectorId: number) => `connector:${connectorId}`;
export const SCHEDULER_LEASE = 'scheduler';

/** This process's identity as a lease holder: pid@host plus a random part (a pid is reused after a restart). */
export function newHolderId(): string {
  return `${process.pid}@${hostname()}#${randomBytes(6).toString('hex')}`;
}

/** A holder on this machine whose process is gone (killed, crashed) holds nothing, whatever its expiry says. */
function holderIsGone(row: LeaseRow): boolean {
  if (row.host !== hostname()) return false;
  try {
    process.kill(row.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Held by someone else who is still there. */
const heldByOther = (row: LeaseRow, holder: string, now: number) => row.holder !== holder && row.expires_at > now && !holderIsGone(row);

const readLease = (db: Db, name: string) =>
  sql(db, 'SELECT holder, pid, host, since, expires_at, fence FROM delivery_leases WHERE name = ?').get(name) as LeaseRow | undefined;

/** Takes (or renews) the lease unless another live process holds it; then says who does. */
export function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): LeaseAttempt {
  return inWriteTransaction(db, (): LeaseAttempt => {
    const row = readLease(db, name);
    if (row && heldByOther(row, holder, now)) return { busy: { pid: row.pid, host: row.host, since: row.since } };
    if (row?.holder === holder) {
      sql(db, 'UPDATE delivery_leases SET expires_at = ? WHERE name = ?').run(now + ttlMs, name);
      return { lease: { name, fence: row.fence } };
    }
    const fence = (row?.fence ?? 0) + 1;
    sql(
      db,
      `INSERT INTO delivery_leases (name, holder, pid, host, since, expires_at, fence) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
         since = excluded.since, expires_at = excluded.expires_at, fence = excluded.fence`,
    ).run(name, holder, process.pid, hostname(), now, now + ttlMs, fence);
    return { lease: { name, fence } };
  });
}

/**
 * Renews the lease if this holder still has it (same holder, same fence): one indexed write, meant to run
 * inside the write transaction that counts an attempt. False: another process took it; send nothing.
 */
export function stillHeld(db: Db, lease: Lease, holder: string, ttlMs: number, now = Date.now()): boolean {
  return sql(db, 'UPDATE delivery_leases SET expires_at = ? WHERE name = ? AND holder = ? AND fence = ?').run(now + ttlMs, lease.name, holder, lease.fence).changes === 1;
}

/** Gives the lease up (kept as a row, so the fence goes on growing). */
export function releaseLease(db: Db, lease: Lease, holder: string): void {
  sql(db, 'UPDATE delivery_leases SET expires_at = 0 WHERE name = ? AND holder = ? AND fence = ?').run(lease.name, holder, lease.fence);
}

/** Who holds the lease now, other than `holder` (null: nobody else, or a holder that is gone or expired). */
export function otherHolder(db: Db, name: string, holder: string, now = Date.now()): LeaseHolder | null {
  const row = readLease(db, name);
  return row && heldByOther(row, holder, now) ? { pid: row.pid, host: row.host, since: row.since } : null;
}

/** Every lease a live holder other than `holder` has now (the scheduler's, a connector's): a restore waits for them. */
export function leasesHeldByOthers(db: Db, holder: string, now = Date.now()): Array<LeaseHolder & { name: string }> {
  const rows = sql(db, 'SELECT name, holder, pid, host, since, expires_at, fence FROM delivery_leases WHERE expires_at > ?').all(now) as Array<LeaseRow & { name: string }>;
  return rows.filter((row) => heldByOther(row, holder, now)).map(({ name, pid, host, since }) => ({ name, pid, host, since }));
}

/** A holder as a message's values (the `holder` message, and the flush lines that quote it). */
export const holderValues = (h: LeaseHolder) => ({ pid: h.pid, host: h.host, since: h.since });

/** "process 4242 on laptop-7 (since 2026-03-10 10:00:00 CET)" */
export const describeHolder = (h: LeaseHolder) => said('holder', holderValues(h)).text;

/** What a scheduler that stands by says (run, serve, the app). */
export const standbySentence = (h: LeaseHolder) =>
  `Another scheduler runs on this data folder: ${describeHolder(h)}. This one stands by and takes over when it stops.`;
