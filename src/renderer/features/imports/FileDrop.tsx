import { Paper, Stack, Text } from '@mantine/core';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** A drop zone that is also a button: drop a file, or click / press Enter to pick one. Its text is its name. */
export function FileDrop({ onFile, busy }: { onFile(file: File): void; busy?: boolean }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };

  return (
    <Paper
      withBorder
      radius="md"
      p="xl"
      className={`drop-zone${over ? ' drop-zone--over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      onClick={() => input.current?.click()}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && input.current?.click()}
      role="button"
      tabIndex={0}
      aria-busy={busy}
    >
      <Stack align="center" gap={4}>
        <Text fw={600}>{busy ? t('import.reading') : t('import.dropTitle')}</Text>
        <Text size="sm" c="dimmed">
          {t('import.dropHint')}
        </Text>
      </Stack>
      <input
        ref={input}
        type="file"
        accept=".csv,.txt,.tsv,.ndjson,.jsonl,text/csv,text/plain,application/x-ndjson"
        aria-label={t('import.chooseFile')}
        hidden
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </Paper>
  );
}
