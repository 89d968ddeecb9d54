import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import payloadSchema from '../../../shared/payload.schema.json';

// Compiled on first use, not at load: compiling takes ~70 ms, which every CLI command would pay at start-up.
let validate: ValidateFunction | null = null;

/** Checks a request body against src/shared/payload.schema.json; returns one readable line per problem. */
export function payloadSchemaErrors(body: unknown): string[] {
  validate ??= new Ajv2020({ allErrors: true, strict: false }).compile(payloadSchema);
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 50).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`.trim());
}
