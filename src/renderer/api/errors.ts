import { API_ERROR_CODES, type ApiErrorShape } from '../../shared/api';
import { messageSchema } from '../../shared/messages';

const CODES: readonly ApiErrorShape['code'][] = API_ERROR_CODES;

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

function isErrorShape(value: unknown): value is ApiErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ApiErrorShape>;
  return typeof v.message === 'string' && CODES.includes(v.code as ApiErrorShape['code']);
}

/**
 * Turns anything a transport threw into an ApiErrorShape. Electron's IPC only keeps an error's message
 * ("Error invoking remote method 'x': Error: {...}"), so a JSON shape inside the message is recovered too.
 */
export function toApiErrorShape(error: unknown): ApiErrorShape {
  if (isErrorShape(error)) {
    return {
      message: error.message,
      code: error.code,
      ...(error.issues ? { issues: error.issues } : {}),
      ...(error.details ? { details: error.details } : {}),
      ...(error.sentence ? { sentence: error.sentence } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const json = message.indexOf('{');
  if (json >= 0) {
    try {
      const parsed: unknown = JSON.parse(message.slice(json));
      if (isErrorShape(parsed)) return parsed;
    } catch {
      // not JSON: use the text as it is
    }
  }
  return { message: message.replace(/^Error invoking remote method '[^']+': (Error: )?/, ''), code: 'failed' };
}

/** The message of one field (zod path, e.g. "batchSize" or "patch.batchSize"), if the engine named it. */
export function issueFor(error: ApiErrorShape | null | undefined, field: string): string | undefined {
  return error?.issues?.find((i) => i.path === field || i.path.endsWith(`.${field}`))?.message;
}
