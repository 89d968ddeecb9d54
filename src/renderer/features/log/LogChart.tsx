import { Paper, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BatchEventView } from '../../../shared/model';
import { isAttempt, isDelivered } from '../../stores/log';
import { useTranslation } from 'react-i18next';

interface Bucket {
  at: number;
  profiles: number;
  errors: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Profiles delivered and failed attempts per minute, hour or day, depending on the span shown. */
export function bucketEvents(events: BatchEventView[]): { buckets: Bucket[]; size: number } {
  const attempts = events.filter(isAttempt);
  if (attempts.length === 0) return { buckets: [], size: MINUTE };
  const times = attempts.map((e) => e.at);
  const span = Math.max(...times) - Math.min(...times);
  const size = span <= 2 * HOUR ? MINUTE : span <= 2 * DAY ? HOUR : DAY;
  const map = new Map<number, Bucket>();
  for (const e of attempts) {
    const at = Math.floor(e.at / size) * size;
    const bucket = map.get(at) ?? { at, profiles: 0, errors: 0 };
    if (isDelivered(e)) bucket.profiles += e.customers;
    else bucket.errors += 1;
    map.set(at, bucket);
  }
  return { buckets: [...map.values()].sort((a, b) => a.at - b.at), size };
}

export function LogChart({ events }: { events: BatchEventView[] }) {
  const { t, i18n } = useTranslation();
  const { buckets, size } = useMemo(() => bucketEvents(events), [events]);
  const label = (at: number) =>
    new Date(at).toLocaleString(i18n.language === 'nl' ? 'nl-NL' : 'en-GB', size === DAY ? { day: '2-digit', month: 'short' } : { hour: '2-digit', minute: '2-digit' });
  if (buckets.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="sm" aria-label={t('log.chart')} component="figure" m={0}>
      <Text size="sm" fw={600} mb={4}>
        {t(size === MINUTE ? 'log.chartTitle_minute' : size === HOUR ? 'log.chartTitle_hour' : 'log.chartTitle_day')}
      </Text>
      <ResponsiveContainer width="100%" height={180}>
        <ComposedChart data={buckets} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="at" tickFormatter={label} fontSize={11} />
          <YAxis yAxisId="profiles" fontSize={11} allowDecimals={false} />
          <YAxis yAxisId="errors" orientation="right" fontSize={11} allowDecimals={false} />
          <Tooltip labelFormatter={(v) => label(Number(v))} />
          <Legend />
          <Bar yAxisId="profiles" dataKey="profiles" name={t('log.profilesDelivered')} fill="#12b886" maxBarSize={48} isAnimationActive={false} />
          <Bar yAxisId="errors" dataKey="errors" name={t('log.failedAttempts')} fill="#fa5252" maxBarSize={48} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </Paper>
  );
}
