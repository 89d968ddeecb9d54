/**
 * The error contract, once: the codes an engine error may carry, the shape every transport sends
 * (IPC, the console's HTTP, the CLI's stderr sentence), the HTTP status each code answers with, and the
 * envelope the desktop preload hands the screens. Each transport imports this file; none keeps its own list.
 */
import { z } from 'zod';
import { messageSchema } from './messages';

/**
 * The code of a snapshot refused because it would remove too many members (issue 9); its details are
 * { removed, members, percent }. The Import screen asks for a confirmation and re-runs with allowRemovals.
 */
export const REMOVALS_NEED_CONFIRMATION = 'removals-need-confirmation';

/**
 * Every error code, with the HTTP status the console answers it with. 'failed' is a refusal in words (a wrong
 * file, a bad option): the caller's to fix, so 4xx. Only 'unexpected' (a bug, never a sentence we wrote) is a 500.
 */
export const HTTP_STATUS_OF_CODE = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  failed: 422,
  [REMOVALS_NEED_CONFIRMATION]: 409,
  unexpected: 500,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof HTTP_STATUS_OF_CODE;

/** Every error code a transport may carry, as a tuple for zod. */
export const API_ERROR_CODES = Object.keys(HTTP_STATUS_OF_CODE) as [ApiErrorCode, ...ApiErrorCode[]];

/** An error that reached the caller across a transport: a sentence for a person, and where it came from. */
export const apiErrorSchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  /** Per-field sentences (zod paths such as "patch.batchSize"), for inline validation. */
  issues: z.array(z.object({ path: z.string(), message: z.string(), sentence: messageSchema.optional() })).optional(),
  /** Figures a screen needs to act on the error (a confirmation showing the numbers, say). */
  details: z.record(z.string(), z.number()).optional(),
  /** The same sentence as a code and its values (shared/messages.ts), for the screens to word in their language. */
  sentence: messageSchema.optional(),
});

export type ApiErrorShape = z.infer<typeof apiErrorSchema>;

/** What a call across the desktop bridge resolves to: never a thrown Error, whose message is all that survives. */
export type ApiEnvelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

export const apiEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);

/** The envelope's error body as the console sends it: `{ "error": { code, message, … } }`. */
export const httpErrorBodySchema = z.object({ error: apiErrorSchema });

/** Only the fields of the contract, whatever else the value carries (an Error's stack, a class's name). */
export function errorShapeOf(error: ApiErrorShape): ApiErrorShape {
  return {
    code: error.code,
    message: error.message,
    ...(error.issues ? { issues: error.issues } : {}),
    ...(error.details ? { details: error.details } : {}),
    ...(error.sentence ? { sentence: error.sentence } : {}),
  };
}
