import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes, formatNumber } from '../../components/format';
import { useImports } from '../../stores/imports';

/** Why Import cannot start yet (a translation key); null when it can. */
function blocker(s: ReturnType<typeof useImports.getState>): string | null {
  if (!s.choices.connector) return 'importing.blockConnector';
  if (!s.choices.segment.trim()) return 'importing.blockSegment';
  if (!s.choices.idColumn) return 'importing.blockIdColumn';
  return null;
}

/** Import, its progress while it runs, and Cancel. */
export function RunPanel() {
  const { t } = useTranslation();
  const state = useImports();
  const { stage, progressValue, runError, cancelled, start, cancel, choices } = state;
  const why = blocker(state);
  const running = stage === 'running';
  const percent = progressValue && progressValue.totalBytes > 0 ? Math.min(100, (progressValue.bytesRead / progressValue.totalBytes) * 100) : 0;

  return (
    <Stack gap="sm">
      <ErrorAlert error={runError} title={t('importing.notStored')} />
      {cancelled && !running && (
        <Alert color="gray" variant="light" role="status" title={t('importing.cancelledTitle')}>
          {t('importing.cancelledBody')}
        </Alert>
      )}
      {running && (
        <Stack gap={4}>
          <Progress value={percent} animated aria-label={t('importing.progress')} size="lg" />
          <Text size="sm" c="dimmed">
            {progressValue
              ? t('importing.progressText', { rows: formatNumber(progressValue.rowsRead), read: formatBytes(progressValue.bytesRead), total: formatBytes(progressValue.totalBytes) })
              : t('importing.starting')}
          </Text>
        </Stack>
      )}
      <Group>
        <Button onClick={() => void start()} disabled={!!why || running} loading={running}>
          {choices.segment.trim() ? t('importing.importInto', { segment: choices.segment.trim() }) : t('importing.importIntoSegment')}
        </Button>
        {running && (
          <Button variant="default" color="red" onClick={() => void cancel()}>
            {t('importing.cancelImport')}
          </Button>
        )}
        {why && !running && (
          <Text size="sm" c="dimmed">
            {t(why)}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
