import { z } from 'zod';
import { apiInputs, type ApiErrorShape, type ApiMethod, type ApiOutputs, type ApiParsedInput, type FlushReport } from '../../shared/api';
import type { Engine } from './engine';
import { UserError } from './errors';
import { invalidInput } from './connectors/connectors';
import { splitWebhookUrl } from './connectors/webhook-url';
import { pendingSummary } from './reconcile/pending';
import { traceProfile } from './reconcile/trace';
import { inspectFile } from './imports/inspect';
import { APP_VERSION } from './paths';

/** Every API method, taking unvalidated input (it crossed a process boundary) and returning its output. */
export type Handlers = { [M in ApiMethod]: (input: unknown) => Promise<ApiOutputs[M]> };

type Implementations = { [M in ApiMethod]: (engine: Engine, input: ApiParsedInput<M>) => ApiOutputs[M] | Promise<ApiOutputs[M]> };

const implementations: Implementations = {
  'app.info': (engine) => ({ version: APP_VERSION, dataDir: engine.dataDir, secretsWarning: engine.secrets.protectionWarning }),
  'connectors.list': (engine) => engine.connectors.list().map((c) => engine.connectors.view(c)),
  'connectors.create': (engine, input) => engine.connectors.create(input),
  'connectors.update': (engine, { connector, patch }) => engine.connectors.update(connector, patch),
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
      return { endpoint: url, token: null, notice: null, error: (error as Error).message };
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
  'imports.inspect': (engine, { file, connector, idColumn, mode }) =>
    inspectFile(file, { identifierType: connector ? engine.connectors.get(connector).identifierType : undefined, idColumn, mode }),
  'imports.run': (engine, input) => engine.importFile(input),
  'imports.cancel': (engine, { jobId }) => ({ cancelled: engine.cancelImport(jobId) }),
  'queue.status': (engine) => engine.delivery.queueStatus(),
  'queue.pending': (engine) => pendingSummary(engine.db),
  'queue.flush': async (engine, { connector }) =>
    connector ? [await engine.delivery.flush(engine.connectors.get(connector).id, { manual: true }) as FlushReport] : engine.delivery.flushAll({ manual: true }),
  'queue.retryFailed': (engine, { batchUuid }) => engine.delivery.retryFailed(batchUuid),
  'preview.next': (engine, { connector }) => engine.delivery.preview(engine.connectors.get(connector)),
  'log.list': (engine, { limit, beforeId, connector, query }) =>
    engine.delivery.log({ limit, beforeId, connectorId: connector ? engine.connectors.get(connector).id : undefined, query }),
  'trace.find': (engine, { query }) => traceProfile(engine.db, query),
};

/** The handler map every transport (IPC, the console's HTTP, the CLI, tests) calls: input validated first. */
export function createHandlers(engine: Engine): Handlers {
  const handlers = {} as Record<ApiMethod, (input: unknown) => Promise<unknown>>;
  for (const method of Object.keys(implementations) as ApiMethod[]) {
    const schema = apiInputs[method] as z.ZodType;
    const implementation = implementations[method] as (engine: Engine, input: unknown) => unknown;
    handlers[method] = async (input: unknown) => {
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) throw invalidInput(parsed.error);
      return implementation(engine, parsed.data);
    };
  }
  return handlers as Handlers;
}

/** What a transport sends back for an error: the sentence for a person; never a stack or a token. */
export function toApiError(error: unknown): ApiErrorShape {
  if (error instanceof UserError) return { message: error.message, code: error.code, ...(error.issues ? { issues: error.issues } : {}) };
  if (error instanceof z.ZodError) return toApiError(invalidInput(error));
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Unexpected error: ${message}`, code: 'failed' };
}
