/**
 * Delivery: from pending changes to acknowledged ones. The engine wires it as
 *   engine.delivery  = new Delivery(deliveryDepsOf(engine))
 *   engine.scheduler = new Scheduler(engine.delivery)
 * and calls:
 *   delivery.flush(connectorOrId, { manual: true })  → FlushReport      (flush([...]) / flushAll() → FlushReport[])
 *   delivery.preview(connectorOrId)                  → PayloadPreview
 *   delivery.retryFailed(uuid)                       → { requeued }
 *   delivery.log({ limit, beforeId, afterId, connectorId }) → BatchEventView[]
 *   delivery.queueStatus()                           → QueueView[]
 *   delivery.pause(ref) / resume(ref)                → the connector, fresh
 *   delivery.notifyPending(connectorId)              after an import: a full batch goes at once
 *   scheduler.start() / wake() / pause() / resume() / stop({ deadlineMs })
 * Across processes on one data folder, lease.ts keeps one sender per connector and one running scheduler.
 */
import type { Db } from '../db/open';
import type { EngineEvent } from '../../../shared/api';
import type { ConnectorStore, DeliveryDeps } from './types';

export { Delivery, type FlushOptions } from './delivery';
export { Scheduler, type SchedulerListeners, type SchedulerOptions } from './scheduler';
export { nextDueAt } from './due';
export type { ConnectorStore, DeliveryConnector, DeliveryDeps, BackoffPolicy } from './types';
export { redact, displayUrl } from './redact';
export { describeHolder, standbySentence, type LeaseHolder } from './lease';
export { payloadSchemaErrors } from './schema';

/** The engine facade's parts that delivery uses (structural, so this module does not depend on engine.ts). */
interface DeliveryHost {
  db: Db;
  now?: () => number;
  emit?: (event: EngineEvent) => void;
  connectors: ConnectorStore & { token(record: never): string | Promise<string> };
}

/** The deps of an engine's Delivery: its clock, its event stream, its connectors store and secret store. */
export function deliveryDepsOf(engine: DeliveryHost): DeliveryDeps {
  const store = engine.connectors;
  return {
    db: engine.db,
    now: engine.now,
    emit: (event) => engine.emit?.(event),
    token: (connector) => store.token(store.byId(connector.id) as never),
    connectors: store,
    leaseTtlMs: leaseTtlFromEnv(),
  };
}

/** CANOPY_LEASE_TTL_MS shortens the sender's lease (the tests pause a process past it); at least 1 s. */
function leaseTtlFromEnv(): number | undefined {
  const value = Number(process.env.CANOPY_LEASE_TTL_MS);
  return Number.isInteger(value) && value >= 1000 ? value : undefined;
}
