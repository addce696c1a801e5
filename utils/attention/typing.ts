/** After this long without a keystroke in a field, the employee counts as idle, not typing. */
export const TYPING_IDLE_MS = 5_000;

/** `<input>` types a person types text into (buttons, checkboxes and the like are not typing). */
const TEXT_INPUT_TYPES = new Set([
  '',
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/**
 * Whether an element is a field the employee types in: a text input, a textarea, anything
 * editable (`contenteditable`, including rich-text editors built on it), or a frame.
 *
 * @example isTypingField(document.querySelector('textarea')) // true
 */
export function isTypingField(element: Element | null | undefined): boolean {
  if (!element) return false;
  const tag = element.localName;
  // Attributes rather than properties: a read-only or disabled field takes no typing either way.
  const writable = !element.hasAttribute('readonly') && !element.hasAttribute('disabled');
  if (tag === 'textarea') return writable;
  // Focus inside a frame (rich-text editors often live in one) cannot be looked into, nor can its
  // keystrokes be heard: count it as a field, so the tip waits until focus leaves or the wait is over.
  if (tag === 'iframe') return true;
  if (tag === 'input') return writable && TEXT_INPUT_TYPES.has((element.getAttribute('type') ?? '').toLowerCase());
  const editable = element.closest('[contenteditable]');
  return !!editable && (editable.getAttribute('contenteditable') ?? '').toLowerCase() !== 'false';
}

/** The focused element, looking inside open shadow roots (web components with their own fields). */
export function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * How long to wait before showing an unprompted tip: 0 when the employee is not in a field, or
 * has been idle there long enough; otherwise the time left until they count as idle.
 *
 * @example typingWait({ inField: true, lastActivity: 1_000, now: 3_000 }) // 3_000
 */
export function typingWait({
  inField,
  lastActivity,
  now,
  idleMs = TYPING_IDLE_MS,
}: {
  inField: boolean;
  lastActivity: number;
  now: number;
  idleMs?: number;
}): number {
  if (!inField) return 0;
  return Math.max(0, idleMs - (now - lastActivity));
}
