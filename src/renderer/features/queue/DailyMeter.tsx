import { Progress, Stack, Text } from '@mantine/core';
import { formatNumber } from '../../components/format';
import { useTranslation } from 'react-i18next';

/** Requests used today of the brand's daily budget (Europe/Amsterdam day). */
export function DailyMeter({ used, limit }: { used: number; limit: number }) {
  const { t } = useTranslation();
  if (limit === 0) {
    return (
      <Text size="sm">
        {t('queue.requestsToday')} <b>{formatNumber(used)}</b> {t('queue.noDailyLimit')}
      </Text>
    );
  }
  const percent = Math.min(100, (used / limit) * 100);
  return (
    <Stack gap={4}>
      <Text size="sm">
        {t('queue.requestsToday')} <b>{formatNumber(used)}</b> {t('queue.ofLimit', { limit: formatNumber(limit) })}
      </Text>
      <Progress value={percent} color={percent >= 90 ? 'red' : percent >= 70 ? 'yellow' : 'teal'} aria-label={t('queue.dailyRequests', { used: formatNumber(used), limit: formatNumber(limit) })} />
    </Stack>
  );
}
