import { RETENTION_DAYS, retentionPolicySchema } from '../../../shared/model';

export type Field = 'bodyDays' | 'eventDays';
export type Draft = Record<Field, number | string>;

/**
 * Field errors in the operator's language, from the one schema the engine also checks (bounds, and bodies
 * never kept longer than their log): the screen says it before the engine would refuse it.
 */
export function retentionErrors(draft: Draft, t: (key: string, values?: Record<string, unknown>) => string): Partial<Record<Field, string>> {
  const parsed = retentionPolicySchema.safeParse({ bodyDays: Number(draft.bodyDays === '' ? NaN : draft.bodyDays), eventDays: Number(draft.eventDays === '' ? NaN : draft.eventDays) });
  if (parsed.success) return {};
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as Field;
    errors[field] ??= issue.code === 'custom' ? t('retention.bodiesLonger') : t('retention.days', RETENTION_DAYS);
  }
  return errors;
}
