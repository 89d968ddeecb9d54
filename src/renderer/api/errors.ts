import { apiEnvelopeSchema, apiErrorSchema, errorShapeOf, type ApiErrorShape } from '../../shared/errors';
import { messageSchema } from '../../shared/messages';

/** An engine error as the screens see it, whatever transport carried it. */
export class ApiError extends Error implements ApiErrorShape {
  readonly code: ApiErrorShape['code'];
  readonly issues?: ApiErrorShape['issues'];
  readonly details?: ApiErrorShape['details'];
  readonly sentence?: ApiErrorShape['sentence'];

  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    if (shape.issues) this.issues = shape.issues;
    if (shape.details) this.details = shape.details;
    // From another process: kept only in the shape the screens can word (else the English message serves).
    const sentence = messageSchema.safeParse(shape.sentence);
    if (sentence.success) this.sentence = sentence.data;
  }
}

/**
 * The value of a desktop bridge reply, or its error thrown as an ApiError. The reply is checked against the
 * contract: a reply that is not an envelope is a bug between main and the page, said as such.
 */
export function unwrapEnvelope<T>(reply: unknown, method: string): T {
  const envelope = apiEnvelopeSchema.safeParse(reply);
  if (!envelope.success) throw new ApiError({ code: 'unexpected', message: `The desktop app's answer to ${method} is not an API reply.` });
  if (!envelope.data.ok) throw new ApiError(envelope.data.error);
  return envelope.data.value as T;
}

/** Turns anything a call threw into an ApiErrorShape: an engine error as it came, anything else as unexpected. */
export function toApiErrorShape(error: unknown): ApiErrorShape {
  const shape = apiErrorSchema.safeParse(error instanceof ApiError ? errorShapeOf(error) : error);
  if (shape.success) return errorShapeOf(shape.data);
  return { code: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}

/** The message of one field (zod path, e.g. "batchSize" or "patch.batchSize"), if the engine named it. */
export function issueFor(error: ApiErrorShape | null | undefined, field: string): string | undefined {
  return error?.issues?.find((i) => i.path === field || i.path.endsWith(`.${field}`))?.message;
}
