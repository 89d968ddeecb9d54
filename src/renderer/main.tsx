import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { i18n } from './i18n';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { api } from './api/client';
import { Sentence } from './components/Sentence';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme';

function FatalScreen({ message }: { message: string }) {
  return (
    <div className="fatal" role="alert">
      <h1>{i18n.t('console.fatal')}</h1>
      <p>
        <Sentence text={message} />
      </p>
    </div>
  );
}

const root = createRoot(document.getElementById('root')!);
let problem: string | null = null;
try {
  api(); // takes the console's secret out of the address bar before anything else reads the URL
} catch (error) {
  problem = (error as Error).message;
}
root.render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="bottom-right" autoClose={8000} />
      {problem ? <FatalScreen message={problem} /> : <App />}
    </MantineProvider>
  </StrictMode>,
);
