import { Alert, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Sentence } from '../../components/Sentence';
import type { TFunction } from 'i18next';
import { releaseHeld } from './actions';
import { formatNumber } from '../../components/format';

interface Props {
  connector: string;
  /** One line per held segment (the Preview's sentences), or a count (the Queue's). */
  lines: string[];
  /** The latest import the screen shows held: a later one makes the engine refuse the release. */
  throughImport?: number;
  /** After a release, besides the stores' refresh (the Preview reads its preview again). */
  onReleased?(): void;
}

/**
 * What "Hold new changes for review" keeps back, and the Release button: the same in the Queue and the
 * Preview, so the operator reviews in either and lets go from where they looked.
 */
export function HeldForReview({ connector, lines, throughImport, onReleased }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [released, setReleased] = useState<string | null>(null);
  if (lines.length === 0) {
    return released ? (
      <Alert color="teal" variant="light" role="status" title={t('hold.released')}>
        {released}
      </Alert>
    ) : null;
  }
  const release = async () => {
    setBusy(true);
    const sentence = await releaseHeld(connector, throughImport);
    if (sentence) setReleased(sentence);
    onReleased?.();
    setBusy(false);
  };
  return (
    <Alert color="violet" variant="light" role="status" title={t('hold.title', { name: connector })}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          {lines.map((line) => (
            <Text size="sm" key={line}>
              <Sentence text={line} />
            </Text>
          ))}
        </div>
        <Button size="xs" color="violet" onClick={() => void release()} loading={busy} aria-label={t('hold.releaseLabel', { name: connector })}>
          {t('hold.release')}
        </Button>
      </Group>
    </Alert>
  );
}

/** The Queue's line: how many changes wait, in which segments. */
export const heldLines = (t: TFunction, segments: Array<{ segmentName: string; heldForReview?: number }>): string[] =>
  segments
    .filter((s) => (s.heldForReview ?? 0) > 0)
    .map((s) => t('hold.line', { count: s.heldForReview, formatted: formatNumber(s.heldForReview!), segment: s.segmentName }));

/** The latest import behind the Queue's held segments. */
export const heldThrough = (segments: Array<{ heldForReview?: number; heldByImport?: number | null }>): number | undefined => {
  const ids = segments.filter((s) => (s.heldForReview ?? 0) > 0 && s.heldByImport != null).map((s) => s.heldByImport!);
  return ids.length ? Math.max(...ids) : undefined;
};
