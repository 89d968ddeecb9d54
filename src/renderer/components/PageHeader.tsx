import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  /** What the screen is for, in a sentence under the title. */
  description?: ReactNode;
  /** Buttons on the right of the title (New connector, Flush all…). */
  actions?: ReactNode;
}

/** Every screen's head: its title as the page's h2 (what App.go and screen readers look for), a line, actions. */
export function PageHeader({ title, description, actions }: Props) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap">
      <div>
        <Title order={2}>{title}</Title>
        {description && (
          <Text c="dimmed" size="sm" maw={760}>
            {description}
          </Text>
        )}
      </div>
      {actions}
    </Group>
  );
}
