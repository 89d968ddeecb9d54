/**
 * Messages between Electron's main process and the engine's utility process (structured-cloned over the
 * utility process's parent port). Main-only: the renderer never sees these; it sees `window.api`.
 *
 *   main → engine: init (once, first) · request · secret-result · wake · shutdown
 *   engine → main: ready | fatal (answer to init) · response · event · secret
 *
 * The engine keeps tokens in main's safeStorage (it exists only in main), so it asks with `secret` messages.
 */
import { z } from 'zod';
import { messageSchema } from '../shared/messages';
import { API_ERROR_CODES, type ApiErrorShape, type ApiMethod, type EngineEvent } from '../shared/api';

const id = z.number().int().nonnegative();

/** On `shutdown`, how long a flush in progress may finish its request (main waits a little longer, then kills). */
export const SHUTDOWN_DEADLINE_MS = 4_000;

const apiErrorSchema = z.object({
  message: z.string(),
  code: z.enum(API_ERROR_CODES),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  details: z.record(z.string(), z.number()).optional(),
  sentence: messageSchema.optional(),
});

// ---- main → engine ----

export const initMessageSchema = z.object({
  kind: z.literal('init'),
  dataDir: z.string().min(1),
  /** The secret store's warning for the operator (e.g. Linux basic_text), shown with connector notices. */
  protectionWarning: z.string().nullable(),
  /** better-sqlite3's native module built for Electron (a checkout's .electron-native); absent: the installed one. */
  nativeBinding: z.string().min(1).optional(),
});

export const requestMessageSchema = z.object({
  kind: z.literal('request'),
  id,
  method: z.string().min(1),
  input: z.unknown(),
});

export const secretResultMessageSchema = z.discriminatedUnion('ok', [
  z.object({ kind: z.literal('secret-result'), id, ok: z.literal(true), value: z.string().nullable() }),
  z.object({ kind: z.literal('secret-result'), id, ok: z.literal(false), message: z.string() }),
]);

/** After resume from sleep: let the scheduler run the flushes that fell due while the machine slept. */
export const wakeMessageSchema = z.object({ kind: z.literal('wake') });
export const shutdownMessageSchema = z.object({ kind: z.literal('shutdown') });

export const mainToEngineSchema = z.union([
  initMessageSchema,
  requestMessageSchema,
  secretResultMessageSchema,
  wakeMessageSchema,
  shutdownMessageSchema,
]);
export type MainToEngine = z.infer<typeof mainToEngineSchema>;

// ---- engine → main ----

export const readyMessageSchema = z.object({ kind: z.literal('ready') });
/** The engine could not start (a database from a newer version, a native module built for another runtime). */
export const fatalMessageSchema = z.object({ kind: z.literal('fatal'), message: z.string() });

export const responseMessageSchema = z.discriminatedUnion('ok', [
  z.object({ kind: z.literal('response'), id, ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('response'), id, ok: z.literal(false), error: apiErrorSchema }),
]);

const engineEventTypes = ['batch', 'queue', 'import-progress', 'connector', 'watch'] as const satisfies ReadonlyArray<EngineEvent['type']>;
/** The envelope is checked; the event's body is the engine's own (typed in src/shared/api.ts). */
export const eventMessageSchema = z.object({
  kind: z.literal('event'),
  event: z.looseObject({ type: z.enum(engineEventTypes) }),
});

export const secretOpSchema = z.enum(['get', 'set', 'delete']);
export const secretMessageSchema = z.object({
  kind: z.literal('secret'),
  id,
  op: secretOpSchema,
  ref: z.string().min(1),
  secret: z.string().optional(),
});

export const engineToMainSchema = z.union([
  readyMessageSchema,
  fatalMessageSchema,
  responseMessageSchema,
  eventMessageSchema,
  secretMessageSchema,
]);

// The inferred types are widened where zod cannot know our own types (results, events, method names).
export type RequestMessage = z.infer<typeof requestMessageSchema> & { method: ApiMethod };
export type ResponseMessage =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: ApiErrorShape };
export type EventMessage = { kind: 'event'; event: EngineEvent };
export type SecretMessage = z.infer<typeof secretMessageSchema>;
export type SecretResultMessage = z.infer<typeof secretResultMessageSchema>;
export type EngineToMain = z.infer<typeof readyMessageSchema> | z.infer<typeof fatalMessageSchema> | ResponseMessage | EventMessage | SecretMessage;

/** Parses a message from main, or null when it is not one (logged by the caller, never acted on). */
export function parseMainToEngine(message: unknown): MainToEngine | null {
  const parsed = mainToEngineSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}

export function parseEngineToMain(message: unknown): EngineToMain | null {
  const parsed = engineToMainSchema.safeParse(message);
  return parsed.success ? (parsed.data as EngineToMain) : null;
}

/** The reply the preload unwraps: what crosses `ipcRenderer.invoke('api', …)`. */
export type ApiEnvelope = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };
