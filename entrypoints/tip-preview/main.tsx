import { createRoot } from 'react-dom/client';
import { I18nProvider } from '@/components/i18n';
import '@/components/page.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <App />
  </I18nProvider>,
);
