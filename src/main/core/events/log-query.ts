import { hashedEmail } from '../imports/identifiers';

/**
 * What one search box in the log means. Every reading that fits is searched and the matches are combined, so
 * "200" finds HTTP 200 attempts and a customer whose id is 200 alike:
 * - a batch uuid (whole) → the attempts of that batch;
 * - an HTTP status (100–599, optionally "HTTP 401") → attempts answered with it;
 * - a customer: the text as a customer id, and an email also as its Hashed Email → the attempts of every batch
 *   that carried that customer;
 * - text of 3 characters or more → events whose connector name, meaning or response contains it (any case).
 */
export interface LogQuery {
  batchUuid: string | null;
  httpStatus: number | null;
  customerIds: string[];
  /** An FTS5 phrase for the trigram index, or null when the text is too short to be indexed. */
  textPhrase: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS = /^(?:http\s*)?([1-5]\d\d)$/i;
/** The trigram tokenizer indexes runs of 3 characters: shorter text cannot use the index. */
export const MIN_TEXT_LENGTH = 3;

export function parseLogQuery(raw: string): LogQuery {
  const text = raw.trim();
  const status = STATUS.exec(text);
  const hashed = text.includes('@') ? hashedEmail(text) : null;
  const customerIds = [...new Set([text, ...(hashed && 'id' in hashed ? [hashed.id] : [])])].filter((id) => id !== '');
  return {
    batchUuid: UUID.test(text) ? text.toLowerCase() : null,
    httpStatus: status ? Number(status[1]) : null,
    customerIds,
    // A phrase in double quotes (quotes doubled inside) is matched literally: no FTS5 operators from the user.
    textPhrase: [...text].length >= MIN_TEXT_LENGTH ? `"${text.replaceAll('"', '""')}"` : null,
  };
}
