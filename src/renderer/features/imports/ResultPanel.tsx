import { useTranslation } from 'react-i18next';
import { Button, Code, CopyButton, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ImportResult } from '../../../shared/model';
import { formatNumber } from '../../components/format';
import { useNav } from '../../stores/nav';
import { useImports } from '../../stores/imports';

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md" aria-label={t('importing.countLabel', { label, value })}>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

/** What the import changed: pending NEW / MODIFIED / REMOVED, and what was rejected and where to read why. */
export function ResultPanel({ result }: { result: ImportResult }) {
  const { t, i18n } = useTranslation();
  const go = useNav((s) => s.go);
  const reset = useImports((s) => s.reset);
  return (
    <Stack aria-label={t('importing.result')} component="section">
      <Title order={3}>
        {t('importing.importedInto', { segment: result.segment, connector: result.connector })}
      </Title>
      <Text size="sm" c="dimmed">
        {t('importing.rowsRead', { rows: formatNumber(result.rowsRead), seconds: (result.durationMs / 1000).toLocaleString(i18n.language === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}
        {result.duplicates > 0 ? t('importing.duplicates', { count: formatNumber(result.duplicates) }) : ''}
        {t('importing.pendingFor')}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Count label={t('importing.countNew')} value={result.pending.NEW} color="teal" />
        <Count label={t('importing.countModified')} value={result.pending.MODIFIED} color="blue" />
        <Count label={t('importing.countRemoved')} value={result.pending.REMOVED} color="orange" />
        <Count label={t('importing.countRejected')} value={result.rejected} color={result.rejected ? 'red' : undefined} />
      </SimpleGrid>
      {result.rejectsFile && result.rejected > 0 && (
        <Group gap="xs">
          <Text size="sm">{t('importing.rejectsIntro')}</Text>
          <Code aria-label={t('importing.rejectsFile')}>{result.rejectsFile}</Code>
          <CopyButton value={result.rejectsFile}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy}>
                {copied ? t('common.copied') : t('importing.copyPath')}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
      <Group>
        <Button onClick={() => go('preview', result.connector)}>{t('importing.previewPayload')}</Button>
        <Button variant="default" onClick={() => go('queue')}>
          {t('importing.goQueue')}
        </Button>
        <Button variant="subtle" onClick={reset}>
          {t('importing.another')}
        </Button>
      </Group>
    </Stack>
  );
}
