import { z } from 'zod';
import { apiInputs, type ApiErrorShape, type ApiMethod, type ApiOutputs, type ApiParsedInput, type FlushReport } from '../../shared/api';
import type { Engine } from './engine';
import { UserError } from './errors';
import { errorShapeOf } from '../../shared/errors';
import { inWords } from './db/errors';
import { invalidInput } from './connectors/connectors';
import { splitWebhookUrl, takeTokenOut } from './connectors/webhook-url';
import { pendingSummary } from './reconcile/pending';
import { traceProfile } from './reconcile/trace';
import { inspectFile } from './imports/inspect';
import { APP_VERSION, dataFiles } from './paths';
import type { ConnectorPatch, ConnectorSaved } from '../../shared/model';
import { said } from '../../shared/messages';
import { backupTo, listBackups, manualBackupFile } from './maintenance/backup';
import { readRejectsPage } from './imports/rejects-page';
import { describeSchedule } from './connectors/schedule';
import { exportSegment } from './reconcile/export-segment';
import { forgetProfile, listErasures } from './privacy/forget';
import { adoptSegment, segmentHistory, undoImport } from './reconcile/segment-history';
import { heldNotes, heldSegments, heldThroughImport, releaseForReview } from './connectors/hold';
import { retentionView, setRetentionPolicy } from './maintenance/retention';

/** Every API method, taking unvalidated input (it crossed a process boundary) and returning its output. */
export type Handlers = { [M in ApiMethod]: (input: unknown) => Promise<ApiOutputs[M]> };

type Implementations = { [M in ApiMethod]: (engine: Engine, input: ApiParsedInput<M>) => ApiOutputs[M] | Promise<ApiOutputs[M]> };

const implementations: Implementations = {
  'app.info': (engine) => ({
    version: APP_VERSION,
    dataDir: engine.dataDir,
    secretsWarning: engine.secrets.protectionWarning,
    schedulerRunning: engine.scheduler.isRunning && !engine.scheduler.isPaused,
  }),
  'connectors.list': (engine) => engine.connectors.list().map((c) => engine.connectors.view(c)),
  'connectors.create': (engine, input) => engine.connectors.create(input),
  'connectors.update': (engine, { connector, patch }) => updateConnector(engine, connector, patch),
  'connectors.remove': async (engine, { connector }) => {
    const name = engine.connectors.get(connector).name;
    await engine.connectors.remove(name);
    return { removed: name };
  },
  'connectors.splitUrl': (_engine, { url }) => {
    try {
      const { endpoint, token, notice } = splitWebhookUrl(url);
      return { endpoint, token, notice, error: null };
    } catch (error) {
      // Refused, yet its token must not stay in the Endpoint field: hand it over for the masked Token field.
      const { rest, token } = takeTokenOut(url);
      return { endpoint: rest, token, notice: null, error: (error as Error).message };
    }
  },
  'connectors.pause': (engine, { connector }) => engine.connectors.view(engine.connectors.byId(engine.delivery.pause(engine.connectors.get(connector)).id)),
  'connectors.resume': (engine, { connector }) => engine.connectors.view(engine.connectors.byId(engine.delivery.resume(engine.connectors.get(connector)).id)),
  'segments.add': (engine, { connector, segment }) => {
    const record = engine.connectors.get(connector);
    engine.connectors.ensureSegment(record, segment);
    return engine.connectors.view(record);
  },
  'segments.remove': (engine, { connector, segment }) => {
    const record = engine.connectors.get(connector);
    engine.connectors.removeSegment(record, segment);
    return engine.connectors.view(record);
  },
  'segments.setRemovalGuard': (engine, { connector, segment, percent }) => {
    const record = engine.connectors.get(connector);
    engine.connectors.setRemovalGuard(record, segment, percent);
    return engine.connectors.view(record);
  },
  'imports.inspect': (engine, { file, connector, idColumn, mode, encoding, dateOrder }) =>
    inspectFile(file, { identifierType: connector ? engine.connectors.get(connector).identifierType : undefined, idColumn, mode, encoding, dateOrder }),
  'imports.run': (engine, input) => engine.importFile(input),
  'imports.cancel': (engine, { jobId }) => ({ cancelled: engine.cancelImport(jobId) }),
  'queue.status': (engine) => engine.delivery.queueStatus(),
  'queue.pending': (engine) => pendingSummary(engine.db),
  'queue.flush': async (engine, { connector }) =>
    connector ? [await engine.delivery.flush(engine.connectors.get(connector).id, { manual: true }) as FlushReport] : engine.delivery.flushAll({ manual: true }),
  'queue.retryFailed': (engine, { batchUuid }) => engine.delivery.retryFailed(batchUuid),
  'preview.next': (engine, { connector }) => {
    const record = engine.connectors.get(connector);
    const notes = heldNotes(engine.db, record);
    return {
      ...engine.delivery.preview(record),
      heldForReview: notes.map((n) => n.text),
      heldForReviewMessages: notes.map((n) => n.message),
      heldThroughImport: heldThroughImport(heldSegments(engine.db, record.id)),
    };
  },
  'log.list': (engine, { limit, beforeId, connector, query }) =>
    engine.delivery.log({ limit, beforeId, connectorId: connector ? engine.connectors.get(connector).id : undefined, query }),
  'trace.find': (engine, { query }) => traceProfile(engine.db, query),
  'imports.rejects': (engine, input) => readRejectsPage(dataFiles(engine.dataDir).rejects, input),
  'backups.list': (engine) => listBackups(engine.dataDir),
  'backups.create': (engine) => backupTo(engine.db, manualBackupFile(engine.dataDir, engine.now())),
  'watches.list': (engine) => engine.watches.list(),
  'watches.add': (engine, input) => engine.watches.add(input),
  'watches.remove': (engine, ref) => engine.watches.remove(ref),
  'schedule.describe': (engine, { cron, count }) => describeSchedule(cron, engine.now(), count),
  'segments.export': (engine, input) => exportSegment(engine, input),
  'queue.release': (engine, { connector, throughImport }) => releaseForReview(engine.delivery, engine.connectors.get(connector), throughImport),
  'profiles.forget': (engine, input) => {
    const result = forgetProfile(engine, input);
    if (!input.dryRun) engine.connectors.list().forEach((c) => engine.delivery.notifyPending(c.id));
    return result;
  },
  'profiles.erasures': (engine) => listErasures(engine.db),
  'imports.undo': (engine, input) => undoImport(engine, input),
  'segments.history': (engine, input) => segmentHistory(engine, input),
  'segments.adopt': (engine, input) => adoptSegment(engine, input),
  'backups.restore': (engine, { name }) => engine.restoreBackup(name),
  'retention.get': (engine) => retentionView(engine.db, engine.now()),
  'retention.set': (engine, policy) => {
    setRetentionPolicy(engine.db, policy);
    return retentionView(engine.db, engine.now());
  },
};

