import i18n from 'i18next';
import {
  IDENTIFIER_INFO,
  LIMITS,
  connectorInputSchema,
  type AuthMode,
  type ConnectorInput,
  type ConnectorPatch,
  type ConnectorView,
  type IdentifierType,
} from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';
import { fieldIssueMessage } from '../../../shared/messages';
import { wordMessage, wordValue } from '../../i18n/say';

/** What the connector form holds: text as typed, numbers as NumberInput gives them ('' when empty). */
export interface ConnectorFormValues {
  name: string;
  endpoint: string;
  token: string;
  identifierType: IdentifierType;
  partnerNumber: number | string;
  /** Once the operator typed a partner number, switching the identifier type no longer replaces it. */
  partnerCustom: boolean;
  batchSize: number | string;
  flushIntervalMinutes: number | string;
  noDailyLimit: boolean;
  dailyLimit: number | string;
  authMode: AuthMode;
  /** Fixed send times as a cron expression; empty: every flush interval. */
  cron: string;
  holdForReview: boolean;
}

export type FormField = 'name' | 'endpoint' | 'token' | 'partnerNumber' | 'batchSize' | 'flushIntervalMinutes' | 'dailyLimit' | 'form' | 'cron';
export type FormErrors = Partial<Record<FormField, string>>;

export const emptyForm = (): ConnectorFormValues => ({
  name: '',
  endpoint: '',
  token: '',
  identifierType: 'customer-id',
  partnerNumber: IDENTIFIER_INFO['customer-id'].partner,
  partnerCustom: false,
  batchSize: LIMITS.defaultBatchSize,
  flushIntervalMinutes: LIMITS.defaultIntervalMinutes,
  noDailyLimit: false,
  dailyLimit: LIMITS.defaultDailyLimit,
  authMode: 'query',
  cron: '',
  holdForReview: false,
});

export const formFromConnector = (c: ConnectorView): ConnectorFormValues => ({
  name: c.name,
  endpoint: c.endpoint,
  token: '',
  identifierType: c.identifierType,
  partnerNumber: c.partnerNumber,
  partnerCustom: c.partnerNumber !== IDENTIFIER_INFO[c.identifierType].partner,
  batchSize: c.batchSize,
  flushIntervalMinutes: c.flushIntervalMinutes,
  noDailyLimit: c.dailyLimit === 0,
  dailyLimit: c.dailyLimit === 0 ? LIMITS.defaultDailyLimit : c.dailyLimit,
  authMode: c.authMode,
  cron: c.cron ?? '',
  holdForReview: c.holdForReview,
});

/** Switching Customer ID / Hashed Email moves the partner number to 1020 / 1022 unless the operator set their own. */
export function withIdentifierType(values: ConnectorFormValues, identifierType: IdentifierType): ConnectorFormValues {
  return {
    ...values,
    identifierType,
    partnerNumber: values.partnerCustom ? values.partnerNumber : IDENTIFIER_INFO[identifierType].partner,
  };
}

const num = (v: number | string) => (v === '' ? Number.NaN : Number(v));

export function toConnectorInput(v: ConnectorFormValues): ConnectorInput {
  return {
    name: v.name,
    url: v.endpoint,
    token: v.token.trim() || undefined,
    identifierType: v.identifierType,
    partnerNumber: num(v.partnerNumber),
    batchSize: num(v.batchSize),
    flushIntervalMinutes: num(v.flushIntervalMinutes),
    dailyLimit: v.noDailyLimit ? 0 : num(v.dailyLimit),
    authMode: v.authMode,
    cron: v.cron.trim() || null,
    holdForReview: v.holdForReview,
  };
}

/** Only what changed, so an edit never resends the endpoint or token it did not touch. */
export function toConnectorPatch(v: ConnectorFormValues, original: ConnectorView): ConnectorPatch {
  const input = toConnectorInput(v);
  const patch: ConnectorPatch = {};
  if (input.name.trim() !== original.name) patch.name = input.name;
  if (input.url.trim() !== original.endpoint) patch.url = input.url;
  if (input.token) patch.token = input.token;
  if (input.identifierType !== original.identifierType) patch.identifierType = input.identifierType;
  if (input.partnerNumber !== original.partnerNumber) patch.partnerNumber = input.partnerNumber;
  if (input.batchSize !== original.batchSize) patch.batchSize = input.batchSize;
  if (input.flushIntervalMinutes !== original.flushIntervalMinutes) patch.flushIntervalMinutes = input.flushIntervalMinutes;
  if (input.dailyLimit !== original.dailyLimit) patch.dailyLimit = input.dailyLimit;
  if (input.authMode !== original.authMode) patch.authMode = input.authMode;
  if ((input.cron ?? null) !== original.cron) patch.cron = input.cron;
  if (input.holdForReview !== original.holdForReview) patch.holdForReview = input.holdForReview;
  return patch;
}

/**
 * Why an existing connector's identifier type cannot change, or null: its segments hold profiles Deployteq
 * knows by that type (the engine refuses the change too; this says it before the operator tries).
 */
export function identifierLockReason(c: ConnectorView): string | null {
  const held = c.segments.filter((s) => s.members > 0).map((s) => s.name);
  if (held.length === 0) return null;
  const other = wordValue('identifierType', c.identifierType === 'customer-id' ? 'hashed-email' : 'customer-id');
  return i18n.t('form.identifierLocked', { count: held.length, segments: held.join(', '), type: wordValue('identifierType', c.identifierType), other });
}

const FIELD_OF_PATH: Record<string, FormField> = {
  name: 'name',
  url: 'endpoint',
  token: 'token',
  partnerNumber: 'partnerNumber',
  batchSize: 'batchSize',
  flushIntervalMinutes: 'flushIntervalMinutes',
  dailyLimit: 'dailyLimit',
  cron: 'cron',
};

/** Places each engine issue beside its field; what belongs to no field goes above the buttons. */
export function errorsFromApi(error: ApiErrorShape): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues ?? []) {
    const field = FIELD_OF_PATH[issue.path.replace(/^patch\./, '')];
    if (field && !errors[field]) errors[field] = wordMessage(issue.sentence ?? fieldIssueMessage(issue.message), issue.message);
  }
  // A refusal of the URL itself (not https, no host…) belongs under the Endpoint field.
  if (Object.keys(errors).length === 0 && /\b(endpoint|url)\b/i.test(error.message)) errors.endpoint = wordMessage(error.sentence, error.message);
  else if (Object.keys(errors).length === 0) errors.form = wordMessage(error.sentence, error.message);
  return errors;
}

/** The same rules the engine applies (the shared schema), checked as the operator types. */
export function validateForm(v: ConnectorFormValues, mode: 'create' | 'edit'): FormErrors {
  const result = connectorInputSchema.safeParse(toConnectorInput(v));
  const errors: FormErrors = result.success ? {} : errorsFromApi({ message: '', code: 'invalid-input', issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  delete errors.form;
  if (mode === 'create' && !v.token.trim() && !errors.token) errors.token = i18n.t('form.tokenRequired');
  return errors;
}
