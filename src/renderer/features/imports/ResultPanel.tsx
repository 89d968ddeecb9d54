import { Button, Code, CopyButton, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ImportResult } from '../../../shared/model';
import { formatNumber } from '../../components/format';
import { useNav } from '../../stores/nav';
import { useImports } from '../../stores/imports';

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="sm" radius="md" aria-label={`${label}: ${value}`}>
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
  const go = useNav((s) => s.go);
  const reset = useImports((s) => s.reset);
  return (
    <Stack aria-label="Import result" component="section">
      <Title order={3}>
        Imported into “{result.segment}” ({result.connector})
      </Title>
      <Text size="sm" c="dimmed">
        {formatNumber(result.rowsRead)} rows read in {(result.durationMs / 1000).toFixed(1)} s
        {result.duplicates > 0 ? ` · ${formatNumber(result.duplicates)} duplicate identifiers (the last row won)` : ''}. Pending changes for this segment:
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Count label="New" value={result.pending.NEW} color="teal" />
        <Count label="Modified" value={result.pending.MODIFIED} color="blue" />
        <Count label="Removed" value={result.pending.REMOVED} color="orange" />
        <Count label="Rejected rows" value={result.rejected} color={result.rejected ? 'red' : undefined} />
      </SimpleGrid>
      {result.keptByRejects > 0 && (
        <Text size="sm" aria-label="Kept as they were">
          {formatNumber(result.keptByRejects)} member{result.keptByRejects === 1 ? '' : 's'} whose row was rejected kept as they were: not removed,
          not changed.
        </Text>
      )}
      {result.rejectsFile && result.rejected > 0 && (
        <Group gap="xs">
          <Text size="sm">Rejected rows, with line number and reason:</Text>
          <Code aria-label="Rejects file">{result.rejectsFile}</Code>
          <CopyButton value={result.rejectsFile}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy}>
                {copied ? 'Copied' : 'Copy path'}
              </Button>
            )}
          </CopyButton>
        </Group>
      )}
      <Group>
        <Button onClick={() => go('preview', result.connector)}>Preview the payload</Button>
        <Button variant="default" onClick={() => go('queue')}>
          Go to the queue
        </Button>
        <Button variant="subtle" onClick={reset}>
          Import another file
        </Button>
      </Group>
    </Stack>
  );
}
