import { Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorShape } from '../../../shared/api';
import type { RetentionView } from '../../../shared/model';
import { retentionErrors, type Draft, type Field } from './retention-form';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatNumber } from '../../components/format';

/** How long the data folder keeps what, a form to change it, and what the next prune removes under it. */
export function RetentionSection() {
  const { t } = useTranslation();
  const [view, setView] = useState<RetentionView | null>(null);
  const [draft, setDraft] = useState<Draft>({ bodyDays: '', eventDays: '' });
  const [error, setError] = useState<ApiErrorShape | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const show = (next: RetentionView) => {
    setView(next);
    setDraft({ bodyDays: next.bodyDays, eventDays: next.eventDays });
  };
  useEffect(() => {
    call('retention.get', {})
      .then(show)
      .catch((e: ApiErrorShape) => setError(e));
  }, []);

  const errors = retentionErrors(draft, t);
  const changed = view !== null && (Number(draft.bodyDays) !== view.bodyDays || Number(draft.eventDays) !== view.eventDays);
  const save = async () => {
    setBusy(true);
    try {
      show(await call('retention.set', { bodyDays: Number(draft.bodyDays), eventDays: Number(draft.eventDays) }));
      setError(null);
      setSaved(true);
    } catch (e) {
      setError(e as ApiErrorShape);
    } finally {
      setBusy(false);
    }
  };
  const edit = (field: Field) => (value: number | string) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const removes = view?.wouldRemove;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="retention-title">
      <Stack gap="sm">
        <div>
          <Title order={3} id="retention-title">
            {t('retention.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('retention.intro')}
          </Text>
        </div>
        <Group align="flex-start" grow>
          <NumberInput
            label={t('retention.bodyDays')}
            description={t('retention.bodyDaysHint')}
            value={draft.bodyDays}
            onChange={edit('bodyDays')}
            error={errors.bodyDays}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            disabled={!view}
          />
          <NumberInput
            label={t('retention.eventDays')}
            description={t('retention.eventDaysHint')}
            value={draft.eventDays}
            onChange={edit('eventDays')}
            error={errors.eventDays}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            disabled={!view}
          />
        </Group>
        <Group>
          <Button onClick={() => void save()} loading={busy} disabled={!changed || Object.keys(errors).length > 0}>
            {t('retention.save')}
          </Button>
          {saved && (
            <Text size="sm" role="status">
              {t('retention.saved', { bodyDays: view?.bodyDays, eventDays: view?.eventDays })}
            </Text>
          )}
        </Group>
        <ErrorAlert error={error} title={t('retention.title')} />
        {removes && (
          <Text size="sm" aria-label={t('retention.nextPrune')}>
            {removes.bodies + removes.batches + removes.logEntries + removes.imports === 0
              ? t('retention.nothingToRemove')
              : t('retention.wouldRemove', {
                  bodies: formatNumber(removes.bodies),
                  batches: formatNumber(removes.batches),
                  logEntries: formatNumber(removes.logEntries),
                  imports: formatNumber(removes.imports),
                })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
