/**
 * The identifier column: which header it is, and how each of its values becomes the customerId sent.
 */
import crypto from 'node:crypto';
import type { IdentifierType } from '../../../shared/model';

/** Header names compared without case, blanks or punctuation: "E-mailadres" → "emailadres". */
export const normaliseHeader = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

const EMAIL_HEADERS = ['email', 'emailaddress', 'emailadres', 'mail', 'mailadres', 'hashedemail', 'emailhash', 'emailsha256'];
const CUSTOMER_ID_HEADERS = ['customerid', 'klantnummer', 'klantid', 'clangid', 'id'];
const PARTNER_HEADERS: Record<IdentifierType, string> = { 'hashed-email': '1022', 'customer-id': '1020' };

/**
 * The header that holds the identifier, or null. Candidates that fit the connector's identifier type come
 * first (an email column for Hashed Email, a customer id for Customer ID), then the partner-number column;
 * without a type, email columns are preferred over id columns. Never the other type's column when a type
 * is given: emails sent as CLANG_IDs would match nobody.
 */
export function detectIdColumn(headers: string[], identifierType?: IdentifierType): string | null {
  const normalised = headers.map(normaliseHeader);
  const find = (names: string[]) => {
    for (const name of names) {
      const index = normalised.indexOf(name);
      if (index >= 0) return headers[index];
    }
    return null;
  };
  if (identifierType === 'hashed-email') return find(EMAIL_HEADERS) ?? find([PARTNER_HEADERS['hashed-email']]);
  if (identifierType === 'customer-id') return find(CUSTOMER_ID_HEADERS) ?? find([PARTNER_HEADERS['customer-id']]);
  return find(EMAIL_HEADERS) ?? find(CUSTOMER_ID_HEADERS) ?? find(['1022', '1020']);
}

const ACTION_HEADERS = ['action', 'actie', 'status', 'change', 'operation', 'mutatie', 'mutation'];

export function detectActionColumn(headers: string[]): string | null {
  const normalised = headers.map(normaliseHeader);
  for (const name of ACTION_HEADERS) {
    const index = normalised.indexOf(name);
    if (index >= 0) return headers[index];
  }
  return null;
}

const ACTIONS: Record<string, 'upsert' | 'remove'> = {
  add: 'upsert',
  update: 'upsert',
  enter: 'upsert',
  insert: 'upsert',
  new: 'upsert',
  modified: 'upsert',
  upsert: 'upsert',
  remove: 'remove',
  exit: 'remove',
  delete: 'remove',
  removed: 'remove',
};

/** add / update / enter (and insert / new / modified) → upsert; remove / exit / delete (/ removed) → remove. */
export function parseAction(raw: string): 'upsert' | 'remove' | null {
  return ACTIONS[raw.trim().toLowerCase()] ?? null;
}

export type IdentifierResult = { id: string } | { reason: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
/** Anything outside printable ASCII may need NFC normalising; plain ASCII never does. */
const NEEDS_NFC = /[^\x20-\x7e]/;

const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Hashed Email: trim, Unicode NFC, lowercase, SHA-256, lowercase hex. A value that already is 64 hex
 * characters is a hash and is only lowercased.
 */
export function hashedEmail(raw: string): IdentifierResult {
  const trimmed = raw.trim();
  if (trimmed === '') return { reason: 'empty email' };
  if (trimmed.length === 64 && SHA256_HEX.test(trimmed)) return { id: trimmed.toLowerCase() };
  const email = (NEEDS_NFC.test(trimmed) ? trimmed.normalize('NFC') : trimmed).toLowerCase();
  if (!EMAIL.test(email)) return { reason: `not an email address: ${JSON.stringify(shorten(trimmed))}` };
  return { id: sha256Hex(email) };
}

export function customerId(raw: string): IdentifierResult {
  const id = raw.trim();
  return id === '' ? { reason: 'empty customer id' } : { id };
}

export const identifierNormaliser = (type: IdentifierType) => (type === 'hashed-email' ? hashedEmail : customerId);

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
