/**
 * The API's method names as a plain list, for the sandboxed preload: it may not load zod (a sandboxed preload
 * can require only 'electron' and a few polyfills), so it cannot use API_METHODS from src/shared/api.ts,
 * which is built from the zod schemas. The Record type makes the compiler refuse a missing or extra name.
 */
import type { ApiMethod } from '../shared/api';

const methods: Record<ApiMethod, true> = {
  'app.info': true,
  'connectors.list': true,
  'connectors.create': true,
  'connectors.update': true,
  'connectors.remove': true,
  'connectors.splitUrl': true,
  'connectors.pause': true,
  'connectors.resume': true,
  'segments.add': true,
  'segments.remove': true,
  'segments.setRemovalGuard': true,
  'imports.inspect': true,
  'imports.run': true,
  'imports.cancel': true,
  'queue.status': true,
  'queue.pending': true,
  'queue.flush': true,
  'queue.retryFailed': true,
  'preview.next': true,
  'log.list': true,
  'trace.find': true,
  'imports.rejects': true,
  'backups.list': true,
  'backups.create': true,
  'watches.list': true,
  'watches.add': true,
  'watches.remove': true,
  'schedule.describe': true,
  'segments.export': true,
  'queue.release': true,
  'profiles.forget': true,
  'profiles.erasures': true,
  'imports.undo': true,
  'segments.history': true,
  'segments.adopt': true,
  'backups.restore': true,
  'retention.get': true,
  'retention.set': true,
};

export const PRELOAD_API_METHODS = Object.keys(methods) as ApiMethod[];
