import { List, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { formatSendTime } from '../../../shared/send-time';
import type { ScheduleView } from '../../../shared/model';
import type { ConnectorFormValues, FormErrors } from './form-model';
import { scheduleInWords } from './cron-words';

interface Props {
  values: ConnectorFormValues;
  errors: FormErrors;
  onChange(changes: Partial<ConnectorFormValues>): void;
}

/**
 * Fixed send times as a cron expression, as the CLI's --cron takes it, with what it means in words and the
 * next five send times. The engine computes both (the scheduler's own library and time zone), so the form,
 * `connector list` and the actual flushes agree.
 */
export function CronField({ values, errors, onChange }: Props) {
  const { t } = useTranslation();
  const schedule = useSchedule(values.cron);
  return (
    <Stack gap={4}>
      <TextInput
        label={t('cron.label')}
        description={t('cron.help')}
        placeholder="0 8 * * 1-5"
        value={values.cron}
        onChange={(e) => onChange({ cron: e.currentTarget.value })}
        error={errors.cron ?? schedule?.error ?? undefined}
        maw={420}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      {schedule?.description && (
        <div aria-label={t('cron.schedule')} role="group">
          <Text size="sm">{scheduleInWords(schedule)}</Text>
          <Text size="xs" c="dimmed">
            {t('cron.next')}
          </Text>
          <List size="xs" aria-label={t('cron.nextLabel')}>
            {schedule.next.map((at) => (
              <List.Item key={at}>{formatSendTime(at)}</List.Item>
            ))}
          </List>
        </div>
      )}
    </Stack>
  );
}

/** The engine's reading of the expression, a moment after the operator stops typing. */
function useSchedule(cron: string): ScheduleView | null {
  const [schedule, setSchedule] = useState<ScheduleView | null>(null);
  useEffect(() => {
    if (!cron.trim()) return setSchedule(null);
    let current = true;
    const timer = setTimeout(() => {
      call('schedule.describe', { cron })
        .then((s) => current && setSchedule(s))
        .catch(() => current && setSchedule(null));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [cron]);
  return schedule;
}
