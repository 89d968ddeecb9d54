import { Input, SegmentedControl, Text } from '@mantine/core';
import { IDENTIFIER_INFO, IDENTIFIER_TYPES, type IdentifierType } from '../../../shared/model';

/** Customer ID or Hashed Email, and what that means for the payload. */
export function IdentifierField({
  value,
  partnerNumber,
  lockedBecause,
  onChange,
}: {
  value: IdentifierType;
  partnerNumber: number | string;
  /** Why the type cannot change now (segments hold profiles keyed by it), said in place of a refusal later. */
  lockedBecause?: string | null;
  onChange(value: IdentifierType): void;
}) {
  const info = IDENTIFIER_INFO[value];
  return (
    <Input.Wrapper label="Identifier type" id="identifier-type" description={lockedBecause ?? undefined}>
      <SegmentedControl
        fullWidth
        aria-labelledby="identifier-type-label"
        disabled={!!lockedBecause}
        value={value}
        onChange={(v) => onChange(v as IdentifierType)}
        data={IDENTIFIER_TYPES.map((t) => ({ value: t, label: IDENTIFIER_INFO[t].label }))}
      />
      <Text size="xs" c="dimmed" mt={4}>
        Sent as <b>{info.customerType}</b> with partner number <b>{String(partnerNumber) || '—'}</b>
        {value === 'hashed-email' ? '; emails are trimmed, lowercased and SHA-256 hashed before they leave this computer.' : '.'}
      </Text>
    </Input.Wrapper>
  );
}
