import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes, formatNumber } from '../../components/format';
import { useImports } from '../../stores/imports';

/** Why Import cannot start yet, in words; null when it can. */
function blocker(s: ReturnType<typeof useImports.getState>): string | null {
  if (!s.choices.connector) return 'Choose a connector.';
  if (!s.choices.segment.trim()) return 'Type or pick a Segment Name.';
  if (!s.choices.idColumn) return 'Choose the identifier column.';
  return null;
}

/** Import, its progress while it runs, and Cancel. */
export function RunPanel() {
  const state = useImports();
  const { stage, progressValue, runError, cancelled, start, cancel, choices } = state;
  const why = blocker(state);
  const running = stage === 'running';
  const percent = progressValue && progressValue.totalBytes > 0 ? Math.min(100, (progressValue.bytesRead / progressValue.totalBytes) * 100) : 0;

  return (
    <Stack gap="sm">
      <ErrorAlert error={runError} title="The import was not stored" />
      {cancelled && !running && (
        <Alert color="gray" variant="light" role="status" title="Import cancelled">
          Nothing was stored: the segment is exactly as it was before.
        </Alert>
      )}
      {running && (
        <Stack gap={4}>
          <Progress value={percent} animated aria-label="Import progress" size="lg" />
          <Text size="sm" c="dimmed">
            {progressValue
              ? `${formatNumber(progressValue.rowsRead)} rows · ${formatBytes(progressValue.bytesRead)} of ${formatBytes(progressValue.totalBytes)}`
              : 'Starting…'}
          </Text>
        </Stack>
      )}
      <Group>
        <Button onClick={() => void start()} disabled={!!why || running} loading={running}>
          Import into {choices.segment.trim() ? `“${choices.segment.trim()}”` : 'segment'}
        </Button>
        {running && (
          <Button variant="default" color="red" onClick={() => void cancel()}>
            Cancel import
          </Button>
        )}
        {why && !running && (
          <Text size="sm" c="dimmed">
            {why}
          </Text>
        )}
      </Group>

    </Stack>
  );
}
