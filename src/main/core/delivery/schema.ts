import Ajv2020 from 'ajv/dist/2020';
import payloadSchema from '../../../shared/payload.schema.json';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(payloadSchema);

/** Checks a request body against src/shared/payload.schema.json; returns one readable line per problem. */
export function payloadSchemaErrors(body: unknown): string[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 50).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`.trim());
}
