import { Progress, Stack, Text } from '@mantine/core';
import { formatNumber } from '../../components/format';

/** Requests used today of the brand's daily budget (Europe/Amsterdam day). */
export function DailyMeter({ used, limit }: { used: number; limit: number }) {
  if (limit === 0) {
    return (
      <Text size="sm">
        Requests today: <b>{formatNumber(used)}</b> (Webhook Pro: no daily limit)
      </Text>
    );
  }
  const percent = Math.min(100, (used / limit) * 100);
  return (
    <Stack gap={4}>
      <Text size="sm">
        Requests today: <b>{formatNumber(used)}</b> of {formatNumber(limit)}
      </Text>
      <Progress value={percent} color={percent >= 90 ? 'red' : percent >= 70 ? 'yellow' : 'teal'} aria-label={`Daily requests: ${used} of ${limit}`} />
    </Stack>
  );
}