/**
 * Changes what the patch names. A halt (401/403, or an endpoint that refuses webhooks) was about the token or
 * the endpoint: a new one resumes the connector through delivery (logged, and the scheduler looks again).
 */
async function updateConnector(engine: Engine, name: string, patch: ConnectorPatch): Promise<ConnectorSaved> {
  const before = engine.connectors.get(name);
  const { connector, notices, noticeMessages, tokenChanged, endpointChanged } = await engine.connectors.update(name, patch);
  if (before.state !== 'halted' || !(tokenChanged || endpointChanged)) return { connector, notices, noticeMessages };
  // Every halt the engine makes has a reason; one without (an old row) is told in English alone.
  const lifted = before.stateReason
    ? said(tokenChanged ? 'haltLiftedByToken' : 'haltLiftedByEndpoint', { connector: connector.name, reason: before.stateReason.split(':')[0] })
    : { text: `The ${tokenChanged ? 'token' : 'endpoint'} changed: "${connector.name}" was halted and sends again.`, message: null };
  engine.delivery.resume(connector.id, lifted.text);
  const view = engine.connectors.view(engine.connectors.byId(connector.id));
  return { connector: view, notices: [...notices, lifted.text], noticeMessages: [...(noticeMessages ?? []), lifted.message] };
}

/** The handler map every transport (IPC, the console's HTTP, the CLI, tests) calls: input validated first. */
export function createHandlers(engine: Engine): Handlers {
  const handlers = {} as Record<ApiMethod, (input: unknown) => Promise<unknown>>;
  for (const method of Object.keys(implementations) as ApiMethod[]) {
    const schema = apiInputs[method] as z.ZodType;
    const implementation = implementations[method] as (engine: Engine, input: unknown) => unknown;
    handlers[method] = async (input: unknown) => {
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) throw invalidInput(parsed.error);
      try {
        // A call that arrives while a backup is being put in place runs on the restored database.
        if (engine.restoring) await engine.restoring;
        return await implementation(engine, parsed.data);
      } catch (error) {
        throw inWords(error, engine.dataDir);
      }
    };
  }
  return handlers as Handlers;
}

/** What a transport sends back for an error: the sentence for a person; never a stack or a token. */
export function toApiError(error: unknown): ApiErrorShape {
  if (error instanceof UserError) return errorShapeOf(error);
  if (error instanceof z.ZodError) return toApiError(invalidInput(error));
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Unexpected error: ${message}`, code: 'unexpected' };
}
