import { Progress, Stack, Text } from '@mantine/core';
import { formatNumber } from '../../components/format';

/** Which other connectors count against the same meter (one Deployteq brand), or nothing when none do. */
function Shared({ with: names }: { with: string[] }) {
  if (names.length === 0) return null;
  return (
    <Text size="xs" c="dimmed">
      Shared with {names.join(', ')} (same Deployteq brand)
    </Text>
  );
}

/** Requests used today of the brand's daily budget (Europe/Amsterdam day). */
export function DailyMeter({ used, limit, sharedWith = [] }: { used: number; limit: number; sharedWith?: string[] }) {
  if (limit === 0) {
    return (
      <Stack gap={4}>
        <Text size="sm">
          Requests today: <b>{formatNumber(used)}</b> (Webhook Pro: no daily limit)
        </Text>
        <Shared with={sharedWith} />
      </Stack>
    );
  }
  const percent = Math.min(100, (used / limit) * 100);
  return (
    <Stack gap={4}>
      <Text size="sm">
        Requests today: <b>{formatNumber(used)}</b> of {formatNumber(limit)}
      </Text>
      <Progress value={percent} color={percent >= 90 ? 'red' : percent >= 70 ? 'yellow' : 'teal'} aria-label={`Daily requests: ${used} of ${limit}`} />
      <Shared with={sharedWith} />
    </Stack>
  );
}
