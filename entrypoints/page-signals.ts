import { extractSignals } from '@/utils/signals/extract';

/**
 * Injected only when the employee asks the popup to look at the current page (activeTab): returns
 * the page's signals to the background and leaves nothing behind.
 */
export default defineUnlistedScript(() => extractSignals(document, location.href));
