import { Progress, Stack, Text } from '@mantine/core';
import { formatNumber } from '../../components/format';
import { useTranslation } from 'react-i18next';

/** Which other connectors count against the same meter (one Deployteq brand), or nothing when none do. */
function Shared({ with: names }: { with: string[] }) {
  const { t } = useTranslation();
  if (names.length === 0) return null;
  return (
    <Text size="xs" c="dimmed">
      {t('queue.sharedWith', { names: names.join(', ') })}
    </Text>
  );
}

/** Requests used today of the brand's daily budget (Europe/Amsterdam day). */
export function DailyMeter({ used, limit, sharedWith = [] }: { used: number; limit: number; sharedWith?: string[] }) {
  const { t } = useTranslation();
  if (limit === 0) {
    return (
      <Stack gap={4}>
        <Text size="sm">
          {t('queue.requestsToday')} <b>{formatNumber(used)}</b> {t('queue.noDailyLimit')}
        </Text>
        <Shared with={sharedWith} />
      </Stack>
    );
  }
  const percent = Math.min(100, (used / limit) * 100);
  return (
    <Stack gap={4}>
      <Text size="sm">
        {t('queue.requestsToday')} <b>{formatNumber(used)}</b> {t('queue.ofLimit', { limit: formatNumber(limit) })}
      </Text>
      <Progress value={percent} color={percent >= 90 ? 'red' : percent >= 70 ? 'yellow' : 'teal'} aria-label={t('queue.dailyRequests', { used: formatNumber(used), limit: formatNumber(limit) })} />
      <Shared with={sharedWith} />
    </Stack>
  );
}
